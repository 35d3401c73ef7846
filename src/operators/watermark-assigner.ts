/**
 * Assigns watermarks after the source (when the planner could not push the watermark into the scan): the watermark
 * is the maximum of the watermark expression over the rows seen so far, emitted after each batch when it advanced.
 * Upstream watermarks are replaced by these, except the final MAX_WATERMARK (the task's chain handles forwarding
 * through the WatermarkGenerating interface).
 */
import type { StreamWatermarkAssigner } from '../plan/physical/stream-nodes.js'
import { compileExpr } from '../runtime/expr/compile.js'
import { MIN_WATERMARK, type OperatorContext, type OperatorSnapshot } from '../runtime/operator.js'
import type { Row, RowBatch } from '../runtime/row-batch.js'
import type { WatermarkGenerating } from '../runtime/operator-chain.js'
import { compileOptionsOf } from '../runtime/runtime-config.js'
import { OperatorBase } from './operator-base.js'

export class WatermarkAssignerOperator extends OperatorBase implements WatermarkGenerating {
  readonly uid: string
  readonly stateVersion = 1
  private watermarkOf: (row: Row) => unknown = () => null
  private current = MIN_WATERMARK

  constructor(private readonly node: StreamWatermarkAssigner) {
    super()
    this.uid = node.uid
  }

  override async open(ctx: OperatorContext): Promise<void> {
    await super.open(ctx)
    this.watermarkOf = compileExpr(this.node.expr, compileOptionsOf(ctx.config))
  }

  processBatch(_input: number, batch: RowBatch): void {
    const rows = batch.rows
    let max = this.current
    for (let i = 0; i < rows.length; i++) {
      const wm = this.watermarkOf(rows[i]!)
      if (typeof wm === 'number' && wm > max) max = wm
    }
    this.ctx.output.emit(batch)
    this.current = max
  }

  outputWatermark(): number {
    return this.current
  }

  override snapshot(_checkpointId: number): OperatorSnapshot {
    return { operatorState: { watermark: this.current } }
  }

  override restore(snapshots: readonly OperatorSnapshot[]): void {
    // After a rescale, start from the lowest watermark any old subtask had reached: never ahead of the data.
    let min: number | null = null
    for (const s of snapshots) {
      const wm = (s.operatorState as { watermark?: number } | undefined)?.watermark
      if (typeof wm === 'number' && (min === null || wm < min)) min = wm
    }
    if (min !== null) this.current = min
  }
}
