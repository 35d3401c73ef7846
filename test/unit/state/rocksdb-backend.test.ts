/** What only the RocksDB backend has (a bounded working set, prefetch discipline, cuts, incremental bases), and timers. */
import { afterAll, describe, expect, it } from 'vitest'
import { EngineError } from '../../../src/errors.js'
import { restoreKeyedState } from '../../../src/checkpoint/keyed-state-snapshots.js'
import { keyGroupRangeFor } from '../../../src/state/key-groups.js'
import { MemoryStateBackend } from '../../../src/state/memory-backend.js'
import { RocksDBStateBackend } from '../../../src/state/rocksdb-backend.js'
import { InternalTimerService } from '../../../src/state/timer-service.js'
import type { TimerGroupSnapshot } from '../../../src/state/timer-service.js'
import { batch, checkpoint, FULL, kgOf, MAX_P, normalize, one, snapshotViaFiles, TempDirs } from './backend-fixtures.js'
import { createSnapshotTarget } from '../../../src/checkpoint/checkpoint-files.js'
import { cutKeyedState, notifyKeyedStateCheckpointComplete } from '../../../src/checkpoint/keyed-state-snapshots.js'
import { join } from 'node:path'

const temp = new TempDirs()
const open: RocksDBStateBackend[] = []
afterAll(async () => {
  for (const b of open) await b.dispose()
  await temp.cleanup()
})

async function rocks(cacheEntries: number, opts: { incremental?: boolean; flushEntries?: number } = {}): Promise<RocksDBStateBackend> {
  const b = await RocksDBStateBackend.create(FULL, MAX_P, { localDir: await temp.make(), cacheEntries, incremental: opts.incremental ?? false, ...(opts.flushEntries ? { flushEntries: opts.flushEntries } : {}) })
  open.push(b)
  return b
}

function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n))
  return out
}

describe('RocksDB backend working set', () => {
  it('holds state far larger than its cache and reads it back correctly after prefetch', async () => {
    const b = await rocks(100)
    const v = b.getValueState<{ n: number; s: string }>('v')
    const m = b.getMapState<number, string>('m')
    const keys = Array.from({ length: 3000 }, (_, i) => `key-${i}`)
    for (const c of chunks(keys, 200)) {
      await batch(b, c, (k) => {
        const n = Number(k.slice(4))
        v.update({ n, s: k })
        m.put(n, k)
        m.put(-n, k)
      })
      expect(b.cachedKeys).toBeLessThanOrEqual(100 + 200)
    }
    for (const c of chunks([...keys].reverse(), 150)) {
      const got = await batch(b, c, (k) => [v.value()?.n, [...m.entries()].length, m.get(Number(k.slice(4)))])
      expect(got).toEqual(c.map((k) => [Number(k.slice(4)), Number(k.slice(4)) === 0 ? 1 : 2, k]))
      expect(b.cachedKeys).toBeLessThanOrEqual(100 + 150)
    }
    expect(b.stats.evictions).toBeGreaterThan(2500)
    expect(b.stats.mapScans).toBeGreaterThan(2500)
  })

  it('throws STATE_NOT_PREFETCHED, naming the state, for a read of a key that was neither prefetched nor cached', async () => {
    const b = await rocks(10)
    const v = b.getValueState<number>('running_total')
    await batch(b, Array.from({ length: 50 }, (_, i) => `k${i}`), () => v.update(1))
    await batch(b, Array.from({ length: 50 }, (_, i) => `other${i}`), () => v.value()) // evicts k*
    b.setCurrentKey('k0', kgOf('k0'))
    let err: unknown
    try {
      v.value()
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(EngineError)
    expect((err as EngineError).code).toBe('STATE_NOT_PREFETCHED')
    expect((err as EngineError).domain).toBe('internal')
    expect((err as EngineError).message).toContain("state 'running_total' of key \"k0\"")
    // A prefetched key that does not exist is known absent: no error.
    expect(await one(b, 'never-written', () => v.value())).toBeUndefined()
    expect(await one(b, 'k0', () => v.value())).toBe(1)
  })

  it('writes back in batches at prefetch points, never per record', async () => {
    const b = await rocks(1000, { flushEntries: 300 })
    const v = b.getValueState<number>('v')
    await batch(b, Array.from({ length: 200 }, (_, i) => `a${i}`), () => v.update(1))
    expect(b.stats.flushes).toBe(0)
    expect(b.dirtyKeys).toBe(200)
    await batch(b, Array.from({ length: 200 }, (_, i) => `b${i}`), () => v.update(2))
    await batch(b, ['c'], () => v.value()) // 400 dirty >= 300: one write-back here
    expect(b.stats.flushes).toBe(1)
    expect(b.stats.writes).toBe(400)
    expect(b.dirtyKeys).toBe(0)
  })

  it('a snapshot is the state at the cut, even though the operator goes on mutating (also in place) before the write', async () => {
    const b = await rocks(1000)
    const l = b.getListState<number>('l')
    const v = b.getValueState<number[]>('v')
    await one(b, 'x', () => {
      l.add(1)
      v.update([1])
    })
    const cut = cutKeyedState(b, { checkpointId: 1, type: 'checkpoint', incremental: false })
    await one(b, 'x', () => {
      l.add(2) // pushes into the cached array
      v.value()!.push(99) // an operator bug, but it must not leak into the snapshot either
      v.update([3])
    })
    await b.flush()
    const dir = await temp.make()
    const h = await cut.write(createSnapshotTarget({ checkpointId: 1, isSavepoint: false, exclusiveDir: join(dir, 'chk-1'), sharedDir: join(dir, 'shared'), filePrefix: 'x' }))
    const r = await rocks(10)
    await restoreKeyedState(r, [{ handle: h, owner: 'operator t' }])
    expect(await one(r, 'x', () => [r.getListState<number>('l').get(), r.getValueState<number[]>('v').value()])).toEqual([[1], [1]])
  })
})

describe('RocksDB snapshot cuts', () => {
  it('can be discarded unwritten (aborted checkpoint) and then neither written nor leaked', async () => {
    const b = await RocksDBStateBackend.create(FULL, MAX_P, { localDir: await temp.make(), cacheEntries: 10 })
    await one(b, 'a', () => b.getValueState<number>('v').update(1))
    const cut = cutKeyedState(b, { checkpointId: 1, type: 'checkpoint', incremental: false })
    await cut.discard()
    const dir = await temp.make()
    await expect(cut.write(createSnapshotTarget({ checkpointId: 1, isSavepoint: false, exclusiveDir: dir, sharedDir: dir, filePrefix: 'x' }))).rejects.toThrow('already written or discarded')
    await b.dispose() // would wait forever on a leaked RocksDB snapshot session
  })
})

describe('RocksDB incremental base after restore', () => {
  async function setup(): Promise<{ b: RocksDBStateBackend; dir: string }> {
    const b = await rocks(100, { incremental: true })
    const v = b.getValueState<string>('v')
    await batch(b, Array.from({ length: 300 }, (_, i) => `k${i}`), (k) => v.update(`${k}-${'z'.repeat(30)}`))
    const dir = await temp.make()
    return { b, dir }
  }

  it('CLAIM at the same range: the restored chain is the base, the next checkpoint is a small delta', async () => {
    const { b, dir } = await setup()
    const h1 = await checkpoint(b, dir, { incremental: true, id: 10 })
    notifyKeyedStateCheckpointComplete(b, 10)
    const r = await rocks(100, { incremental: true })
    await restoreKeyedState(r, [{ handle: h1, owner: 'operator t' }], { claimedCheckpointId: 10 })
    expect(r.checkpoints.baseCheckpointId).toBe(10)
    await one(r, 'k1', () => r.getValueState<string>('v').update('changed'))
    const h2 = await checkpoint(r, dir, { incremental: true, id: 11 })
    expect(h2.files.map((f) => f.path)).toEqual([h1.files[0]!.path, expect.stringMatching(/\.kdt$/)])
    expect(h2.checkpointedSize).toBeLessThan(h1.checkpointedSize / 10)
    const check = await rocks(1000)
    await restoreKeyedState(check, [{ handle: h2, owner: 'operator t' }])
    expect(await batch(check, ['k1', 'k2'], () => check.getValueState<string>('v').value())).toEqual(['changed', `k2-${'z'.repeat(30)}`])
  })

  it('NO_CLAIM or a rescale: the next checkpoint is full', async () => {
    const { b, dir } = await setup()
    const h1 = await checkpoint(b, dir, { incremental: true, id: 20 })
    const r = await rocks(100, { incremental: true })
    await restoreKeyedState(r, [{ handle: h1, owner: 'operator t' }])
    expect(r.checkpoints.baseCheckpointId).toBeNull()
    const h2 = await checkpoint(r, dir, { incremental: true, id: 21 })
    expect(h2.files).toHaveLength(1)
    expect(h2.files[0]!.path).not.toBe(h1.files[0]!.path)
    expect(normalize(await snapshotViaFiles(r, await temp.make()))).toEqual(normalize(await snapshotViaFiles(b, await temp.make())))
  })

  it('an aborted checkpoint keeps its changes for the next delta', async () => {
    const b = await rocks(100, { incremental: true })
    const v = b.getValueState<number>('v')
    await batch(b, ['a', 'b'], () => v.update(0))
    const dir = await temp.make()
    await checkpoint(b, dir, { incremental: true, id: 1 })
    notifyKeyedStateCheckpointComplete(b, 1)
    await one(b, 'a', () => v.update(1))
    await checkpoint(b, dir, { incremental: true, id: 2 }) // never completes
    await one(b, 'b', () => v.update(2))
    const h3 = await checkpoint(b, dir, { incremental: true, id: 3 })
    const r = await rocks(100)
    await restoreKeyedState(r, [{ handle: h3, owner: 'operator t' }])
    expect(await batch(r, ['a', 'b'], () => r.getValueState<number>('v').value())).toEqual([1, 2])
  })
})

describe('timers travel with keyed state', () => {
  it('the timer service snapshot restores per key group at another parallelism, from either backend', async () => {
    for (const backend of [await rocks(5), new MemoryStateBackend(FULL, MAX_P)]) {
      const timers = new InternalTimerService(backend)
      const keys = Array.from({ length: 20 }, (_, i) => `t${i}`)
      await batch(backend, keys, (k) => {
        backend.getValueState<string>('v').update(k)
        timers.registerEventTimeTimer(1000 + Number(k.slice(1)))
      })
      const h = await checkpoint(backend, await temp.make(), { timers: timers.snapshot().groups })
      const fired: string[] = []
      for (const i of [0, 1]) {
        const range = keyGroupRangeFor(i, 2, MAX_P)
        const b = new MemoryStateBackend(range, MAX_P)
        const restored = await restoreKeyedState(b, [{ handle: h, owner: 'operator t' }])
        const ts = new InternalTimerService(b)
        ts.restore([{ groups: restored as Map<number, TimerGroupSnapshot> }])
        ts.advanceWatermark(5000, (t, key) => fired.push(`${key}@${t}`))
      }
      expect(fired.sort()).toEqual(keys.map((k) => `${k}@${1000 + Number(k.slice(1))}`).sort())
    }
  })
})
