/**
 * The ends of a chain: a connector's SinkWriter, or the caller's collect callback (SELECT results). A write that
 * returns a promise is awaited by the task once per element (AsyncCompletion), never per row; writes issued while
 * one is outstanding are queued behind it so the writer sees them in order.
 */
import type { SinkWriter } from '../catalog/connector.js'
import type { StreamSink } from '../plan/physical/stream-nodes.js'
import type { AsyncCompletion } from './operator-chain.js'
import type { Operator, OperatorContext, OperatorSnapshot } from './operator.js'
import type { RowBatch } from './row-batch.js'

export class SinkWriterOperator implements Operator, AsyncCompletion {
  readonly uid: string
  readonly stateVersion = 1
  private writer: SinkWriter | null = null
  private pending: Promise<void> | null = null
  private opened = false

  constructor(
    node: StreamSink,
    private readonly createWriter: (ctx: OperatorContext) => SinkWriter,
  ) {
    this.uid = node.uid
  }

  async open(ctx: OperatorContext): Promise<void> {
    this.writer = this.createWriter(ctx)
    await this.writer.open()
    this.opened = true
  }

  processBatch(_input: number, batch: RowBatch): void {
    const writer = this.writer!
    if (this.pending !== null) {
      this.pending = this.pending.then(() => writer.write(batch))
      return
    }
    const r = writer.write(batch)
    if (r !== undefined) this.pending = r
  }

  takePending(): Promise<void> | null {
    const p = this.pending
    this.pending = null
    return p
  }

  processWatermark(_watermark: number): void {}

  snapshot(_checkpointId: number): OperatorSnapshot {
    return {}
  }

  async finish(): Promise<void> {
    const p = this.takePending()
    if (p !== null) await p
    await this.writer!.finish()
  }

  async close(): Promise<void> {
    const w = this.writer
    this.writer = null
    if (w !== null && this.opened) await w.close()
  }
}

export class CollectSinkOperator implements Operator {
  readonly uid: string
  readonly stateVersion = 1

  constructor(
    node: StreamSink,
    private readonly collect: (batch: RowBatch) => void,
  ) {
    this.uid = node.uid
  }

  async open(_ctx: OperatorContext): Promise<void> {}

  processBatch(_input: number, batch: RowBatch): void {
    this.collect(batch)
  }

  processWatermark(_watermark: number): void {}

  snapshot(_checkpointId: number): OperatorSnapshot {
    return {}
  }

  async finish(): Promise<void> {}

  async close(): Promise<void> {}
}
