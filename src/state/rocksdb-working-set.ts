/**
 * The in-memory working set of the RocksDB backend: cached keys with all their states, and the pure operations on
 * it (encoding dirty keys for a write batch, a canonical snapshot of it when it holds everything).
 */
import type { KeyedStateSnapshot, StateEntry } from './keyed-state.js'
import { ByteWriter, encodeKey, encodeMapKey, encodeMapMarker, encodeStoredValue } from './rocksdb-codec.js'

export type StateKind = 'value' | 'map' | 'list'

export interface Table {
  readonly name: string
  readonly idx: number
  readonly kind: StateKind
  ttlMs: number
  readonly nameBytes: Buffer
}

/** A state of a cached key that is known to have no entry. */
export const ABSENT = null
export interface Slot {
  ts: number
  value: unknown
}
export interface MapSlot {
  readonly map: Map<string | number, Slot>
  /** User keys written or removed since the last write-back. */
  changed: Set<string | number> | null
}
/** undefined: not loaded; ABSENT (null): known empty. */
export type SlotState = undefined | typeof ABSENT | Slot | MapSlot

export interface KeyEntry {
  readonly key: string
  readonly kg: number
  readonly slots: SlotState[]
  /** Bit per table index with changes not yet written back. */
  dirtyMask: number
}

/** Puts and deletes ready for a RocksDB write batch (encoded at a cut, written later). */
export interface EncodedOps {
  readonly puts: Buffer[]
  readonly deletes: Buffer[]
}

const EMPTY = Buffer.alloc(0)

/**
 * Encodes every dirty key's changes for one write batch and marks them clean; `onWrite` sees each written raw key
 * (change tracking for incremental checkpoints). Map markers are kept in step with the maps.
 */
export function encodeDirtyEntries(dirty: readonly KeyEntry[], tables: readonly Table[], onWrite: ((kg: number, key: Buffer) => void) | null): EncodedOps {
  const w = new ByteWriter(256 * 1024)
  const puts: Buffer[] = []
  const deletes: Buffer[] = []
  for (const e of dirty) {
    const mask = e.dirtyMask
    e.dirtyMask = 0
    for (const t of tables) {
      if ((mask & (1 << t.idx)) === 0) continue
      const s = e.slots[t.idx]
      if (t.kind !== 'map') {
        const k = encodeKey(w, e.kg, t.nameBytes, e.key)
        if (s === ABSENT || s === undefined) deletes.push(k)
        else puts.push(k, encodeStoredValue(w, (s as Slot).ts, (s as Slot).value))
        if (onWrite !== null) onWrite(e.kg, k)
        continue
      }
      const m = s as MapSlot | null | undefined
      if (m === ABSENT || m === undefined || m.changed === null) continue
      for (const uk of m.changed) {
        const k = encodeMapKey(w, e.kg, t.nameBytes, e.key, uk)
        const v = m.map.get(uk)
        if (v === undefined) deletes.push(k)
        else puts.push(k, encodeStoredValue(w, v.ts, v.value))
        if (onWrite !== null) onWrite(e.kg, k)
      }
      m.changed = null
      const marker = encodeMapMarker(w, e.kg, t.nameBytes, e.key)
      if (m.map.size > 0) puts.push(marker, EMPTY)
      else {
        deletes.push(marker)
        e.slots[t.idx] = ABSENT
      }
    }
  }
  return { puts, deletes }
}

/** The canonical snapshot of a working set that holds all state (the hashmap backend's shape). */
export function workingSetSnapshot(tables: readonly Table[], entries: Iterable<KeyEntry>, expired: (t: Table, ts: number) => boolean): KeyedStateSnapshot {
  const stateKinds: Record<string, StateKind> = {}
  for (const t of tables) stateKinds[t.name] = t.kind
  const groups = new Map<number, StateEntry[]>()
  for (const e of entries) {
    for (const t of tables) {
      const s = e.slots[t.idx]
      if (s === undefined || s === ABSENT) continue
      let list = groups.get(e.kg)
      const push = (x: StateEntry): void => {
        if (list === undefined) groups.set(e.kg, (list = []))
        list.push(x)
      }
      if (t.kind === 'map') {
        for (const [uk, v] of (s as MapSlot).map) {
          if (expired(t, v.ts)) continue
          push(keptTs(t.ttlMs, v.ts) !== undefined ? { state: t.name, key: e.key, userKey: uk, value: v.value, ts: v.ts } : { state: t.name, key: e.key, userKey: uk, value: v.value })
        }
      } else {
        const v = s as Slot
        if (expired(t, v.ts)) continue
        push(keptTs(t.ttlMs, v.ts) !== undefined ? { state: t.name, key: e.key, value: v.value, ts: v.ts } : { state: t.name, key: e.key, value: v.value })
      }
    }
  }
  return { stateKinds, groups }
}

/**
 * The write time goes into snapshots for TTL states, and also for restored entries of a state the operator has
 * not declared (yet): its TTL is unknown then, and dropping the time would make them expire once it is declared.
 */
export function keptTs(ttlMs: number, ts: number): number | undefined {
  return ttlMs > 0 || ts !== 0 ? ts : undefined
}

export function hasUnloaded(e: KeyEntry, tables: number): boolean {
  for (let i = 0; i < tables; i++) if (e.slots[i] === undefined) return true
  return false
}
