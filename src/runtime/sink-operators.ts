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

/**
 * Sinks that take part in checkpoints as two-phase commits: at a barrier they pre-commit (prepareCommit) and
 * return every committable not yet committed (stored in the checkpoint, so a restore commits them); when a
 * checkpoint completes they commit the committables up to it. Intermediate savepoints do not commit (Flink 1.15+):
 * their committables wait for the next completed checkpoint. With checkpointing on, the end of input commits
 * nothing: the final checkpoint, taken once every subtask finished, pre-commits the rest and commits it.
 */
export interface CommittingOperator {
  /** Before open: writer state and the committables of the restored checkpoint (committed in open). */
  setRestored(restored: { readonly state: unknown; readonly committables: readonly unknown[] }): void
  prepareCommit(checkpointId: number): Promise<readonly unknown[]>
  notifyCheckpoint(checkpointId: number, kind: 'complete' | 'abort', commit: boolean): Promise<void>
}

export function isCommittingOperator(op: Operator): op is Operator & CommittingOperator {
  return typeof (op as Partial<CommittingOperator>).prepareCommit === 'function'
}

/** Pre-committed, not yet committed committables by checkpoint id. */
class PendingCommits<T> {
  private readonly byCheckpoint = new Map<number, T[]>()

  add(checkpointId: number, items: readonly T[]): void {
    if (items.length > 0) this.byCheckpoint.set(checkpointId, [...(this.byCheckpoint.get(checkpointId) ?? []), ...items])
  }

  all(): T[] {
    return [...this.byCheckpoint.keys()].sort((a, b) => a - b).flatMap((id) => this.byCheckpoint.get(id)!)
  }

  /** Removes and returns everything pre-committed at checkpoints <= id, in checkpoint order. */
  takeUpTo(checkpointId: number): T[] {
    const ids = [...this.byCheckpoint.keys()].filter((id) => id <= checkpointId).sort((a, b) => a - b)
    const out: T[] = []
    for (const id of ids) {
      out.push(...this.byCheckpoint.get(id)!)
      this.byCheckpoint.delete(id)
    }
    return out
  }
}

export class SinkWriterOperator implements Operator, AsyncCompletion, CommittingOperator {
  readonly uid: string
  readonly stateVersion = 1
  private writer: SinkWriter | null = null
  private pending: Promise<void> | null = null
  private opened = false
  private restored: { readonly state: unknown; readonly committables: readonly unknown[] } | null = null
  private readonly commits = new PendingCommits<unknown>()
  /** finish() ran with checkpointing on: the next barrier (the final checkpoint) pre-commits the rest. */
  private ended = false
  /** A barrier after finish() pre-committed everything: once that is committed, writer.finish() runs. */
  private preCommittedAfterEnd = false
  private writerFinished = false

  constructor(
    node: StreamSink,
    private readonly createWriter: (ctx: OperatorContext, restored: { readonly state: unknown; readonly committables: readonly unknown[] } | null) => SinkWriter,
    /**
     * Checkpointing is on: at the end of input nothing becomes visible; the final checkpoint (taken after every
     * subtask finished) pre-commits and its completion commits, so a failure elsewhere before it replays nothing
     * this sink already made visible.
     */
    private readonly commitOnFinalCheckpoint: boolean = false,
  ) {
    this.uid = node.uid
  }

  setRestored(restored: { readonly state: unknown; readonly committables: readonly unknown[] }): void {
    this.restored = restored
  }

  async open(ctx: OperatorContext): Promise<void> {
    const restored = this.restored
    this.writer = this.createWriter(ctx, restored)
    await this.writer.open()
    this.opened = true
    // The restored checkpoint completed, so its committables are committed (idempotently: some may already be).
    if (restored !== null && restored.committables.length > 0) await this.writer.commit(restored.committables)
  }

  async prepareCommit(checkpointId: number): Promise<readonly unknown[]> {
    const p = this.takePending()
    if (p !== null) await p
    if (!this.preCommittedAfterEnd) {
      const c = await this.writer!.prepareCommit(checkpointId)
      this.commits.add(checkpointId, [c])
      // After finish() nothing more is written: this pre-commit holds the last rows.
      if (this.ended) this.preCommittedAfterEnd = true
    }
    return this.commits.all()
  }

  async notifyCheckpoint(checkpointId: number, kind: 'complete' | 'abort', commit: boolean): Promise<void> {
    if (kind !== 'complete' || !commit || this.writer === null) return
    const due = this.commits.takeUpTo(checkpointId)
    if (due.length > 0) {
      try {
        await this.writer.commit(due)
      } catch (e) {
        // Kept for the next completed checkpoint (commits are idempotent).
        this.commits.add(checkpointId, due)
        throw e
      }
    }
    if (this.preCommittedAfterEnd && !this.writerFinished && this.commits.all().length === 0) {
      // Everything is visible: the writer's end-of-input work (success files, an empty overwrite) runs now.
      this.writerFinished = true
      await this.writer.finish()
    }
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

  snapshot(checkpointId: number): OperatorSnapshot {
    const state = this.writer?.snapshotState?.(checkpointId)
    return state === undefined ? {} : { operatorState: state }
  }

  async finish(): Promise<void> {
    const p = this.takePending()
    if (p !== null) await p
    if (this.commitOnFinalCheckpoint) {
      this.ended = true
      return
    }
    // End of input without checkpoints: what earlier barriers pre-committed becomes visible with the rest.
    const due = this.commits.takeUpTo(Number.MAX_SAFE_INTEGER)
    if (due.length > 0) await this.writer!.commit(due)
    await this.writer!.finish()
  }

  async close(): Promise<void> {
    const w = this.writer
    this.writer = null
    if (w !== null && this.opened) await w.close()
  }
}

/** Rows the collect sink released for one checkpoint, tagged so a restart never hands them out twice. */
export interface CollectRelease {
  readonly checkpointId: number
  readonly subtaskIndex: number
  /** Which batch of that checkpoint's rows. */
  readonly part: number
}

/**
 * SELECT results. Without checkpoints rows go to the caller at once. With checkpoints (exactly-once, as Flink's
 * collect sink) rows are held until the checkpoint after them completes, so a job restarted from that checkpoint
 * never shows the caller a row twice; the held rows are the sink's committables, tagged by checkpoint and subtask
 * (the receiver drops a tag it saw before).
 */
export class CollectSinkOperator implements Operator, CommittingOperator {
  readonly uid: string
  readonly stateVersion = 1
  private buffer: RowBatch[] = []
  private readonly commits = new PendingCommits<{ readonly tag: CollectRelease; readonly batches: RowBatch[] }>()
  private subtaskIndex = 0
  private restored: readonly unknown[] = []

  constructor(
    node: StreamSink,
    private readonly collect: (batch: RowBatch, tag: CollectRelease | null) => void,
    /** true when checkpointing is on: hold rows until their checkpoint completes. */
    private readonly holdUntilCheckpoint: boolean = false,
  ) {
    this.uid = node.uid
  }

  setRestored(restored: { readonly state: unknown; readonly committables: readonly unknown[] }): void {
    this.restored = restored.committables
  }

  async open(ctx: OperatorContext): Promise<void> {
    this.subtaskIndex = ctx.subtaskIndex
    for (const c of this.restored as { tag: CollectRelease; batches: RowBatch[] }[]) this.release(c)
    this.restored = []
  }

  processBatch(_input: number, batch: RowBatch): void {
    if (this.holdUntilCheckpoint) this.buffer.push(batch)
    else this.collect(batch, null)
  }

  processWatermark(_watermark: number): void {}

  snapshot(_checkpointId: number): OperatorSnapshot {
    return {}
  }

  async prepareCommit(checkpointId: number): Promise<readonly unknown[]> {
    if (this.buffer.length > 0) this.commits.add(checkpointId, [{ tag: { checkpointId, subtaskIndex: this.subtaskIndex, part: 0 }, batches: this.buffer }])
    this.buffer = []
    return this.commits.all()
  }

  async notifyCheckpoint(checkpointId: number, kind: 'complete' | 'abort', commit: boolean): Promise<void> {
    if (kind !== 'complete' || !commit) return
    for (const c of this.commits.takeUpTo(checkpointId)) this.release(c)
  }

  private release(c: { readonly tag: CollectRelease; readonly batches: readonly RowBatch[] }): void {
    c.batches.forEach((b, part) => this.collect(b, { ...c.tag, part }))
  }

  async finish(): Promise<void> {
    // With checkpoints the held rows go out when the final checkpoint (after every subtask finished) completes.
    if (this.holdUntilCheckpoint) return
    for (const c of this.commits.takeUpTo(Number.MAX_SAFE_INTEGER)) this.release(c)
    for (const b of this.buffer) this.collect(b, null)
    this.buffer = []
  }

  async close(): Promise<void> {}
}
