/**
 * The accumulator contract and numeric helpers. Accumulators live in keyed state, so they are plain data
 * (numbers, bigints, strings, arrays, Maps): structured-clone safe and backend independent. Functions may mutate
 * an accumulator in place but always return the (possibly new) accumulator, so primitive accumulators work too.
 */
import type { DataType } from '../../sql/data-type.js'
import { addI64, doubleToI64, subI64, type I64 } from '../../runtime/expr/int64.js'

export interface AggFunction<A = unknown> {
  init(): A
  /** `v` is the argument value (null when SQL NULL); COUNT(*) receives 1. */
  add(acc: A, v: unknown): A
  retract(acc: A, v: unknown): A
  /** Folds `other` into `acc` (session window merging). */
  merge(acc: A, other: A): A
  /** The SQL result; never aliases mutable accumulator data. */
  result(acc: A): unknown
}

const POW10: bigint[] = []
export function pow10(n: number): bigint {
  let p = POW10[n]
  if (p === undefined) POW10[n] = p = 10n ** BigInt(n)
  return p
}

/** Division of bigints rounding half away from zero (Java's RoundingMode.HALF_UP). */
export function divHalfUp(a: bigint, b: bigint): bigint {
  if (b < 0n) {
    a = -a
    b = -b
  }
  const q = a / b
  const r = a % b
  if (r === 0n) return q
  const twice = (r < 0n ? -r : r) * 2n
  if (twice >= b) return a < 0n ? q - 1n : q + 1n
  return q
}

export function rescaleDecimal(v: bigint, from: number, to: number): bigint {
  if (to === from) return v
  return to > from ? v * pow10(to - from) : divHalfUp(v, pow10(from - to))
}

function scaleOf(t: DataType): number {
  return t.kind === 'DECIMAL' ? t.scale : 0
}

/** A numeric argument as a double (DECIMAL from its scaled bigint). */
export function toDouble(v: unknown, type: DataType): number {
  if (typeof v === 'bigint') return type.kind === 'DECIMAL' ? Number(v) / 10 ** type.scale : Number(v)
  return v as number
}

/** Casts an exact or approximate numeric value to `type`, as the result of an aggregate. */
export function fromDouble(d: number, type: DataType): unknown {
  switch (type.kind) {
    case 'TINYINT':
      return (Math.trunc(d) << 24) >> 24
    case 'SMALLINT':
      return (Math.trunc(d) << 16) >> 16
    case 'INT':
      return Math.trunc(d) | 0
    case 'BIGINT':
      return doubleToI64(d)
    case 'FLOAT':
      return Math.fround(d)
    case 'DECIMAL': {
      if (!Number.isFinite(d)) return null
      // toFixed switches to exponent notation from 1e21 on; such doubles are integers anyway.
      if (Math.abs(d) >= 1e21) return BigInt(d) * pow10(type.scale)
      // Through the decimal string so 0.1 stays 0.1 rather than its binary expansion.
      const [int = '0', frac = ''] = Math.abs(d).toFixed(Math.min(type.scale + 1, 100)).split('.')
      const scaled = BigInt(int + frac)
      const v = divHalfUp(scaled, 10n)
      return d < 0 ? -v : v
    }
    default:
      return d
  }
}

/** Arithmetic in the result type of SUM/SUM0 (Java overflow semantics for the integer types). */
export interface NumOps {
  readonly zero: unknown
  add(a: unknown, b: unknown): unknown
  sub(a: unknown, b: unknown): unknown
  /** Converts an argument of the input type to the result type's representation. */
  conv(v: unknown): unknown
}

export function numOps(out: DataType, input: DataType): NumOps {
  switch (out.kind) {
    case 'TINYINT':
      return { zero: 0, add: (a, b) => (((a as number) + (b as number)) << 24) >> 24, sub: (a, b) => (((a as number) - (b as number)) << 24) >> 24, conv: (v) => Number(v) }
    case 'SMALLINT':
      return { zero: 0, add: (a, b) => (((a as number) + (b as number)) << 16) >> 16, sub: (a, b) => (((a as number) - (b as number)) << 16) >> 16, conv: (v) => Number(v) }
    case 'INT':
      return { zero: 0, add: (a, b) => ((a as number) + (b as number)) | 0, sub: (a, b) => ((a as number) - (b as number)) | 0, conv: (v) => Number(v) }
    case 'BIGINT':
      return { zero: 0, add: (a, b) => addI64(a as I64, b as I64), sub: (a, b) => subI64(a as I64, b as I64), conv: (v) => v }
    case 'FLOAT':
      return { zero: 0, add: (a, b) => Math.fround((a as number) + (b as number)), sub: (a, b) => Math.fround((a as number) - (b as number)), conv: (v) => toDouble(v, input) }
    case 'DECIMAL': {
      const from = scaleOf(input)
      const to = out.scale
      const conv = (v: unknown): unknown => {
        if (typeof v === 'bigint') return input.kind === 'DECIMAL' ? rescaleDecimal(v, from, to) : v * pow10(to)
        return Number.isInteger(v) && input.kind !== 'DOUBLE' && input.kind !== 'FLOAT' ? BigInt(v as number) * pow10(to) : fromDouble(v as number, out)
      }
      return { zero: 0n, add: (a, b) => (a as bigint) + (b as bigint), sub: (a, b) => (a as bigint) - (b as bigint), conv }
    }
    default:
      // DOUBLE and the interval types (plain numbers).
      return { zero: 0, add: (a, b) => (a as number) + (b as number), sub: (a, b) => (a as number) - (b as number), conv: (v) => toDouble(v, input) }
  }
}
