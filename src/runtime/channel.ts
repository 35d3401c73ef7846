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

/**
 * The receiving end's FIFO, shared by local and remote channels: counts the batches it holds (what the capacity
 * limits) and compacts its array now and then instead of shifting on every poll.
 */
export class ElementQueue {
  private items: ChannelElement[] = []
  private head = 0
  /** Batches queued now. */
  batches = 0
  /** Highest `batches` ever reached. */
  maxBatches = 0

  get size(): number {
    return this.items.length - this.head
  }

  push(element: ChannelElement): void {
    this.items.push(element)
    if (element.kind === 'batch') {
      this.batches++
      if (this.batches > this.maxBatches) this.maxBatches = this.batches
    }
  }

  shift(): ChannelElement | undefined {
    if (this.head >= this.items.length) return undefined
    const el = this.items[this.head]!
    this.items[this.head] = undefined as unknown as ChannelElement
    this.head++
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    if (el.kind === 'batch') this.batches--
    return el
  }
}

/** The writers waiting in whenWritable() on a full channel; release() wakes them all (room again, or closed). */
export class WritableSignal {
  private waiter: (() => void) | null = null

  wait(): Promise<void> {
    return new Promise<void>((resolve) => {
      const prev = this.waiter
      this.waiter = prev === null ? resolve : () => (prev(), resolve())
    })
  }

  release(): void {
    const w = this.waiter
    this.waiter = null
    if (w !== null) w()
  }
}

/** A channel between two subtasks of the same thread. */
export class LocalChannel implements ChannelWriter, ChannelReader {
  private readonly queue = new ElementQueue()
  private readonly writable = new WritableSignal()
  private closed = false
  onAvailable: (() => void) | null = null

  constructor(readonly capacity: number = DEFAULT_CHANNEL_CAPACITY) {}

  get queued(): number {
    return this.queue.size
  }

  get maxQueuedBatches(): number {
    return this.queue.maxBatches
  }

  push(element: ChannelElement): void {
    if (this.closed) return
    this.queue.push(element)
    const cb = this.onAvailable
    if (cb !== null) cb()
  }

  poll(): ChannelElement | undefined {
    const el = this.queue.shift()
    if (el !== undefined && el.kind === 'batch' && this.queue.batches < this.capacity) this.writable.release()
    return el
  }

  isFull(): boolean {
    return !this.closed && this.queue.batches >= this.capacity
  }

  whenWritable(): Promise<void> {
    if (!this.isFull()) return Promise.resolve()
    return this.writable.wait()
  }

  close(): void {
    this.closed = true
    this.writable.release()
  }
}
