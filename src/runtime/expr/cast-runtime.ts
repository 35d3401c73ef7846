/** Run-time helpers of CAST: string parsing with Flink's rules, narrowing, length adjustment. */
import { exprError, showValue } from './expr-error.js'
import { canonI64, type I64 } from './int64.js'
import { parseDate, parseTime, parseTimestamp } from './date-time.js'

const TRUE_STRINGS = new Set(['t', 'true', 'y', 'yes', '1'])
const FALSE_STRINGS = new Set(['f', 'false', 'n', 'no', '0'])

export function castFailed(value: unknown, target: string): Error {
  return exprError('CAST', `cannot cast ${showValue(value)} to ${target}`)
}

/** Flink's BinaryStringDataUtil.toBoolean: t/true/y/yes/1 and f/false/n/no/0, any case, trimmed. */
export function stringToBoolean(s: string): boolean {
  const t = s.trim().toLowerCase()
  if (TRUE_STRINGS.has(t)) return true
  if (FALSE_STRINGS.has(t)) return false
  throw castFailed(s, 'BOOLEAN')
}

const INTEGER_RE = /^[+-]?\d+(?:\.\d*)?$|^[+-]?\.\d+$/
const LIMITS: Record<string, [bigint, bigint]> = {
  TINYINT: [-128n, 127n],
  SMALLINT: [-32768n, 32767n],
  INT: [-2147483648n, 2147483647n],
  BIGINT: [-9223372036854775808n, 9223372036854775807n],
}

/**
 * Flink's string-to-integer cast: surrounding whitespace ignored, a fractional part is allowed and truncated
 * ('1.9' -> 1), anything else or a value out of the type's range fails.
 */
export function stringToInteger(s: string, kind: 'TINYINT' | 'SMALLINT' | 'INT' | 'BIGINT'): I64 {
  const t = s.trim()
  if (!INTEGER_RE.test(t)) throw castFailed(s, kind)
  const dot = t.indexOf('.')
  const intText = dot < 0 ? t : t.slice(0, dot)
  if (intText.length < 16) {
    const n = intText === '' || intText === '+' || intText === '-' ? 0 : Number(intText)
    const [lo, hi] = LIMITS[kind] as [bigint, bigint]
    if (n < Number(lo) || n > Number(hi)) throw castFailed(s, kind)
    return n === 0 ? 0 : n
  }
  const b = BigInt(intText)
  const [lo, hi] = LIMITS[kind] as [bigint, bigint]
  if (b < lo || b > hi) throw castFailed(s, kind)
  return canonI64(b)
}

const DOUBLE_RE = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[fFdD]?$/

/** Java's Double.parseDouble (decimal forms, NaN, Infinity, optional f/d suffix), trimmed. */
export function stringToDouble(s: string, target = 'DOUBLE'): number {
  const t = s.trim()
  if (!DOUBLE_RE.test(t)) throw castFailed(s, target)
  const body = /[fFdD]$/.test(t) && !t.endsWith('Infinity') ? t.slice(0, -1) : t
  return Number(body)
}

export function stringToFloat(s: string): number {
  return Math.fround(stringToDouble(s, 'FLOAT'))
}

export function stringToDate(s: string): number {
  const d = parseDate(s.trim())
  if (d === undefined) throw castFailed(s, 'DATE')
  return d
}

export function stringToTime(s: string): number {
  const t = parseTime(s)
  if (t === undefined) throw castFailed(s, 'TIME')
  return t
}

export function stringToTimestamp(s: string): number {
  const t = parseTimestamp(s)
  if (t === undefined) throw castFailed(s, 'TIMESTAMP')
  return t
}

/** VARCHAR(n): cut to n characters; CHAR(n): cut or pad with spaces (Flink 1.15+ cast behaviour). */
export function fitString(s: string, length: number, pad: boolean): string {
  if (s.length > length) return s.slice(0, length)
  if (pad && s.length < length) return s.padEnd(length, ' ')
  return s
}

/** VARBINARY(n): cut to n bytes; BINARY(n): cut or pad with zero bytes. */
export function fitBytes(b: Uint8Array, length: number, pad: boolean): Uint8Array {
  if (b.length > length) return b.slice(0, length)
  if (pad && b.length < length) {
    const out = new Uint8Array(length)
    out.set(b)
    return out
  }
  return b
}

const encoder = new TextEncoder()
const strictDecoder = new TextDecoder('utf-8', { fatal: true })

/** CAST(BYTES AS STRING): strict UTF-8 decoding, as Flink's default (malformed input fails the cast). */
export function bytesToString(b: Uint8Array): string {
  try {
    return strictDecoder.decode(b)
  } catch {
    throw exprError('CAST', `the bytes ${showValue(b)} are not valid UTF-8`)
  }
}

export function stringToBytes(s: string): Uint8Array {
  return encoder.encode(s)
}

/** Java's (byte) / (short) on an int. */
export function toTinyint(n: number): number {
  return (n << 24) >> 24
}

export function toSmallint(n: number): number {
  return (n << 16) >> 16
}
