/**
 * Channels between subtasks, with bounded buffers. A channel holds at most `capacity` unconsumed batches before
 * its writer reports full; the producing task then awaits `whenWritable()` once, at its task boundary (after the
 * element it was processing), so a slow consumer slows its producers instead of growing memory. Control elements
 * (watermarks, barriers, ...) never count against the capacity.
 */
import type { ChannelElement } from './channel-element.js'

export interface ChannelWriter {
  push(element: ChannelElement): void
  /** The receiver holds `capacity` or more batches it has not consumed. */
  isFull(): boolean
  /** Resolves once the channel has room again (at once when it has), or when the channel is closed. */
  whenWritable(): Promise<void>
  /** Teardown: releases a waiting writer; later pushes are dropped. */
  close(): void
}

export interface ChannelReader {
  poll(): ChannelElement | undefined
  /** Elements queued and not yet polled. */
  readonly queued: number
  /** Called when an element arrives; the input gate uses it to wake its task. */
  onAvailable: (() => void) | null
  /** Highest number of unconsumed batches this channel ever held (for tests and metrics). */
  readonly maxQueuedBatches: number
}

export const DEFAULT_CHANNEL_CAPACITY = 4

/** A channel between two subtasks of the same thread. */
export class LocalChannel implements ChannelWriter, ChannelReader {
  private queue: ChannelElement[] = []
  private head = 0
  private batches = 0
  private closed = false
  private waiter: (() => void) | null = null
  maxQueuedBatches = 0
  onAvailable: (() => void) | null = null

  constructor(readonly capacity: number = DEFAULT_CHANNEL_CAPACITY) {}

  get queued(): number {
    return this.queue.length - this.head
  }

  push(element: ChannelElement): void {
    if (this.closed) return
    this.queue.push(element)
    if (element.kind === 'batch') {
      this.batches++
      if (this.batches > this.maxQueuedBatches) this.maxQueuedBatches = this.batches
    }
    const cb = this.onAvailable
    if (cb !== null) cb()
  }

  poll(): ChannelElement | undefined {
    if (this.head >= this.queue.length) return undefined
    const el = this.queue[this.head]!
    this.queue[this.head] = undefined as unknown as ChannelElement
    this.head++
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head)
      this.head = 0
    }
    if (el.kind === 'batch') {
      this.batches--
      if (this.waiter !== null && this.batches < this.capacity) {
        const w = this.waiter
        this.waiter = null
        w()
      }
    }
    return el
  }

  isFull(): boolean {
    return !this.closed && this.batches >= this.capacity
  }

  whenWritable(): Promise<void> {
    if (!this.isFull()) return Promise.resolve()
    return new Promise<void>((resolve) => {
      const prev = this.waiter
      this.waiter = prev === null ? resolve : () => (prev(), resolve())
    })
  }

  close(): void {
    this.closed = true
    const w = this.waiter
    this.waiter = null
    if (w !== null) w()
  }
}
