/**
 * DECIMAL(p, s) values are bigints holding the unscaled value. Results follow Flink's DecimalDataUtils: compute
 * exactly, round HALF_UP to the result scale, and give NULL when the result does not fit the precision.
 */
import { exprError } from './expr-error.js'

const POW10: bigint[] = []
{
  let p = 1n
  for (let i = 0; i <= 120; i++) {
    POW10.push(p)
    p *= 10n
  }
}

export function pow10(n: number): bigint {
  const p = POW10[n]
  if (p !== undefined) return p
  return 10n ** BigInt(n)
}

/** Division rounding HALF_UP (away from zero on a tie), as BigDecimal does. */
export function divHalfUp(n: bigint, d: bigint): bigint {
  const q = n / d
  const r = n % d
  if (r === 0n) return q
  const r2 = (r < 0n ? -r : r) * 2n
  const ad = d < 0n ? -d : d
  if (r2 >= ad) return (n < 0n) !== (d < 0n) ? q - 1n : q + 1n
  return q
}

/** Rescales an unscaled value from scale `from` to scale `to`, HALF_UP. */
export function rescale(u: bigint, from: number, to: number): bigint {
  if (to === from) return u
  if (to > from) return u * pow10(to - from)
  return divHalfUp(u, pow10(from - to))
}

/** Truncating rescale (toward zero), used by casts to integers. */
export function rescaleDown(u: bigint, from: number, to: number): bigint {
  return to >= from ? u * pow10(to - from) : u / pow10(from - to)
}

export function fitsPrecision(u: bigint, precision: number): boolean {
  const lim = pow10(precision)
  return u < lim && u > -lim
}

/** null when it overflows the precision (Flink's DecimalData.fromBigDecimal). */
export function checkPrecision(u: bigint, precision: number): bigint | null {
  return fitsPrecision(u, precision) ? u : null
}

/** Plain rendering with exactly `scale` fraction digits (BigDecimal.toPlainString). */
export function formatDecimal(u: bigint, scale: number): string {
  const neg = u < 0n
  let digits = (neg ? -u : u).toString()
  if (scale <= 0) return (neg ? '-' : '') + digits + (scale < 0 ? '0'.repeat(-scale) : '')
  if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits
  const cut = digits.length - scale
  return `${neg ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/**
 * Parses decimal text to an unscaled value at `scale` (HALF_UP), or undefined when the text is not a number.
 * Surrounding whitespace is ignored, as in Flink's string-to-decimal cast.
 */
export function parseDecimalText(text: string, scale: number): bigint | undefined {
  const parts = parseDecimalParts(text)
  return parts === undefined ? undefined : rescale(parts.unscaled, parts.scale, scale)
}

/** The exact value of decimal text as an unscaled value and its scale (scale may be negative). */
export function parseDecimalParts(text: string): { unscaled: bigint; scale: number } | undefined {
  const m = DECIMAL_RE.exec(text.trim())
  if (m === null) return undefined
  const intPart = m[2] ?? ''
  const fracPart = m[3] ?? ''
  if (intPart === '' && fracPart === '') return undefined
  const exp = m[4] === undefined ? 0 : Number(m[4])
  if (!Number.isFinite(exp) || Math.abs(exp) > 10000) return undefined
  let u = BigInt((intPart + fracPart).replace(/^0+(?=\d)/, '') || '0')
  if (m[1] === '-') u = -u
  return { unscaled: u, scale: fracPart.length - exp }
}

export function decimalFromInteger(v: number | bigint, scale: number): bigint {
  return (typeof v === 'bigint' ? v : BigInt(v)) * pow10(scale)
}

/** Shortest decimal text of a double, parsed at `scale`; NaN and infinities have no decimal value (null). */
export function decimalFromDouble(d: number, scale: number): bigint | null {
  if (!Number.isFinite(d)) return null
  return parseDecimalText(String(d), scale) ?? null
}

export function decimalToDouble(u: bigint, scale: number): number {
  // Both operands exact and the division correctly rounded: exact result when the magnitudes allow.
  if (scale <= 22 && u <= 9007199254740991n && u >= -9007199254740991n) return Number(u) / 10 ** scale
  return Number.parseFloat(formatDecimal(u, scale))
}

// ---- arithmetic (specialised closures: the scales and precision are fixed per call site) ----

export type DecimalBinary = (a: bigint, b: bigint) => bigint | null

export function decimalAdd(s1: number, s2: number, p: number, s: number, subtract: boolean): DecimalBinary {
  const m = Math.max(s1, s2)
  const f1 = pow10(m - s1)
  const f2 = pow10(m - s2)
  if (m === s) {
    return subtract ? (a, b) => checkPrecision(a * f1 - b * f2, p) : (a, b) => checkPrecision(a * f1 + b * f2, p)
  }
  return subtract
    ? (a, b) => checkPrecision(rescale(a * f1 - b * f2, m, s), p)
    : (a, b) => checkPrecision(rescale(a * f1 + b * f2, m, s), p)
}

export function decimalMultiply(s1: number, s2: number, p: number, s: number): DecimalBinary {
  const m = s1 + s2
  return (a, b) => checkPrecision(rescale(a * b, m, s), p)
}

export function decimalDivide(s1: number, s2: number, p: number, s: number): DecimalBinary {
  const e = s + s2 - s1
  const up = e >= 0 ? pow10(e) : 1n
  const down = e < 0 ? pow10(-e) : 1n
  return (a, b) => {
    if (b === 0n) throw exprError('/', 'division by zero')
    return checkPrecision(divHalfUp(a * up, b * down), p)
  }
}

export function decimalMod(s1: number, s2: number, p: number, s: number): DecimalBinary {
  const m = Math.max(s1, s2)
  const f1 = pow10(m - s1)
  const f2 = pow10(m - s2)
  return (a, b) => {
    if (b === 0n) throw exprError('MOD', 'division by zero')
    return checkPrecision(rescale((a * f1) % (b * f2), m, s), p)
  }
}

/** Compares two decimals of possibly different scales. */
export function compareDecimals(a: bigint, sa: number, b: bigint, sb: number): number {
  const m = Math.max(sa, sb)
  const x = a * pow10(m - sa)
  const y = b * pow10(m - sb)
  return x < y ? -1 : x > y ? 1 : 0
}
