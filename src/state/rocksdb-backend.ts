/**
 * The `rocksdb` state backend: keyed state in an embedded RocksDB (a local working copy, rebuilt from the
 * checkpoint on restore), behind a bounded in-memory working set so the synchronous state API never waits.
 *
 * - Working set: an LRU of keys (`cacheEntries`, option state.backend.rocksdb.weir.cache-entries); a cached key
 *   holds all its states (value, list, and whole maps). `prefetch(keys)` loads a batch's missing keys with ONE
 *   batched RocksDB read (plus one short scan per map state whose marker says it is non-empty) before the batch
 *   is processed; the runtime awaits it once per batch and then runs the operator synchronously.
 * - Writes mark keys dirty; dirty keys are written back in one batch at a prefetch point once there are
 *   `flushEntries` of them or the cache is over its bound (then clean least-recently-used keys are evicted), and
 *   always at a snapshot cut. Never per record.
 * - Reading a key that was neither prefetched nor cached is a runtime bug and throws STATE_NOT_PREFETCHED naming
 *   the state, except while the working set holds everything (nothing was ever evicted or restored to disk):
 *   then an unknown key is known to be absent.
 * - Map states are loaded whole per key (SQL operators keep small maps per key), so entries() works.
 * - List states are stored as one value per key.
 * - TTL: processing time as in the hashmap backend: an expired entry reads as absent and is deleted lazily on
 *   read (and written back as a deletion); snapshots leave expired entries out.
 *
 * Snapshots (canonical or incremental) and restores are in rocksdb-snapshot.ts.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { EngineError, internalError } from '../errors.js'
import type { KeyGroupRange } from './key-groups.js'
import type {
  KeyedStateBackend,
  KeyedStateSnapshot,
  ListState,
  MapState,
  StateOptions,
  ValueState,
} from './keyed-state.js'
import { openRocksDb, scanRange } from './rocksdb-binding.js'
import type { RocksDb, RocksWriteBatch } from './rocksdb-binding.js'
import {
  ByteWriter,
  decodeKey,
  decodeStoredValue,
  encodeKey,
  encodeMapMarker,
  encodeStateName,
  MAP_PART_END,
  writeKeyPrefix,
} from './rocksdb-codec.js'
import { RocksDBCheckpoints } from './rocksdb-snapshot.js'
import { ABSENT, encodeDirtyEntries, hasUnloaded, workingSetSnapshot } from './rocksdb-working-set.js'
import type { EncodedOps, KeyEntry, MapSlot, Slot, SlotState, StateKind, Table } from './rocksdb-working-set.js'

export type { StateKind } from './rocksdb-working-set.js'

export interface RocksDBBackendOptions {
  /** Folder under which the backend creates its own working directory (removed on dispose). */
  readonly localDir: string
  /** Keys held in memory (each with all its states); default 100 000. */
  readonly cacheEntries?: number
  /** Dirty keys that trigger a write-back at the next prefetch; default a quarter of cacheEntries. */
  readonly flushEntries?: number
  /** Track changed keys for incremental checkpoints (execution.checkpointing.incremental). */
  readonly incremental?: boolean
  readonly clock?: () => number
}

export const DEFAULT_CACHE_ENTRIES = 100_000

const MAX_TABLES = 30

export class RocksDBStateBackend implements KeyedStateBackend {
  currentKey = ''
  currentKeyGroup = 0
  private cur: KeyEntry | undefined
  readonly tables: Table[] = []
  private readonly tableByName = new Map<string, Table>()
  /** LRU order: oldest first. */
  private readonly keys = new Map<string, KeyEntry>()
  private dirty: KeyEntry[] = []
  /** True while the working set holds all state (then unknown keys are known to be absent). */
  complete = true
  private chain: Promise<unknown> = Promise.resolve()
  private failure: unknown = undefined
  readonly cacheEntries: number
  readonly flushEntries: number
  readonly clock: () => number
  readonly incremental: boolean
  /** Raw keys written since the last cut, per key group (incremental checkpoints only). */
  changes = new Map<number, Set<string>>()
  /**
   * Whether writes are recorded in `changes`: from the first incremental cut (or an adopted base) on. Before
   * that the next checkpoint is a full one anyway, and a bulk load would otherwise keep every key in memory.
   */
  trackChanges = false
  readonly stats = { reads: 0, mapScans: 0, writes: 0, flushes: 0, evictions: 0 }
  /** Snapshot cuts and the incremental chain (rocksdb-snapshot.ts). */
  readonly checkpoints: RocksDBCheckpoints = new RocksDBCheckpoints(this)

  private constructor(
    readonly keyGroupRange: KeyGroupRange,
    readonly maxParallelism: number,
    readonly db: RocksDb,
    readonly dir: string,
    options: RocksDBBackendOptions,
  ) {
    this.cacheEntries = Math.max(1, options.cacheEntries ?? DEFAULT_CACHE_ENTRIES)
    this.flushEntries = Math.max(1, options.flushEntries ?? Math.ceil(this.cacheEntries / 4))
    this.clock = options.clock ?? Date.now
    this.incremental = options.incremental ?? false
  }

  static async create(keyGroupRange: KeyGroupRange, maxParallelism: number, options: RocksDBBackendOptions): Promise<RocksDBStateBackend> {
    await mkdir(options.localDir, { recursive: true })
    const dir = await mkdtemp(join(options.localDir, `rocksdb-kg${keyGroupRange.start}-${keyGroupRange.end}-`))
    const db = await openRocksDb(join(dir, 'db'))
    return new RocksDBStateBackend(keyGroupRange, maxParallelism, db, dir, options)
  }

  // ------------------------------------------------------------------------------------------------------
  // Tables and keys

  setCurrentKey(key: string, keyGroup: number): void {
    this.currentKey = key
    this.currentKeyGroup = keyGroup
    this.cur = this.keys.get(key)
  }

  /** Declares (or looks up) a state; restored states learn their TTL when the operator declares them. */
  table(name: string, kind: StateKind, options?: StateOptions): Table {
    let t = this.tableByName.get(name)
    if (t === undefined) {
      if (this.tables.length >= MAX_TABLES) throw internalError(`the RocksDB backend supports at most ${MAX_TABLES} states per operator`)
      t = { name, idx: this.tables.length, kind, ttlMs: options?.ttlMs ?? 0, nameBytes: encodeStateName(name) }
      this.tables.push(t)
      this.tableByName.set(name, t)
    } else if (t.kind !== kind) {
      throw new EngineError('STATE_KIND_MISMATCH', `state '${name}' is a ${t.kind} state, not a ${kind} state`, { domain: 'internal' })
    } else if (options?.ttlMs !== undefined) {
      t.ttlMs = options.ttlMs
    }
    return t
  }

  tableNamed(name: string): Table | undefined {
    return this.tableByName.get(name)
  }

  private notPrefetched(t: Table): EngineError {
    return new EngineError(
      'STATE_NOT_PREFETCHED',
      `state '${t.name}' of key ${JSON.stringify(this.currentKey)} (key group ${this.currentKeyGroup}) was accessed before it was prefetched; the RocksDB backend only serves keys loaded by prefetch()`,
      { domain: 'internal' },
    )
  }

  /** The current key's entry for reading; creates a known-absent one while the working set is complete. */
  private readEntry(t: Table): KeyEntry {
    const e = this.cur
    if (e !== undefined) return e
    if (!this.complete) throw this.notPrefetched(t)
    return this.newCurrentEntry(ABSENT)
  }

  private newCurrentEntry(fill: typeof ABSENT | undefined): KeyEntry {
    const e: KeyEntry = { key: this.currentKey, kg: this.currentKeyGroup, slots: new Array<SlotState>(this.tables.length).fill(fill), dirtyMask: 0 }
    this.keys.set(e.key, e)
    this.cur = e
    return e
  }

  /** A slot for reading: throws when it was never loaded (unless the working set is complete). */
  private slot(e: KeyEntry, t: Table): SlotState {
    const s = e.slots[t.idx]
    if (s !== undefined) return s
    if (this.complete) return ABSENT
    throw this.notPrefetched(t)
  }

  private markDirty(e: KeyEntry, t: Table): void {
    if (e.dirtyMask === 0) this.dirty.push(e)
    e.dirtyMask |= 1 << t.idx
  }

  private expired(t: Table, ts: number): boolean {
    return t.ttlMs > 0 && this.clock() - ts >= t.ttlMs
  }

  private stamp(t: Table): number {
    return t.ttlMs > 0 ? this.clock() : 0
  }

  // ------------------------------------------------------------------------------------------------------
  // State handles

  getValueState<T>(name: string, options?: StateOptions): ValueState<T> {
    const t = this.table(name, 'value', options)
    return {
      value: (): T | undefined => {
        const e = this.readEntry(t)
        const s = this.slot(e, t) as Slot | null
        if (s === ABSENT) return undefined
        if (this.expired(t, s.ts)) {
          e.slots[t.idx] = ABSENT
          this.markDirty(e, t)
          return undefined
        }
        return s.value as T
      },
      update: (value: T): void => {
        const e = this.cur ?? this.newCurrentEntry(this.complete ? ABSENT : undefined)
        e.slots[t.idx] = { ts: this.stamp(t), value }
        this.markDirty(e, t)
      },
      clear: (): void => {
        const e = this.cur ?? this.newCurrentEntry(this.complete ? ABSENT : undefined)
        e.slots[t.idx] = ABSENT
        this.markDirty(e, t)
      },
    }
  }

  getListState<T>(name: string, options?: StateOptions): ListState<T> {
    const t = this.table(name, 'list', options)
    const get = (): { e: KeyEntry; s: Slot | null } => {
      const e = this.readEntry(t)
      const s = this.slot(e, t) as Slot | null
      if (s !== ABSENT && this.expired(t, s.ts)) {
        e.slots[t.idx] = ABSENT
        this.markDirty(e, t)
        return { e, s: ABSENT }
      }
      return { e, s }
    }
    return {
      get: (): readonly T[] => (get().s?.value as T[] | undefined) ?? [],
      add: (value: T): void => {
        const { e, s } = get()
        if (s === ABSENT) e.slots[t.idx] = { ts: this.stamp(t), value: [value] }
        else {
          ;(s.value as T[]).push(value)
          if (t.ttlMs > 0) s.ts = this.clock()
        }
        this.markDirty(e, t)
      },
      update: (values: T[]): void => {
        const e = this.cur ?? this.newCurrentEntry(this.complete ? ABSENT : undefined)
        e.slots[t.idx] = values.length === 0 ? ABSENT : { ts: this.stamp(t), value: values }
        this.markDirty(e, t)
      },
      clear: (): void => {
        const e = this.cur ?? this.newCurrentEntry(this.complete ? ABSENT : undefined)
        e.slots[t.idx] = ABSENT
        this.markDirty(e, t)
      },
    }
  }

  getMapState<UK extends string | number, V>(name: string, options?: StateOptions): MapState<UK, V> {
    const t = this.table(name, 'map', options)
    const self = this
    const read = (): { e: KeyEntry; m: MapSlot | null } => {
      const e = this.readEntry(t)
      return { e, m: this.slot(e, t) as MapSlot | null }
    }
    const forWrite = (): { e: KeyEntry; m: MapSlot } => {
      const { e, m } = read()
      if (m !== ABSENT) return { e, m }
      const fresh: MapSlot = { map: new Map(), changed: null }
      e.slots[t.idx] = fresh
      return { e, m: fresh }
    }
    const touch = (e: KeyEntry, m: MapSlot, uk: string | number): void => {
      ;(m.changed ??= new Set()).add(uk)
      this.markDirty(e, t)
    }
    const live = (e: KeyEntry, m: MapSlot | null, uk: string | number): Slot | undefined => {
      if (m === ABSENT) return undefined
      const s = m.map.get(uk)
      if (s === undefined) return undefined
      if (this.expired(t, s.ts)) {
        m.map.delete(uk)
        touch(e, m, uk)
        return undefined
      }
      return s
    }
    function* liveEntries(): IterableIterator<[UK, V]> {
      const { m } = read()
      if (m === ABSENT) return
      for (const [uk, s] of m.map) if (!self.expired(t, s.ts)) yield [uk as UK, s.value as V]
    }
    return {
      get: (uk) => {
        const { e, m } = read()
        return live(e, m, uk)?.value as V | undefined
      },
      put: (uk, value) => {
        const { e, m } = forWrite()
        m.map.set(uk, { ts: this.stamp(t), value })
        touch(e, m, uk)
      },
      remove: (uk) => {
        const { e, m } = read()
        if (m === ABSENT || !m.map.delete(uk)) return
        touch(e, m, uk)
      },
      contains: (uk) => {
        const { e, m } = read()
        return live(e, m, uk) !== undefined
      },
      entries: liveEntries,
      *keys(): IterableIterator<UK> {
        for (const [k] of liveEntries()) yield k
      },
      isEmpty: () => {
        for (const _ of liveEntries()) return false
        return true
      },
      clear: () => {
        const { e, m } = read()
        if (m === ABSENT) return
        for (const uk of m.map.keys()) touch(e, m, uk)
        m.map.clear()
      },
    }
  }

  // ------------------------------------------------------------------------------------------------------
  // Prefetch, write-back, eviction

  /** Runs `fn` after every RocksDB operation queued before it (writes and reads stay in program order). */
  enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.failure !== undefined) throw this.failure
      try {
        return await fn()
      } catch (e) {
        this.failure = e
        throw e
      }
    }
    const p = this.chain.then(run, run)
    this.chain = p.catch(() => undefined)
    return p
  }

  prefetch(keys: readonly { key: string; keyGroup: number }[]): Promise<void> | null {
    const batch = new Set<string>()
    const need: { key: string; kg: number; e: KeyEntry | undefined }[] = []
    const n = this.tables.length
    for (const { key, keyGroup } of keys) {
      if (batch.has(key)) continue
      batch.add(key)
      const e = this.keys.get(key)
      if (e !== undefined) {
        // Most recently used goes last.
        this.keys.delete(key)
        this.keys.set(key, e)
        if (!this.complete && hasUnloaded(e, n)) need.push({ key, kg: keyGroup, e })
      } else if (!this.complete) {
        need.push({ key, kg: keyGroup, e: undefined })
      } else {
        // Known absent now; recorded before an eviction below can make the working set incomplete.
        this.keys.set(key, { key, kg: keyGroup, slots: new Array<SlotState>(n).fill(ABSENT), dirtyMask: 0 })
      }
    }
    const overCapacity = this.keys.size + need.length > this.cacheEntries
    if (need.length === 0 && !overCapacity && this.dirty.length < this.flushEntries) return null
    return this.enqueue(async () => {
      if (this.dirty.length >= this.flushEntries || overCapacity) await this.writeOps(this.encodeDirty())
      if (need.length > 0) await this.load(need)
      if (this.keys.size > this.cacheEntries) this.evict(batch)
      this.cur = this.keys.get(this.currentKey)
    })
  }

  /** Encodes every dirty key's changes (synchronously) and marks them clean; records changes per key group. */
  encodeDirty(): EncodedOps {
    const ops = encodeDirtyEntries(this.dirty, this.tables, this.trackChanges ? (kg, k) => this.track(kg, k) : null)
    this.dirty = []
    return ops
  }

  private track(kg: number, k: Buffer): void {
    let set = this.changes.get(kg)
    if (set === undefined) this.changes.set(kg, (set = new Set()))
    set.add(k.toString('latin1'))
  }

  /** Writes encoded ops in one RocksDB batch. */
  async writeOps(ops: EncodedOps): Promise<void> {
    if (ops.puts.length === 0 && ops.deletes.length === 0) return
    const b: RocksWriteBatch = this.db.write({ capacity: ops.puts.length / 2 + ops.deletes.length, autoDestroy: true })
    for (const k of ops.deletes) b.tryDelete(k)
    for (let i = 0; i < ops.puts.length; i += 2) b.tryPut(ops.puts[i]!, ops.puts[i + 1]!)
    await b.flush()
    this.stats.writes += ops.puts.length / 2 + ops.deletes.length
    this.stats.flushes++
  }

  /** Loads the missing states of the given keys: one batched read, then one scan per non-empty map. */
  private async load(need: readonly { key: string; kg: number; e: KeyEntry | undefined }[]): Promise<void> {
    const w = new ByteWriter(64 * 1024)
    const r = this.db.read({ capacity: need.length * this.tables.length, autoDestroy: true })
    const gets: { e: KeyEntry; t: Table; p: Promise<Buffer | null> }[] = []
    for (const { key, kg, e: existing } of need) {
      const e: KeyEntry = existing ?? { key, kg, slots: new Array<SlotState>(this.tables.length).fill(undefined), dirtyMask: 0 }
      if (existing === undefined) this.keys.set(key, e)
      for (const t of this.tables) {
        if (e.slots[t.idx] !== undefined) continue
        const k = t.kind === 'map' ? encodeMapMarker(w, kg, t.nameBytes, key) : encodeKey(w, kg, t.nameBytes, key)
        gets.push({ e, t, p: r.get(k) })
      }
    }
    if (gets.length === 0) return
    r.tryFlush()
    const values = await Promise.all(gets.map((g) => g.p))
    this.stats.reads += gets.length
    const scans: Promise<void>[] = []
    for (let i = 0; i < gets.length; i++) {
      const { e, t } = gets[i]!
      const v = values[i]
      if (v === null || v === undefined) e.slots[t.idx] = ABSENT
      else if (t.kind === 'map') scans.push(this.loadMap(e, t))
      else {
        const d = decodeStoredValue(v)
        e.slots[t.idx] = { ts: d.ts, value: d.value }
      }
    }
    if (scans.length > 0) await Promise.all(scans)
  }

  private async loadMap(e: KeyEntry, t: Table): Promise<void> {
    const w = new ByteWriter(256)
    writeKeyPrefix(w, e.kg, t.nameBytes, e.key)
    const prefix = w.slice(0)
    const gte = Buffer.concat([prefix, Buffer.from([1])])
    const lt = Buffer.concat([prefix, Buffer.from([MAP_PART_END])])
    const map = new Map<string | number, Slot>()
    await scanRange(this.db, { gte, lt }, (entries) => {
      for (const { key, value } of entries) {
        const d = decodeStoredValue(value)
        map.set(decodeKey(key).userKey!, { ts: d.ts, value: d.value })
      }
    })
    this.stats.mapScans++
    e.slots[t.idx] = map.size === 0 ? ABSENT : { map, changed: null }
  }

  /** Drops least-recently-used clean keys until the working set fits (never keys of the current batch). */
  private evict(protect: ReadonlySet<string>): void {
    let over = this.keys.size - this.cacheEntries
    if (over <= 0) return
    for (const [key, e] of this.keys) {
      if (over <= 0) break
      if (protect.has(key)) break // everything after it is at least as recent
      if (e.dirtyMask !== 0) continue
      this.keys.delete(key)
      over--
      this.stats.evictions++
      this.complete = false
    }
  }

  /** Writes all dirty keys back (tests and benchmarks; snapshots do it at their cut). */
  flush(): Promise<void> {
    return this.enqueue(() => this.writeOps(this.encodeDirty()))
  }

  get cachedKeys(): number {
    return this.keys.size
  }

  get dirtyKeys(): number {
    return this.dirty.length
  }

  // ------------------------------------------------------------------------------------------------------
  // Synchronous snapshot/restore of the contract: only while the working set holds everything.

  *keysOf(name: string): IterableIterator<{ key: string; keyGroup: number }> {
    const t = this.tableByName.get(name)
    if (t === undefined) return
    if (!this.complete) {
      throw new EngineError('STATE_UNSUPPORTED', `keysOf('${name}') cannot enumerate RocksDB state that does not fit the working set`, { domain: 'internal' })
    }
    for (const e of this.keys.values()) {
      const s = e.slots[t.idx]
      if (s === undefined || s === ABSENT) continue
      if (t.kind === 'map' && (s as MapSlot).map.size === 0) continue
      yield { key: e.key, keyGroup: e.kg }
    }
  }

  /**
   * The canonical snapshot, synchronously, from the working set; only possible while it holds all state.
   * Checkpoints use the asynchronous cut (rocksdb-snapshot.ts), which works for any size.
   */
  snapshot(): KeyedStateSnapshot {
    if (!this.complete) {
      throw new EngineError('STATE_UNSUPPORTED', 'a synchronous snapshot of RocksDB state larger than the working set is not possible; use the asynchronous snapshot cut', { domain: 'internal' })
    }
    return workingSetSnapshot(this.tables, this.keys.values(), (t, ts) => this.expired(t, ts))
  }


  /** Loads canonical snapshots into the working set (dirty, written back later); only into an empty backend. */
  restore(snapshots: readonly KeyedStateSnapshot[]): void {
    if (!this.complete || this.keys.size > 0) throw internalError('restore() must be called on a fresh RocksDB backend')
    const { start, end } = this.keyGroupRange
    for (const snap of snapshots) {
      for (const [kg, entries] of snap.groups) {
        if (kg < start || kg >= end) continue
        for (const x of entries) {
          const kind = snap.stateKinds[x.state]
          if (kind === undefined) throw new EngineError('STATE_CORRUPT', `snapshot entry for unknown state '${x.state}'`)
          const t = this.table(x.state, kind)
          let e = this.keys.get(x.key)
          if (e === undefined) {
            e = { key: x.key, kg, slots: new Array<SlotState>(this.tables.length).fill(ABSENT), dirtyMask: 0 }
            this.keys.set(x.key, e)
          }
          const ts = x.ts ?? 0
          if (kind === 'map') {
            let m = e.slots[t.idx] as MapSlot | null | undefined
            if (m === ABSENT || m === undefined) e.slots[t.idx] = m = { map: new Map(), changed: null }
            const uk = x.userKey ?? ''
            m.map.set(uk, { ts, value: x.value })
            ;(m.changed ??= new Set()).add(uk)
          } else {
            e.slots[t.idx] = { ts, value: x.value }
          }
          this.markDirty(e, t)
        }
      }
    }
    this.cur = this.keys.get(this.currentKey)
  }

  /** Marks the working set incomplete (state was restored straight into RocksDB). */
  markRestoredToDisk(): void {
    this.complete = false
    this.keys.clear()
    this.cur = undefined
  }

  async dispose(): Promise<void> {
    await this.chain
    await this.db.close({ force: true }).catch(() => undefined)
    await rm(this.dir, { recursive: true, force: true })
  }
}

