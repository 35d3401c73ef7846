/** Java's Double.toString / Float.toString (shortest round-trip digits), which Flink's CAST(x AS STRING) uses. */

/** Splits a finite, non-zero magnitude into shortest significant digits and a decimal exponent (d.ddd x 10^exp). */
function shortestDigits(abs: number, isFloat: boolean): { digits: string; exp: number } {
  let text: string
  if (isFloat) {
    text = abs.toExponential(8)
    for (let p = 1; p <= 9; p++) {
      const candidate = abs.toExponential(p - 1)
      if (Math.fround(Number.parseFloat(candidate)) === abs) {
        text = candidate
        break
      }
    }
  } else {
    text = abs.toExponential()
  }
  // Java (JDK 19+): when one digit suffices, the closest two-digit decimal is chosen (4.9E-324, not 5.0E-324).
  if (/^\de/.test(text)) {
    const two = abs.toExponential(1)
    if ((isFloat ? Math.fround(Number.parseFloat(two)) : Number.parseFloat(two)) === abs) text = two
  }
  const e = text.indexOf('e')
  const mantissa = text.slice(0, e).replace('.', '')
  return { digits: mantissa.replace(/0+$/, '') || '0', exp: Number(text.slice(e + 1)) }
}

function javaLayout(v: number, isFloat: boolean): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Number.POSITIVE_INFINITY) return 'Infinity'
  if (v === Number.NEGATIVE_INFINITY) return '-Infinity'
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0'
  const sign = v < 0 ? '-' : ''
  const abs = Math.abs(v)
  const { digits, exp } = shortestDigits(abs, isFloat)
  if (abs >= 1e-3 && abs < 1e7) {
    if (exp >= 0) {
      const intLen = exp + 1
      const intPart = digits.length >= intLen ? digits.slice(0, intLen) : digits + '0'.repeat(intLen - digits.length)
      const frac = digits.length > intLen ? digits.slice(intLen) : '0'
      return `${sign}${intPart}.${frac}`
    }
    return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`
  }
  const frac = digits.length > 1 ? digits.slice(1) : '0'
  return `${sign}${digits[0]}.${frac}E${exp}`
}

export function formatDouble(v: number): string {
  return javaLayout(v, false)
}

export function formatFloat(v: number): string {
  return javaLayout(Math.fround(v), true)
}
