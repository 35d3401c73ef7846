/**
 * Snapshot and restore of keyed state for any backend: the one entry point the task runtime calls.
 *
 *   at the barrier (synchronous):  const cut = cutKeyedState(backend, { checkpointId, type, incremental, timers })
 *   afterwards (asynchronous):     const handle = await cut.write(createSnapshotTarget(descriptor))
 *   on restore (before open):      const timers = await restoreKeyedState(backend, subtaskRestore.keyed, { claimed })
 *   on notifications:              notifyKeyedStateCheckpointComplete(backend, id) / ...Aborted(backend, id)
 *
 * The hashmap backend's cut takes its canonical snapshot and encodes it to bytes right away (its snapshot shares
 * values with live state); the RocksDB backend's cut is cheap and its write reads a RocksDB snapshot.
 */
import type { KeyedStateBackend, KeyedStateSnapshot } from '../state/keyed-state.js'
import { RocksDBStateBackend } from '../state/rocksdb-backend.js'
import { RocksDBRestoreWriter } from '../state/rocksdb-snapshot.js'
import type { KeyedSnapshotCut } from '../state/rocksdb-snapshot.js'
import { BlockType, encodeKeyedSnapshot, encodeValueBlock, FileKind, KeyedStateAssembler } from '../state/state-serializer.js'
import type { EncodedBlock, KeyedStateHandle } from '../state/state-serializer.js'
import type { KeyGroupRange } from '../state/key-groups.js'
import { readKeyedBlocks } from './checkpoint-files.js'
import { keyedFileContext } from './checkpoint-loader.js'
import type { KeyedStateSource } from './restore-mapping.js'

export type { KeyedSnapshotCut } from '../state/rocksdb-snapshot.js'

export interface KeyedCutOptions {
  readonly checkpointId: number
  readonly type: 'checkpoint' | 'savepoint'
  /** execution.checkpointing.incremental; only the RocksDB backend honours it, and never for savepoints. */
  readonly incremental: boolean
  readonly forceFull?: boolean
  /** Timer-service data per key group, cut at the same barrier (opaque structured-clone data). */
  readonly timers?: ReadonlyMap<number, unknown>
}

function timerBlocks(timers: ReadonlyMap<number, unknown> | undefined): EncodedBlock[] {
  if (timers === undefined) return []
  return [...timers.entries()].sort((a, b) => a[0] - b[0]).map(([kg, t]) => encodeValueBlock(BlockType.Timers, kg, t))
}

/** The synchronous part of a keyed-state snapshot: call it at the barrier, before the operator continues. */
export function cutKeyedState(backend: KeyedStateBackend, opts: KeyedCutOptions): KeyedSnapshotCut {
  if (backend instanceof RocksDBStateBackend) {
    return backend.checkpoints.cut({ ...opts, extraBlocks: timerBlocks(opts.timers) })
  }
  const snapshot = backend.snapshot()
  const blocks = encodeKeyedSnapshot(snapshot, opts.timers)
  const range = backend.keyGroupRange
  return {
    discard: async () => undefined,
    write: async (target) => {
      const sink = target.createFile(FileKind.Keyed, 'exclusive')
      try {
        for (const b of blocks) await sink.add(b)
        const ref = await sink.close()
        return { format: 'canonical', keyGroupRange: range, stateKinds: { ...snapshot.stateKinds }, files: [ref], checkpointedSize: ref.size }
      } catch (e) {
        await sink.discard()
        throw e
      }
    },
  }
}

export interface KeyedRestoreOptions {
  /**
   * The id of the restored checkpoint when the job runs in CLAIM mode (or restarts from its own checkpoint):
   * an incremental chain restored at the same key-group range then becomes the base of the next checkpoint.
   * Absent (NO_CLAIM, rescale): the next checkpoint is a full one.
   */
  readonly claimedCheckpointId?: number
}

/**
 * Restores the key groups of `backend`'s range from the given handles (old subtasks' state, chains applied in
 * order) and returns the timer data per key group. Every block read is checksum-verified.
 */
export async function restoreKeyedState(backend: KeyedStateBackend, sources: readonly KeyedStateSource[], options: KeyedRestoreOptions = {}): Promise<Map<number, unknown>> {
  const range = backend.keyGroupRange
  if (backend instanceof RocksDBStateBackend) {
    const writer = new RocksDBRestoreWriter(backend)
    for (const src of sources) await readKeyedBlocks(src.handle, range, keyedFileContext(src.owner), (b, ctx) => writer.apply(b, ctx))
    const timers = await writer.finish()
    const only = sources.length === 1 ? sources[0]! : undefined
    if (options.claimedCheckpointId !== undefined && only !== undefined && only.handle.format === 'native-incremental' && sameRange(only.handle.keyGroupRange, range)) {
      backend.checkpoints.adoptBase(options.claimedCheckpointId, only.handle.files)
    }
    return timers
  }
  const timers = new Map<number, unknown>()
  const snapshots: KeyedStateSnapshot[] = []
  for (const src of sources) {
    const a = new KeyedStateAssembler(src.handle.format !== 'canonical')
    await readKeyedBlocks(src.handle, range, keyedFileContext(src.owner), (b, ctx) => a.apply(b, ctx))
    snapshots.push(a.snapshot())
    for (const [kg, t] of a.timers) timers.set(kg, t)
  }
  backend.restore(snapshots)
  return timers
}

/** Reads a handle into the canonical form (tests, tools, converting a checkpoint into a savepoint). */
export async function readKeyedStateHandle(handle: KeyedStateHandle, owner: string, range: KeyGroupRange = handle.keyGroupRange): Promise<{ snapshot: KeyedStateSnapshot; timers: Map<number, unknown> }> {
  const a = new KeyedStateAssembler()
  await readKeyedBlocks(handle, range, keyedFileContext(owner), (b, ctx) => a.apply(b, ctx))
  return { snapshot: a.snapshot(), timers: a.timers }
}

export function notifyKeyedStateCheckpointComplete(backend: KeyedStateBackend, checkpointId: number): void {
  if (backend instanceof RocksDBStateBackend) backend.checkpoints.notifyComplete(checkpointId)
}

export function notifyKeyedStateCheckpointAborted(backend: KeyedStateBackend, checkpointId: number): void {
  if (backend instanceof RocksDBStateBackend) backend.checkpoints.notifyAborted(checkpointId)
}

function sameRange(a: KeyGroupRange, b: KeyGroupRange): boolean {
  return a.start === b.start && a.end === b.end
}
