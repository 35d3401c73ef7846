/**
 * BIGINT arithmetic with Java's 64-bit wrap-around. Values are numbers when safe, otherwise bigint (canonical
 * form, see src/plan/rex.ts); the fast path stays on numbers and falls back to BigInt only when a result leaves
 * the safe range.
 */
import { exprError } from './expr-error.js'

export type I64 = number | bigint

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER)
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** Canonical BIGINT value of a bigint already in 64-bit range. */
export function canonI64(b: bigint): I64 {
  return b >= MIN_SAFE && b <= MAX_SAFE ? Number(b) : b
}

/** Wraps to 64 bits as Java does and canonicalises. */
export function wrapI64(b: bigint): I64 {
  return canonI64(BigInt.asIntN(64, b))
}

export function bigOf(a: I64): bigint {
  return typeof a === 'bigint' ? a : BigInt(a)
}

export function addI64(a: I64, b: I64): I64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b
    if (Number.isSafeInteger(s)) return s
  }
  return wrapI64(bigOf(a) + bigOf(b))
}

export function subI64(a: I64, b: I64): I64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a - b
    if (Number.isSafeInteger(s)) return s === 0 ? 0 : s
  }
  return wrapI64(bigOf(a) - bigOf(b))
}

export function mulI64(a: I64, b: I64): I64 {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a * b
    // A product whose magnitude stays below 2^53 is computed exactly; -0 becomes 0.
    if (Number.isSafeInteger(s)) return s === 0 ? 0 : s
  }
  return wrapI64(bigOf(a) * bigOf(b))
}

export function divI64(a: I64, b: I64): I64 {
  if (b === 0 || b === 0n) throw exprError('/', `division by zero (${String(a)} / 0)`)
  if (typeof a === 'number' && typeof b === 'number') {
    const r = (a - (a % b)) / b
    return r === 0 ? 0 : r
  }
  return wrapI64(bigOf(a) / bigOf(b))
}

export function modI64(a: I64, b: I64): I64 {
  if (b === 0 || b === 0n) throw exprError('MOD', `division by zero (${String(a)} % 0)`)
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a % b
    return r === 0 ? 0 : r
  }
  return canonI64(bigOf(a) % bigOf(b))
}

export function negI64(a: I64): I64 {
  if (typeof a === 'number') return a === 0 ? 0 : -a
  return wrapI64(-a)
}

export function absI64(a: I64): I64 {
  if (typeof a === 'number') return Math.abs(a)
  return wrapI64(a < 0n ? -a : a)
}

/** Java's (int) on a long: the low 32 bits. */
export function i64ToInt(a: I64): number {
  return typeof a === 'number' ? a | 0 : Number(BigInt.asIntN(32, a))
}

/** Java's (long) on a double: truncation, saturation, NaN -> 0. */
export function doubleToI64(d: number): I64 {
  if (Number.isNaN(d)) return 0
  const t = Math.trunc(d)
  if (Number.isSafeInteger(t)) return t === 0 ? 0 : t
  if (t >= 9223372036854775807) return 9223372036854775807n
  if (t <= -9223372036854775808) return -9223372036854775808n
  return canonI64(BigInt(t))
}

/** Java's (int) on a double. */
export function doubleToInt(d: number): number {
  if (Number.isNaN(d)) return 0
  if (d >= 2147483647) return 2147483647
  if (d <= -2147483648) return -2147483648
  return Math.trunc(d) | 0
}

export function i64ToDouble(a: I64): number {
  return typeof a === 'number' ? a : Number(a)
}
