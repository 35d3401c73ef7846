/**
 * LIMIT / OFFSET over an insert-only input (parallelism 1): skips `offset` rows, then passes `fetch` rows and
 * drops the rest. The number of rows seen is operator state, so a restored job does not emit the limit twice.
 */
import type { StreamLimit } from '../plan/physical/stream-nodes.js'
import type { OperatorSnapshot } from '../runtime/operator.js'
import type { RowBatch } from '../runtime/row-batch.js'
import { OperatorBase } from './operator-base.js'

export class LimitOperator extends OperatorBase {
  readonly uid: string
  readonly stateVersion = 1
  private seen = 0
  private readonly offset: number
  private readonly end: number

  constructor(node: StreamLimit) {
    super()
    this.uid = node.uid
    this.offset = node.offset
    this.end = node.offset + node.fetch
  }

  processBatch(_input: number, batch: RowBatch): void {
    const n = batch.rows.length
    const first = this.seen
    this.seen += n
    if (first >= this.end || this.seen <= this.offset) return
    const from = Math.max(0, this.offset - first)
    const to = Math.min(n, this.end - first)
    if (from === 0 && to === n) return this.ctx.output.emit(batch)
    this.ctx.output.emit({ rows: batch.rows.slice(from, to), kinds: batch.kinds === null ? null : batch.kinds.slice(from, to) })
  }

  override snapshot(_checkpointId: number): OperatorSnapshot {
    return { operatorState: { seen: this.seen } }
  }

  override restore(snapshots: readonly OperatorSnapshot[]): void {
    let seen = 0
    for (const s of snapshots) {
      const v = (s.operatorState as { seen?: number } | undefined)?.seen
      if (typeof v === 'number') seen += v
    }
    this.seen = seen
  }
}
