import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { T, cast, tryCast, day, ts } from './helpers.js'

describe('CAST to numbers', () => {
  it.each([
    ['42', 42],
    ['  42 ', 42],
    ['-7', -7],
    ['+7', 7],
    ['1.9', 1],
    ['-1.9', -1],
  ] as const)('string %j -> INT %d', (s, r) => {
    expect(cast(s, T.string(), T.int())).toBe(r)
  })

  it('bad strings fail in CAST and give NULL in TRY_CAST', () => {
    expect(() => cast('abc', T.string(), T.int())).toThrow(/CAST: cannot cast 'abc' to INT/)
    expect(tryCast('abc', T.string(), T.int())).toBe(null)
    expect(() => cast('99999999999', T.string(), T.int())).toThrow(/INT/)
    expect(tryCast('', T.string(), T.bigint())).toBe(null)
    expect(tryCast('128', T.string(), T.tinyint())).toBe(null)
    expect(cast('9223372036854775807', T.string(), T.bigint())).toBe(9223372036854775807n)
    expect(cast('123', T.string(), T.bigint())).toBe(123)
  })

  it('narrowing follows Java casts', () => {
    expect(cast(3.7, T.double(), T.int())).toBe(3)
    expect(cast(-3.7, T.double(), T.int())).toBe(-3)
    expect(cast(Number.NaN, T.double(), T.int())).toBe(0)
    expect(cast(1e20, T.double(), T.int())).toBe(2147483647)
    expect(cast(1e20, T.double(), T.bigint())).toBe(9223372036854775807n)
    expect(cast(4294967297, T.bigint(), T.int())).toBe(1)
    expect(cast(300, T.int(), T.tinyint())).toBe(44)
    expect(cast(370n, T.decimal(5, 2), T.int())).toBe(3)
    expect(cast(-370n, T.decimal(5, 2), T.int())).toBe(-3)
    expect(cast(true, T.bool(), T.int())).toBe(1)
  })

  it('to DOUBLE and FLOAT', () => {
    expect(cast('1.5', T.string(), T.double())).toBe(1.5)
    expect(cast(' 1e3 ', T.string(), T.double())).toBe(1000)
    expect(cast('NaN', T.string(), T.double())).toBeNaN()
    expect(() => cast('0x10', T.string(), T.double())).toThrow()
    expect(cast(9007199254740993n, T.bigint(), T.double())).toBe(9007199254740992)
    expect(cast(12345n, T.decimal(10, 2), T.double())).toBe(123.45)
    expect(cast(0.1, T.double(), T.float())).toBe(Math.fround(0.1))
  })

  it('to DECIMAL rounds HALF_UP and gives NULL on overflow', () => {
    expect(cast(123, T.int(), T.decimal(5, 2))).toBe(12300n)
    expect(cast(12345, T.int(), T.decimal(5, 2))).toBe(null)
    expect(cast(1235n, T.decimal(4, 3), T.decimal(3, 2))).toBe(124n)
    expect(cast(-1235n, T.decimal(4, 3), T.decimal(3, 2))).toBe(-124n)
    expect(cast(0.1, T.double(), T.decimal(10, 2))).toBe(10n)
    expect(cast(1.005, T.double(), T.decimal(10, 2))).toBe(101n)
    expect(cast('12.345', T.string(), T.decimal(5, 2))).toBe(1235n)
    expect(cast('1e2', T.string(), T.decimal(5, 2))).toBe(10000n)
    expect(() => cast('x', T.string(), T.decimal(5, 2))).toThrow(/DECIMAL\(5, 2\)/)
    expect(cast(Number.NaN, T.double(), T.decimal(5, 2))).toBe(null)
  })
})

describe('CAST to BOOLEAN', () => {
  it.each([
    ['true', true],
    [' TRUE ', true],
    ['yes', true],
    ['1', true],
    ['f', false],
    ['No', false],
    ['0', false],
  ] as const)('%j -> %s', (s, r) => {
    expect(cast(s, T.string(), T.bool())).toBe(r)
  })

  it('numbers and bad strings', () => {
    expect(cast(0, T.int(), T.bool())).toBe(false)
    expect(cast(5, T.int(), T.bool())).toBe(true)
    expect(cast(0n, T.decimal(3, 1), T.bool())).toBe(false)
    expect(() => cast('maybe', T.string(), T.bool())).toThrow(/BOOLEAN/)
  })
})

describe('CAST to STRING (Flink 1.15+ rules)', () => {
  it.each([
    [true, T.bool(), 'TRUE'],
    [false, T.bool(), 'FALSE'],
    [42, T.int(), '42'],
    [9223372036854775807n, T.bigint(), '9223372036854775807'],
    [1, T.double(), '1.0'],
    [1e10, T.double(), '1.0E10'],
    [1e7, T.double(), '1.0E7'],
    [9999999, T.double(), '9999999.0'],
    [0.001, T.double(), '0.001'],
    [1e-4, T.double(), '1.0E-4'],
    [123456789.5, T.double(), '1.234567895E8'],
    [-0, T.double(), '-0.0'],
    [Number.NaN, T.double(), 'NaN'],
    [-Infinity, T.double(), '-Infinity'],
    [Math.fround(1.1), T.float(), '1.1'],
    [Math.fround(3.4e38), T.float(), '3.4E38'],
    [1230n, T.decimal(5, 2), '12.30'],
    [-5n, T.decimal(5, 2), '-0.05'],
    [day('2020-04-15'), T.date(), '2020-04-15'],
    [29_100_000, T.time(0), '08:05:00'],
    [29_100_123, T.time(3), '08:05:00.123'],
    [ts('2020-04-15 08:05:00.123'), T.timestamp(3), '2020-04-15 08:05:00.123'],
    [ts('2020-04-15 08:05:00'), T.timestamp(3), '2020-04-15 08:05:00.000'],
    [ts('2020-04-15 08:05:00.123'), T.timestamp(0), '2020-04-15 08:05:00'],
    [ts('2020-04-15 08:05:00.123') + 0.456, T.timestamp(6), '2020-04-15 08:05:00.123456'],
    [ts('1969-12-31 23:59:59.999'), T.timestamp(3), '1969-12-31 23:59:59.999'],
    [90_061_001, T.dayTime(), '+1 01:01:01.001'],
    [-14, T.yearMonth(), '-1-02'],
    [new TextEncoder().encode('héllo'), T.bytes(), 'héllo'],
    [[1, null, 3], T.array(T.int()), '[1, NULL, 3]'],
    [new Map<unknown, unknown>([['a', 1], ['b', null]]), T.map(T.string(), T.int()), '{a=1, b=NULL}'],
    [[1, 'abc', [true]], T.row([['a', T.int()], ['b', T.string()], ['c', T.row([['x', T.bool()]])]]), '(1, abc, (TRUE))'],
  ] as const)('%o as %o -> %j', (v, t, r) => {
    expect(cast(v, t, T.string())).toBe(r)
  })

  it('TIMESTAMP_LTZ is rendered in the session time zone', () => {
    const instant = Date.parse('2020-04-15T00:05:00.123Z')
    expect(cast(instant, T.ltz(3), T.string(), { timeZone: 'Asia/Shanghai' })).toBe('2020-04-15 08:05:00.123')
    expect(cast(instant, T.ltz(3), T.string())).toBe('2020-04-15 00:05:00.123')
    expect(cast(instant, T.ltz(3), T.string(), { timeZone: 'GMT-05:00' })).toBe('2020-04-14 19:05:00.123')
  })

  it('VARCHAR(n) truncates and CHAR(n) pads', () => {
    expect(cast('abcdef', T.string(), T.varchar(3))).toBe('abc')
    expect(cast('ab', T.string(), T.char(4))).toBe('ab  ')
    expect(cast(12345, T.int(), T.varchar(2))).toBe('12')
  })
})

describe('CAST between temporal types', () => {
  it('strings to DATE / TIME / TIMESTAMP', () => {
    expect(cast('2020-04-15', T.string(), T.date())).toBe(day('2020-04-15'))
    expect(cast(' 2020-4-5 ', T.string(), T.date())).toBe(day('2020-04-05'))
    expect(cast('2020-02-29', T.string(), T.date())).toBe(day('2020-02-29'))
    expect(() => cast('2021-02-29', T.string(), T.date())).toThrow(/DATE/)
    expect(cast('08:05:00', T.string(), T.time())).toBe(29_100_000)
    expect(cast('2020-04-15 08:05:00', T.string(), T.timestamp(3))).toBe(ts('2020-04-15 08:05:00'))
    expect(cast('2020-04-15T08:05:00.123', T.string(), T.timestamp(3))).toBe(ts('2020-04-15 08:05:00.123'))
    expect(cast('2020-04-15 08:05:00.123456', T.string(), T.timestamp(3))).toBe(ts('2020-04-15 08:05:00.123'))
    expect(cast('2020-04-15', T.string(), T.timestamp(3))).toBe(ts('2020-04-15 00:00:00'))
    expect(tryCast('2020-13-01 00:00:00', T.string(), T.timestamp(3))).toBe(null)
  })

  it('TIMESTAMP to DATE and TIME, DATE to TIMESTAMP, precision truncation', () => {
    expect(cast(ts('1969-12-31 23:00:00'), T.timestamp(), T.date())).toBe(-1)
    expect(cast(ts('2020-04-15 08:05:00.123'), T.timestamp(), T.time(0))).toBe(29_100_000)
    expect(cast(day('2020-04-15'), T.date(), T.timestamp())).toBe(ts('2020-04-15 00:00:00'))
    expect(cast(ts('2020-04-15 08:05:00.123'), T.timestamp(3), T.timestamp(0))).toBe(ts('2020-04-15 08:05:00'))
  })

  it('TIMESTAMP <-> TIMESTAMP_LTZ through the session zone', () => {
    const opts = { timeZone: 'Europe/Berlin' }
    expect(cast(ts('2020-07-01 12:00:00'), T.timestamp(), T.ltz(), opts)).toBe(Date.parse('2020-07-01T10:00:00Z'))
    expect(cast(Date.parse('2020-01-01T10:00:00Z'), T.ltz(), T.timestamp(), opts)).toBe(ts('2020-01-01 11:00:00'))
    expect(cast(Date.parse('2020-01-01T23:30:00Z'), T.ltz(), T.date(), opts)).toBe(day('2020-01-02'))
    // a wall-clock time inside the spring-forward gap moves forward, as java.time does
    expect(cast(ts('2021-03-28 02:30:00'), T.timestamp(), T.ltz(), opts)).toBe(Date.parse('2021-03-28T01:30:00Z'))
    // an ambiguous autumn time takes the earlier offset
    expect(cast(ts('2021-10-31 02:30:00'), T.timestamp(), T.ltz(), opts)).toBe(Date.parse('2021-10-31T00:30:00Z'))
    expect(cast('2020-07-01 12:00:00', T.string(), T.ltz(), opts)).toBe(Date.parse('2020-07-01T10:00:00Z'))
  })

  it('numbers to TIMESTAMP_LTZ are epoch seconds', () => {
    expect(cast(1586937900, T.bigint(), T.ltz())).toBe(1586937900000)
    expect(cast(1.5, T.double(), T.ltz())).toBe(1500)
    expect(cast(1586937900123, T.ltz(), T.bigint())).toBe(1586937900)
  })
})

describe('CAST of binary and collections', () => {
  it('string <-> bytes (strict UTF-8)', () => {
    expect(() => cast(new Uint8Array([0xff, 0xfe]), T.bytes(), T.string())).toThrow(/not valid UTF-8/)
    expect(tryCast(new Uint8Array([0xc3]), T.bytes(), T.string())).toBe(null)
    expect(cast('hé', T.string(), T.bytes())).toEqual(new Uint8Array([0x68, 0xc3, 0xa9]))
    expect(cast(new Uint8Array([1, 2, 3]), T.bytes(), T.binary(5))).toEqual(new Uint8Array([1, 2, 3, 0, 0]))
  })

  it('element-wise casts', () => {
    expect(cast([1, null, 3], T.array(T.int()), T.array(T.string()))).toEqual(['1', null, '3'])
    expect(cast(['1', '2'], T.array(T.string()), T.array(T.bigint()))).toEqual([1, 2])
    expect(cast([1, 'x'], T.row([['a', T.int()], ['b', T.string()]]), T.row([['a', T.double()], ['b', T.string()]]))).toEqual([1, 'x'])
    expect(cast(new Map([['k', 1]]), T.map(T.string(), T.int()), T.map(T.string(), T.string()))).toEqual(new Map([['k', '1']]))
    expect(tryCast(['1', 'x'], T.array(T.string()), T.array(T.int()))).toBe(null)
  })

  it('unsupported pairs fail at compile time', () => {
    expect(() => cast(true, T.bool(), T.date())).toThrow(/cannot cast BOOLEAN/)
  })
})

describe('round trips (properties)', () => {
  it('DOUBLE -> STRING -> DOUBLE', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (d) => {
        const s = cast(d, T.double(), T.string()) as string
        expect(Object.is(cast(s, T.string(), T.double()), d)).toBe(true)
      }),
    )
  })

  it('BIGINT -> STRING -> BIGINT', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (b) => {
        const v = b >= -(2n ** 53n) + 1n && b <= 2n ** 53n - 1n ? Number(b) : b
        expect(cast(cast(v, T.bigint(), T.string()), T.string(), T.bigint())).toEqual(v)
      }),
    )
  })

  it('DECIMAL -> STRING -> DECIMAL', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n) + 1n, max: 10n ** 18n - 1n }), fc.integer({ min: 0, max: 10 }), (u, s) => {
        const t = T.decimal(18, s)
        expect(cast(cast(u, t, T.string()), T.string(), t)).toBe(u)
      }),
    )
  })

  it('TIMESTAMP(3) -> STRING -> TIMESTAMP(3)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62135596800000, max: 253402300799999 }), (ms) => {
        expect(cast(cast(ms, T.timestamp(3), T.string()), T.string(), T.timestamp(3))).toBe(ms)
      }),
    )
  })
})
