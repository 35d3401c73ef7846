/**
 * Checkpoint barrier alignment for a task with several input channels (Chandy-Lamport, as Flink does it).
 * Exactly-once: once a channel delivered the barrier of checkpoint n, the channel is blocked (the gate does not
 * read from it) until every channel has delivered barrier n; then the barrier is "aligned": the task snapshots and
 * forwards it. A newer barrier arriving before alignment completes aborts the older checkpoint.
 * At-least-once: channels are never blocked; the checkpoint triggers when the last channel's barrier arrives.
 * A channel that reached end of input counts as having delivered every later barrier.
 */
import type { Barrier } from './channel-element.js'

export type CheckpointingMode = 'exactly-once' | 'at-least-once'

export interface AlignmentListener {
  aligned(barrier: Barrier): void
  /** A pending checkpoint was superseded by a newer barrier before it aligned. */
  aborted?(checkpointId: number): void
}

export class BarrierAligner {
  private readonly blocked: boolean[]
  private readonly ended: boolean[]
  /** exactly-once: the checkpoint being aligned and which channels delivered its barrier */
  private pending: { barrier: Barrier; seen: boolean[]; count: number } | null = null
  /** at-least-once: every checkpoint with at least one barrier seen */
  private readonly tracking = new Map<number, { barrier: Barrier; seen: boolean[]; count: number }>()
  private lastTriggered = -1

  constructor(
    private readonly numChannels: number,
    private readonly mode: CheckpointingMode,
    private readonly listener: AlignmentListener,
  ) {
    this.blocked = new Array<boolean>(numChannels).fill(false)
    this.ended = new Array<boolean>(numChannels).fill(false)
  }

  isBlocked(channel: number): boolean {
    return this.blocked[channel] === true
  }

  /** The checkpoint currently being aligned, if any. */
  pendingCheckpoint(): number | null {
    return this.pending?.barrier.checkpointId ?? null
  }

  onBarrier(channel: number, barrier: Barrier): void {
    const id = barrier.checkpointId
    if (id <= this.lastTriggered) return // stale: a later checkpoint already went through
    if (this.mode === 'at-least-once') return this.trackAtLeastOnce(channel, barrier)
    let p = this.pending
    if (p !== null && id < p.barrier.checkpointId) return // barrier of a checkpoint we already gave up
    if (p !== null && id > p.barrier.checkpointId) {
      this.abortPending()
      p = null
    }
    if (p === null) {
      p = { barrier, seen: this.ended.slice(), count: this.ended.filter(Boolean).length }
      this.pending = p
    }
    if (!p.seen[channel]) {
      p.seen[channel] = true
      p.count++
      this.blocked[channel] = true
    }
    this.maybeComplete()
  }

  onEndOfInput(channel: number): void {
    if (this.ended[channel]) return
    this.ended[channel] = true
    this.blocked[channel] = false
    const p = this.pending
    if (p !== null && !p.seen[channel]) {
      p.seen[channel] = true
      p.count++
      this.maybeComplete()
    }
    for (const [id, t] of [...this.tracking]) {
      if (!t.seen[channel]) {
        t.seen[channel] = true
        t.count++
      }
      if (t.count === this.numChannels) this.triggerAtLeastOnce(id, t.barrier)
    }
  }

  private maybeComplete(): void {
    const p = this.pending
    if (p === null || p.count < this.numChannels) return
    this.pending = null
    this.blocked.fill(false)
    this.lastTriggered = p.barrier.checkpointId
    this.listener.aligned(p.barrier)
  }

  private abortPending(): void {
    const p = this.pending
    if (p === null) return
    this.pending = null
    this.blocked.fill(false)
    this.listener.aborted?.(p.barrier.checkpointId)
  }

  private trackAtLeastOnce(channel: number, barrier: Barrier): void {
    const id = barrier.checkpointId
    let t = this.tracking.get(id)
    if (t === undefined) {
      t = { barrier, seen: this.ended.slice(), count: this.ended.filter(Boolean).length }
      this.tracking.set(id, t)
    }
    if (!t.seen[channel]) {
      t.seen[channel] = true
      t.count++
    }
    if (t.count === this.numChannels) this.triggerAtLeastOnce(id, t.barrier)
  }

  private triggerAtLeastOnce(id: number, barrier: Barrier): void {
    // Older checkpoints still missing barriers can no longer complete in order: drop them.
    for (const other of [...this.tracking.keys()]) {
      if (other < id) {
        this.tracking.delete(other)
        this.listener.aborted?.(other)
      }
    }
    this.tracking.delete(id)
    this.lastTriggered = id
    this.listener.aligned(barrier)
  }
}
