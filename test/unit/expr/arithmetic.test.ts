import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { T, run, ts, day } from './helpers.js'

const INT = T.int()
const BIG = T.bigint()

describe('integer arithmetic wraps like Java', () => {
  it.each([
    ['+', 2147483647, 1, -2147483648],
    ['-', -2147483648, 1, 2147483647],
    ['*', 65536, 65536, 0],
    ['*', 46341, 46341, -2147479015],
    ['/', 7, 2, 3],
    ['/', -7, 2, -3],
    ['/', -2147483648, -1, -2147483648],
    ['%', -7, 3, -1],
    ['%', 7, -3, 1],
    ['MOD', 10, 4, 2],
  ] as const)('INT %s: %d, %d -> %d', (op, a, b, r) => {
    expect(run(op, [[a, INT], [b, INT]], INT)).toBe(r)
  })

  it('TINYINT and SMALLINT wrap to their width', () => {
    expect(run('+', [[127, T.tinyint()], [1, T.tinyint()]], T.tinyint())).toBe(-128)
    expect(run('*', [[300, T.smallint()], [300, T.smallint()]], T.smallint())).toBe(24464)
  })

  it('NULL operands give NULL', () => {
    expect(run('+', [[null, INT], [1, INT]], INT)).toBe(null)
    expect(run('*', [[2, INT], [null, INT]], INT)).toBe(null)
  })

  it('integer division by zero fails the expression', () => {
    expect(() => run('/', [[1, INT], [0, INT]], INT)).toThrow(/division by zero/)
    expect(() => run('%', [[1, BIG], [0, BIG]], BIG)).toThrow(/division by zero/)
    try {
      run('/', [[1, INT], [0, INT]], INT)
    } catch (e) {
      expect((e as { code: string }).code).toBe('RUNTIME_EXPRESSION_ERROR')
    }
  })

  it('DOUBLE division by zero gives Infinity / NaN', () => {
    expect(run('/', [[1, T.double()], [0, T.double()]], T.double())).toBe(Infinity)
    expect(run('/', [[0, T.double()], [0, T.double()]], T.double())).toBeNaN()
  })

  it('MOD takes the divisor type but computes at the wider width', () => {
    expect(run('MOD', [[5_000_000_000, BIG], [7, INT]], INT)).toBe(5_000_000_000 % 7)
    expect(run('%', [[-9223372036854775808n, BIG], [10, T.tinyint()]], T.tinyint())).toBe(-8)
  })

  it('INT mixed with BIGINT widens', () => {
    expect(run('+', [[2147483647, INT], [1, BIG]], BIG)).toBe(2147483648)
  })

  it('NEGATE', () => {
    expect(run('NEGATE', [[-2147483648, INT]], INT)).toBe(-2147483648)
    expect(run('NEGATE', [[0, INT]], INT)).toBe(0)
    expect(Object.is(run('NEGATE', [[0, INT]], INT), -0)).toBe(false)
    expect(run('NEGATE', [[-9223372036854775808n, BIG]], BIG)).toBe(-9223372036854775808n)
    expect(run('NEGATE', [[1.5, T.double()]], T.double())).toBe(-1.5)
    expect(run('NEGATE', [[150n, T.decimal(5, 2)]], T.decimal(5, 2))).toBe(-150n)
  })
})

describe('BIGINT arithmetic at 64 bits', () => {
  it('stays on numbers while safe and switches to bigint beyond', () => {
    expect(run('+', [[9007199254740991, BIG], [1, BIG]], BIG)).toBe(9007199254740992n)
    expect(run('-', [[9007199254740992n, BIG], [1, BIG]], BIG)).toBe(9007199254740991)
    expect(run('*', [[4294967296, BIG], [4294967296, BIG]], BIG)).toBe(0)
    expect(run('+', [[9223372036854775807n, BIG], [1, BIG]], BIG)).toBe(-9223372036854775808n)
    expect(run('/', [[-9223372036854775808n, BIG], [-1, BIG]], BIG)).toBe(-9223372036854775808n)
  })

  const i64 = fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }), fc.integer())
  const canon = (b: bigint): number | bigint => (b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b)
  const toRep = (v: number | bigint): number | bigint => canon(BigInt(v))

  it('matches a BigInt reference with wrap-around (property)', () => {
    fc.assert(
      fc.property(i64, i64, (x, y) => {
        const a = toRep(x)
        const b = toRep(y)
        const A = BigInt(x)
        const B = BigInt(y)
        expect(run('+', [[a, BIG], [b, BIG]], BIG)).toEqual(canon(BigInt.asIntN(64, A + B)))
        expect(run('-', [[a, BIG], [b, BIG]], BIG)).toEqual(canon(BigInt.asIntN(64, A - B)))
        expect(run('*', [[a, BIG], [b, BIG]], BIG)).toEqual(canon(BigInt.asIntN(64, A * B)))
        if (B !== 0n) {
          expect(run('/', [[a, BIG], [b, BIG]], BIG)).toEqual(canon(BigInt.asIntN(64, A / B)))
          expect(run('%', [[a, BIG], [b, BIG]], BIG)).toEqual(canon(A % B))
        }
      }),
      { numRuns: 300 },
    )
  })

  it('INT arithmetic matches Java int semantics (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), fc.integer({ min: -2147483648, max: 2147483647 }), (a, b) => {
        const wrap = (v: bigint): number => Number(BigInt.asIntN(32, v))
        expect(run('+', [[a, INT], [b, INT]], INT)).toBe(wrap(BigInt(a) + BigInt(b)))
        expect(run('-', [[a, INT], [b, INT]], INT)).toBe(wrap(BigInt(a) - BigInt(b)))
        expect(run('*', [[a, INT], [b, INT]], INT)).toBe(wrap(BigInt(a) * BigInt(b)))
        if (b !== 0) expect(run('/', [[a, INT], [b, INT]], INT)).toBe(wrap(BigInt(a) / BigInt(b)))
      }),
      { numRuns: 300 },
    )
  })
})

describe('DECIMAL arithmetic', () => {
  it('adds with rescaling to the result scale', () => {
    // 1.5 (DECIMAL(2,1)) + 2.25 (DECIMAL(3,2)) = 3.75 in DECIMAL(4,2)
    expect(run('+', [[15n, T.decimal(2, 1)], [225n, T.decimal(3, 2)]], T.decimal(4, 2))).toBe(375n)
    expect(run('-', [[15n, T.decimal(2, 1)], [225n, T.decimal(3, 2)]], T.decimal(4, 2))).toBe(-75n)
  })

  it('multiplies and divides with HALF_UP rounding', () => {
    // 1.25 * 1.5 = 1.875 in DECIMAL(7,3)
    expect(run('*', [[125n, T.decimal(3, 2)], [15n, T.decimal(2, 1)]], T.decimal(7, 3))).toBe(1875n)
    // 10 / 3 in DECIMAL(p, 6) = 3.333333
    expect(run('/', [[1000n, T.decimal(4, 2)], [300n, T.decimal(4, 2)]], T.decimal(38, 6))).toBe(3333333n)
    // 2 / 3 = 0.666667 (HALF_UP)
    expect(run('/', [[2n, T.decimal(1, 0)], [3n, T.decimal(1, 0)]], T.decimal(38, 6))).toBe(666667n)
    expect(run('/', [[-2n, T.decimal(1, 0)], [3n, T.decimal(1, 0)]], T.decimal(38, 6))).toBe(-666667n)
  })

  it('mixes integers into decimal arithmetic', () => {
    expect(run('+', [[3, INT], [150n, T.decimal(5, 2)]], T.decimal(13, 2))).toBe(450n)
    expect(run('*', [[9007199254740993n, BIG], [10n, T.decimal(3, 1)]], T.decimal(38, 1))).toBe(90071992547409930n)
  })

  it('gives NULL when the result overflows its precision, as Flink', () => {
    expect(run('+', [[999n, T.decimal(3, 0)], [1n, T.decimal(3, 0)]], T.decimal(3, 0))).toBe(null)
  })

  it('fails on division by zero', () => {
    expect(() => run('/', [[1n, T.decimal(3, 0)], [0n, T.decimal(3, 0)]], T.decimal(10, 6))).toThrow(/division by zero/)
  })

  it('MOD on decimals', () => {
    expect(run('MOD', [[75n, T.decimal(3, 1)], [2, INT]], T.decimal(3, 1))).toBe(15n)
  })

  it('DECIMAL with DOUBLE gives DOUBLE', () => {
    expect(run('+', [[150n, T.decimal(5, 2)], [0.25, T.double()]], T.double())).toBe(1.75)
  })
})

describe('temporal arithmetic', () => {
  it('TIMESTAMP + INTERVAL DAY TO SECOND', () => {
    expect(run('+', [[ts('2020-04-15 08:05:00'), T.timestamp()], [3_600_000, T.dayTime()]], T.timestamp())).toBe(ts('2020-04-15 09:05:00'))
    expect(run('-', [[ts('2020-04-15 08:05:00'), T.timestamp()], [86_400_000, T.dayTime()]], T.timestamp())).toBe(ts('2020-04-14 08:05:00'))
  })

  it('month arithmetic clamps the day of month', () => {
    expect(run('+', [[ts('2020-01-31 10:00:00'), T.timestamp()], [1, T.yearMonth()]], T.timestamp())).toBe(ts('2020-02-29 10:00:00'))
    expect(run('+', [[ts('2021-01-31 10:00:00'), T.timestamp()], [1, T.yearMonth()]], T.timestamp())).toBe(ts('2021-02-28 10:00:00'))
    expect(run('-', [[day('2020-03-31'), T.date()], [1, T.yearMonth()]], T.date())).toBe(day('2020-02-29'))
    expect(run('+', [[12, T.yearMonth()], [day('2020-02-29'), T.date()]], T.date())).toBe(day('2021-02-28'))
  })

  it('DATE + INTERVAL DAY adds whole days', () => {
    expect(run('+', [[day('2020-12-31'), T.date()], [86_400_000, T.dayTime()]], T.date())).toBe(day('2021-01-01'))
  })

  it('TIMESTAMP_LTZ month arithmetic uses the session zone', () => {
    const berlin = { timeZone: 'Europe/Berlin' }
    // 2021-03-31 00:30 Berlin (summer time starts 03-28) = 2021-03-30T22:30Z; one month earlier is 2021-02-28 00:30 Berlin = 02-27T23:30Z
    expect(run('-', [[Date.parse('2021-03-30T22:30:00Z'), T.ltz()], [1, T.yearMonth()]], T.ltz(), berlin)).toBe(Date.parse('2021-02-27T23:30:00Z'))
  })

  it('interval arithmetic', () => {
    expect(run('+', [[1000, T.dayTime()], [500, T.dayTime()]], T.dayTime())).toBe(1500)
    expect(run('*', [[1000, T.dayTime()], [3, INT]], T.dayTime())).toBe(3000)
    expect(run('/', [[14, T.yearMonth()], [2, INT]], T.yearMonth())).toBe(7)
  })
})
