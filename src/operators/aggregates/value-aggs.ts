/**
 * MIN/MAX, FIRST_VALUE/LAST_VALUE, LISTAGG and COLLECT. Append-only inputs get the small accumulators; inputs
 * with retractions get ones that remember enough to undo (value counts for MIN/MAX, arrival order for
 * FIRST/LAST_VALUE and LISTAGG), as Flink's *WithRetract functions do.
 */
import { encodeValue } from '../../state/key-groups.js'
import { EngineError } from '../../errors.js'
import { compareValues, valuesEqual } from '../row-utils.js'
import type { AggFunction } from './agg-function.js'

function noRetract(fn: string): never {
  throw new EngineError('INTERNAL', `${fn} was planned without retraction support but received a retraction`, { domain: 'internal' })
}

/** MIN/MAX over append-only input: just the current extreme. */
export class ExtremeAgg implements AggFunction<unknown> {
  constructor(private readonly sign: 1 | -1) {}
  init(): unknown {
    return null
  }
  add(acc: unknown, v: unknown): unknown {
    if (v === null) return acc
    return acc === null || this.sign * compareValues(v, acc) < 0 ? v : acc
  }
  retract(): unknown {
    return noRetract(this.sign === 1 ? 'MIN' : 'MAX')
  }
  merge(acc: unknown, other: unknown): unknown {
    return this.add(acc, other)
  }
  result(acc: unknown): unknown {
    return acc
  }
}

/** [value -> [value, count], current extreme]: retracting the extreme rescans the remaining values. */
type RetractExtremeAcc = [Map<string, [unknown, number]>, unknown]

export class RetractableExtremeAgg implements AggFunction<RetractExtremeAcc> {
  constructor(private readonly sign: 1 | -1) {}
  init(): RetractExtremeAcc {
    return [new Map(), null]
  }
  add(acc: RetractExtremeAcc, v: unknown): RetractExtremeAcc {
    if (v === null) return acc
    const k = encodeValue(v)
    const e = acc[0].get(k)
    if (e === undefined) acc[0].set(k, [v, 1])
    else e[1]++
    if (acc[1] === null || this.sign * compareValues(v, acc[1]) < 0) acc[1] = v
    return acc
  }
  retract(acc: RetractExtremeAcc, v: unknown): RetractExtremeAcc {
    if (v === null) return acc
    const k = encodeValue(v)
    const e = acc[0].get(k)
    if (e === undefined) return acc // retraction of a value never seen (e.g. after state expiry): ignore
    if (--e[1] > 0) return acc
    acc[0].delete(k)
    if (acc[1] !== null && compareValues(acc[1], v) === 0) acc[1] = this.rescan(acc[0])
    return acc
  }
  merge(acc: RetractExtremeAcc, other: RetractExtremeAcc): RetractExtremeAcc {
    for (const [k, [v, n]] of other[0]) {
      const e = acc[0].get(k)
      if (e === undefined) acc[0].set(k, [v, n])
      else e[1] += n
    }
    acc[1] = this.rescan(acc[0])
    return acc
  }
  result(acc: RetractExtremeAcc): unknown {
    return acc[1]
  }
  private rescan(m: Map<string, [unknown, number]>): unknown {
    let best: unknown = null
    for (const [v] of m.values()) if (best === null || this.sign * compareValues(v, best) < 0) best = v
    return best
  }
}

/** FIRST_VALUE / LAST_VALUE over append-only input (null values are skipped, as in Flink). */
export class FirstLastAgg implements AggFunction<unknown> {
  constructor(private readonly last: boolean) {}
  init(): unknown {
    return null
  }
  add(acc: unknown, v: unknown): unknown {
    if (v === null) return acc
    return this.last || acc === null ? v : acc
  }
  retract(): unknown {
    return noRetract(this.last ? 'LAST_VALUE' : 'FIRST_VALUE')
  }
  merge(acc: unknown, other: unknown): unknown {
    if (other === null) return acc
    return this.last || acc === null ? other : acc
  }
  result(acc: unknown): unknown {
    return acc
  }
}

/** Values in arrival order; a retraction removes the oldest equal value. */
export class RetractableFirstLastAgg implements AggFunction<unknown[]> {
  constructor(private readonly last: boolean) {}
  init(): unknown[] {
    return []
  }
  add(acc: unknown[], v: unknown): unknown[] {
    if (v !== null) acc.push(v)
    return acc
  }
  retract(acc: unknown[], v: unknown): unknown[] {
    if (v === null) return acc
    const i = acc.findIndex((x) => valuesEqual(x, v))
    if (i >= 0) acc.splice(i, 1)
    return acc
  }
  merge(acc: unknown[], other: unknown[]): unknown[] {
    for (const v of other) acc.push(v)
    return acc
  }
  result(acc: unknown[]): unknown {
    return (this.last ? acc[acc.length - 1] : acc[0]) ?? null
  }
}

/**
 * LISTAGG(expr [, separator]): [values in arrival order, separator]. The separator is a constant or, when given
 * as a field, the last one seen. Null values are skipped; no values gives NULL.
 */
type ListAggAcc = [string[], string]

export class ListAggAgg implements AggFunction<ListAggAcc> {
  constructor(
    private readonly separator: string,
    private readonly separatorFromArg: boolean,
  ) {}
  init(): ListAggAcc {
    return [[], this.separator]
  }
  add(acc: ListAggAcc, v: unknown): ListAggAcc {
    const [value, sep] = this.split(v)
    if (value === null) return acc
    acc[0].push(value)
    if (sep !== null) acc[1] = sep
    return acc
  }
  retract(acc: ListAggAcc, v: unknown): ListAggAcc {
    const [value] = this.split(v)
    if (value === null) return acc
    const i = acc[0].indexOf(value)
    if (i >= 0) acc[0].splice(i, 1)
    return acc
  }
  merge(acc: ListAggAcc, other: ListAggAcc): ListAggAcc {
    for (const s of other[0]) acc[0].push(s)
    return acc
  }
  result(acc: ListAggAcc): unknown {
    return acc[0].length === 0 ? null : acc[0].join(acc[1])
  }
  private split(v: unknown): [string | null, string | null] {
    if (!this.separatorFromArg) return [v as string | null, null]
    const pair = v as [unknown, unknown] | null
    if (pair === null) return [null, null]
    return [pair[0] as string | null, pair[1] as string | null]
  }
}

/** COLLECT(expr): a MULTISET, element -> count; nulls are skipped. */
export class CollectAgg implements AggFunction<Map<unknown, number>> {
  init(): Map<unknown, number> {
    return new Map()
  }
  add(acc: Map<unknown, number>, v: unknown): Map<unknown, number> {
    if (v !== null) acc.set(v, (acc.get(v) ?? 0) + 1)
    return acc
  }
  retract(acc: Map<unknown, number>, v: unknown): Map<unknown, number> {
    if (v === null) return acc
    const n = acc.get(v)
    if (n === undefined) return acc
    if (n <= 1) acc.delete(v)
    else acc.set(v, n - 1)
    return acc
  }
  merge(acc: Map<unknown, number>, other: Map<unknown, number>): Map<unknown, number> {
    for (const [v, n] of other) acc.set(v, (acc.get(v) ?? 0) + n)
    return acc
  }
  result(acc: Map<unknown, number>): unknown {
    return new Map(acc)
  }
}
