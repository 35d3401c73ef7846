/**
 * Per-operator counters (numRecordsIn, numRecordsOut, numLateRecordsDropped and whatever operators ask for),
 * summed over subtasks into a plain object for tests, the shell and the gateway.
 */
import type { Counter } from './operator.js'

export class SimpleCounter implements Counter {
  count = 0
  inc(n = 1): void {
    this.count += n
  }
}

/** Counters of one operator in one subtask. */
export interface OperatorMetricsSnapshot {
  readonly name: string
  readonly counters: Readonly<Record<string, number>>
}

/** operator name (`Calc[uid]`) -> counter name -> value, summed over subtasks. */
export type OperatorMetrics = Record<string, Record<string, number>>

export function mergeMetrics(into: OperatorMetrics, parts: readonly OperatorMetricsSnapshot[]): OperatorMetrics {
  for (const p of parts) {
    const target = (into[p.name] ??= {})
    for (const [k, v] of Object.entries(p.counters)) {
      // Gauges named max* combine by maximum, counters by sum.
      target[k] = k.startsWith('max') ? Math.max(target[k] ?? 0, v) : (target[k] ?? 0) + v
    }
  }
  return into
}
