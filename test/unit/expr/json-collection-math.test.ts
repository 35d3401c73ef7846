import { describe, expect, it } from 'vitest'
import { T, run, runMixed, lit } from './helpers.js'

const S = T.string()
const I = T.int()

const jv = (json: string | null, path: string, type = S, onEmpty: [string, unknown?] = ['NULL'], onError: [string, unknown?] = ['NULL']): unknown =>
  runMixed(
    'JSON_VALUE',
    [[json, S], lit(path, S), lit(onEmpty[0], S), lit(onEmpty[1] ?? null, type), lit(onError[0], S), lit(onError[1] ?? null, type)],
    { ...type, nullable: true },
  )

describe('JSON_VALUE', () => {
  const doc = '{"a":{"b":[10,{"c":"x"}],"d":1.0,"e":true,"f":null,"g":1e2},"k ey":"v"}'
  it.each([
    ['$.a.b[0]', '10'],
    ['$.a.b[1].c', 'x'],
    ["$['k ey']", 'v'],
    ['$.a.d', '1.0'],
    ['$.a.e', 'true'],
    ['$.a.g', '1E+2'],
    ['lax $.a.b[0]', '10'],
    ['$.a.f', null],
    ['$.missing', null],
    ['$.a', null],
    ['$.a.b[5]', null],
  ] as const)('%s -> %j', (path, r) => {
    expect(jv(doc, path)).toBe(r)
  })

  it('RETURNING types convert the scalar', () => {
    expect(jv(doc, '$.a.b[0]', I)).toBe(10)
    expect(jv(doc, '$.a.d', T.double())).toBe(1)
    expect(jv(doc, '$.a.d', T.decimal(5, 2))).toBe(100n)
    expect(jv(doc, '$.a.e', T.bool())).toBe(true)
    expect(jv('{"t":"2020-04-15 08:05:00"}', '$.t', T.timestamp())).toBe(Date.parse('2020-04-15T08:05:00Z'))
  })

  it('ON EMPTY and ON ERROR behaviours', () => {
    expect(jv(doc, '$.missing', S, ['DEFAULT', 'dflt'])).toBe('dflt')
    expect(() => jv(doc, '$.missing', S, ['ERROR'])).toThrow(/empty/)
    expect(jv('not json', '$.a')).toBe(null)
    expect(jv('not json', '$.a', S, ['NULL'], ['DEFAULT', 'bad'])).toBe('bad')
    expect(() => jv('not json', '$.a', S, ['NULL'], ['ERROR'])).toThrow(/JSON_VALUE/)
    expect(jv(doc, 'strict $.missing', S, ['DEFAULT', 'e'], ['DEFAULT', 'err'])).toBe('err')
    expect(jv(doc, 'strict $.a', S, ['NULL'], ['DEFAULT', 'err'])).toBe('err')
    expect(jv(doc, '$.a.b[1].c', I, ['NULL'], ['DEFAULT', -1])).toBe(-1)
  })

  it('NULL input gives NULL; a path from data works', () => {
    expect(jv(null, '$.a')).toBe(null)
    expect(runMixed('JSON_VALUE', [['{"a":1}', S], ['$.a', S], lit('NULL', S), lit(null, S), lit('NULL', S), lit(null, S)], S)).toBe('1')
  })
})

describe('JSON_QUERY, JSON_EXISTS, IS JSON', () => {
  const doc = '{"b":[1,{"z":2,"a":"x"}],"n":null,"s":"t"}'
  it('JSON_QUERY returns JSON text of objects/arrays (keys sorted), NULL for scalars', () => {
    expect(runMixed('JSON_QUERY', [[doc, S], lit('$.b', S)], S)).toBe('[1,{"a":"x","z":2}]')
    expect(run('JSON_QUERY', [[doc, S], ['$.s', S]], S)).toBe(null)
    expect(run('JSON_QUERY', [['bad', S], ['$', S]], S)).toBe(null)
  })

  it('JSON_EXISTS', () => {
    expect(runMixed('JSON_EXISTS', [[doc, S], lit('$.b[1].z', S)], T.bool())).toBe(true)
    expect(runMixed('JSON_EXISTS', [[doc, S], lit('$.n', S)], T.bool())).toBe(false)
    expect(run('JSON_EXISTS', [[doc, S], ['$.q', S]], T.bool())).toBe(false)
    expect(run('JSON_EXISTS', [['{', S], ['$.q', S]], T.bool())).toBe(false)
  })

  it('IS JSON', () => {
    expect(run('IS JSON', [['{"a":1}', S]], T.bool(false))).toBe(true)
    expect(run('IS JSON', [['[1,2', S]], T.bool(false))).toBe(false)
    expect(run('IS JSON', [['1', S]], T.bool(false))).toBe(true)
    expect(run('IS JSON', [[null, S]], T.bool(false))).toBe(false)
  })
})

describe('collections', () => {
  it('constructors', () => {
    expect(run('ROW', [[1, I], ['a', S]], T.row([['EXPR$0', I], ['EXPR$1', S]], false))).toEqual([1, 'a'])
    expect(run('ARRAY', [[1, I], [null, I], [5n, T.decimal(2, 1)]], T.array(T.decimal(11, 1), false))).toEqual([10n, null, 5n])
    expect(run('MAP', [['a', S], [1, I], ['b', S], [2, I]], T.map(S, I, false))).toEqual(new Map([['a', 1], ['b', 2]]))
  })

  it('ITEM: 1-based arrays (NULL out of range) and maps by key', () => {
    const arr = T.array(S)
    expect(run('ITEM', [[['a', 'b'], arr], [1, I]], S)).toBe('a')
    expect(run('ITEM', [[['a', 'b'], arr], [3, I]], S)).toBe(null)
    expect(run('ITEM', [[['a', 'b'], arr], [0, I]], S)).toBe(null)
    const m = new Map<unknown, unknown>([['k', 1], ['n', null]])
    expect(run('ITEM', [[m, T.map(S, I)], ['k', S]], I)).toBe(1)
    expect(run('ITEM', [[m, T.map(S, I)], ['x', S]], I)).toBe(null)
    expect(run('ITEM', [[new Map([[[1, 2], 'r']]), T.map(T.array(I), S)], [[1, 2], T.array(I)]], S)).toBe('r')
  })

  it('CARDINALITY and ELEMENT', () => {
    expect(run('CARDINALITY', [[[1, 2, 3], T.array(I)]], I)).toBe(3)
    expect(run('CARDINALITY', [[new Map([['a', 1]]), T.map(S, I)]], I)).toBe(1)
    expect(run('CARDINALITY', [[new Map([['a', 2], ['b', 1]]), { kind: 'MULTISET', element: S, nullable: true }]], I)).toBe(3)
    expect(run('ELEMENT', [[[7], T.array(I)]], I)).toBe(7)
    expect(run('ELEMENT', [[[], T.array(I)]], I)).toBe(null)
    expect(() => run('ELEMENT', [[[1, 2], T.array(I)]], I)).toThrow(/more than one/)
  })
})

describe('numeric functions', () => {
  it('ABS and SIGN', () => {
    expect(run('ABS', [[-5, I]], I)).toBe(5)
    expect(run('ABS', [[-2147483648, I]], I)).toBe(-2147483648)
    expect(run('ABS', [[-9007199254740993n, T.bigint()]], T.bigint())).toBe(9007199254740993n)
    expect(run('ABS', [[-150n, T.decimal(5, 2)]], T.decimal(5, 2))).toBe(150n)
    expect(run('SIGN', [[-150n, T.decimal(5, 2)]], T.decimal(5, 2))).toBe(-100n)
    expect(run('SIGN', [[-3.5, T.double()]], T.double())).toBe(-1)
    expect(run('SIGN', [[0, I]], I)).toBe(0)
  })

  it('ROUND is HALF_UP on the decimal value, as Java BigDecimal', () => {
    expect(run('ROUND', [[2.5, T.double()]], T.double())).toBe(3)
    expect(run('ROUND', [[-2.5, T.double()]], T.double())).toBe(-3)
    expect(run('ROUND', [[1.005, T.double()], [2, I]], T.double())).toBe(1.01)
    expect(run('ROUND', [[1234.5678, T.double()], [-2, I]], T.double())).toBe(1200)
    expect(run('ROUND', [[12345n, T.decimal(7, 3)], [1, I]], T.decimal(6, 1))).toBe(123n)
    expect(run('ROUND', [[12355n, T.decimal(7, 3)], [1, I]], T.decimal(6, 1))).toBe(124n)
    expect(run('ROUND', [[-12355n, T.decimal(7, 3)], [1, I]], T.decimal(6, 1))).toBe(-124n)
    expect(run('ROUND', [[12355n, T.decimal(7, 3)], [-1, I]], T.decimal(5, 0))).toBe(10n)
    expect(run('ROUND', [[12355n, T.decimal(7, 3)], [5, I]], T.decimal(7, 3))).toBe(12355n)
    expect(run('ROUND', [[1255, I], [-1, I]], I)).toBe(1260)
    expect(run('ROUND', [[-1255, I], [-1, I]], I)).toBe(-1260)
    expect(run('ROUND', [[7, I]], I)).toBe(7)
  })

  it('TRUNCATE cuts toward zero', () => {
    expect(run('TRUNCATE', [[1.789, T.double()], [2, I]], T.double())).toBe(1.78)
    expect(run('TRUNCATE', [[-1.789, T.double()], [1, I]], T.double())).toBe(-1.7)
    expect(run('TRUNCATE', [[12399n, T.decimal(7, 3)], [1, I]], T.decimal(6, 1))).toBe(123n)
    expect(run('TRUNCATE', [[1299, I], [-2, I]], I)).toBe(1200)
  })

  it('POWER, SQRT, logarithms, EXP, trigonometry', () => {
    const D = T.double()
    expect(run('POWER', [[2, I], [10, I]], D)).toBe(1024)
    expect(run('SQRT', [[16, I]], D)).toBe(4)
    expect(run('SQRT', [[-1, D]], D)).toBeNaN()
    expect(run('LN', [[Math.E, D]], D)).toBe(1)
    expect(run('LOG10', [[1000n, T.decimal(4, 0)]], D)).toBe(3)
    expect(run('LOG2', [[8, I]], D)).toBe(3)
    expect(run('LOG', [[100, D]], D)).toBeCloseTo(Math.log(100))
    expect(run('LOG', [[2, D], [8, D]], D)).toBeCloseTo(3)
    expect(run('EXP', [[0, I]], D)).toBe(1)
    expect(run('DEGREES', [[Math.PI, D]], D)).toBe(180)
    expect(run('RADIANS', [[180, D]], D)).toBe(Math.PI)
    expect(run('ATAN2', [[1, D], [1, D]], D)).toBe(Math.PI / 4)
    expect(run('PI', [], T.double(false))).toBe(Math.PI)
  })

  it('seeded RAND follows java.util.Random', () => {
    // new java.util.Random(42).nextDouble() and .nextInt(10)
    expect(runMixed('RAND', [lit(42, I)], T.double(false))).toBe(0.7275636800328681)
    expect(runMixed('RAND_INTEGER', [lit(42, I), [10, I]], I)).toBe(0)
    const r = run('RAND', [], T.double(false)) as number
    expect(r >= 0 && r < 1).toBe(true)
    const n = run('RAND_INTEGER', [[5, I]], I) as number
    expect(Number.isInteger(n) && n >= 0 && n < 5).toBe(true)
  })
})
