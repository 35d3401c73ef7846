/**
 * The input side of a task: all channels feeding it (from every upstream subtask of every input), read round
 * robin. Control elements are digested here: barriers go through the BarrierAligner (blocked channels are not
 * read), watermarks and idleness through the WatermarkValve; the task only sees data and combined events.
 */
import { BarrierAligner, type CheckpointingMode } from './barrier-aligner.js'
import type { Barrier } from './channel-element.js'
import type { ChannelReader } from './channel.js'
import type { RowBatch } from './row-batch.js'
import { WatermarkValve } from './watermark-valve.js'

export interface GateChannel {
  readonly reader: ChannelReader
  /** The operator input this channel feeds: 0, or 0 = left / 1 = right, or the union's input index. */
  readonly input: number
}

export type GateEvent =
  | { readonly kind: 'batch'; readonly input: number; readonly batch: RowBatch }
  | { readonly kind: 'watermark'; readonly watermark: number }
  | { readonly kind: 'idle'; readonly idle: boolean }
  | { readonly kind: 'barrier'; readonly barrier: Barrier }
  | { readonly kind: 'checkpoint-aborted'; readonly checkpointId: number }
  | { readonly kind: 'end-of-input' }

export class InputGate {
  private readonly aligner: BarrierAligner
  private readonly valve: WatermarkValve
  private readonly ended: boolean[]
  private endedCount = 0
  private next = 0
  private readonly pendingEvents: GateEvent[] = []
  private waiter: (() => void) | null = null
  private lastIdle = false

  constructor(
    private readonly channels: readonly GateChannel[],
    mode: CheckpointingMode = 'exactly-once',
  ) {
    this.ended = new Array<boolean>(channels.length).fill(false)
    this.valve = new WatermarkValve(channels.length)
    this.aligner = new BarrierAligner(channels.length, mode, {
      aligned: (barrier) => this.pendingEvents.push({ kind: 'barrier', barrier }),
      aborted: (checkpointId) => this.pendingEvents.push({ kind: 'checkpoint-aborted', checkpointId }),
    })
    for (const c of channels) c.reader.onAvailable = () => this.wake()
  }

  get size(): number {
    return this.channels.length
  }

  get finished(): boolean {
    return this.endedCount === this.channels.length && this.pendingEvents.length === 0
  }

  get watermark(): number {
    return this.valve.watermark
  }

  /** Highest number of batches any input channel held unconsumed. */
  maxQueuedBatches(): number {
    let m = 0
    for (const c of this.channels) if (c.reader.maxQueuedBatches > m) m = c.reader.maxQueuedBatches
    return m
  }

  /** The next event, or null when no readable channel has anything. Synchronous. */
  poll(): GateEvent | null {
    for (;;) {
      const pending = this.pendingEvents.shift()
      if (pending !== undefined) return pending
      const n = this.channels.length
      let found = -1
      for (let k = 0; k < n; k++) {
        const i = (this.next + k) % n
        if (this.ended[i] || this.aligner.isBlocked(i)) continue
        if (this.channels[i]!.reader.queued > 0) {
          found = i
          break
        }
      }
      if (found < 0) return null
      this.next = (found + 1) % n
      const channel = this.channels[found]!
      const el = channel.reader.poll()!
      switch (el.kind) {
        case 'batch':
          this.valve.onData(found)
          if (this.lastIdle) {
            this.lastIdle = false
            this.pendingEvents.push({ kind: 'batch', input: channel.input, batch: el.batch })
            return { kind: 'idle', idle: false }
          }
          return { kind: 'batch', input: channel.input, batch: el.batch }
        case 'watermark':
          this.combined(this.valve.onWatermark(found, el.watermark))
          break
        case 'idle':
          this.combined(this.valve.onIdle(found, el.idle))
          break
        case 'barrier':
          this.aligner.onBarrier(found, el.barrier)
          break
        case 'end-of-input':
          this.ended[found] = true
          this.endedCount++
          this.aligner.onEndOfInput(found)
          this.combined(this.valve.onEndOfInput(found))
          if (this.endedCount === n) this.pendingEvents.push({ kind: 'end-of-input' })
          break
      }
    }
  }

  private combined(watermark: number | null): void {
    if (watermark !== null) this.pendingEvents.push({ kind: 'watermark', watermark })
    const idle = this.valve.isIdle
    if (idle !== this.lastIdle) {
      this.lastIdle = idle
      this.pendingEvents.push({ kind: 'idle', idle })
    }
  }

  /** Resolves when a channel received something (or `wake()` was called). */
  waitForData(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiter = resolve
    })
  }

  /** Releases a pending waitForData (new data, a timer, or cancellation). */
  wake(): void {
    const w = this.waiter
    if (w !== null) {
      this.waiter = null
      w()
    }
  }
}
