import { describe, expect, it } from 'vitest'
import { T, run, runMixed, lit, day, ts } from './helpers.js'

const S = T.string()
const BIG = T.bigint()
const TS = T.timestamp(3)

const extract = (unit: string, v: unknown, t = TS, opts = {}): unknown => runMixed('EXTRACT', [lit(unit, S), [v, t]], BIG, opts)

describe('EXTRACT and the field functions', () => {
  const v = ts('2020-04-15 08:05:06.789')
  it.each([
    ['YEAR', 2020],
    ['QUARTER', 2],
    ['MONTH', 4],
    ['WEEK', 16],
    ['DAY', 15],
    ['HOUR', 8],
    ['MINUTE', 5],
    ['SECOND', 6],
    ['MILLISECOND', 789],
    ['DOW', 4],
    ['DOY', 106],
    ['EPOCH', 1586937906],
  ] as const)('EXTRACT(%s) = %d', (unit, r) => {
    expect(extract(unit, v)).toBe(r)
  })

  it('ISO weeks around the new year and leap days', () => {
    expect(extract('WEEK', day('2021-01-01'), T.date())).toBe(53)
    expect(extract('WEEK', day('2018-12-31'), T.date())).toBe(1)
    expect(extract('DOY', day('2020-12-31'), T.date())).toBe(366)
    expect(extract('DOY', day('2021-12-31'), T.date())).toBe(365)
    expect(extract('DAY', day('2024-02-29'), T.date())).toBe(29)
  })

  it('YEAR(), DAYOFWEEK() and friends', () => {
    expect(run('YEAR', [[day('1999-12-31'), T.date()]], BIG)).toBe(1999)
    expect(run('DAYOFWEEK', [[day('2020-04-12'), T.date()]], BIG)).toBe(1)
    expect(run('DAYOFWEEK', [[day('2020-04-18'), T.date()]], BIG)).toBe(7)
    expect(run('DAYOFMONTH', [[ts('2020-04-15 23:00:00'), TS]], BIG)).toBe(15)
    expect(run('DAYOFYEAR', [[day('2020-03-01'), T.date()]], BIG)).toBe(61)
    expect(run('HOUR', [[ts('2020-04-15 23:00:00'), TS]], BIG)).toBe(23)
    expect(run('QUARTER', [[day('2020-10-01'), T.date()]], BIG)).toBe(4)
    expect(run('MONTH', [[null, T.date()]], BIG)).toBe(null)
  })

  it('dates before 1970 and TIME values', () => {
    expect(extract('YEAR', ts('1969-12-31 23:59:59'))).toBe(1969)
    expect(extract('SECOND', ts('1969-12-31 23:59:59'))).toBe(59)
    expect(extract('HOUR', 29_100_000, T.time())).toBe(8)
  })

  it('TIMESTAMP_LTZ in the session zone', () => {
    const instant = Date.parse('2020-04-15T20:00:00Z')
    expect(extract('DAY', instant, T.ltz(), { timeZone: 'Asia/Tokyo' })).toBe(16)
    expect(extract('HOUR', instant, T.ltz(), { timeZone: 'Asia/Tokyo' })).toBe(5)
    expect(extract('HOUR', instant, T.ltz())).toBe(20)
  })

  it('intervals', () => {
    expect(extract('DAY', 93_784_000, T.dayTime())).toBe(1)
    expect(extract('HOUR', 93_784_000, T.dayTime())).toBe(2)
    expect(extract('MINUTE', 93_784_000, T.dayTime())).toBe(3)
    expect(extract('YEAR', 26, T.yearMonth())).toBe(2)
    expect(extract('MONTH', 26, T.yearMonth())).toBe(2)
  })
})

describe('FLOOR / CEIL to a unit', () => {
  const floor = (v: unknown, unit: string, t = TS, opts = {}): unknown => runMixed('FLOOR', [[v, t], lit(unit, S)], t, opts)
  const ceil = (v: unknown, unit: string, t = TS): unknown => runMixed('CEIL', [[v, t], lit(unit, S)], t)
  const v = ts('2020-04-15 08:05:06.789')

  it.each([
    ['SECOND', '2020-04-15 08:05:06', '2020-04-15 08:05:07'],
    ['MINUTE', '2020-04-15 08:05:00', '2020-04-15 08:06:00'],
    ['HOUR', '2020-04-15 08:00:00', '2020-04-15 09:00:00'],
    ['DAY', '2020-04-15 00:00:00', '2020-04-16 00:00:00'],
    ['WEEK', '2020-04-12 00:00:00', '2020-04-19 00:00:00'],
    ['MONTH', '2020-04-01 00:00:00', '2020-05-01 00:00:00'],
    ['QUARTER', '2020-04-01 00:00:00', '2020-07-01 00:00:00'],
    ['YEAR', '2020-01-01 00:00:00', '2021-01-01 00:00:00'],
  ] as const)('%s', (unit, f, c) => {
    expect(floor(v, unit)).toBe(ts(f))
    expect(ceil(v, unit)).toBe(ts(c))
  })

  it('values on a boundary stay put', () => {
    expect(ceil(ts('2020-04-15 00:00:00'), 'DAY')).toBe(ts('2020-04-15 00:00:00'))
    expect(ceil(ts('2020-04-01 00:00:00'), 'MONTH')).toBe(ts('2020-04-01 00:00:00'))
    expect(floor(ts('1969-12-31 23:30:00'), 'HOUR')).toBe(ts('1969-12-31 23:00:00'))
  })

  it('DATE and TIMESTAMP_LTZ', () => {
    expect(floor(day('2020-04-15'), 'MONTH', T.date())).toBe(day('2020-04-01'))
    expect(ceil(day('2020-04-15'), 'YEAR', T.date())).toBe(day('2021-01-01'))
    // 2020-04-15T20:30Z is 2020-04-16 05:30 in Tokyo; the day starts at 2020-04-15T15:00Z
    expect(floor(Date.parse('2020-04-15T20:30:00Z'), 'DAY', T.ltz(), { timeZone: 'Asia/Tokyo' })).toBe(Date.parse('2020-04-15T15:00:00Z'))
  })

  it('numeric FLOOR / CEIL', () => {
    expect(run('FLOOR', [[-1.5, T.double()]], T.double())).toBe(-2)
    expect(run('CEIL', [[1.2, T.double()]], T.double())).toBe(2)
    expect(run('FLOOR', [[-150n, T.decimal(5, 2)]], T.decimal(4, 0))).toBe(-2n)
    expect(run('CEIL', [[150n, T.decimal(5, 2)]], T.decimal(4, 0))).toBe(2n)
    expect(run('CEIL', [[7, T.int()]], T.int())).toBe(7)
  })
})

describe('TIMESTAMPADD / TIMESTAMPDIFF', () => {
  const add = (unit: string, n: number, v: unknown, t = TS): unknown => runMixed('TIMESTAMPADD', [lit(unit, S), [n, T.int()], [v, t]], t)
  const diff = (unit: string, a: unknown, b: unknown, t = TS): unknown => runMixed('TIMESTAMPDIFF', [lit(unit, S), [a, t], [b, t]], T.int())

  it('adds units, clamping month ends', () => {
    expect(add('MONTH', 1, ts('2020-01-31 10:00:00'))).toBe(ts('2020-02-29 10:00:00'))
    expect(add('YEAR', 1, ts('2020-02-29 10:00:00'))).toBe(ts('2021-02-28 10:00:00'))
    expect(add('QUARTER', -1, ts('2020-05-31 00:00:00'))).toBe(ts('2020-02-29 00:00:00'))
    expect(add('WEEK', 1, ts('2020-12-28 00:00:00'))).toBe(ts('2021-01-04 00:00:00'))
    expect(add('HOUR', -25, ts('2020-03-01 00:00:00'))).toBe(ts('2020-02-28 23:00:00'))
    expect(add('SQL_TSI_MINUTE', 90, ts('2020-03-01 00:00:00'))).toBe(ts('2020-03-01 01:30:00'))
    expect(add('DAY', 3, day('2020-02-27'), T.date())).toBe(day('2020-03-01'))
    expect(add('MONTH', 1, day('2020-01-31'), T.date())).toBe(day('2020-02-29'))
  })

  it('differences truncate toward zero', () => {
    expect(diff('DAY', ts('2020-01-01 10:00:00'), ts('2020-01-02 09:59:59'))).toBe(0)
    expect(diff('DAY', ts('2020-01-02 10:00:00'), ts('2020-01-01 10:00:00'))).toBe(-1)
    expect(diff('HOUR', ts('2020-01-01 00:00:00'), ts('2020-01-01 05:30:00'))).toBe(5)
    expect(diff('SECOND', ts('2020-01-01 00:00:00'), ts('2020-01-01 00:01:00.5'))).toBe(60)
    expect(diff('MONTH', ts('2020-01-15 00:00:00'), ts('2020-03-14 23:59:59'))).toBe(1)
    expect(diff('MONTH', ts('2020-01-15 00:00:00'), ts('2020-03-15 00:00:00'))).toBe(2)
    expect(diff('MONTH', day('2020-01-31'), day('2020-02-29'), T.date())).toBe(1)
    expect(diff('MONTH', ts('2020-03-15 00:00:00'), ts('2020-01-15 00:00:01'))).toBe(-1)
    expect(diff('YEAR', day('2019-03-01'), day('2020-02-29'), T.date())).toBe(0)
    expect(diff('YEAR', day('2019-02-28'), day('2020-02-29'), T.date())).toBe(1)
    expect(diff('QUARTER', day('2020-01-01'), day('2020-12-31'), T.date())).toBe(3)
  })
})

describe('formatting and parsing', () => {
  const v = ts('2020-04-05 08:05:06.789')
  const fmt = (p: string, value: unknown = v, t = TS, opts = {}): unknown => runMixed('DATE_FORMAT', [[value, t], lit(p, S)], S, opts)

  it.each([
    ['yyyy-MM-dd HH:mm', '2020-04-05 08:05'],
    ['yyyy-MM-dd HH:mm:ss.SSS', '2020-04-05 08:05:06.789'],
    ['yy/M/d H:m:s', '20/4/5 8:5:6'],
    ['MMM MMMM EEE EEEE', 'Apr April Sun Sunday'],
    ['hh:mm a', '08:05 AM'],
    ["yyyy'T'HH 'o''clock'", "2020T08 o'clock"],
    ['D', '96'],
    ['S SS', '7 78'],
    ['Q', '2'],
  ] as const)('DATE_FORMAT(ts, %j) = %j', (p, r) => {
    expect(fmt(p)).toBe(r)
  })

  it('DATE_FORMAT with a pattern from data, with TIMESTAMP_LTZ, with a string', () => {
    expect(run('DATE_FORMAT', [[v, TS], ['HH:mm', S]], S)).toBe('08:05')
    expect(fmt('yyyy-MM-dd HH:mm', Date.parse('2020-04-05T20:00:00Z'), T.ltz(), { timeZone: 'Asia/Shanghai' })).toBe('2020-04-06 04:00')
    expect(fmt('yyyy/MM/dd', '2020-04-05 08:05:06', S)).toBe('2020/04/05')
    expect(fmt('yyyy/MM/dd', 'not a date', S)).toBe(null)
    expect(() => fmt('yyyy-bb')).toThrow(/unknown pattern letter/)
  })

  it('TO_TIMESTAMP with and without a format', () => {
    expect(run('TO_TIMESTAMP', [['2020-04-15 08:05:00', S]], TS)).toBe(ts('2020-04-15 08:05:00'))
    expect(run('TO_TIMESTAMP', [['2020-04-15 08:05:00.123', S]], TS)).toBe(ts('2020-04-15 08:05:00.123'))
    expect(run('TO_TIMESTAMP', [['2020-04-15', S]], TS)).toBe(ts('2020-04-15 00:00:00'))
    expect(run('TO_TIMESTAMP', [['garbage', S]], TS)).toBe(null)
    expect(runMixed('TO_TIMESTAMP', [['20200415080500', S], lit('yyyyMMddHHmmss', S)], TS)).toBe(ts('2020-04-15 08:05:00'))
    expect(runMixed('TO_TIMESTAMP', [['15/04/2020', S], lit('dd/MM/yyyy', S)], TS)).toBe(ts('2020-04-15 00:00:00'))
    expect(runMixed('TO_TIMESTAMP', [['2020-04-15 08:05:00.5', S], lit('yyyy-MM-dd HH:mm:ss.S', S)], TS)).toBe(ts('2020-04-15 08:05:00.500'))
    expect(runMixed('TO_TIMESTAMP', [['15/04/2020 x', S], lit('dd/MM/yyyy', S)], TS)).toBe(null)
  })

  it('TO_TIMESTAMP_LTZ from epoch numbers and strings', () => {
    expect(run('TO_TIMESTAMP_LTZ', [[1586937900, BIG], [0, T.int()]], T.ltz())).toBe(1586937900000)
    expect(run('TO_TIMESTAMP_LTZ', [[1586937900123, BIG], [3, T.int()]], T.ltz())).toBe(1586937900123)
    expect(run('TO_TIMESTAMP_LTZ', [[1586937900123, BIG]], T.ltz())).toBe(1586937900123)
    expect(run('TO_TIMESTAMP_LTZ', [[1.5, T.double()], [0, T.int()]], T.ltz())).toBe(1500)
    expect(run('TO_TIMESTAMP_LTZ', [[1e15, T.double()], [0, T.int()]], T.ltz())).toBe(null)
    expect(() => run('TO_TIMESTAMP_LTZ', [[1, BIG], [6, T.int()]], T.ltz())).toThrow(/precision 6/)
    expect(run('TO_TIMESTAMP_LTZ', [['2020-04-15 08:00:00', S]], T.ltz(), { timeZone: 'Asia/Shanghai' })).toBe(Date.parse('2020-04-15T00:00:00Z'))
  })

  it('TO_DATE', () => {
    expect(run('TO_DATE', [['2020-04-15', S]], T.date())).toBe(day('2020-04-15'))
    expect(run('TO_DATE', [['2020-4-5 10:00:00', S]], T.date())).toBe(day('2020-04-05'))
    expect(run('TO_DATE', [['2020-02-30', S]], T.date())).toBe(null)
    expect(runMixed('TO_DATE', [['20200415', S], lit('yyyyMMdd', S)], T.date())).toBe(day('2020-04-15'))
    expect(runMixed('TO_DATE', [['x', S], lit('yyyyMMdd', S)], T.date())).toBe(null)
  })

  it('FROM_UNIXTIME and UNIX_TIMESTAMP use the session zone', () => {
    expect(run('FROM_UNIXTIME', [[0, BIG]], S)).toBe('1970-01-01 00:00:00')
    expect(run('FROM_UNIXTIME', [[0, BIG]], S, { timeZone: 'Asia/Shanghai' })).toBe('1970-01-01 08:00:00')
    expect(runMixed('FROM_UNIXTIME', [[86400, BIG], lit('yyyy/MM/dd', S)], S)).toBe('1970/01/02')
    expect(run('UNIX_TIMESTAMP', [['1970-01-01 08:00:00', S]], BIG, { timeZone: 'Asia/Shanghai' })).toBe(0)
    expect(runMixed('UNIX_TIMESTAMP', [['1970/01/02', S], lit('yyyy/MM/dd', S)], BIG)).toBe(86400)
    expect(run('UNIX_TIMESTAMP', [['bad', S]], BIG)).toBe(-9223372036854775808n)
    expect(run('UNIX_TIMESTAMP', [], BIG, { clock: () => 1_586_937_900_999 })).toBe(1586937900)
  })

  it('CONVERT_TZ', () => {
    expect(run('CONVERT_TZ', [['1970-01-01 00:00:00', S], ['UTC', S], ['America/Los_Angeles', S]], S)).toBe('1969-12-31 16:00:00')
    expect(run('CONVERT_TZ', [['2020-06-01 12:00:00', S], ['Europe/Berlin', S], ['GMT+08:00', S]], S)).toBe('2020-06-01 18:00:00')
  })
})

describe('clocks are read per evaluation', () => {
  it('CURRENT_TIMESTAMP, NOW, PROCTIME, LOCALTIMESTAMP, CURRENT_DATE, CURRENT_TIME', () => {
    let now = Date.parse('2020-04-15T23:30:00.123Z')
    const opts = { clock: () => now, timeZone: 'Asia/Shanghai' }
    expect(run('CURRENT_TIMESTAMP', [], T.ltz(3, false), opts)).toBe(now)
    expect(run('NOW', [], T.ltz(3, false), opts)).toBe(now)
    expect(run('PROCTIME', [], T.ltz(3, false), opts)).toBe(now)
    expect(run('LOCALTIMESTAMP', [], T.timestamp(3, false), opts)).toBe(ts('2020-04-16 07:30:00.123'))
    expect(run('CURRENT_DATE', [], T.date(false), opts)).toBe(day('2020-04-16'))
    expect(run('CURRENT_TIME', [], T.time(0, false), opts)).toBe(7 * 3_600_000 + 30 * 60_000)
    now += 1000
    expect(run('CURRENT_ROW_TIMESTAMP', [], T.ltz(3, false), opts)).toBe(now)
  })
})

describe('time zones', () => {
  it("accepts region ids, offsets and 'default'", async () => {
    const { zoneOf } = await import('../../../src/runtime/expr/time-zone.js')
    expect(zoneOf('GMT+8').offsetAt(0)).toBe(8 * 3_600_000)
    expect(zoneOf('UTC-05:30').offsetAt(0)).toBe(-5.5 * 3_600_000)
    expect(zoneOf('+02:00').offsetAt(0)).toBe(2 * 3_600_000)
    expect(zoneOf('America/New_York').offsetAt(Date.parse('2020-07-01T00:00:00Z'))).toBe(-4 * 3_600_000)
    expect(zoneOf('America/New_York').offsetAt(Date.parse('2020-01-01T00:00:00Z'))).toBe(-5 * 3_600_000)
    expect(typeof zoneOf('default').offsetAt(0)).toBe('number')
    expect(() => zoneOf('Mars/Olympus')).toThrow(/invalid time zone/)
  })
})
