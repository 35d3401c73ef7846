/**
 * Text forms of DATE, TIME and TIMESTAMP values as Flink's formats write and read them (TimeFormats): the SQL
 * standard `2020-01-01 12:00:00.123` and ISO-8601 `2020-01-01T12:00:00.123`, with a trailing `Z` for
 * TIMESTAMP_LTZ. Values follow the runtime representation: days, ms of day, ms since epoch (fraction = sub-ms).
 */
const MS_PER_DAY = 86_400_000

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
export function civilToDays(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const mp = (m + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export function daysToCivil(days: number): [number, number, number] {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d]
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n)
}

function padYear(y: number): string {
  if (y >= 0 && y <= 9999) return String(y).padStart(4, '0')
  return (y < 0 ? '-' : '+') + String(Math.abs(y)).padStart(4, '0')
}

export function formatDate(days: number): string {
  const [y, m, d] = daysToCivil(days)
  return `${padYear(y)}-${pad2(m)}-${pad2(d)}`
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
}

const DATE_RE = /^\s*([+-]?\d{4,})-(\d{2})-(\d{2})\s*$/

export function parseDate(text: string): number | undefined {
  const m = DATE_RE.exec(text)
  if (m === null) return undefined
  return dateFromParts(Number(m[1]), Number(m[2]), Number(m[3]))
}

function dateFromParts(y: number, mo: number, d: number): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined
  return civilToDays(y, mo, d)
}

/** How the fraction of a second is written. */
export type FractionStyle =
  /** Flink's SQL formats: 0 to 9 digits, trailing zeros dropped (`12:00:00`, `12:00:00.5`). */
  | 'strip'
  /** java.time ISO_LOCAL_TIME: groups of 3 digits, and `HH:mm` alone when seconds and fraction are zero. */
  | 'iso'
  /** java.time Instant.toString: groups of 3 digits, seconds always shown. */
  | 'instant'

/** Whole seconds of the day and nanoseconds for a time-of-day in ms (with sub-ms fraction), rounded to `precision`. */
function splitTime(msOfDay: number, precision: number): [number, number] {
  const whole = Math.floor(msOfDay)
  let nanos = (whole % 1000) * 1_000_000 + Math.round((msOfDay - whole) * 1_000_000)
  const unit = 10 ** (9 - Math.min(9, Math.max(0, precision)))
  nanos = Math.round(nanos / unit) * unit
  let secs = Math.floor(whole / 1000)
  if (nanos >= 1_000_000_000) {
    nanos -= 1_000_000_000
    secs += 1
  }
  return [secs, nanos]
}

function clock(secs: number, nanos: number, style: FractionStyle): string {
  const h = Math.floor(secs / 3600) % 24
  const mi = Math.floor(secs / 60) % 60
  const s = secs % 60
  if (style === 'iso' && s === 0 && nanos === 0) return `${pad2(h)}:${pad2(mi)}`
  return `${pad2(h)}:${pad2(mi)}:${pad2(s)}${fraction(nanos, style)}`
}

function fraction(nanos: number, style: FractionStyle): string {
  if (nanos === 0) return ''
  let digits = String(nanos).padStart(9, '0')
  if (style === 'strip') return '.' + digits.replace(/0+$/, '')
  // 'iso' and 'instant' both write groups of three digits.
  if (digits.endsWith('000000')) digits = digits.slice(0, 3)
  else if (digits.endsWith('000')) digits = digits.slice(0, 6)
  return '.' + digits
}

export function formatTime(msOfDay: number, precision: number, style: FractionStyle): string {
  const [secs, nanos] = splitTime(msOfDay, precision)
  return clock(secs % 86400, nanos, style)
}

/** `sep` is ' ' (SQL) or 'T' (ISO-8601); `zone` is 'Z' for TIMESTAMP_LTZ, '' otherwise. */
export function formatTimestamp(ms: number, precision: number, sep: ' ' | 'T', style: FractionStyle, zone: '' | 'Z'): string {
  let days = Math.floor(ms / MS_PER_DAY)
  let [secs, nanos] = splitTime(ms - days * MS_PER_DAY, precision)
  if (secs >= 86400) {
    days += 1
    secs -= 86400
  }
  return `${formatDate(days)}${sep}${clock(secs, nanos, style)}${zone}`
}

const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/

/** `HH:mm[:ss[.fffffffff]]` to ms of day (fraction kept below the millisecond). */
export function parseTime(text: string): number | undefined {
  const m = TIME_RE.exec(text.trim())
  if (m === null) return undefined
  return timeFromParts(m[1], m[2], m[3], m[4])
}

function timeFromParts(hs: string | undefined, ms: string | undefined, ss: string | undefined, fs: string | undefined): number | undefined {
  const h = Number(hs)
  const mi = Number(ms)
  const s = ss === undefined ? 0 : Number(ss)
  if (h > 23 || mi > 59 || s > 59) return undefined
  const frac = fs === undefined ? 0 : Number('0.' + fs) * 1000
  return h * 3_600_000 + mi * 60_000 + s * 1000 + frac
}

const TS_RE = /^\s*([+-]?\d{4,})-(\d{2})-(\d{2})([ T])(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z)?\s*$/

export interface TimestampParse {
  readonly ms: number
  readonly sep: ' ' | 'T'
  readonly zone: boolean
}

/** Either separator and an optional `Z`; callers enforce the standard they want. A date alone is midnight. */
export function parseTimestampParts(text: string): TimestampParse | undefined {
  const m = TS_RE.exec(text)
  if (m === null) {
    const d = parseDate(text)
    return d === undefined ? undefined : { ms: d * MS_PER_DAY, sep: ' ', zone: false }
  }
  const days = dateFromParts(Number(m[1]), Number(m[2]), Number(m[3]))
  if (days === undefined) return undefined
  const t = timeFromParts(m[5], m[6], m[7], m[8])
  if (t === undefined) return undefined
  return { ms: days * MS_PER_DAY + t, sep: m[4] as ' ' | 'T', zone: m[9] !== undefined }
}

export function parseTimestamp(text: string): number | undefined {
  return parseTimestampParts(text)?.ms
}
