/**
 * A channel between subtasks on different threads, over a MessagePort. Elements travel by structured clone; the
 * receiver acknowledges every consumed batch, and the writer counts unacknowledged batches against the capacity
 * (credit-based flow control), so backpressure crosses threads just as it does within one.
 * Both ends also read their port synchronously (receiveMessageOnPort) when they look for work: a busy task loop
 * runs on microtasks and reaches the event loop only now and then, and waiting for it would starve the channel.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads'
import { decodeBatch, encodeBatch, type EncodedBatch } from './batch-codec.js'
import type { ChannelElement } from './channel-element.js'
import { ElementQueue, WritableSignal, type ChannelReader, type ChannelWriter } from './channel.js'

interface Ack {
  readonly ack: number
}

/** A batch in columnar, transferable form (see batch-codec.ts); other elements travel as they are. */
type WireElement = ChannelElement | { readonly kind: 'encoded'; readonly encoded: EncodedBatch }

export class RemoteChannelWriter implements ChannelWriter {
  private inFlight = 0
  private closed = false
  private readonly writable = new WritableSignal()

  constructor(
    private readonly port: MessagePort,
    private readonly capacity: number,
  ) {
    port.on('message', (m: Ack) => this.onAck(m))
    // Acks must not keep a finished worker alive.
    port.unref()
  }

  private onAck(m: Ack): void {
    this.inFlight -= m.ack
    if (this.inFlight < this.capacity) this.writable.release()
  }

  push(element: ChannelElement): void {
    if (this.closed) return
    if (element.kind === 'batch') {
      this.inFlight++
      const transfer: ArrayBuffer[] = []
      const encoded = encodeBatch(element.batch, transfer)
      if (encoded !== null) {
        this.port.postMessage({ kind: 'encoded', encoded } satisfies WireElement, transfer)
        return
      }
    }
    this.port.postMessage(element)
  }

  isFull(): boolean {
    if (this.closed) return false
    if (this.inFlight >= this.capacity) {
      for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) this.onAck(m.message as Ack)
    }
    return this.inFlight >= this.capacity
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

export class RemoteChannelReader implements ChannelReader {
  private readonly queue = new ElementQueue()
  onAvailable: (() => void) | null = null

  constructor(private readonly port: MessagePort) {
    port.on('message', (el: WireElement) => {
      this.enqueue(el)
      this.onAvailable?.()
    })
  }

  private enqueue(wire: WireElement): void {
    // Decoded lazily would save nothing: every batch is consumed; decode on arrival keeps poll() simple.
    const el: ChannelElement = wire.kind === 'encoded' ? { kind: 'batch', batch: decodeBatch(wire.encoded) } : wire
    this.queue.push(el)
  }

  get maxQueuedBatches(): number {
    return this.queue.maxBatches
  }

  get queued(): number {
    if (this.queue.size === 0) {
      for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) this.enqueue(m.message as WireElement)
    }
    return this.queue.size
  }

  poll(): ChannelElement | undefined {
    const el = this.queue.shift()
    if (el === undefined) return undefined
    if (el.kind === 'batch') this.port.postMessage({ ack: 1 } satisfies Ack)
    if (el.kind === 'end-of-input') this.port.unref()
    return el
  }
}
