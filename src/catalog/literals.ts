/**
 * SQL literal text -> runtime values and types (see the value representation in src/plan/rex.ts).
 * Returns undefined for text that does not parse; callers raise positioned errors.
 */
import type { DataType } from '../sql/data-type.js'
import type { IntervalLiteral, TimeUnit } from '../sql/ast.js'
import { T } from './type-inference.js'

const INT_MIN = -2147483648
const INT_MAX = 2147483647

/** Flink: an integer literal is INT when it fits, else BIGINT; with a point DECIMAL(p, s); with an exponent DOUBLE. */
export function numericLiteral(text: string): { value: unknown; type: DataType } | undefined {
  const t = text.trim()
  if (/^[0-9]+$/.test(t)) {
    const b = BigInt(t)
    if (b <= BigInt(INT_MAX)) return { value: Number(b), type: T.int(false) }
    if (b <= 9223372036854775807n) return { value: Number.isSafeInteger(Number(b)) ? Number(b) : b, type: T.bigint(false) }
    const digits = t.replace(/^0+(?=\d)/, '').length
    return digits <= 38 ? { value: b, type: T.decimal(digits, 0, false) } : undefined
  }
  if (/^([0-9]+\.[0-9]*|\.[0-9]+)$/.test(t)) {
    const [ip = '', fp = ''] = t.split('.')
    const intDigits = ip.replace(/^0+/, '')
    const scale = fp.length
    const precision = Math.max(1, intDigits.length + scale)
    if (precision > 38) return { value: Number(t), type: T.double(false) }
    return { value: BigInt((intDigits || '0') + fp), type: T.decimal(Math.max(precision, scale), scale, false) }
  }
  if (/^([0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+$/.test(t)) return { value: Number(t), type: T.double(false) }
  return undefined
}

/** A negated INT literal that only fits negated (-2147483648) stays INT. */
export function negateNumeric(lit: { value: unknown; type: DataType }): { value: unknown; type: DataType } {
  const v = lit.value
  if (typeof v === 'number') {
    if (lit.type.kind === 'BIGINT' && -v === INT_MIN) return { value: -v, type: T.int(false) }
    return { value: -v, type: lit.type }
  }
  if (typeof v === 'bigint') {
    const n = -v
    if (lit.type.kind === 'BIGINT' && Number.isSafeInteger(Number(n))) return { value: Number(n), type: lit.type }
    return { value: n, type: lit.type }
  }
  return lit
}

const MS: Partial<Record<TimeUnit, number>> = {
  WEEK: 7 * 86400000,
  DAY: 86400000,
  HOUR: 3600000,
  MINUTE: 60000,
  SECOND: 1000,
  MILLISECOND: 1,
  MICROSECOND: 0.001,
  NANOSECOND: 0.000001,
}
const MONTHS: Partial<Record<TimeUnit, number>> = { YEAR: 12, QUARTER: 3, MONTH: 1 }
const DAY_TIME_ORDER: readonly TimeUnit[] = ['DAY', 'HOUR', 'MINUTE', 'SECOND']

/** INTERVAL literal -> milliseconds (DAY TO SECOND family) or months (YEAR TO MONTH family). */
export function intervalLiteral(lit: IntervalLiteral): { value: number; type: DataType } | undefined {
  let text = lit.value.trim()
  let sign = lit.negative ? -1 : 1
  if (text.startsWith('-')) {
    sign = -sign
    text = text.slice(1).trim()
  } else if (text.startsWith('+')) text = text.slice(1).trim()
  const from = lit.from
  const to = lit.to ?? lit.from
  if (from in MONTHS) {
    if (to === 'MONTH' && from === 'YEAR' && lit.to !== undefined) {
      const m = /^(\d+)-(\d+)$/.exec(text)
      if (m === null) return undefined
      return { value: sign * (Number(m[1]) * 12 + Number(m[2])), type: T.intervalYearMonth(false) }
    }
    if (lit.to !== undefined || !/^\d+$/.test(text)) return undefined
    return { value: sign * Number(text) * (MONTHS[from] ?? 1), type: T.intervalYearMonth(false) }
  }
  if (lit.to === undefined) {
    if (!/^\d+(\.\d+)?$/.test(text)) return undefined
    return { value: sign * Math.round(Number(text) * (MS[from] ?? 0) * 1e6) / 1e6, type: T.intervalDayTime(false) }
  }
  const i = DAY_TIME_ORDER.indexOf(from)
  const j = DAY_TIME_ORDER.indexOf(to)
  if (i < 0 || j < i) return undefined
  const parts = text.split(/[ :]/)
  const units = DAY_TIME_ORDER.slice(i, j + 1)
  if (parts.length !== units.length) return undefined
  let ms = 0
  for (let k = 0; k < units.length; k++) {
    const p = parts[k] as string
    const isLast = k === units.length - 1
    if (!(isLast && units[k] === 'SECOND' ? /^\d+(\.\d+)?$/ : /^\d+$/).test(p)) return undefined
    ms += Number(p) * (MS[units[k] as TimeUnit] ?? 0)
  }
  return { value: sign * Math.round(ms * 1e6) / 1e6, type: T.intervalDayTime(false) }
}

const DAY_MS = 86400000

export function parseDate(s: string): number | undefined {
  const m = /^\s*(\d{1,4})-(\d{1,2})-(\d{1,2})\s*$/.exec(s)
  if (m === null) return undefined
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined
  const date = new Date(0)
  date.setUTCFullYear(y, mo - 1, d)
  if (date.getUTCDate() !== d) return undefined
  return Math.floor(date.getTime() / DAY_MS)
}

/** TIME 'hh:mm[:ss[.fff]]' -> { ms of day, precision }. */
export function parseTime(s: string): { value: number; precision: number } | undefined {
  const m = /^\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*$/.exec(s)
  if (m === null) return undefined
  const h = Number(m[1])
  const mi = Number(m[2])
  const sec = Number(m[3] ?? '0')
  if (h > 23 || mi > 59 || sec > 59) return undefined
  const frac = m[4] ?? ''
  const ms = frac === '' ? 0 : Number(`0.${frac}`) * 1000
  return { value: h * 3600000 + mi * 60000 + sec * 1000 + ms, precision: frac.length }
}

/** TIMESTAMP 'yyyy-mm-dd[ T]hh:mm[:ss[.f...]]' -> { ms since epoch of the wall clock read as UTC, precision }. */
export function parseTimestamp(s: string): { value: number; precision: number } | undefined {
  const m = /^\s*(\d{1,4}-\d{1,2}-\d{1,2})(?:[ T](.+?))?\s*$/.exec(s)
  if (m === null) return undefined
  const days = parseDate(m[1] as string)
  if (days === undefined) return undefined
  if (m[2] === undefined) return { value: days * DAY_MS, precision: 0 }
  const t = parseTime(m[2])
  if (t === undefined) return undefined
  return { value: days * DAY_MS + t.value, precision: t.precision }
}

/** Offset of a time zone from UTC at an instant, in ms ('UTC', 'Z', '+08:00', 'GMT+8', or an IANA name). */
export function zoneOffsetMs(epochMs: number, zoneName: string): number {
  // 'default' is table.local-time-zone's default: the machine's zone.
  const zone = zoneName === 'default' ? Intl.DateTimeFormat().resolvedOptions().timeZone : zoneName
  if (zone === 'UTC' || zone === 'Z' || zone === 'GMT') return 0
  const fixed = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone)
  if (fixed !== null) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 3600000 + Number(fixed[3] ?? '0') * 60000)
  try {
    const f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    const parts: Record<string, number> = {}
    for (const p of f.formatToParts(new Date(epochMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value)
    const wall = Date.UTC(parts['year'] ?? 1970, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0)
    return wall - Math.floor(epochMs / 1000) * 1000
  } catch {
    return 0
  }
}

/** Wall-clock ms (read as UTC) in `zone` -> epoch ms. */
export function wallToEpoch(wallMs: number, zone: string): number {
  const guess = wallMs - zoneOffsetMs(wallMs, zone)
  return wallMs - zoneOffsetMs(guess, zone)
}

export function hexToBytes(hex: string): Uint8Array | undefined {
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) return undefined
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}
