import { describe, expect, it } from 'vitest'
import { call, inputRef, literal } from '../../../src/plan/rex.js'
import { compileExpr, compilePredicate } from '../../../src/runtime/expr/compile.js'
import { T, run, runMixed, lit } from './helpers.js'

const B = T.bool()
const INT = T.int()

describe('three-valued logic', () => {
  const vals = [true, false, null] as const
  const and = (a: boolean | null, b: boolean | null): boolean | null => (a === false || b === false ? false : a === null || b === null ? null : true)
  const or = (a: boolean | null, b: boolean | null): boolean | null => (a === true || b === true ? true : a === null || b === null ? null : false)
  for (const a of vals)
    for (const b of vals) {
      it(`${String(a)} AND/OR ${String(b)}`, () => {
        expect(run('AND', [[a, B], [b, B]], B)).toBe(and(a, b))
        expect(run('OR', [[a, B], [b, B]], B)).toBe(or(a, b))
      })
    }

  it('AND/OR take many operands', () => {
    expect(run('AND', [[true, B], [null, B], [false, B]], B)).toBe(false)
    expect(run('OR', [[false, B], [null, B], [false, B]], B)).toBe(null)
  })

  it('short-circuits: the right side is not evaluated when the left decides', () => {
    const div = call('=', [call('/', [literal(1, T.int(false)), inputRef(0, INT)], INT), literal(1, T.int(false))], B)
    const guard = call('<>', [inputRef(0, INT), literal(0, T.int(false))], B)
    expect(compileExpr(call('AND', [guard, div], B))([0])).toBe(false)
    expect(compileExpr(call('OR', [call('NOT', [guard], B), div], B))([0])).toBe(true)
  })

  it('NOT and IS tests', () => {
    expect(run('NOT', [[null, B]], B)).toBe(null)
    expect(run('NOT', [[true, B]], B)).toBe(false)
    expect(run('IS NULL', [[null, INT]], T.bool(false))).toBe(true)
    expect(run('IS NOT NULL', [[0, INT]], T.bool(false))).toBe(true)
    expect(run('IS TRUE', [[null, B]], T.bool(false))).toBe(false)
    expect(run('IS NOT TRUE', [[null, B]], T.bool(false))).toBe(true)
    expect(run('IS FALSE', [[false, B]], T.bool(false))).toBe(true)
    expect(run('IS NOT FALSE', [[null, B]], T.bool(false))).toBe(true)
  })

  it('compilePredicate is true only for TRUE', () => {
    const p = compilePredicate(inputRef(0, B))
    expect([p([true]), p([false]), p([null])]).toEqual([true, false, false])
  })
})

describe('CASE, COALESCE, IF, NULLIF, IFNULL', () => {
  it('CASE picks the first TRUE branch, NULL conditions fall through', () => {
    const e = call(
      'CASE',
      [
        call('>', [inputRef(0, INT), literal(10, T.int(false))], B),
        literal('big', T.string(false)),
        call('>', [inputRef(0, INT), literal(0, T.int(false))], B),
        literal('small', T.string(false)),
        literal(null, T.string()),
      ],
      T.string(),
    )
    const f = compileExpr(e)
    expect([f([20]), f([5]), f([-1]), f([null])]).toEqual(['big', 'small', null, null])
  })

  it('CASE converts branches to the result type (decimal scales)', () => {
    const e = call('CASE', [inputRef(0, B), literal(15n, T.decimal(2, 1, false)), literal(225n, T.decimal(3, 2, false))], T.decimal(3, 2, false))
    const f = compileExpr(e)
    expect(f([true])).toBe(150n)
    expect(f([false])).toBe(225n)
  })

  it('COALESCE is lazy and returns the first non-NULL', () => {
    expect(run('COALESCE', [[null, INT], [null, INT], [3, INT]], INT)).toBe(3)
    expect(run('COALESCE', [[null, INT], [null, INT]], INT)).toBe(null)
    const boom = call('/', [literal(1, T.int(false)), inputRef(1, INT)], INT)
    expect(compileExpr(call('COALESCE', [inputRef(0, INT), boom], INT))([7, 0])).toBe(7)
    expect(run('IFNULL', [[null, INT], [2, INT]], INT)).toBe(2)
  })

  it('COALESCE widens to the result type', () => {
    expect(run('COALESCE', [[null, INT], [5n, T.decimal(2, 1)]], T.decimal(11, 1))).toBe(5n)
    expect(run('COALESCE', [[3, INT], [5n, T.decimal(2, 1)]], T.decimal(11, 1))).toBe(30n)
  })

  it('IF and NULLIF', () => {
    expect(run('IF', [[null, B], [1, INT], [2, INT]], INT)).toBe(2)
    expect(run('IF', [[true, B], [1, INT], [2, INT]], INT)).toBe(1)
    expect(run('NULLIF', [[5, INT], [5, INT]], INT)).toBe(null)
    expect(run('NULLIF', [[5, INT], [6, INT]], INT)).toBe(5)
    expect(run('NULLIF', [[5, INT], [null, INT]], INT)).toBe(5)
    expect(run('NULLIF', [[null, INT], [5, INT]], INT)).toBe(null)
  })
})

describe('comparisons', () => {
  it.each([
    ['=', 1, T.int(), 1n * 1n, T.bigint(), true],
    ['<', 2147483647, T.int(), 9007199254740993n, T.bigint(), true],
    ['>', 9007199254740993n, T.bigint(), 9007199254740992n, T.bigint(), true],
    ['=', 150n, T.decimal(5, 2), 15n, T.decimal(3, 1), true],
    ['<', 149n, T.decimal(5, 2), 15n, T.decimal(3, 1), true],
    ['=', 2, T.int(), 200n, T.decimal(5, 2), true],
    ['>', 3, T.int(), 299n, T.decimal(5, 2), true],
    ['=', 0.5, T.double(), 5n, T.decimal(2, 1), true],
    ['<', 'B', T.string(), 'a', T.string(), true],
    ['<', 'abc', T.string(), 'abd', T.string(), true],
    ['<', '\uffff', T.string(), '\ud83d\ude00', T.string(), false],
    ['<>', 'a', T.string(), 'a', T.char(1), false],
    ['<', false, T.bool(), true, T.bool(), true],
    ['=', new Uint8Array([1, 2]), T.bytes(), new Uint8Array([1, 2]), T.bytes(), true],
    ['<', new Uint8Array([1, 2]), T.bytes(), new Uint8Array([1, 255]), T.bytes(), true],
    ['=', [1, 2], T.array(T.int()), [1, 2], T.array(T.int()), true],
    ['<', 18000, T.date(), 18000 * 86400000 + 1, T.timestamp(), true],
    ['=', Number.NaN, T.double(), Number.NaN, T.double(), false],
  ] as const)('%s: %o vs %o', (op, a, ta, b, tb, r) => {
    expect(run(op, [[a, ta], [b, tb]], B)).toBe(r)
  })

  it('NULL compares to NULL', () => {
    expect(run('=', [[null, INT], [1, INT]], B)).toBe(null)
    expect(run('<', [[1, INT], [null, INT]], B)).toBe(null)
  })

  it('IS [NOT] DISTINCT FROM treats NULLs as values', () => {
    const nn = T.bool(false)
    expect(run('IS DISTINCT FROM', [[null, INT], [null, INT]], nn)).toBe(false)
    expect(run('IS DISTINCT FROM', [[null, INT], [1, INT]], nn)).toBe(true)
    expect(run('IS DISTINCT FROM', [[1, INT], [1n * 1n, T.bigint()]], nn)).toBe(false)
    expect(run('IS NOT DISTINCT FROM', [[null, INT], [null, INT]], nn)).toBe(true)
    expect(run('IS NOT DISTINCT FROM', [[2, INT], [3, INT]], nn)).toBe(false)
  })
})

describe('IN', () => {
  const items = (vs: readonly (number | null)[]) => vs.map((v) => lit(v, v === null ? T.int() : T.int(false)))

  it('uses a hash set for many literals and keeps three-valued semantics', () => {
    expect(runMixed('IN', [[3, INT], ...items([1, 2, 3, 4, 5])], B)).toBe(true)
    expect(runMixed('IN', [[9, INT], ...items([1, 2, 3, 4, 5])], B)).toBe(false)
    expect(runMixed('IN', [[9, INT], ...items([1, 2, 3, 4, null])], B)).toBe(null)
    expect(runMixed('IN', [[null, INT], ...items([1, 2, 3, 4, 5])], B)).toBe(null)
    expect(runMixed('NOT IN', [[9, INT], ...items([1, 2, 3, 4, null])], B)).toBe(null)
    expect(runMixed('NOT IN', [[9, INT], ...items([1, 2, 3, 4, 5])], B)).toBe(true)
  })

  it('compares across types for short or non-literal lists', () => {
    expect(runMixed('IN', [[2, INT], lit(15n, T.decimal(2, 1, false)), lit(20n, T.decimal(2, 1, false))], B)).toBe(true)
    expect(runMixed('IN', [['b', T.string()], ['a', T.string()], ['b', T.string()]], B)).toBe(true)
    expect(runMixed('IN', [['c', T.string()], ['a', T.string()], [null, T.string()]], B)).toBe(null)
    expect(runMixed('IN', [['a', T.string()], ['a', T.string()], [null, T.string()]], B)).toBe(true)
  })

  it('strings in a large literal list', () => {
    const list = ['a', 'b', 'c', 'd', 'e'].map((s) => lit(s, T.string(false)))
    expect(runMixed('IN', [['d', T.string()], ...list], B)).toBe(true)
    expect(runMixed('IN', [['z', T.string()], ...list], B)).toBe(false)
  })
})

describe('GREATEST / LEAST', () => {
  it('returns NULL if any argument is NULL, else the extreme in the result type', () => {
    expect(run('GREATEST', [[1, INT], [5, INT], [3, INT]], INT)).toBe(5)
    expect(run('LEAST', [[1, INT], [5n, T.decimal(2, 1)]], T.decimal(11, 1))).toBe(5n)
    expect(run('GREATEST', [[1, INT], [null, INT]], INT)).toBe(null)
    expect(run('LEAST', [['b', T.string()], ['a', T.string()]], T.string())).toBe('a')
  })
})
