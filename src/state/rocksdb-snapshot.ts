/**
 * Snapshots and restores of the RocksDB backend.
 *
 * A snapshot is a synchronous cut plus an asynchronous write. The cut encodes the dirty working set (so later
 * in-place mutations cannot leak in) and freezes the set of keys changed since the previous cut; the write
 * first applies those changes to RocksDB, takes a RocksDB snapshot (both queued behind earlier RocksDB work, so
 * nothing written after the cut is visible), then reads from that snapshot while the operator continues.
 *
 * Formats:
 * - canonical: every live entry of the subtask's key groups, per key group (what the hashmap backend writes
 *   too; savepoints always use it, and it restores into either backend);
 * - native-incremental: a chain in `shared/`: one full file, then delta files holding only the keys changed
 *   since the last *completed* checkpoint (upserts and deletions). Later checkpoints refer to the same files.
 *   When the deltas together outgrow the full file (or the chain gets long) the next checkpoint writes a new
 *   full file instead. The first checkpoint, and the first after a NO_CLAIM restore or a rescale, are full.
 * Timer blocks (opaque, per key group) are written whole every time, in a file of the checkpoint's own folder.
 */
import { internalError } from '../errors.js'
import type { KeyGroupRange } from './key-groups.js'
import type { StateEntry } from './keyed-state.js'
import type { RocksDBStateBackend } from './rocksdb-backend.js'
import { keptTs } from './rocksdb-working-set.js'
import type { EncodedOps, StateKind } from './rocksdb-working-set.js'
import { scanRange } from './rocksdb-binding.js'
import type { RocksDb } from './rocksdb-binding.js'
import { ByteWriter, decodeKey, decodeStoredValue, encodeKey, encodeMapKey, encodeMapMarker, encodeStoredValue, keyGroupStart } from './rocksdb-codec.js'
import {
  BlockType,
  corrupt,
  decodeDeltaBlock,
  decodeEntriesBlock,
  decodePayload,
  encodeDeltaBlock,
  encodeEntriesBlock,
  encodeValueBlock,
  FileKind,
  NO_KEY_GROUP,
} from './state-serializer.js'
import type {
  DecodedBlock,
  EncodedBlock,
  KeyedStateHandle,
  SnapshotTarget,
  StateDeletion,
  StateFileContext,
  StateFileRef,
  StateFileSink,
  StateKinds,
} from './state-serializer.js'

export interface RocksCutOptions {
  readonly checkpointId: number
  readonly type: 'checkpoint' | 'savepoint'
  /** Use the native-incremental format (checkpoints of a backend created with `incremental`). */
  readonly incremental: boolean
  /** Write a full file even if a delta would do (Flink's FULL checkpoint type). */
  readonly forceFull?: boolean
  /** Blocks encoded at the cut (timers), stored with the keyed state. */
  readonly extraBlocks?: readonly EncodedBlock[]
}

export interface KeyedSnapshotCut {
  /** Writes the snapshot's files through `target` and returns the handle to record in `_metadata`. */
  write(target: SnapshotTarget): Promise<KeyedStateHandle>
  /** Releases the cut without writing (the checkpoint was aborted before this subtask wrote it). */
  discard(): Promise<void>
}

interface Chain {
  readonly files: readonly StateFileRef[]
  readonly fullBytes: number
  readonly deltaBytes: number
}

/** Deltas beyond this many files trigger a new full file even when they are small. */
const MAX_CHAIN_LENGTH = 20
const READ_BATCH = 20_000
const RESTORE_BATCH = 50_000

/** Incremental bookkeeping of one RocksDB backend. */
export class RocksDBCheckpoints {
  private lastCompleted: (Chain & { readonly id: number }) | null = null
  private readonly pendingChains = new Map<number, Chain>()
  private frozenChanges: { readonly id: number; readonly changes: Map<number, Set<string>> }[] = []

  constructor(private readonly backend: RocksDBStateBackend) {}

  /** The synchronous part of a snapshot; call it at the barrier, then `write()` asynchronously. */
  cut(opts: RocksCutOptions): KeyedSnapshotCut {
    const b = this.backend
    const ops = b.encodeDirty()
    if (b.incremental) {
      this.frozenChanges.push({ id: opts.checkpointId, changes: b.changes })
      b.changes = new Map()
      b.trackChanges = true
    }
    const incremental = opts.incremental && b.incremental && opts.type === 'checkpoint'
    const base = incremental && opts.forceFull !== true ? this.lastCompleted : null
    const changeSets = base === null ? [] : this.frozenChanges.filter((f) => f.id > base.id).map((f) => f.changes)
    const kinds: Record<string, StateKind> = {}
    const ttls = new Map<string, number>()
    for (const t of b.tables) {
      kinds[t.name] = t.kind
      ttls.set(t.name, t.ttlMs)
    }
    const now = b.clock()
    const extra = opts.extraBlocks ?? []
    const range = b.keyGroupRange
    const snap = b.enqueue(async () => {
      await b.writeOps(ops)
      return b.db.snapshot()
    })
    let used = false
    return {
      discard: async () => {
        if (used) return
        used = true
        await (await snap).close()
      },
      write: async (target) => {
        if (used) throw internalError(`the snapshot cut of checkpoint ${opts.checkpointId} was already written or discarded`)
        used = true
        const db = await snap
        try {
          if (!incremental) {
            const sink = target.createFile(FileKind.Keyed, 'exclusive')
            const ref = await guarded(sink, async () => {
              await writeFull(db, sink, kinds, ttls, now, range)
              for (const x of extra) await sink.add(x)
            })
            return { format: 'canonical', keyGroupRange: range, stateKinds: kinds, files: [ref], checkpointedSize: ref.size }
          }
          const chain = await this.writeChain(db, target, kinds, ttls, now, range, base, changeSets)
          const files = [...chain.files]
          let written = chain.written
          if (extra.length > 0) {
            const sink = target.createFile(FileKind.Keyed, 'exclusive')
            const ref = await guarded(sink, async () => {
              for (const x of extra) await sink.add(x)
            })
            files.push(ref)
            written += ref.size
          }
          this.pendingChains.set(opts.checkpointId, chain)
          return { format: 'native-incremental', keyGroupRange: range, stateKinds: kinds, files, checkpointedSize: written }
        } finally {
          await db.close()
        }
      },
    }
  }

  private async writeChain(
    db: RocksDb,
    target: SnapshotTarget,
    kinds: StateKinds,
    ttls: ReadonlyMap<string, number>,
    now: number,
    range: KeyGroupRange,
    base: Chain | null,
    changeSets: readonly Map<number, Set<string>>[],
  ): Promise<Chain & { written: number }> {
    if (base === null || base.deltaBytes > base.fullBytes || base.files.length >= MAX_CHAIN_LENGTH) {
      const sink = target.createFile(FileKind.Keyed, 'shared')
      const ref = await guarded(sink, () => writeFull(db, sink, kinds, ttls, now, range))
      return { files: [ref], fullBytes: ref.size, deltaBytes: 0, written: ref.size }
    }
    const byKg = new Map<number, Set<string>>()
    for (const set of changeSets) {
      for (const [kg, keys] of set) {
        let u = byKg.get(kg)
        if (u === undefined) byKg.set(kg, (u = new Set()))
        for (const k of keys) u.add(k)
      }
    }
    if (byKg.size === 0) return { ...base, written: 0 }
    const sink = target.createFile(FileKind.KeyedDelta, 'shared')
    const ref = await guarded(sink, async () => {
      await sink.add(encodeValueBlock(BlockType.StateKinds, NO_KEY_GROUP, kinds))
      for (const kg of [...byKg.keys()].sort((a, b) => a - b)) {
        const keys = [...byKg.get(kg)!].sort()
        const puts: StateEntry[] = []
        const deletes: StateDeletion[] = []
        for (let i = 0; i < keys.length; i += READ_BATCH) {
          const chunk = keys.slice(i, i + READ_BATCH).map((k) => Buffer.from(k, 'latin1'))
          const r = db.read({ capacity: chunk.length, autoDestroy: true })
          const ps = chunk.map((k) => r.get(k))
          r.tryFlush()
          const values = await Promise.all(ps)
          for (let j = 0; j < chunk.length; j++) {
            const d = decodeKey(chunk[j]!)
            const v = values[j]
            const ttl = ttls.get(d.state) ?? 0
            const stored = v === null || v === undefined ? null : decodeStoredValue(v)
            if (stored === null || (ttl > 0 && now - stored.ts >= ttl)) {
              deletes.push(d.userKey === undefined ? { state: d.state, key: d.key } : { state: d.state, key: d.key, userKey: d.userKey })
            } else {
              puts.push(entryOf(d.state, d.key, d.userKey, stored.value, keptTs(ttl, stored.ts)))
            }
          }
        }
        await sink.add(encodeDeltaBlock(kg, puts, deletes))
      }
    })
    return { files: [...base.files, ref], fullBytes: base.fullBytes, deltaBytes: base.deltaBytes + ref.size, written: ref.size }
  }

  /** Checkpoint `id` completed: its chain becomes the base of the next incremental checkpoint. */
  notifyComplete(id: number): void {
    const chain = this.pendingChains.get(id)
    if (chain === undefined || (this.lastCompleted !== null && this.lastCompleted.id >= id)) return
    this.lastCompleted = { ...chain, id }
    for (const k of [...this.pendingChains.keys()]) if (k <= id) this.pendingChains.delete(k)
    this.frozenChanges = this.frozenChanges.filter((f) => f.id > id)
  }

  /** The changes of an aborted checkpoint stay tracked; they go into the next delta. */
  notifyAborted(id: number): void {
    this.pendingChains.delete(id)
  }

  /** After a CLAIM restore at the same key-group range: the restored chain is the base (shared files only). */
  adoptBase(id: number, files: readonly StateFileRef[]): void {
    const shared = files.filter((f) => f.shared)
    if (shared.length === 0) return
    const fullBytes = shared[0]!.size
    let deltaBytes = 0
    for (const f of shared.slice(1)) deltaBytes += f.size
    this.lastCompleted = { id, files: shared, fullBytes, deltaBytes }
    this.frozenChanges = []
    this.backend.trackChanges = this.backend.incremental
  }

  get baseCheckpointId(): number | null {
    return this.lastCompleted?.id ?? null
  }
}

function entryOf(state: string, key: string, userKey: string | number | undefined, value: unknown, ts: number | undefined): StateEntry {
  if (userKey === undefined) return ts === undefined ? { state, key, value } : { state, key, value, ts }
  return ts === undefined ? { state, key, userKey, value } : { state, key, userKey, value, ts }
}

async function guarded(sink: StateFileSink, body: () => Promise<void>): Promise<StateFileRef> {
  try {
    await body()
    return await sink.close()
  } catch (e) {
    await sink.discard()
    throw e
  }
}

/** Scans the key-group range under the snapshot and writes one entries block per key group. */
async function writeFull(db: RocksDb, sink: StateFileSink, kinds: StateKinds, ttls: ReadonlyMap<string, number>, now: number, range: KeyGroupRange): Promise<void> {
  await sink.add(encodeValueBlock(BlockType.StateKinds, NO_KEY_GROUP, kinds))
  let kg = -1
  let entries: StateEntry[] = []
  await scanRange(db, { gte: keyGroupStart(range.start), lt: keyGroupStart(range.end) }, async (chunk) => {
    const ready: EncodedBlock[] = []
    for (const { key, value } of chunk) {
      const d = decodeKey(key)
      if (d.part === 'marker') continue
      if (d.keyGroup !== kg) {
        if (entries.length > 0) ready.push(encodeEntriesBlock(kg, entries))
        entries = []
        kg = d.keyGroup
      }
      const ttl = ttls.get(d.state) ?? 0
      const stored = decodeStoredValue(value)
      if (ttl > 0 && now - stored.ts >= ttl) continue
      entries.push(entryOf(d.state, d.key, d.userKey, stored.value, keptTs(ttl, stored.ts)))
    }
    for (const block of ready) await sink.add(block)
  })
  if (entries.length > 0) await sink.add(encodeEntriesBlock(kg, entries))
}

/**
 * Streams restored blocks (full files, then deltas, in chain order) straight into RocksDB in large write
 * batches; the working set starts empty afterwards. Timer blocks are collected for the timer service.
 */
export class RocksDBRestoreWriter {
  private w = new ByteWriter(1024 * 1024)
  private ops: { puts: Buffer[]; deletes: Buffer[] } = { puts: [], deletes: [] }
  readonly timers = new Map<number, unknown>()
  private wrote = false
  private lastMarker = { kg: -1, state: '', key: '' }

  constructor(private readonly backend: RocksDBStateBackend) {}

  async apply(block: DecodedBlock, ctx: StateFileContext): Promise<void> {
    const b = this.backend
    switch (block.type) {
      case BlockType.StateKinds:
        for (const [name, kind] of Object.entries(decodePayload(block, ctx) as StateKinds)) b.table(name, kind)
        return
      case BlockType.Timers:
        this.timers.set(block.keyGroup, decodePayload(block, ctx))
        return
      case BlockType.Entries:
        for (const e of decodeEntriesBlock(block, ctx)) this.put(block.keyGroup, e, ctx)
        break
      case BlockType.Delta: {
        // Earlier files must be applied first: a batch writes its deletions before its puts.
        await this.flush()
        const { puts, deletes } = decodeDeltaBlock(block, ctx)
        for (const d of deletes) {
          const t = b.tableNamed(d.state)
          if (t === undefined) continue
          this.ops.deletes.push(d.userKey === undefined ? encodeKey(this.w, block.keyGroup, t.nameBytes, d.key) : encodeMapKey(this.w, block.keyGroup, t.nameBytes, d.key, d.userKey))
        }
        // Within one delta block a key is either put or deleted, so their order does not matter.
        for (const e of puts) this.put(block.keyGroup, e, ctx)
        break
      }
      default:
        return
    }
    if (this.ops.puts.length / 2 + this.ops.deletes.length >= RESTORE_BATCH) await this.flush()
  }

  private put(kg: number, e: StateEntry, ctx: StateFileContext): void {
    const t = this.backend.tableNamed(e.state)
    if (t === undefined) throw corrupt(ctx, `entry of state '${e.state}', which the file does not declare`)
    const ts = e.ts ?? 0
    if (t.kind === 'map') {
      this.ops.puts.push(encodeMapKey(this.w, kg, t.nameBytes, e.key, e.userKey ?? ''), encodeStoredValue(this.w, ts, e.value))
      // Entries of one map come together: one marker per map, not per entry.
      if (this.lastMarker.kg !== kg || this.lastMarker.state !== e.state || this.lastMarker.key !== e.key) {
        this.ops.puts.push(encodeMapMarker(this.w, kg, t.nameBytes, e.key), EMPTY)
        this.lastMarker = { kg, state: e.state, key: e.key }
      }
    } else {
      this.ops.puts.push(encodeKey(this.w, kg, t.nameBytes, e.key), encodeStoredValue(this.w, ts, e.value))
    }
  }

  private async flush(): Promise<void> {
    const ops: EncodedOps = this.ops
    this.ops = { puts: [], deletes: [] }
    this.w = new ByteWriter(1024 * 1024)
    if (ops.puts.length + ops.deletes.length === 0) return
    this.wrote = true
    await this.backend.enqueue(() => this.backend.writeOps(ops))
  }

  /** Writes what is buffered; returns the timer data per key group. */
  async finish(): Promise<Map<number, unknown>> {
    await this.flush()
    if (this.wrote) this.backend.markRestoredToDisk()
    return this.timers
  }
}

const EMPTY = Buffer.alloc(0)
