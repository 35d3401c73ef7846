/**
 * COUNT, SUM, SUM0, AVG and the variance family. All are retractable by construction (they keep the count of
 * non-null values), so the same accumulators serve append-only and updating inputs.
 */
import type { DataType } from '../../sql/data-type.js'
import { addI64, bigOf, canonI64, subI64, type I64 } from '../../runtime/expr/int64.js'
import { divHalfUp, fromDouble, numOps, pow10, toDouble, type AggFunction } from './agg-function.js'

export class CountAgg implements AggFunction<number> {
  init(): number {
    return 0
  }
  add(acc: number, v: unknown): number {
    return v === null ? acc : acc + 1
  }
  retract(acc: number, v: unknown): number {
    return v === null ? acc : acc - 1
  }
  merge(acc: number, other: number): number {
    return acc + other
  }
  result(acc: number): number {
    return acc
  }
}

/** [sum, number of non-null values]. SUM is null without non-null values, SUM0 is zero. */
type SumAcc = [unknown, number]

export class SumAgg implements AggFunction<SumAcc> {
  private readonly ops
  constructor(
    out: DataType,
    input: DataType,
    private readonly zeroWhenEmpty: boolean,
  ) {
    this.ops = numOps(out, input)
  }
  init(): SumAcc {
    return [this.ops.zero, 0]
  }
  add(acc: SumAcc, v: unknown): SumAcc {
    if (v === null) return acc
    acc[0] = this.ops.add(acc[0], this.ops.conv(v))
    acc[1]++
    return acc
  }
  retract(acc: SumAcc, v: unknown): SumAcc {
    if (v === null) return acc
    acc[0] = this.ops.sub(acc[0], this.ops.conv(v))
    acc[1]--
    return acc
  }
  merge(acc: SumAcc, other: SumAcc): SumAcc {
    acc[0] = this.ops.add(acc[0], other[0])
    acc[1] += other[1]
    return acc
  }
  result(acc: SumAcc): unknown {
    if (acc[1] === 0) return this.zeroWhenEmpty ? this.ops.zero : null
    return acc[0]
  }
}

/**
 * AVG keeps an exact sum in the argument's domain (BIGINT for integers, the scaled bigint for DECIMAL, double
 * otherwise) and divides at the end in the result type: integer averages truncate (AVG of INT is an INT),
 * DECIMAL ones round half up to the result scale.
 */
export class AvgAgg implements AggFunction<SumAcc> {
  private readonly kind: 'int' | 'decimal' | 'double'
  constructor(
    private readonly out: DataType,
    private readonly input: DataType,
  ) {
    const k = input.kind
    this.kind = k === 'TINYINT' || k === 'SMALLINT' || k === 'INT' || k === 'BIGINT' ? 'int' : k === 'DECIMAL' ? 'decimal' : 'double'
  }
  init(): SumAcc {
    return [this.kind === 'decimal' ? 0n : 0, 0]
  }
  add(acc: SumAcc, v: unknown): SumAcc {
    if (v === null) return acc
    if (this.kind === 'int') acc[0] = addI64(acc[0] as I64, v as I64)
    else if (this.kind === 'decimal') acc[0] = (acc[0] as bigint) + (v as bigint)
    else acc[0] = (acc[0] as number) + (v as number)
    acc[1]++
    return acc
  }
  retract(acc: SumAcc, v: unknown): SumAcc {
    if (v === null) return acc
    if (this.kind === 'int') acc[0] = subI64(acc[0] as I64, v as I64)
    else if (this.kind === 'decimal') acc[0] = (acc[0] as bigint) - (v as bigint)
    else acc[0] = (acc[0] as number) - (v as number)
    acc[1]--
    return acc
  }
  merge(acc: SumAcc, other: SumAcc): SumAcc {
    if (this.kind === 'int') acc[0] = addI64(acc[0] as I64, other[0] as I64)
    else if (this.kind === 'decimal') acc[0] = (acc[0] as bigint) + (other[0] as bigint)
    else acc[0] = (acc[0] as number) + (other[0] as number)
    acc[1] += other[1]
    return acc
  }
  result(acc: SumAcc): unknown {
    const n = acc[1]
    if (n <= 0) return null
    const out = this.out
    if (out.kind === 'DECIMAL') {
      const inScale = this.input.kind === 'DECIMAL' ? this.input.scale : 0
      const sum = this.kind === 'double' ? (fromDouble(acc[0] as number, { ...out, scale: inScale }) as bigint) : bigOf(acc[0] as I64)
      const shift = out.scale - inScale
      return shift >= 0 ? divHalfUp(sum * pow10(shift), BigInt(n)) : divHalfUp(sum, BigInt(n) * pow10(-shift))
    }
    if (out.kind === 'DOUBLE' || out.kind === 'FLOAT') {
      const d = toDouble(this.kind === 'int' ? Number(acc[0]) : acc[0], this.input) / n
      return out.kind === 'FLOAT' ? Math.fround(d) : d
    }
    if (this.kind === 'int') {
      const q = canonI64(bigOf(acc[0] as I64) / BigInt(n))
      return out.kind === 'BIGINT' ? q : Number(q)
    }
    return fromDouble(toDouble(acc[0], this.input) / n, out)
  }
}

export type VarianceKind = 'VAR_POP' | 'VAR_SAMP' | 'STDDEV_POP' | 'STDDEV_SAMP'

/** [count, sum, sum of squares] in doubles, as Flink's rewrite to SUM/COUNT computes them. */
type VarAcc = [number, number, number]

export class VarianceAgg implements AggFunction<VarAcc> {
  constructor(
    private readonly fn: VarianceKind,
    private readonly out: DataType,
    private readonly input: DataType,
  ) {}
  init(): VarAcc {
    return [0, 0, 0]
  }
  add(acc: VarAcc, v: unknown): VarAcc {
    if (v === null) return acc
    const d = toDouble(v, this.input)
    acc[0]++
    acc[1] += d
    acc[2] += d * d
    return acc
  }
  retract(acc: VarAcc, v: unknown): VarAcc {
    if (v === null) return acc
    const d = toDouble(v, this.input)
    acc[0]--
    acc[1] -= d
    acc[2] -= d * d
    return acc
  }
  merge(acc: VarAcc, other: VarAcc): VarAcc {
    acc[0] += other[0]
    acc[1] += other[1]
    acc[2] += other[2]
    return acc
  }
  result(acc: VarAcc): unknown {
    const [n, sum, sumSq] = acc
    const sample = this.fn === 'VAR_SAMP' || this.fn === 'STDDEV_SAMP'
    if (n <= 0 || (sample && n === 1)) return null
    const variance = Math.max(0, (sumSq - (sum * sum) / n) / (sample ? n - 1 : n))
    const r = this.fn.startsWith('STDDEV') ? Math.sqrt(variance) : variance
    return fromDouble(r, this.out)
  }
}
