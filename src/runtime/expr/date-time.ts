/**
 * Calendar arithmetic on the runtime representations: DATE = days since epoch, TIME = ms of day,
 * TIMESTAMP = wall-clock ms read as UTC (fraction carries sub-ms digits), TIMESTAMP_LTZ = epoch ms.
 * Proleptic Gregorian calendar, as java.time.
 */

export const MS_PER_DAY = 86_400_000

export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b)
}

export function floorMod(a: number, b: number): number {
  const m = a % b
  return m !== 0 && (m < 0) !== (b < 0) ? m + b : m === 0 ? 0 : m
}

/** [year, month 1-12, day 1-31] of a day number (H. Hinnant's civil_from_days). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  return [y, m, d]
}

/** Day number of a civil date (days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const mp = m > 2 ? m - 3 : m + 9
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : (MONTH_DAYS[m - 1] ?? 30)
}

/** ISO day of week: 1 = Monday ... 7 = Sunday. */
export function isoDayOfWeek(days: number): number {
  return floorMod(days + 3, 7) + 1
}

export function dayOfYear(days: number): number {
  const [y] = civilFromDays(days)
  return days - daysFromCivil(y, 1, 1) + 1
}

/** ISO-8601 week number (weeks start Monday; week 1 contains the year's first Thursday), as Flink's WEEK. */
export function isoWeek(days: number): number {
  const dow = isoDayOfWeek(days)
  const thursday = days + (4 - dow)
  const [ty] = civilFromDays(thursday)
  return Math.floor((thursday - daysFromCivil(ty, 1, 1)) / 7) + 1
}

/** Adds months to a day number, clamping the day of month (Jan 31 + 1 month = Feb 28/29), as java.time. */
export function addMonthsToDays(days: number, months: number): number {
  const [y, m, d] = civilFromDays(days)
  const total = y * 12 + (m - 1) + months
  const ny = Math.floor(total / 12)
  const nm = total - ny * 12 + 1
  return daysFromCivil(ny, nm, Math.min(d, daysInMonth(ny, nm)))
}

/** Adds months to a timestamp (ms), keeping the time of day. */
export function addMonthsToTimestamp(ts: number, months: number): number {
  const days = Math.floor(ts / MS_PER_DAY)
  const rest = ts - days * MS_PER_DAY
  return addMonthsToDays(days, months) * MS_PER_DAY + rest
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

function padYear(y: number): string {
  if (y >= 0 && y < 10000) return String(y).padStart(4, '0')
  return y < 0 ? `-${String(-y).padStart(4, '0')}` : `+${y}`
}

export function formatDate(days: number): string {
  const [y, m, d] = civilFromDays(days)
  return `${padYear(y)}-${pad2(m)}-${pad2(d)}`
}

/**
 * Fraction-of-second digits of a ms value at `precision` (0-9). For precision > 3 the sub-millisecond part of the
 * number supplies the extra digits (rounded to the precision, since doubles do not hold nanoseconds exactly).
 */
function fractionDigits(msOfSecond: number, sub: number, precision: number): string {
  if (precision <= 0) return ''
  if (precision <= 3) return String(Math.floor(msOfSecond / 10 ** (3 - precision))).padStart(precision, '0')
  const scale = 10 ** (precision - 3)
  const extra = Math.min(Math.round(sub * scale), scale - 1)
  return String(msOfSecond * scale + extra).padStart(precision, '0')
}

/** `HH:mm:ss[.f...]` of ms-of-day, with exactly `precision` fraction digits. */
export function formatTime(msOfDay: number, precision: number): string {
  const whole = Math.floor(msOfDay)
  const sub = msOfDay - whole
  const msDay = floorMod(whole, MS_PER_DAY)
  const h = Math.floor(msDay / 3_600_000)
  const mi = Math.floor((msDay % 3_600_000) / 60_000)
  const s = Math.floor((msDay % 60_000) / 1000)
  const base = `${pad2(h)}:${pad2(mi)}:${pad2(s)}`
  return precision > 0 ? `${base}.${fractionDigits(msDay % 1000, sub, precision)}` : base
}

/** `yyyy-MM-dd HH:mm:ss[.f...]` with exactly `precision` fraction digits (Flink pads to the precision). */
export function formatTimestamp(ts: number, precision: number): string {
  const days = Math.floor(ts / MS_PER_DAY)
  return `${formatDate(days)} ${formatTime(ts - days * MS_PER_DAY, precision)}`
}

/** Truncates a timestamp/time value to `precision` fraction digits (as Flink's casts between precisions). */
export function truncateToPrecision(ms: number, precision: number): number {
  if (precision >= 9) return ms
  if (precision >= 3) {
    const whole = Math.floor(ms)
    if (precision === 3) return whole
    const scale = 10 ** (precision - 3)
    return whole + Math.floor((ms - whole) * scale + 1e-9) / scale
  }
  const unit = 10 ** (3 - precision)
  return Math.floor(ms / unit) * unit
}

// ---- parsing (Flink's lenient default formats) ----

const DATE_RE = /^\s*([+-]?\d{1,9})-(\d{1,2})-(\d{1,2})/
const TIME_RE = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{0,9}))?)?/

/** 'yyyy-[M]M-[d]d' -> days, or undefined. */
export function parseDate(text: string): number | undefined {
  const m = DATE_RE.exec(text)
  if (m === null || m[0].length !== text.trimEnd().length) return undefined
  return civilDays(Number(m[1]), Number(m[2]), Number(m[3]))
}

function civilDays(y: number, mo: number, d: number): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined
  return daysFromCivil(y, mo, d)
}

function fractionMs(frac: string | undefined): number {
  if (frac === undefined || frac === '') return 0
  const digits = frac.padEnd(9, '0')
  const ms = Number(digits.slice(0, 3))
  const rest = Number(digits.slice(3))
  return rest === 0 ? ms : ms + rest / 1e6
}

function timeMs(h: number, mi: number, s: number, frac: string | undefined): number | undefined {
  if (h > 23 || mi > 59 || s > 59) return undefined
  return h * 3_600_000 + mi * 60_000 + s * 1000 + fractionMs(frac)
}

/** '[H]H:[m]m[:[s]s[.fffffffff]]' -> ms of day, or undefined. */
export function parseTime(text: string): number | undefined {
  const t = text.trim()
  const m = TIME_RE.exec(t)
  if (m === null || m[0].length !== t.length) return undefined
  return timeMs(Number(m[1]), Number(m[2]), Number(m[3] ?? 0), m[4])
}

const TS_RE = /^([+-]?\d{1,9})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{0,9}))?)?)?$/

/** 'yyyy-MM-dd[( |T)HH:mm[:ss[.fffffffff]]]' -> wall-clock ms, or undefined. */
export function parseTimestamp(text: string): number | undefined {
  const m = TS_RE.exec(text.trim())
  if (m === null) return undefined
  const days = civilDays(Number(m[1]), Number(m[2]), Number(m[3]))
  if (days === undefined) return undefined
  if (m[4] === undefined) return days * MS_PER_DAY
  const t = timeMs(Number(m[4]), Number(m[5]), Number(m[6] ?? 0), m[7])
  return t === undefined ? undefined : days * MS_PER_DAY + t
}

/** INTERVAL DAY TO SECOND as Flink renders it: `+1 02:03:04.000`. */
export function formatIntervalDayTime(ms: number): string {
  const sign = ms < 0 ? '-' : '+'
  let a = Math.abs(Math.trunc(ms))
  const days = Math.floor(a / MS_PER_DAY)
  a -= days * MS_PER_DAY
  const h = Math.floor(a / 3_600_000)
  const mi = Math.floor((a % 3_600_000) / 60_000)
  const s = Math.floor((a % 60_000) / 1000)
  const milli = a % 1000
  return `${sign}${days} ${pad2(h)}:${pad2(mi)}:${pad2(s)}.${String(milli).padStart(3, '0')}`
}

/** INTERVAL YEAR TO MONTH as Flink renders it: `+1-02`. */
export function formatIntervalYearMonth(months: number): string {
  const sign = months < 0 ? '-' : '+'
  const a = Math.abs(Math.trunc(months))
  return `${sign}${Math.floor(a / 12)}-${pad2(a % 12)}`
}
