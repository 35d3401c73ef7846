/**
 * The members most operators share, so each operator states only what it does differently: the context from
 * open(), an output builder with flush(), and the defaults of an operator that keeps no operator state (keyed
 * state lives in ctx.state and is snapshotted by the runtime):
 * - processWatermark and finish flush what is buffered (rows pushed by event-time timers go out with the
 *   watermark that fired them; operators that flush at the end of each batch find the builder empty);
 * - snapshot returns {}, restore and close do nothing.
 * Subclasses keep their own uid and stateVersion (checkpoints are matched by them) and call super.open(ctx) first
 * when they override open.
 */
import type { Operator, OperatorContext, OperatorSnapshot } from '../runtime/operator.js'
import type { RowBatch } from '../runtime/row-batch.js'
import { RowBatchBuilder } from '../runtime/row-batch.js'

export abstract class OperatorBase implements Operator {
  abstract readonly uid: string
  abstract readonly stateVersion: number
  protected ctx!: OperatorContext
  /** Rows to emit; flush() hands them downstream as one batch. */
  protected readonly out = new RowBatchBuilder()

  async open(ctx: OperatorContext): Promise<void> {
    this.ctx = ctx
  }

  abstract processBatch(input: number, batch: RowBatch): void

  /** Emits the rows built so far, if any. */
  protected flush(): void {
    if (this.out.size > 0) this.ctx.output.emit(this.out.build())
  }

  processWatermark(_watermark: number): void {
    this.flush()
  }

  snapshot(_checkpointId: number): OperatorSnapshot {
    return {}
  }

  restore(_snapshots: readonly OperatorSnapshot[], _writtenWithVersion: number): void {}

  async finish(): Promise<void> {
    this.flush()
  }

  async close(): Promise<void> {}
}
