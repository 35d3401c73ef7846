/** Run-time helpers of the numeric built-ins (ROUND/TRUNCATE as Flink, Java's Random for seeded RAND). */
import { checkPrecision, decimalToDouble, divHalfUp, parseDecimalParts, pow10, rescale, rescaleDown } from './decimal.js'
import { canonI64, type I64 } from './int64.js'

/** ROUND/TRUNCATE of a decimal (unscaled u at scale s) to d digits, represented at result scale rs (precision p). */
export function roundDecimal(u: bigint, s: number, d: number, rs: number, p: number, truncate: boolean): bigint | null {
  let r: bigint
  if (d >= s) {
    r = u
    return checkPrecision(rs >= s ? r * pow10(rs - s) : divHalfUp(r, pow10(s - rs)), p)
  }
  const f = pow10(s - d)
  r = truncate ? u / f : divHalfUp(u, f) // now at scale d
  return checkPrecision(rs >= d ? r * pow10(rs - d) : r / pow10(d - rs), p)
}

/** ROUND/TRUNCATE of an integer to d digits (only negative d changes it): HALF_UP, as BigDecimal. */
export function roundInteger(v: I64, d: number, truncate: boolean): I64 {
  if (d >= 0) return v
  const f = pow10(-d)
  const b = typeof v === 'bigint' ? v : BigInt(v)
  const r = (truncate ? b / f : divHalfUp(b, f)) * f
  return canonI64(BigInt.asIntN(64, r))
}

/** ROUND/TRUNCATE of a double: BigDecimal.valueOf(x) (its shortest decimal text) rounded HALF_UP, back to double. */
export function roundDouble(x: number, d: number, truncate: boolean): number {
  if (!Number.isFinite(x)) return x
  const parts = parseDecimalParts(String(x))
  if (parts === undefined) return x
  const u = truncate ? rescaleDown(parts.unscaled, parts.scale, d) : rescale(parts.unscaled, parts.scale, d)
  const v = d >= 0 ? decimalToDouble(u, d) : Number(u) * 10 ** -d
  return v === 0 ? 0 : v
}

/** java.util.Random (48-bit LCG) so seeded RAND/RAND_INTEGER give Flink's sequences. */
export class JavaRandom {
  private seed: bigint
  constructor(seed: number | bigint) {
    this.seed = (BigInt.asIntN(64, BigInt(seed)) ^ 0x5deece66dn) & ((1n << 48n) - 1n)
  }
  private next(bits: number): number {
    this.seed = (this.seed * 0x5deece66dn + 0xbn) & ((1n << 48n) - 1n)
    return Number(BigInt.asIntN(32, this.seed >> BigInt(48 - bits)))
  }
  nextDouble(): number {
    return (this.next(26) * 2 ** 27 + this.next(27)) * 2 ** -53
  }
  nextInt(bound: number): number {
    if (bound <= 0) throw new RangeError('bound must be positive')
    if ((bound & -bound) === bound) return Number((BigInt(bound) * BigInt(this.next(31))) >> 31n)
    let bits: number
    let val: number
    do {
      bits = this.next(31)
      val = bits % bound
    } while (bits - val + (bound - 1) >= 2 ** 31)
    return val
  }
}

export function randomInt(bound: number): number {
  return Math.floor(Math.random() * bound)
}
