/**
 * Checkpoint storage of one job (Flink's FLINK-8531 layout):
 *
 *   <execution.checkpointing.dir>/<job-id>/chk-<n>/_metadata   one folder per checkpoint (exclusive state)
 *                                         /shared/             files referenced by several checkpoints
 *                                         /taskowned/          (reserved; never deleted by the storage)
 *   <savepoint-dir>/savepoint-<6 hex of job id>-<12 hex>/_metadata + data   self-contained, relocatable
 *
 * It hands out pending checkpoints, keeps the completed ones up to `num-retained`, deletes what falls out of
 * retention (shared files by reference count), and cleans up per the externalized-checkpoint retention when the
 * job ends. The coordinator owns one instance per job, in the main thread; subtasks only write files.
 */
import { mkdir, readdir, rm, rmdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { EngineError, internalError } from '../errors.js'
import { randomHex } from './checkpoint-files.js'
import type { ClaimMode, ExternalizedCheckpointRetention } from './checkpoint-options.js'
import { PendingCheckpoint } from './pending-checkpoint.js'
import type { CompletedCheckpoint, OperatorDescriptor, PendingCheckpointHost } from './pending-checkpoint.js'
import type { RestoredCheckpoint } from './checkpoint-loader.js'
import { SharedStateRegistry } from './shared-state-registry.js'

export interface CheckpointStorageOptions {
  readonly jobId: string
  /** Root folder; null uses `<os tmpdir>/weir-checkpoints` (Flink would keep checkpoints in JobManager memory). */
  readonly checkpointDir: string | null
  readonly savepointDir: string | null
  readonly numRetained: number
  readonly maxParallelism: number
  readonly operators: readonly OperatorDescriptor[]
  /** Log lines such as `Completed checkpoint 3 for job ...`. */
  readonly log?: (line: string) => void
  readonly clock?: () => number
}

export type TerminalJobStatus = 'FINISHED' | 'CANCELED' | 'FAILED'

interface Retained {
  readonly checkpoint: CompletedCheckpoint
  /** false for a checkpoint restored in NO_CLAIM mode (never ours to delete); such ones are not retained here. */
  readonly owned: boolean
}

export function defaultCheckpointRoot(): string {
  return join(tmpdir(), 'weir-checkpoints')
}

export class CheckpointStorage {
  readonly jobDir: string
  readonly sharedDir: string
  readonly taskOwnedDir: string
  private readonly registry: SharedStateRegistry
  private readonly pendings = new Map<number, PendingCheckpoint>()
  private readonly completed: Retained[] = []
  private latestTriggered = 0
  private readonly host: PendingCheckpointHost
  private readonly log: (line: string) => void

  private constructor(private readonly options: CheckpointStorageOptions) {
    const root = resolve(options.checkpointDir ?? defaultCheckpointRoot())
    this.jobDir = join(root, options.jobId)
    this.sharedDir = join(this.jobDir, 'shared')
    this.taskOwnedDir = join(this.jobDir, 'taskowned')
    this.registry = new SharedStateRegistry([this.sharedDir])
    this.log = options.log ?? (() => undefined)
    const clock = options.clock ?? Date.now
    const operators = new Map(options.operators.map((o) => [o.uid, o]))
    this.host = {
      jobId: options.jobId,
      maxParallelism: options.maxParallelism,
      operators,
      registerShared: (paths) => this.registry.register(paths),
      releaseShared: (paths) => this.registry.release(paths, this.latestTriggered),
      isReferenced: (path) => this.registry.refCount(path) > 0,
      onCompleted: (c) => this.onCompleted(c),
      onAborted: (id) => {
        this.pendings.delete(id)
      },
      now: clock,
    }
  }

  /** Creates the job folder with `shared/` and `taskowned/`. */
  static async open(options: CheckpointStorageOptions): Promise<CheckpointStorage> {
    const s = new CheckpointStorage(options)
    await mkdir(s.sharedDir, { recursive: true })
    await mkdir(s.taskOwnedDir, { recursive: true })
    return s
  }

  /** Starts checkpoint `id` (ids increase; after a restore they continue from the restored id). */
  beginCheckpoint(id: number): PendingCheckpoint {
    if (this.pendings.has(id) || this.completed.some((r) => r.checkpoint.checkpointId === id)) throw internalError(`checkpoint ${id} was already started`)
    this.latestTriggered = Math.max(this.latestTriggered, id)
    const p = new PendingCheckpoint(this.host, id, false, join(this.jobDir, `chk-${id}`), this.sharedDir, this.host.now())
    this.pendings.set(id, p)
    return p
  }

  /**
   * Starts a savepoint in `targetDir` (or the configured savepoint dir): a self-contained folder
   * `savepoint-<6 hex of job id>-<12 hex>` with relative paths only, always in the canonical format.
   */
  beginSavepoint(id: number, targetDir?: string | null): PendingCheckpoint {
    const dir = targetDir ?? this.options.savepointDir
    if (dir === null || dir === undefined) {
      throw new EngineError('CHECKPOINT_NO_SAVEPOINT_DIR', 'no savepoint directory configured', {
        hint: "give a target directory or set 'execution.checkpointing.savepoint-dir' (state.savepoints.dir)",
      })
    }
    this.latestTriggered = Math.max(this.latestTriggered, id)
    const folder = join(resolve(dir), `savepoint-${this.options.jobId.slice(0, 6)}-${randomHex(6)}`)
    const p = new PendingCheckpoint(this.host, id, true, folder, folder, this.host.now())
    this.pendings.set(id, p)
    return p
  }

  pending(id: number): PendingCheckpoint | undefined {
    return this.pendings.get(id)
  }

  /** Aborts a pending checkpoint (timeout, a subtask failed, the job is restarting). */
  async abort(id: number, reason: string): Promise<void> {
    await this.pendings.get(id)?.abort(reason)
  }

  latestCompleted(): CompletedCheckpoint | undefined {
    return this.completed.at(-1)?.checkpoint
  }

  completedCheckpoints(): readonly CompletedCheckpoint[] {
    return this.completed.map((r) => r.checkpoint)
  }

  /**
   * Adopts the checkpoint the job was restored from. CLAIM: it becomes the job's (retained like its own
   * checkpoints and deleted when subsumed, with the shared files it refers to). NO_CLAIM: it is never deleted;
   * the backends must make their first checkpoint a full one (see README).
   */
  registerRestored(restored: RestoredCheckpoint, mode: ClaimMode): void {
    this.latestTriggered = Math.max(this.latestTriggered, restored.checkpointId)
    if (mode === 'NO_CLAIM') return
    const shared: string[] = []
    for (const op of restored.operators.values()) {
      for (const st of op.subtasks) for (const f of st.keyed?.files ?? []) if (f.shared) shared.push(f.path)
    }
    this.registry.register(shared, true)
    this.completed.push({
      owned: true,
      checkpoint: {
        checkpointId: restored.checkpointId,
        isSavepoint: restored.isSavepoint,
        path: restored.path,
        metadataPath: restored.metadataPath,
        timestamp: restored.timestamp,
        size: 0,
        durationMs: 0,
        format: restored.format,
        sharedFiles: shared,
      },
    })
  }

  private async onCompleted(c: CompletedCheckpoint): Promise<void> {
    this.pendings.delete(c.checkpointId)
    const what = c.isSavepoint ? 'savepoint' : 'checkpoint'
    this.log(`Completed ${what} ${c.checkpointId} for job ${this.options.jobId} (${c.size} bytes, ${c.durationMs} ms) at ${c.path}`)
    if (c.isSavepoint) return
    this.completed.push({ checkpoint: c, owned: true })
    this.completed.sort((a, b) => a.checkpoint.checkpointId - b.checkpoint.checkpointId)
    // Pending checkpoints older than the completed one are subsumed (Flink aborts them too).
    for (const [id, p] of [...this.pendings]) if (id < c.checkpointId && !p.isSavepoint) await p.abort(`subsumed by checkpoint ${c.checkpointId}`)
    while (this.completed.length > this.options.numRetained) await this.discard(this.completed.shift()!)
    await this.registry.collect(c.checkpointId)
  }

  private async discard(r: Retained): Promise<void> {
    if (!r.owned) return
    await rm(r.checkpoint.path, { recursive: true, force: true })
    this.registry.release(r.checkpoint.sharedFiles, this.latestTriggered)
  }

  /**
   * Applies `execution.checkpointing.externalized-checkpoint-retention` when the job ends, as Flink's
   * CheckpointProperties do: FINISHED discards, CANCELED keeps only with RETAIN_ON_CANCELLATION, FAILED keeps
   * unless NO_EXTERNALIZED_CHECKPOINTS. Pending checkpoints are always aborted.
   */
  async onJobTerminated(status: TerminalJobStatus, retention: ExternalizedCheckpointRetention): Promise<void> {
    for (const p of [...this.pendings.values()]) await p.abort(`job ${status.toLowerCase()}`)
    const discard =
      status === 'FINISHED' ||
      (status === 'CANCELED' && retention !== 'RETAIN_ON_CANCELLATION') ||
      (status === 'FAILED' && retention === 'NO_EXTERNALIZED_CHECKPOINTS')
    if (!discard) return
    for (const r of this.completed.splice(0)) if (r.owned) await rm(r.checkpoint.path, { recursive: true, force: true })
    await this.registry.deleteAll()
    await removeIfEmpty(this.sharedDir)
    await removeIfEmpty(this.taskOwnedDir)
    await removeIfEmpty(this.jobDir)
  }
}

async function removeIfEmpty(dir: string): Promise<void> {
  try {
    if ((await readdir(dir)).length === 0) await rmdir(dir)
  } catch {
    // already gone or not empty: leave it
  }
}
