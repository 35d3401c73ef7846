/**
 * LIMIT / OFFSET over an insert-only input (parallelism 1): skips `offset` rows, then passes `fetch` rows and
 * drops the rest. The number of rows seen is operator state, so a restored job does not emit the limit twice.
 */
import type { StreamLimit } from '../plan/physical/stream-nodes.js'
import type { Operator, OperatorContext, OperatorSnapshot, Output } from '../runtime/operator.js'
import type { RowBatch } from '../runtime/row-batch.js'

export class LimitOperator implements Operator {
  readonly uid: string
  readonly stateVersion = 1
  private out: Output | null = null
  private seen = 0
  private readonly offset: number
  private readonly end: number

  constructor(node: StreamLimit) {
    this.uid = node.uid
    this.offset = node.offset
    this.end = node.offset + node.fetch
  }

  async open(ctx: OperatorContext): Promise<void> {
    this.out = ctx.output
  }

  processBatch(_input: number, batch: RowBatch): void {
    const n = batch.rows.length
    const first = this.seen
    this.seen += n
    if (first >= this.end || this.seen <= this.offset) return
    const from = Math.max(0, this.offset - first)
    const to = Math.min(n, this.end - first)
    if (from === 0 && to === n) return this.out!.emit(batch)
    this.out!.emit({ rows: batch.rows.slice(from, to), kinds: batch.kinds === null ? null : batch.kinds.slice(from, to) })
  }

  processWatermark(_watermark: number): void {}

  snapshot(_checkpointId: number): OperatorSnapshot {
    return { operatorState: { seen: this.seen } }
  }

  restore(snapshots: readonly OperatorSnapshot[]): void {
    let seen = 0
    for (const s of snapshots) {
      const v = (s.operatorState as { seen?: number } | undefined)?.seen
      if (typeof v === 'number') seen += v
    }
    this.seen = seen
  }

  async finish(): Promise<void> {}

  async close(): Promise<void> {}
}
