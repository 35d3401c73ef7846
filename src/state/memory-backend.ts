/**
 * The `hashmap` state backend: keyed state in JavaScript Maps. Snapshots are synchronous cuts that share values
 * with live state, so the caller must serialize a snapshot before control returns to the operator.
 * TTL is processing-time based, as in Flink: an expired entry reads as absent and is left out of snapshots.
 */
import { EngineError } from '../errors.js'
import type { KeyGroupRange } from './key-groups.js'
import type {
  KeyedStateBackend,
  KeyedStateSnapshot,
  ListState,
  MapState,
  StateEntry,
  StateOptions,
  ValueState,
} from './keyed-state.js'

type Kind = 'value' | 'map' | 'list'

interface Slot {
  kg: number
  ts: number
  value: unknown
}

interface MapSlot {
  kg: number
  map: Map<string | number, Slot>
}

interface StateTable {
  readonly kind: Kind
  ttlMs: number
  readonly values: Map<string, Slot | MapSlot>
}

export class MemoryStateBackend implements KeyedStateBackend {
  currentKey = ''
  currentKeyGroup = 0
  private readonly tables = new Map<string, StateTable>()

  constructor(
    readonly keyGroupRange: KeyGroupRange,
    readonly maxParallelism: number,
    private readonly clock: () => number = Date.now,
  ) {}

  setCurrentKey(key: string, keyGroup: number): void {
    this.currentKey = key
    this.currentKeyGroup = keyGroup
  }

  private table(name: string, kind: Kind, options: StateOptions | undefined): StateTable {
    let t = this.tables.get(name)
    if (t === undefined) {
      t = { kind, ttlMs: options?.ttlMs ?? 0, values: new Map() }
      this.tables.set(name, t)
    } else if (t.kind !== kind) {
      throw new EngineError('STATE_KIND_MISMATCH', `state '${name}' is a ${t.kind} state, not a ${kind} state`, { domain: 'internal' })
    } else if (options?.ttlMs !== undefined) {
      t.ttlMs = options.ttlMs // restored tables learn their TTL when the operator declares the state
    }
    return t
  }

  private expired(t: StateTable, slot: Slot): boolean {
    return t.ttlMs > 0 && this.clock() - slot.ts >= t.ttlMs
  }

  getValueState<T>(name: string, options?: StateOptions): ValueState<T> {
    const t = this.table(name, 'value', options)
    const self = this
    return {
      value(): T | undefined {
        const slot = t.values.get(self.currentKey) as Slot | undefined
        if (slot === undefined) return undefined
        if (self.expired(t, slot)) {
          t.values.delete(self.currentKey)
          return undefined
        }
        return slot.value as T
      },
      update(value: T): void {
        t.values.set(self.currentKey, { kg: self.currentKeyGroup, ts: t.ttlMs > 0 ? self.clock() : 0, value })
      },
      clear(): void {
        t.values.delete(self.currentKey)
      },
    }
  }

  getMapState<UK extends string | number, V>(name: string, options?: StateOptions): MapState<UK, V> {
    const t = this.table(name, 'map', options)
    const self = this
    const slotOf = (create: boolean): MapSlot | undefined => {
      let s = t.values.get(self.currentKey) as MapSlot | undefined
      if (s === undefined && create) {
        s = { kg: self.currentKeyGroup, map: new Map() }
        t.values.set(self.currentKey, s)
      }
      return s
    }
    const live = (s: MapSlot, uk: string | number): Slot | undefined => {
      const e = s.map.get(uk)
      if (e === undefined) return undefined
      if (self.expired(t, e)) {
        s.map.delete(uk)
        return undefined
      }
      return e
    }
    function* liveEntries(): IterableIterator<[UK, V]> {
      const s = slotOf(false)
      if (s === undefined) return
      for (const [uk, e] of s.map) if (!self.expired(t, e)) yield [uk as UK, e.value as V]
    }
    return {
      get: (uk) => {
        const s = slotOf(false)
        return s === undefined ? undefined : (live(s, uk)?.value as V | undefined)
      },
      put: (uk, value) => {
        slotOf(true)!.map.set(uk, { kg: self.currentKeyGroup, ts: t.ttlMs > 0 ? self.clock() : 0, value })
      },
      remove: (uk) => {
        const s = slotOf(false)
        if (s === undefined) return
        s.map.delete(uk)
        if (s.map.size === 0) t.values.delete(self.currentKey)
      },
      contains: (uk) => {
        const s = slotOf(false)
        return s !== undefined && live(s, uk) !== undefined
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
        t.values.delete(self.currentKey)
      },
    }
  }

  getListState<T>(name: string, options?: StateOptions): ListState<T> {
    const t = this.table(name, 'list', options)
    const self = this
    const get = (): T[] | undefined => {
      const slot = t.values.get(self.currentKey) as Slot | undefined
      if (slot === undefined) return undefined
      if (self.expired(t, slot)) {
        t.values.delete(self.currentKey)
        return undefined
      }
      return slot.value as T[]
    }
    const set = (values: T[]): void => {
      t.values.set(self.currentKey, { kg: self.currentKeyGroup, ts: t.ttlMs > 0 ? self.clock() : 0, value: values })
    }
    return {
      get: () => get() ?? [],
      add: (value) => {
        const cur = get()
        if (cur === undefined) set([value])
        else {
          cur.push(value)
          if (t.ttlMs > 0) set(cur)
        }
      },
      update: (values) => {
        if (values.length === 0) t.values.delete(self.currentKey)
        else set(values)
      },
      clear: () => {
        t.values.delete(self.currentKey)
      },
    }
  }

  *keysOf(name: string): IterableIterator<{ key: string; keyGroup: number }> {
    const t = this.tables.get(name)
    if (t === undefined) return
    for (const [key, slot] of t.values) yield { key, keyGroup: slot.kg }
  }

  prefetch(): null {
    return null
  }

  snapshot(): KeyedStateSnapshot {
    const stateKinds: Record<string, Kind> = {}
    const groups = new Map<number, StateEntry[]>()
    const push = (kg: number, e: StateEntry): void => {
      let list = groups.get(kg)
      if (list === undefined) groups.set(kg, (list = []))
      list.push(e)
    }
    for (const [name, t] of this.tables) {
      stateKinds[name] = t.kind
      for (const [key, slot] of t.values) {
        if (t.kind === 'map') {
          const ms = slot as MapSlot
          for (const [uk, e] of ms.map) {
            if (!this.expired(t, e)) push(ms.kg, t.ttlMs > 0 || e.ts !== 0 ? { state: name, key, userKey: uk, value: e.value, ts: e.ts } : { state: name, key, userKey: uk, value: e.value })
          }
        } else {
          const s = slot as Slot
          if (!this.expired(t, s)) push(s.kg, t.ttlMs > 0 || s.ts !== 0 ? { state: name, key, value: s.value, ts: s.ts } : { state: name, key, value: s.value })
        }
      }
    }
    return { stateKinds, groups }
  }

  restore(snapshots: readonly KeyedStateSnapshot[]): void {
    const { start, end } = this.keyGroupRange
    for (const snap of snapshots) {
      for (const [kg, entries] of snap.groups) {
        if (kg < start || kg >= end) continue
        for (const e of entries) {
          const kind = snap.stateKinds[e.state]
          if (kind === undefined) throw new EngineError('STATE_CORRUPT', `snapshot entry for unknown state '${e.state}'`)
          let t = this.tables.get(e.state)
          if (t === undefined) {
            // The operator declares its TTL when it asks for the state in open(); until then keep entries as they are.
            t = { kind, ttlMs: 0, values: new Map() }
            this.tables.set(e.state, t)
          }
          const ts = e.ts ?? 0
          if (kind === 'map') {
            let ms = t.values.get(e.key) as MapSlot | undefined
            if (ms === undefined) t.values.set(e.key, (ms = { kg, map: new Map() }))
            ms.map.set(e.userKey ?? '', { kg, ts, value: e.value })
          } else {
            t.values.set(e.key, { kg, ts, value: e.value })
          }
        }
      }
    }
  }

  async dispose(): Promise<void> {
    this.tables.clear()
  }
}
