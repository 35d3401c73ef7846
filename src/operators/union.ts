/** UNION ALL: every input's batches pass through unchanged (the task takes the watermark minimum over inputs). */
import type { StreamUnion } from '../plan/physical/stream-nodes.js'
import type { Operator, OperatorContext, OperatorSnapshot, Output } from '../runtime/operator.js'
import type { RowBatch } from '../runtime/row-batch.js'

export class UnionOperator implements Operator {
  readonly uid: string
  readonly stateVersion = 1
  private out: Output | null = null

  constructor(node: StreamUnion) {
    this.uid = node.uid
  }

  async open(ctx: OperatorContext): Promise<void> {
    this.out = ctx.output
  }

  processBatch(_input: number, batch: RowBatch): void {
    this.out!.emit(batch)
  }

  processWatermark(_watermark: number): void {}

  snapshot(_checkpointId: number): OperatorSnapshot {
    return {}
  }

  async finish(): Promise<void> {}

  async close(): Promise<void> {}
}
