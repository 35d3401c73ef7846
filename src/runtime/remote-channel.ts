/**
 * A channel between subtasks on different threads, over a MessagePort. Elements travel by structured clone; the
 * receiver acknowledges every consumed batch, and the writer counts unacknowledged batches against the capacity
 * (credit-based flow control), so backpressure crosses threads just as it does within one.
 */
import type { MessagePort } from 'node:worker_threads'
import type { ChannelElement } from './channel-element.js'
import type { ChannelReader, ChannelWriter } from './channel.js'

interface Ack {
  readonly ack: number
}

export class RemoteChannelWriter implements ChannelWriter {
  private inFlight = 0
  private closed = false
  private waiter: (() => void) | null = null

  constructor(
    private readonly port: MessagePort,
    private readonly capacity: number,
  ) {
    port.on('message', (m: Ack) => {
      this.inFlight -= m.ack
      if (this.waiter !== null && this.inFlight < this.capacity) {
        const w = this.waiter
        this.waiter = null
        w()
      }
    })
    // Acks must not keep a finished worker alive.
    port.unref()
  }

  push(element: ChannelElement): void {
    if (this.closed) return
    if (element.kind === 'batch') this.inFlight++
    this.port.postMessage(element)
  }

  isFull(): boolean {
    return !this.closed && this.inFlight >= this.capacity
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

export class RemoteChannelReader implements ChannelReader {
  private queue: ChannelElement[] = []
  private head = 0
  private batches = 0
  maxQueuedBatches = 0
  onAvailable: (() => void) | null = null

  constructor(private readonly port: MessagePort) {
    port.on('message', (el: ChannelElement) => {
      this.queue.push(el)
      if (el.kind === 'batch') {
        this.batches++
        if (this.batches > this.maxQueuedBatches) this.maxQueuedBatches = this.batches
      }
      this.onAvailable?.()
    })
  }

  get queued(): number {
    return this.queue.length - this.head
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
      this.port.postMessage({ ack: 1 } satisfies Ack)
    }
    if (el.kind === 'end-of-input') this.port.unref()
    return el
  }
}
