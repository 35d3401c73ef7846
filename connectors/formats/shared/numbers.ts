/**
 * Number text as Flink's formats read and write it: Java's Double/Float.toString (what Jackson writes), BigDecimal's
 * toString / toPlainString for DECIMAL (unscaled bigint + scale), and exact parsing of integers and decimals.
 */

/** Java's Double.toString: `1.0`, `0.001`, `1.0E7`, `1.0E-4`, `NaN`, `Infinity`. */
export function javaDoubleToString(d: number): string {
  return javaStyle(d, d.toExponential())
}

/** Java's Float.toString for a float32 value held in a number. */
export function javaFloatToString(f: number): string {
  if (!Number.isFinite(f) || f === 0) return javaStyle(f, '')
  for (let p = 1; p <= 9; p++) {
    const s = f.toExponential(p - 1)
    if (Math.fround(Number(s)) === f) return javaStyle(f, s)
  }
  return javaStyle(f, f.toExponential())
}

function javaStyle(d: number, exp: string): string {
  if (Number.isNaN(d)) return 'NaN'
  if (d === Infinity) return 'Infinity'
  if (d === -Infinity) return '-Infinity'
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0'
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(exp)
  if (m === null) return String(d)
  const sign = m[1] as string
  const digits = (m[2] as string) + (m[3] ?? '')
  const e = Number(m[4])
  const abs = Math.abs(d)
  if (abs >= 1e-3 && abs < 1e7) {
    if (e >= 0) {
      const intPart = digits.slice(0, e + 1).padEnd(e + 1, '0')
      const frac = digits.slice(e + 1)
      return `${sign}${intPart}.${frac === '' ? '0' : frac}`
    }
    return `${sign}0.${'0'.repeat(-e - 1)}${digits}`
  }
  const frac = digits.slice(1)
  return `${sign}${digits[0]}.${frac === '' ? '0' : frac}E${e}`
}

const DECIMAL_RE = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/

/**
 * Exact decimal text to the unscaled value at `scale`, rounding half-up as BigDecimal.setScale(HALF_UP);
 * null when it does not fit `precision` digits (Flink's DecimalData.fromBigDecimal), undefined when not a number.
 */
export function parseDecimal(text: string, precision: number, scale: number): bigint | null | undefined {
  const m = DECIMAL_RE.exec(text)
  if (m === null) return undefined
  const intDigits = m[2] ?? ''
  const fracDigits = m[3] ?? ''
  if (intDigits === '' && fracDigits === '') return undefined
  const exp = m[4] === undefined ? 0 : Number(m[4])
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 100_000) return undefined
  let unscaled = BigInt((intDigits + fracDigits).replace(/^0+(?=\d)/, '') || '0')
  // The text's own scale is fracDigits.length - exp; shift to the target scale.
  const shift = scale - (fracDigits.length - exp)
  if (shift >= 0) unscaled *= 10n ** BigInt(shift)
  else {
    const div = 10n ** BigInt(-shift)
    const q = unscaled / div
    const r = unscaled % div
    unscaled = r * 2n >= div ? q + 1n : q
  }
  if (m[1] === '-') unscaled = -unscaled
  const limit = 10n ** BigInt(precision)
  if (unscaled >= limit || unscaled <= -limit) return null
  return unscaled
}

/** BigDecimal.toPlainString of unscaled/scale. */
export function decimalToPlainString(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n
  let digits = (neg ? -unscaled : unscaled).toString()
  let out: string
  if (scale <= 0) out = digits + '0'.repeat(-scale)
  else {
    if (digits.length <= scale) digits = digits.padStart(scale + 1, '0')
    out = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`
  }
  return neg ? '-' + out : out
}

/** BigDecimal.toString: plain unless the scale is negative or the adjusted exponent is below -6. */
export function decimalToJavaString(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n
  const digits = (neg ? -unscaled : unscaled).toString()
  const adjusted = digits.length - 1 - scale
  if (scale >= 0 && adjusted >= -6) return decimalToPlainString(unscaled, scale)
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
  return `${neg ? '-' : ''}${mant}E${adjusted >= 0 ? '+' : ''}${adjusted}`
}

const INT_RE = /^\s*[+-]?\d+\s*$/

/** Exact integer text to BIGINT's representation (number when safe, bigint otherwise); undefined if out of range. */
export function parseBigint(text: string): number | bigint | undefined {
  if (!INT_RE.test(text)) return undefined
  const n = Number(text)
  if (Number.isSafeInteger(n)) return n
  const b = BigInt(text.trim())
  if (b > 9223372036854775807n || b < -9223372036854775808n) return undefined
  return b
}

/** Integer text within [min, max] (TINYINT, SMALLINT, INT). */
export function parseIntIn(text: string, min: number, max: number): number | undefined {
  if (!INT_RE.test(text)) return undefined
  const n = Number(text)
  return n >= min && n <= max ? n : undefined
}

/** Java's Double.parseDouble: decimal text, `NaN`, `Infinity`, with an optional f/d suffix. */
export function parseJavaDouble(text: string): number | undefined {
  const t = text.trim()
  if (t === 'NaN') return NaN
  if (t === 'Infinity' || t === '+Infinity') return Infinity
  if (t === '-Infinity') return -Infinity
  const core = /[fFdD]$/.test(t) ? t.slice(0, -1) : t
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(core)) return undefined
  return Number(core)
}

export const INT_RANGES: Readonly<Record<'TINYINT' | 'SMALLINT' | 'INT', readonly [number, number]>> = {
  TINYINT: [-128, 127],
  SMALLINT: [-32768, 32767],
  INT: [-2147483648, 2147483647],
}
