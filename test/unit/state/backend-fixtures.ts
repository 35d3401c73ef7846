/**
 * Shared fixtures for state backend tests: both backends behind one interface, driven the way the runtime drives
 * them (prefetch a batch's keys, then synchronous access), and snapshots taken through the real checkpoint path
 * (cut, write files, read them back).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSnapshotTarget } from '../../../src/checkpoint/checkpoint-files.js'
import { cutKeyedState, readKeyedStateHandle, restoreKeyedState } from '../../../src/checkpoint/keyed-state-snapshots.js'
import type { KeyGroupRange } from '../../../src/state/key-groups.js'
import { keyGroupOf } from '../../../src/state/key-groups.js'
import type { KeyedStateBackend, KeyedStateSnapshot, StateEntry } from '../../../src/state/keyed-state.js'
import { MemoryStateBackend } from '../../../src/state/memory-backend.js'
import { RocksDBStateBackend } from '../../../src/state/rocksdb-backend.js'
import type { KeyedStateHandle } from '../../../src/state/state-serializer.js'

export const MAX_P = 16
export const FULL: KeyGroupRange = { start: 0, end: MAX_P }

export class FakeClock {
  t = 1_000_000
  readonly now = (): number => this.t
  advance(ms: number): void {
    this.t += ms
  }
}

export interface BackendKind {
  readonly name: string
  create(range: KeyGroupRange, clock: FakeClock, opts?: { incremental?: boolean }): Promise<KeyedStateBackend>
}

/** Temp folders made by a test file; `cleanup()` in afterAll. */
export class TempDirs {
  private readonly dirs: string[] = []
  async make(prefix = 'weir-test-'): Promise<string> {
    const d = await mkdtemp(join(tmpdir(), prefix))
    this.dirs.push(d)
    return d
  }
  async cleanup(): Promise<void> {
    for (const d of this.dirs.splice(0)) await rm(d, { recursive: true, force: true })
  }
}

export const memoryKind: BackendKind = {
  name: 'hashmap',
  create: async (range, clock) => new MemoryStateBackend(range, MAX_P, clock.now),
}

export function rocksKind(temp: TempDirs, cacheEntries: number, name = `rocksdb(cache ${cacheEntries})`): BackendKind {
  return {
    name,
    create: async (range, clock, opts) =>
      RocksDBStateBackend.create(range, MAX_P, { localDir: await temp.make('weir-rocks-'), cacheEntries, flushEntries: Math.max(1, Math.floor(cacheEntries / 2)), clock: clock.now, incremental: opts?.incremental ?? false }),
  }
}

export function kgOf(key: string): number {
  return keyGroupOf(key, MAX_P)
}

/** Prefetches `keys` as one batch, then runs `fn` for each key with it set as the current key. */
export async function batch<T>(b: KeyedStateBackend, keys: readonly string[], fn: (key: string) => T): Promise<T[]> {
  const p = b.prefetch(keys.map((key) => ({ key, keyGroup: kgOf(key) })))
  if (p !== null) await p
  const out: T[] = []
  for (const key of keys) {
    b.setCurrentKey(key, kgOf(key))
    out.push(fn(key))
  }
  return out
}

export async function one<T>(b: KeyedStateBackend, key: string, fn: () => T): Promise<T> {
  return (await batch(b, [key], fn))[0]!
}

let checkpointCounter = 0

/** Cuts and writes a snapshot into `dir` the way a checkpoint does; returns the handle. */
export async function checkpoint(b: KeyedStateBackend, dir: string, opts: { incremental?: boolean; id?: number; timers?: ReadonlyMap<number, unknown> } = {}): Promise<KeyedStateHandle> {
  const id = opts.id ?? ++checkpointCounter
  const cut = cutKeyedState(b, { checkpointId: id, type: 'checkpoint', incremental: opts.incremental ?? false, ...(opts.timers ? { timers: opts.timers } : {}) })
  const target = createSnapshotTarget({ checkpointId: id, isSavepoint: false, exclusiveDir: join(dir, `chk-${id}`), sharedDir: join(dir, 'shared'), filePrefix: 'op-0' })
  return cut.write(target)
}

/** Canonical snapshot through files (cut, write, read back). */
export async function snapshotViaFiles(b: KeyedStateBackend, dir: string): Promise<KeyedStateSnapshot> {
  const h = await checkpoint(b, dir)
  return (await readKeyedStateHandle(h, 'operator test')).snapshot
}

export async function restoreFrom(b: KeyedStateBackend, handles: readonly KeyedStateHandle[]): Promise<Map<number, unknown>> {
  return restoreKeyedState(
    b,
    handles.map((handle) => ({ handle, owner: 'operator test (Test)' })),
  )
}

/** Order-independent view of a snapshot: sorted entries per key group, kinds sorted. */
export function normalize(s: KeyedStateSnapshot): { kinds: [string, string][]; groups: [number, StateEntry[]][] } {
  const cmp = (a: StateEntry, b: StateEntry): number => {
    const ka = `${a.state}\u0000${a.key}\u0000${typeof a.userKey}:${String(a.userKey)}`
    const kb = `${b.state}\u0000${b.key}\u0000${typeof b.userKey}:${String(b.userKey)}`
    return ka < kb ? -1 : ka > kb ? 1 : 0
  }
  const groups = [...s.groups.entries()].filter(([, e]) => e.length > 0).map(([kg, e]): [number, StateEntry[]] => [kg, [...e].sort(cmp)]).sort((a, b) => a[0] - b[0])
  // Kinds of states without entries depend on what was declared or restored; only used ones matter.
  const used = new Set(groups.flatMap(([, e]) => e.map((x) => x.state)))
  return { kinds: Object.entries(s.stateKinds).filter(([n]) => used.has(n)).sort(), groups }
}
