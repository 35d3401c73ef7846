/**
 * One checkpoint or savepoint being taken: subtasks acknowledge with what they wrote (keyed state handles and
 * encoded operator-level state); `complete()` writes `_metadata` atomically (the checkpoint exists from then on);
 * `abort()` removes what was written.
 */
import { access, mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { EngineError, internalError } from '../errors.js'
import type { KeyedStateFormat, KeyedStateHandle, StateFileRef } from '../state/state-serializer.js'
import { safeFileName, writeFileAtomic } from './checkpoint-files.js'
import type { SnapshotTargetDescriptor } from './checkpoint-files.js'
import { encodeMetadata, METADATA_FILE, toStoredPath } from './checkpoint-metadata.js'
import type { CheckpointMetadata, FileMetadata, OperatorMetadata, OperatorStateMetadata, StateSchema, SubtaskMetadata } from './checkpoint-metadata.js'

/** An operator of the running job, as the checkpoint records it. */
export interface OperatorDescriptor {
  readonly uid: string
  readonly name: string
  /** The physical node kind, e.g. 'StreamGroupAggregate'. */
  readonly kind: string
  readonly parallelism: number
  readonly stateVersion: number
  readonly schema?: StateSchema | null
}

/** What one subtask of one operator reports for a checkpoint (plain data: it comes from a worker). */
export interface SubtaskAck {
  readonly keyed?: KeyedStateHandle | null
  /** `encodeOperatorLevelState(...)`, encoded at the barrier. */
  readonly operator?: Uint8Array | null
}

export interface CompletedCheckpoint {
  readonly checkpointId: number
  readonly isSavepoint: boolean
  /** The chk-<n> or savepoint folder. */
  readonly path: string
  readonly metadataPath: string
  readonly timestamp: number
  /** Bytes this checkpoint wrote (incremental: only its new files). */
  readonly size: number
  readonly durationMs: number
  readonly format: KeyedStateFormat
  /** Files in `shared/` it refers to (absolute paths). */
  readonly sharedFiles: readonly string[]
}

/** Operator state at most this large is kept inside `_metadata` (Flink's data-inline-threshold: 20 kb). */
const INLINE_THRESHOLD = 20 * 1024

/** The callbacks a pending checkpoint needs from its storage. */
export interface PendingCheckpointHost {
  readonly jobId: string
  readonly maxParallelism: number
  readonly operators: ReadonlyMap<string, OperatorDescriptor>
  registerShared(paths: readonly string[]): void
  releaseShared(paths: readonly string[]): void
  isReferenced(path: string): boolean
  onCompleted(c: CompletedCheckpoint): Promise<void>
  onAborted(id: number): void
  now(): number
}

interface StoredAck {
  readonly keyed: KeyedStateHandle | null
  operator: OperatorStateMetadata | null
  readonly bytes: number
}

type Status = 'pending' | 'completed' | 'aborted'

export class PendingCheckpoint {
  private status: Status = 'pending'
  private readonly acks = new Map<string, Map<number, StoredAck>>()
  private readonly inFlight = new Set<Promise<void>>()
  private readonly sharedRefs: string[] = []

  constructor(
    private readonly host: PendingCheckpointHost,
    readonly checkpointId: number,
    readonly isSavepoint: boolean,
    /** chk-<n> or the savepoint folder. */
    readonly dir: string,
    private readonly sharedDir: string,
    readonly timestamp: number,
  ) {}

  get isDone(): boolean {
    return this.status !== 'pending'
  }

  /** Where subtask `subtaskIndex` of operator `uid` writes its files (send this to the worker). */
  targetFor(uid: string, subtaskIndex: number): SnapshotTargetDescriptor {
    return {
      checkpointId: this.checkpointId,
      isSavepoint: this.isSavepoint,
      exclusiveDir: this.dir,
      sharedDir: this.isSavepoint ? this.dir : this.sharedDir,
      filePrefix: `${safeFileName(uid)}-${subtaskIndex}`,
    }
  }

  /**
   * Records one subtask's snapshot. Every subtask of an operator that has state must acknowledge (with an empty
   * ack when it has none), so that `complete()` can tell a missing subtask from an empty one.
   */
  acknowledge(uid: string, subtaskIndex: number, ack: SubtaskAck): Promise<void> {
    if (this.status !== 'pending') return this.discardLateAck(ack)
    const op = this.host.operators.get(uid)
    if (op === undefined) return Promise.reject(internalError(`checkpoint ${this.checkpointId}: acknowledgement for unknown operator ${uid}`))
    let perOp = this.acks.get(uid)
    if (perOp === undefined) this.acks.set(uid, (perOp = new Map()))
    if (perOp.has(subtaskIndex)) return Promise.reject(internalError(`checkpoint ${this.checkpointId}: subtask ${subtaskIndex} of ${uid} acknowledged twice`))
    const keyed = ack.keyed ?? null
    const shared = keyed === null ? [] : keyed.files.filter((f) => f.shared).map((f) => f.path)
    this.host.registerShared(shared)
    this.sharedRefs.push(...shared)
    const bytes = (keyed?.checkpointedSize ?? 0) + (ack.operator?.byteLength ?? 0)
    const stored: StoredAck = { keyed, operator: null, bytes }
    perOp.set(subtaskIndex, stored)
    const opBytes = ack.operator
    if (opBytes === null || opBytes === undefined) return Promise.resolve()
    if (opBytes.byteLength <= INLINE_THRESHOLD) {
      stored.operator = { inline: Buffer.from(opBytes).toString('base64'), size: opBytes.byteLength, crc32: crc32(opBytes) }
      return Promise.resolve()
    }
    const p = this.writeOperatorFile(uid, subtaskIndex, opBytes).then((file) => {
      stored.operator = { file }
    })
    this.inFlight.add(p)
    void p.finally(() => this.inFlight.delete(p)).catch(() => undefined)
    return p
  }

  private async writeOperatorFile(uid: string, subtaskIndex: number, bytes: Uint8Array): Promise<FileMetadata> {
    const path = join(this.dir, `${safeFileName(uid)}-${subtaskIndex}.ost`)
    await mkdir(this.dir, { recursive: true })
    await writeFileAtomic(path, bytes)
    return { path: toStoredPath(this.dir, path), size: bytes.byteLength, crc32: crc32(bytes), blocks: [], shared: false }
  }

  /** An ack that arrives after abort: drop its exclusive files and the shared files no checkpoint refers to. */
  private async discardLateAck(ack: SubtaskAck): Promise<void> {
    for (const f of ack.keyed?.files ?? []) {
      if (!f.shared || (f.path.startsWith(this.sharedDir) && !this.host.isReferenced(f.path))) await rm(f.path, { force: true })
    }
  }

  /** Writes `_metadata` (temp file, fsync, rename, fsync dir): from this moment the checkpoint exists. */
  async complete(): Promise<CompletedCheckpoint> {
    if (this.status !== 'pending') throw internalError(`checkpoint ${this.checkpointId} is already ${this.status}`)
    await Promise.all([...this.inFlight])
    const operators: OperatorMetadata[] = []
    let size = 0
    let incremental = false
    // In plan order, so `_metadata` (and messages listing operators) do not depend on acknowledgement order.
    for (const [uid, op] of this.host.operators) {
      const perOp = this.acks.get(uid)
      if (perOp === undefined) continue
      const hasState = [...perOp.values()].some((a) => a.keyed !== null || a.operator !== null)
      if (!hasState) continue
      for (let i = 0; i < op.parallelism; i++) {
        if (!perOp.has(i)) throw internalError(`checkpoint ${this.checkpointId}: subtask ${i} of operator ${uid} (${op.name}) did not acknowledge`)
      }
      const subtasks: SubtaskMetadata[] = []
      for (const [index, a] of [...perOp.entries()].sort((x, y) => x[0] - y[0])) {
        size += a.bytes
        if (a.keyed?.format === 'native-incremental') incremental = true
        subtasks.push({ index, keyed: a.keyed === null ? null : this.keyedMetadata(a.keyed), operator: a.operator })
      }
      operators.push({ uid, name: op.name, kind: op.kind, parallelism: op.parallelism, stateVersion: op.stateVersion, schema: op.schema ?? null, subtasks })
    }
    const format: KeyedStateFormat = incremental ? 'native-incremental' : 'canonical'
    const metadata: CheckpointMetadata = {
      formatVersion: 1,
      checkpointId: this.checkpointId,
      jobId: this.host.jobId,
      timestamp: this.timestamp,
      isSavepoint: this.isSavepoint,
      format,
      maxParallelism: this.host.maxParallelism,
      operators,
    }
    const metadataPath = join(this.dir, METADATA_FILE)
    // A checkpoint must never refer to a file that is gone (see SharedStateRegistry on why this can race).
    for (const p of new Set(this.sharedRefs)) {
      if (!(await exists(p))) {
        await this.abort(`shared file ${p} is missing`)
        throw internalError(`checkpoint ${this.checkpointId} refers to shared file ${p}, which no longer exists`)
      }
    }
    // Aborted while this awaited (subsumed, the job ended): its folder is gone and its shared references were
    // released, so writing `_metadata` now would complete a checkpoint without its files.
    this.throwIfAborted()
    try {
      await mkdir(this.dir, { recursive: true })
      await writeFileAtomic(metadataPath, encodeMetadata(metadata))
      this.throwIfAborted()
    } catch (e) {
      if (this.status !== 'pending') {
        // The abort's removal may have run before the write recreated the folder.
        await rm(this.dir, { recursive: true, force: true }).catch(() => undefined)
        throw internalError(`checkpoint ${this.checkpointId} was aborted while completing`, e)
      }
      await this.abort(`writing ${METADATA_FILE} failed: ${(e as Error).message}`)
      throw new EngineError('CHECKPOINT_WRITE_FAILED', `could not write ${metadataPath}: ${(e as Error).message}`, { domain: 'external', cause: e, retryable: true })
    }
    this.status = 'completed'
    const completed: CompletedCheckpoint = {
      checkpointId: this.checkpointId,
      isSavepoint: this.isSavepoint,
      path: this.dir,
      metadataPath,
      timestamp: this.timestamp,
      size,
      durationMs: this.host.now() - this.timestamp,
      format,
      sharedFiles: this.sharedRefs,
    }
    await this.host.onCompleted(completed)
    return completed
  }

  private throwIfAborted(): void {
    if (this.status !== 'pending') throw internalError(`checkpoint ${this.checkpointId} was aborted while completing`)
  }

  private keyedMetadata(h: KeyedStateHandle): SubtaskMetadata['keyed'] {
    const file = (f: StateFileRef): FileMetadata => ({ path: toStoredPath(this.dir, f.path), size: f.size, crc32: f.crc32, blocks: f.blocks, shared: f.shared })
    return {
      format: h.format,
      keyGroupRange: [h.keyGroupRange.start, h.keyGroupRange.end],
      stateKinds: h.stateKinds,
      files: h.files.map(file),
      checkpointedSize: h.checkpointedSize,
    }
  }

  /** Removes this checkpoint's folder and its references to shared files (deleting files nobody else needs). */
  async abort(reason: string): Promise<void> {
    if (this.status !== 'pending') return
    this.status = 'aborted'
    void reason
    await Promise.allSettled([...this.inFlight])
    this.host.onAborted(this.checkpointId)
    await rm(this.dir, { recursive: true, force: true })
    this.host.releaseShared(this.sharedRefs)
  }
}

/** Sum of file sizes a handle refers to (the full state size, as opposed to what one checkpoint wrote). */
export function fullSizeOf(h: KeyedStateHandle): number {
  let n = 0
  for (const f of h.files) n += f.size
  return n
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}
