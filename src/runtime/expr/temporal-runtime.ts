/** Run-time helpers of the date/time built-ins (EXTRACT, FLOOR/CEIL TO unit, TIMESTAMPADD/DIFF, parsing). */
import { exprError } from './expr-error.js'
import {
  MS_PER_DAY,
  addMonthsToDays,
  addMonthsToTimestamp,
  civilFromDays,
  dayOfYear,
  daysFromCivil,
  floorMod,
  isoDayOfWeek,
  isoWeek,
  parseDate,
  parseTimestamp,
} from './date-time.js'

export type TimeUnitName =
  | 'MILLENNIUM'
  | 'CENTURY'
  | 'DECADE'
  | 'YEAR'
  | 'ISOYEAR'
  | 'QUARTER'
  | 'MONTH'
  | 'WEEK'
  | 'DAY'
  | 'DOW'
  | 'ISODOW'
  | 'DOY'
  | 'HOUR'
  | 'MINUTE'
  | 'SECOND'
  | 'MILLISECOND'
  | 'MICROSECOND'
  | 'NANOSECOND'
  | 'EPOCH'

const UNIT_ALIASES: Record<string, TimeUnitName> = {
  DAYOFWEEK: 'DOW',
  DAYOFYEAR: 'DOY',
  DAYOFMONTH: 'DAY',
  FRAC_SECOND: 'MICROSECOND',
}

/** Normalises a time unit symbol ('SQL_TSI_DAY', 'DAYS', 'dow') or fails at compile time. */
export function timeUnit(symbol: unknown, fn: string): TimeUnitName {
  if (typeof symbol !== 'string') throw exprError(fn, `expected a time unit, got ${String(symbol)}`)
  let u = symbol.toUpperCase().replace(/^SQL_TSI_/, '')
  if (u.endsWith('S') && isUnit(u.slice(0, -1))) u = u.slice(0, -1)
  const alias = UNIT_ALIASES[u]
  if (alias !== undefined) return alias
  if (isUnit(u)) return u
  throw exprError(fn, `unsupported time unit ${symbol}`)
}

function isUnit(u: string): u is TimeUnitName {
  return [
    'MILLENNIUM', 'CENTURY', 'DECADE', 'YEAR', 'ISOYEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAY', 'DOW', 'ISODOW', 'DOY',
    'HOUR', 'MINUTE', 'SECOND', 'MILLISECOND', 'MICROSECOND', 'NANOSECOND', 'EPOCH',
  ].includes(u)
}

/** EXTRACT(unit FROM wall-clock ms), as Flink's DateTimeUtils (SECOND = second of minute, MILLISECOND = ms of second). */
export function extractFromTimestamp(unit: TimeUnitName, ts: number): number {
  const whole = Math.floor(ts)
  const days = Math.floor(whole / MS_PER_DAY)
  const msOfDay = whole - days * MS_PER_DAY
  switch (unit) {
    case 'HOUR':
      return Math.floor(msOfDay / 3_600_000)
    case 'MINUTE':
      return Math.floor(msOfDay / 60_000) % 60
    case 'SECOND':
      return Math.floor(msOfDay / 1000) % 60
    case 'MILLISECOND':
      return msOfDay % 1000
    case 'MICROSECOND':
      return (msOfDay % 1000) * 1000 + Math.floor((ts - whole) * 1000 + 1e-9)
    case 'NANOSECOND':
      return (msOfDay % 1000) * 1_000_000 + Math.round((ts - whole) * 1_000_000)
    case 'EPOCH':
      return Math.floor(ts / 1000)
    default:
      return extractFromDate(unit, days)
  }
}

/** EXTRACT on a DATE (days); time-of-day units are 0. */
export function extractFromDate(unit: TimeUnitName, days: number): number {
  const [y, m, d] = civilFromDays(days)
  switch (unit) {
    case 'YEAR':
      return y
    case 'QUARTER':
      return Math.floor((m + 2) / 3)
    case 'MONTH':
      return m
    case 'DAY':
      return d
    case 'WEEK':
      return isoWeek(days)
    case 'DOW':
      return (isoDayOfWeek(days) % 7) + 1
    case 'ISODOW':
      return isoDayOfWeek(days)
    case 'DOY':
      return dayOfYear(days)
    case 'ISOYEAR':
      return civilFromDays(days + (4 - isoDayOfWeek(days)))[0]
    case 'DECADE':
      return Math.trunc(y / 10)
    case 'CENTURY':
      return y > 0 ? Math.trunc((y + 99) / 100) : Math.trunc((y - 99) / 100)
    case 'MILLENNIUM':
      return y > 0 ? Math.trunc((y + 999) / 1000) : Math.trunc((y - 999) / 1000)
    case 'EPOCH':
      return days * 86400
    default:
      return 0
  }
}

export function extractFromTime(unit: TimeUnitName, ms: number): number {
  return extractFromTimestamp(unit, floorMod(ms, MS_PER_DAY))
}

/** EXTRACT from INTERVAL DAY TO SECOND (ms) or YEAR TO MONTH (months). */
export function extractFromInterval(unit: TimeUnitName, v: number, months: boolean): number {
  if (months) {
    switch (unit) {
      case 'YEAR':
        return Math.trunc(v / 12)
      case 'MONTH':
        return v % 12
      case 'QUARTER':
        return Math.trunc(((v % 12) + 2) / 3)
      default:
        return 0
    }
  }
  switch (unit) {
    case 'DAY':
      return Math.trunc(v / MS_PER_DAY)
    case 'HOUR':
      return Math.trunc(v / 3_600_000) % 24
    case 'MINUTE':
      return Math.trunc(v / 60_000) % 60
    case 'SECOND':
      return Math.trunc(v / 1000) % 60
    case 'MILLISECOND':
      return Math.trunc(v) % 1000
    case 'EPOCH':
      return Math.trunc(v / 1000)
    default:
      return 0
  }
}

const UNIT_MS: Partial<Record<TimeUnitName, number>> = {
  WEEK: 7 * MS_PER_DAY,
  DAY: MS_PER_DAY,
  HOUR: 3_600_000,
  MINUTE: 60_000,
  SECOND: 1000,
  MILLISECOND: 1,
  MICROSECOND: 0.001,
  NANOSECOND: 0.000001,
}

export function unitMillis(unit: TimeUnitName): number | undefined {
  return UNIT_MS[unit]
}

/** FLOOR/CEIL of a wall-clock timestamp to a unit (weeks start on Sunday, as Flink/Calcite). */
export function floorTimestamp(unit: TimeUnitName, ts: number, ceil: boolean): number {
  if (unit === 'YEAR' || unit === 'QUARTER' || unit === 'MONTH' || unit === 'WEEK' || unit === 'DECADE' || unit === 'CENTURY' || unit === 'MILLENNIUM') {
    const days = Math.floor(ts / MS_PER_DAY)
    const f = floorDate(unit, days, false) * MS_PER_DAY
    return !ceil || f === ts ? f : nextBoundary(unit, f)
  }
  const u = UNIT_MS[unit]
  if (u === undefined) throw exprError(ceil ? 'CEIL' : 'FLOOR', `cannot round a timestamp to ${unit}`)
  const f = Math.floor(ts / u) * u
  return ceil && f !== ts ? f + u : f
}

function nextBoundary(unit: TimeUnitName, floorMs: number): number {
  const months = unit === 'YEAR' ? 12 : unit === 'QUARTER' ? 3 : unit === 'MONTH' ? 1 : unit === 'DECADE' ? 120 : unit === 'CENTURY' ? 1200 : unit === 'MILLENNIUM' ? 12000 : 0
  if (months === 0) return floorMs + 7 * MS_PER_DAY
  return addMonthsToTimestamp(floorMs, months)
}

/** FLOOR/CEIL of a DATE to a unit. */
export function floorDate(unit: TimeUnitName, days: number, ceil: boolean): number {
  const [y, m] = civilFromDays(days)
  let f: number
  switch (unit) {
    case 'MILLENNIUM':
      f = daysFromCivil(Math.floor((y - 1) / 1000) * 1000 + 1, 1, 1)
      break
    case 'CENTURY':
      f = daysFromCivil(Math.floor((y - 1) / 100) * 100 + 1, 1, 1)
      break
    case 'DECADE':
      f = daysFromCivil(Math.floor(y / 10) * 10, 1, 1)
      break
    case 'YEAR':
      f = daysFromCivil(y, 1, 1)
      break
    case 'QUARTER':
      f = daysFromCivil(y, Math.floor((m - 1) / 3) * 3 + 1, 1)
      break
    case 'MONTH':
      f = daysFromCivil(y, m, 1)
      break
    case 'WEEK':
      f = days - floorMod(days + 4, 7)
      break
    default:
      return days
  }
  if (!ceil || f === days) return f
  return Math.floor(nextBoundary(unit, f * MS_PER_DAY) / MS_PER_DAY)
}

/** TIMESTAMPADD on wall-clock ms. */
export function timestampAdd(unit: TimeUnitName, n: number, ts: number): number {
  switch (unit) {
    case 'YEAR':
      return addMonthsToTimestamp(ts, n * 12)
    case 'QUARTER':
      return addMonthsToTimestamp(ts, n * 3)
    case 'MONTH':
      return addMonthsToTimestamp(ts, n)
    default: {
      const u = UNIT_MS[unit]
      if (u === undefined) throw exprError('TIMESTAMPADD', `unsupported unit ${unit}`)
      return ts + n * u
    }
  }
}

/**
 * Whole months from a to b (wall-clock ms), as Calcite's subtractMonths: the largest m with
 * a + m months <= b (month-end clamping included), one less when that lands on b's day but later in the day.
 */
export function monthsBetween(a: number, b: number): number {
  if (b < a) return -monthsBetween(b, a)
  const da = Math.floor(a / MS_PER_DAY)
  const db = Math.floor(b / MS_PER_DAY)
  let m = Math.floor((db - da) / 31)
  for (;;) {
    if (addMonthsToDays(da, m + 1) > db) break
    m++
  }
  if (addMonthsToDays(da, m) === db && b - db * MS_PER_DAY < a - da * MS_PER_DAY) m--
  return m
}

/** TIMESTAMPDIFF(unit, a, b) = b - a in whole units, truncated toward zero. */
export function timestampDiff(unit: TimeUnitName, a: number, b: number): number {
  switch (unit) {
    case 'YEAR':
      return Math.trunc(monthsBetween(a, b) / 12)
    case 'QUARTER':
      return Math.trunc(monthsBetween(a, b) / 3)
    case 'MONTH':
      return monthsBetween(a, b)
    default: {
      const u = UNIT_MS[unit]
      if (u === undefined) throw exprError('TIMESTAMPDIFF', `unsupported unit ${unit}`)
      const r = Math.trunc((b - a) / u)
      return r | 0
    }
  }
}

/** Flink's TO_DATE(string) without a format: 'yyyy[-M[-d]]', text after a space ignored; NULL when invalid. */
export function toDateDefault(s: string): number | null {
  const space = s.indexOf(' ')
  const t = (space > 0 ? s.slice(0, space) : s).trim()
  const m = /^(\d+)(?:-(\d+)(?:-(\d+))?)?$/.exec(t)
  if (m === null) return null
  const y = Number(m[1])
  const mo = m[2] === undefined ? 1 : Number(m[2])
  const d = m[3] === undefined ? 1 : Number(m[3])
  if (y > 9999 || mo < 1 || mo > 12 || d < 1) return null
  const full = parseDate(`${String(y).padStart(4, '0')}-${mo}-${d}`)
  return full ?? null
}

/** Flink's TO_TIMESTAMP(string) without a format: ISO-like text; NULL when invalid. */
export function toTimestampDefault(s: string): number | null {
  const t = parseTimestamp(s)
  return t === undefined ? null : Math.floor(t)
}
