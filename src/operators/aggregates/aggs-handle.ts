/**
 * All aggregate calls of one operator as a unit: argument extraction, FILTER (WHERE ...), DISTINCT and the
 * accumulators, in one plain-data array per key (or per key and window). Layout of that array:
 *   [acc of call 0, ..., acc of call n-1, (row count), (distinct maps)]
 * The row count (a hidden COUNT(*), Flink's "count1") tells a group aggregate when a key's last row was retracted.
 * DISTINCT values are counted either in an external store (a MapState, for group aggregates) or embedded in the
 * array (windows, whose accumulators must merge); a value reaches the accumulator only on its first occurrence
 * and leaves it on its last.
 */
import type { AggCall } from '../../plan/physical/stream-nodes.js'
import type { Row } from '../../runtime/row-batch.js'
import type { DataType } from '../../sql/data-type.js'
import { EngineError } from '../../errors.js'
import { encodeValue } from '../../state/key-groups.js'
import type { AggFunction } from './agg-function.js'
import { AvgAgg, CountAgg, SumAgg, VarianceAgg } from './numeric-aggs.js'
import { CollectAgg, ExtremeAgg, FirstLastAgg, ListAggAgg, RetractableExtremeAgg, RetractableFirstLastAgg } from './value-aggs.js'

/** Counts of distinct argument values per aggregate call. */
export interface DistinctStore {
  /** Adds one occurrence; true when the value was absent before. */
  add(agg: number, key: string, value: unknown): boolean
  /** Removes one occurrence; true when it was the last one. */
  remove(agg: number, key: string): boolean
}

export function createAggFunction(call: AggCall, inputTypes: readonly DataType[], retractable: boolean): AggFunction {
  const argType = (): DataType => {
    const i = call.args[0]
    const t = i === undefined ? undefined : inputTypes[i]
    if (t === undefined) throw new EngineError('INTERNAL', `aggregate ${call.fn} has no argument type`, { domain: 'internal' })
    return t
  }
  const fn = call.fn.toUpperCase()
  let f: AggFunction
  switch (fn) {
    case 'COUNT':
      f = erase(new CountAgg())
      break
    case 'SUM':
      f = erase(new SumAgg(call.type, argType(), false))
      break
    case 'SUM0':
    case '$SUM0':
      f = erase(new SumAgg(call.type, argType(), true))
      break
    case 'AVG':
      f = erase(new AvgAgg(call.type, argType()))
      break
    case 'MIN':
    case 'MAX': {
      const sign = fn === 'MIN' ? 1 : -1
      f = erase(retractable ? new RetractableExtremeAgg(sign) : new ExtremeAgg(sign))
      break
    }
    case 'FIRST_VALUE':
    case 'LAST_VALUE': {
      const last = fn === 'LAST_VALUE'
      f = erase(retractable ? new RetractableFirstLastAgg(last) : new FirstLastAgg(last))
      break
    }
    case 'LISTAGG': {
      const sep = call.constants[0]
      f = erase(new ListAggAgg(typeof sep === 'string' ? sep : ',', call.args.length > 1))
      break
    }
    case 'COLLECT':
      f = erase(new CollectAgg())
      break
    case 'STDDEV_POP':
    case 'STDDEV_SAMP':
    case 'VAR_POP':
    case 'VAR_SAMP':
      f = erase(new VarianceAgg(fn, call.type, argType()))
      break
    case 'STDDEV':
      f = erase(new VarianceAgg('STDDEV_SAMP', call.type, argType()))
      break
    case 'VARIANCE':
      f = erase(new VarianceAgg('VAR_SAMP', call.type, argType()))
      break
    default:
      throw new EngineError('RUNTIME_UNSUPPORTED_AGGREGATE', `aggregate function ${call.fn} is not supported by the streaming runtime`)
  }
  return f
}

/** Accumulator types are private to each function; callers only pass them back. */
function erase<A>(f: AggFunction<A>): AggFunction {
  return f as unknown as AggFunction
}

function argExtractor(call: AggCall): (row: Row) => unknown {
  const args = call.args
  if (args.length === 0) return () => 1 // COUNT(*)
  if (args.length === 1) {
    const i = args[0]!
    return (row) => row[i] ?? null
  }
  if (call.fn.toUpperCase() === 'COUNT') {
    // COUNT(a, b) counts rows where every argument is non-null.
    return (row) => (args.every((i) => row[i] !== null && row[i] !== undefined) ? 1 : null)
  }
  return (row) => (row[args[0]!] === null ? null : args.map((i) => row[i] ?? null))
}

interface Compiled {
  readonly fn: AggFunction
  readonly arg: (row: Row) => unknown
  readonly filter: number | null
  readonly distinct: boolean
}

export interface AggsHandleOptions {
  /** The input carries retractions (-U/-D): use retractable accumulators. */
  readonly retractable: boolean
  /** Keep a hidden row count (group aggregates). */
  readonly countRows?: boolean
  /** Keep DISTINCT value counts inside the accumulator array (window aggregates, which merge). */
  readonly embeddedDistinct?: boolean
}

type DistinctMaps = (Map<string, [unknown, number]> | null)[]

export class AggsHandle {
  readonly calls: readonly Compiled[]
  readonly hasDistinct: boolean
  private readonly countIndex: number
  private readonly distinctIndex: number

  constructor(aggCalls: readonly AggCall[], inputTypes: readonly DataType[], private readonly options: AggsHandleOptions) {
    this.calls = aggCalls.map((c) => ({
      fn: createAggFunction(c, inputTypes, options.retractable),
      arg: argExtractor(c),
      filter: c.filterArg,
      distinct: c.distinct,
    }))
    this.hasDistinct = this.calls.some((c) => c.distinct)
    this.countIndex = options.countRows === true ? this.calls.length : -1
    this.distinctIndex = options.embeddedDistinct === true && this.hasDistinct ? this.calls.length + (options.countRows === true ? 1 : 0) : -1
  }

  createAccs(): unknown[] {
    const accs: unknown[] = this.calls.map((c) => c.fn.init())
    if (this.countIndex >= 0) accs.push(0)
    if (this.distinctIndex >= 0) accs.push(this.calls.map((c) => (c.distinct ? new Map() : null)) satisfies DistinctMaps)
    return accs
  }

  /** Folds one row in; `distinct` is required for DISTINCT calls unless they are embedded. */
  accumulate(accs: unknown[], row: Row, distinct?: DistinctStore): void {
    const store = distinct ?? this.embeddedStore(accs)
    const calls = this.calls
    for (let i = 0; i < calls.length; i++) {
      const c = calls[i]!
      if (c.filter !== null && row[c.filter] !== true) continue
      const v = c.arg(row)
      if (c.distinct) {
        if (v === null || !store!.add(i, encodeValue(v), v)) continue
      }
      accs[i] = c.fn.add(accs[i], v)
    }
    if (this.countIndex >= 0) accs[this.countIndex] = (accs[this.countIndex] as number) + 1
  }

  retract(accs: unknown[], row: Row, distinct?: DistinctStore): void {
    const store = distinct ?? this.embeddedStore(accs)
    const calls = this.calls
    for (let i = 0; i < calls.length; i++) {
      const c = calls[i]!
      if (c.filter !== null && row[c.filter] !== true) continue
      const v = c.arg(row)
      if (c.distinct) {
        if (v === null || !store!.remove(i, encodeValue(v))) continue
      }
      accs[i] = c.fn.retract(accs[i], v)
    }
    if (this.countIndex >= 0) accs[this.countIndex] = (accs[this.countIndex] as number) - 1
  }

  /** Folds `other` (same layout) into `accs`; DISTINCT values present in both count once. */
  merge(accs: unknown[], other: readonly unknown[]): void {
    const mine = this.distinctIndex >= 0 ? (accs[this.distinctIndex] as DistinctMaps) : null
    const theirs = this.distinctIndex >= 0 ? (other[this.distinctIndex] as DistinctMaps) : null
    for (let i = 0; i < this.calls.length; i++) {
      const c = this.calls[i]!
      if (c.distinct && mine !== null && theirs !== null) {
        const m = mine[i]!
        for (const [k, [v, n]] of theirs[i]!) {
          const e = m.get(k)
          if (e !== undefined) e[1] += n
          else {
            m.set(k, [v, n])
            accs[i] = c.fn.add(accs[i], v)
          }
        }
      } else {
        accs[i] = c.fn.merge(accs[i], other[i])
      }
    }
    if (this.countIndex >= 0) accs[this.countIndex] = (accs[this.countIndex] as number) + (other[this.countIndex] as number)
  }

  getValues(accs: readonly unknown[]): unknown[] {
    const out = new Array<unknown>(this.calls.length)
    for (let i = 0; i < this.calls.length; i++) out[i] = this.calls[i]!.fn.result(accs[i])
    return out
  }

  /** Rows accumulated minus rows retracted (needs `countRows`). */
  rowCount(accs: readonly unknown[]): number {
    return this.countIndex < 0 ? 0 : (accs[this.countIndex] as number)
  }

  private embeddedStore(accs: unknown[]): DistinctStore | undefined {
    if (this.distinctIndex < 0) return undefined
    const maps = accs[this.distinctIndex] as DistinctMaps
    return {
      add(agg, key, value) {
        const m = maps[agg]!
        const e = m.get(key)
        if (e !== undefined) {
          e[1]++
          return false
        }
        m.set(key, [value, 1])
        return true
      },
      remove(agg, key) {
        const m = maps[agg]!
        const e = m.get(key)
        if (e === undefined) return false
        if (--e[1] > 0) return false
        m.delete(key)
        return true
      },
    }
  }
}
