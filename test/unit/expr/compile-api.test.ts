import { describe, expect, it } from 'vitest'
import { call, inputRef, literal } from '../../../src/plan/rex.js'
import type { RexNode } from '../../../src/plan/rex.js'
import {
  IMPLEMENTED_FUNCTIONS,
  compileCalc,
  compileExpr,
  compileJoinPredicate,
  compileJoinProjection,
  compileKeySelector,
  compileProjection,
} from '../../../src/runtime/expr/compile.js'
import { SCALAR_FUNCTION_NAMES } from '../../../src/catalog/functions.js'
import { encodeKey } from '../../../src/state/key-groups.js'
import { T } from './helpers.js'

const I = T.int()
const S = T.string()

describe('compiled functions', () => {
  it('a projection is one function with literals bound as constants, not spliced', () => {
    const secret = "x'); globalThis.pwned = true; ('"
    const exprs: RexNode[] = [
      call('CONCAT', [inputRef(1, S), literal(secret, T.string(false))], S),
      call('+', [inputRef(0, I), literal(1, T.int(false))], I),
      call('UPPER', [inputRef(1, S)], S),
    ]
    const f = compileProjection(exprs)
    const src = f.toString()
    expect(src).not.toContain('pwned')
    // no per-row closures: the body creates no functions
    const body = src.slice(src.indexOf('{') + 1)
    expect(body).not.toMatch(/=>|function/)
    expect(f([1, 'a'])).toEqual([`a${secret}`, 2, 'A'])
    expect(f([null, null])).toEqual([null, null, null])
    expect((globalThis as { pwned?: boolean }).pwned).toBeUndefined()
  })

  it('null checks are generated only for nullable inputs', () => {
    const nn = compileExpr(call('+', [inputRef(0, T.int(false)), inputRef(1, T.int(false))], T.int(false)))
    expect(nn.toString()).not.toContain('!= null')
    const n = compileExpr(call('+', [inputRef(0, I), inputRef(1, T.int(false))], I))
    expect(n.toString()).toContain('row[0] != null')
    expect(n.toString()).not.toContain('row[1] != null')
  })

  it('field access on ROW values', () => {
    const rowType = T.row([['a', I], ['b', S]])
    const e: RexNode = { kind: 'FieldAccess', operand: inputRef(0, rowType), index: 1, name: 'b', type: S }
    const f = compileExpr(e)
    expect(f([[1, 'x']])).toBe('x')
    expect(f([null])).toBe(null)
  })

  it('calc filters then projects', () => {
    const f = compileCalc([call('*', [inputRef(0, I), literal(2, T.int(false))], I)], call('>', [inputRef(0, I), literal(1, T.int(false))], T.bool()))
    expect(f([3])).toEqual([6])
    expect(f([1])).toBeUndefined()
    expect(f([null])).toBeUndefined()
  })

  it('join predicates and projections read both sides', () => {
    const cond = call('AND', [call('=', [inputRef(0, I), inputRef(2, I)], T.bool()), call('<', [inputRef(1, S), inputRef(3, S)], T.bool())], T.bool())
    const p = compileJoinPredicate(cond, 2)
    expect(p([1, 'a'], [1, 'b'])).toBe(true)
    expect(p([1, 'c'], [1, 'b'])).toBe(false)
    expect(p([null, 'a'], [null, 'b'])).toBe(false)
    const proj = compileJoinProjection([inputRef(3, S), inputRef(0, I)], 2)
    expect(proj([1, 'a'], [2, 'b'])).toEqual(['b', 1])
  })

  it('key selectors equal encodeKey of the fields', () => {
    const row = ['a', 1, null, 9007199254740993n, [1, 2]]
    for (const idx of [[0], [1, 3], [4, 2, 0], []]) {
      expect(compileKeySelector(idx)(row)).toBe(encodeKey(idx.map((i) => row[i])))
    }
  })

  it('unknown functions fail at compile time', () => {
    expect(() => compileExpr(call('NO_SUCH_FN', [], I))).toThrow(/NO_SUCH_FN/)
  })

  it('implements every scalar in the function registry', () => {
    expect(SCALAR_FUNCTION_NAMES.filter((n) => !IMPLEMENTED_FUNCTIONS.has(n))).toEqual([])
  })
})
