/** An operator that forwards batches and records what the runtime called, for runtime tests. */
import type { Operator, OperatorContext, OperatorSnapshot, Output } from '../../../src/runtime/operator.js'
import { MAX_WATERMARK } from '../../../src/runtime/operator.js'
import type { RowBatch } from '../../../src/runtime/row-batch.js'

export class RecordingOperator implements Operator {
  readonly stateVersion = 1
  private out: Output | null = null
  onWatermark: ((wm: number) => void) | null = null

  constructor(
    readonly uid: string,
    private readonly events: string[],
    private readonly behaviour: { throwOnBatch?: boolean } = {},
  ) {}

  async open(ctx: OperatorContext): Promise<void> {
    this.out = ctx.output
    this.events.push(`${this.uid}.open`)
  }

  processBatch(_input: number, batch: RowBatch): void {
    if (this.behaviour.throwOnBatch === true) throw new Error('boom')
    this.out!.emit(batch)
  }

  processWatermark(watermark: number): void {
    this.events.push(`${this.uid}.wm:${watermark === MAX_WATERMARK ? 'MAX' : watermark}`)
    this.onWatermark?.(watermark)
  }

  snapshot(): OperatorSnapshot {
    return {}
  }

  async finish(): Promise<void> {
    this.events.push(`${this.uid}.finish`)
  }

  async close(): Promise<void> {
    this.events.push(`${this.uid}.close`)
  }
}
