/**
 * The keyed state interface operators program against, Flink style: the task sets the current key (and its key
 * group) before each record or timer, and state handles read and write that key's entry. All calls are
 * synchronous; a backend whose data lives on disk prefetches a batch's keys (see `prefetch`) before the batch is
 * processed and writes changes back in batches, so no call here ever awaits.
 */
import type { KeyGroupRange } from './key-groups.js'

export interface StateOptions {
  /** Idle-state retention in ms (table.exec.state.ttl); an entry not written for this long reads as absent. */
  readonly ttlMs?: number
}

export interface ValueState<T> {
  value(): T | undefined
  update(value: T): void
  clear(): void
}

/** User keys must be strings or numbers (encode composite keys with encodeKey). */
export interface MapState<UK extends string | number, V> {
  get(userKey: UK): V | undefined
  put(userKey: UK, value: V): void
  remove(userKey: UK): void
  contains(userKey: UK): boolean
  entries(): IterableIterator<[UK, V]>
  keys(): IterableIterator<UK>
  isEmpty(): boolean
  clear(): void
}

export interface ListState<T> {
  get(): readonly T[]
  add(value: T): void
  update(values: T[]): void
  clear(): void
}

export interface KeyedStateBackend {
  readonly keyGroupRange: KeyGroupRange
  readonly maxParallelism: number
  setCurrentKey(key: string, keyGroup: number): void
  readonly currentKey: string
  readonly currentKeyGroup: number
  getValueState<T>(name: string, options?: StateOptions): ValueState<T>
  getMapState<UK extends string | number, V>(name: string, options?: StateOptions): MapState<UK, V>
  getListState<T>(name: string, options?: StateOptions): ListState<T>
  /** Visits every key that has an entry in state `name` (used for cleanup and rescaling). */
  keysOf(name: string): IterableIterator<{ key: string; keyGroup: number }>
  /** Loads the given keys' state before a batch is processed; null when nothing needs loading (memory). */
  prefetch(keys: readonly { key: string; keyGroup: number }[]): Promise<void> | null
  /** Synchronous cut of all keyed state, per key group, in the canonical (backend-independent) form. */
  snapshot(): KeyedStateSnapshot
  /** Loads the key groups of `snapshot` that this backend's range owns (other groups are ignored). */
  restore(snapshots: readonly KeyedStateSnapshot[]): void
  dispose(): Promise<void>
}

/** One state entry in canonical form: which state, which key, an optional map key, and the value. */
export interface StateEntry {
  readonly state: string
  readonly key: string
  readonly userKey?: string | number
  readonly value: unknown
  /** Last write time, for TTL. */
  readonly ts?: number
}

/** Canonical keyed state: entries grouped by key group (so any parallelism can take the groups it owns). */
export interface KeyedStateSnapshot {
  readonly stateKinds: Readonly<Record<string, 'value' | 'map' | 'list'>>
  readonly groups: ReadonlyMap<number, readonly StateEntry[]>
}
