/** UNION ALL: every input's batches pass through unchanged (the task takes the watermark minimum over inputs). */
import type { StreamUnion } from '../plan/physical/stream-nodes.js'
import type { RowBatch } from '../runtime/row-batch.js'
import { OperatorBase } from './operator-base.js'

export class UnionOperator extends OperatorBase {
  readonly uid: string
  readonly stateVersion = 1

  constructor(node: StreamUnion) {
    super()
    this.uid = node.uid
  }

  processBatch(_input: number, batch: RowBatch): void {
    this.ctx.output.emit(batch)
  }
}
