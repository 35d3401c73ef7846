/**
 * One suite, run against the hashmap backend and the RocksDB backend (with a working set far smaller than the
 * state, and with one that holds everything): both must behave the same through the keyed state API, through
 * snapshots and restores (also at other key-group ranges), and across each other's snapshots.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { keyGroupRangeFor } from '../../../src/state/key-groups.js'
import type { KeyedStateBackend } from '../../../src/state/keyed-state.js'
import {
  batch,
  checkpoint,
  FakeClock,
  FULL,
  kgOf,
  MAX_P,
  memoryKind,
  normalize,
  one,
  restoreFrom,
  rocksKind,
  snapshotViaFiles,
  TempDirs,
} from './backend-fixtures.js'
import type { BackendKind } from './backend-fixtures.js'

const temp = new TempDirs()
afterAll(() => temp.cleanup())

const kinds: BackendKind[] = [memoryKind, rocksKind(temp, 3), rocksKind(temp, 100_000)]
const keys = Array.from({ length: 40 }, (_, i) => `k${i}`)

describe.each(kinds)('keyed state backend: $name', (kind) => {
  const open: KeyedStateBackend[] = []
  afterAll(async () => {
    for (const b of open) await b.dispose()
  })
  const make = async (clock = new FakeClock(), range = FULL): Promise<KeyedStateBackend> => {
    const b = await kind.create(range, clock)
    open.push(b)
    return b
  }

  it('value state: absent, update, read, clear, per key', async () => {
    const b = await make()
    const v = b.getValueState<number>('count')
    expect(await batch(b, keys, () => v.value())).toEqual(keys.map(() => undefined))
    await batch(b, keys, (k) => v.update(Number(k.slice(1)) * 10))
    expect(await batch(b, keys, () => v.value())).toEqual(keys.map((k) => Number(k.slice(1)) * 10))
    await batch(b, keys.slice(0, 10), () => v.clear())
    expect(await batch(b, keys.slice(0, 12), () => v.value())).toEqual([...Array(10).fill(undefined), 100, 110])
  })

  it('map state: put, get, contains, remove, entries, isEmpty, clear; string and number user keys', async () => {
    const b = await make()
    const m = b.getMapState<string | number, unknown>('rows')
    await batch(b, keys, (k) => {
      m.put('a', [k, 1n, null])
      m.put(2, new Map([['x', 1]]))
      m.put('c', new Uint8Array([1, 2, 3]))
    })
    await batch(b, keys.slice(0, 5), () => m.remove('c'))
    const seen = await batch(b, keys, () => ({ entries: [...m.entries()].sort((x, y) => String(x[0]).localeCompare(String(y[0]))), has2: m.contains(2), hasZ: m.contains('z'), empty: m.isEmpty() }))
    expect(seen[0]).toEqual({ entries: [[2, new Map([['x', 1]])], ['a', ['k0', 1n, null]]], has2: true, hasZ: false, empty: false })
    expect(seen[39]!.entries).toHaveLength(3)
    await batch(b, keys.slice(0, 3), () => m.clear())
    expect(await batch(b, keys.slice(0, 4), () => [m.isEmpty(), m.get('a'), [...m.keys()].length])).toEqual([
      [true, undefined, 0],
      [true, undefined, 0],
      [true, undefined, 0],
      [false, ['k3', 1n, null], 2],
    ])
  })

  it('list state: add, get, update, clear', async () => {
    const b = await make()
    const l = b.getListState<string>('events')
    await batch(b, keys, (k) => l.add(`${k}-1`))
    await batch(b, keys, (k) => l.add(`${k}-2`))
    expect(await one(b, 'k7', () => l.get())).toEqual(['k7-1', 'k7-2'])
    await one(b, 'k7', () => l.update(['x']))
    await one(b, 'k8', () => l.update([]))
    await one(b, 'k9', () => l.clear())
    expect(await batch(b, ['k7', 'k8', 'k9', 'k10'], () => l.get())).toEqual([['x'], [], [], ['k10-1', 'k10-2']])
  })

  it('TTL (processing time): expired entries read as absent, are dropped from snapshots, writes refresh them', async () => {
    const clock = new FakeClock()
    const b = await make(clock)
    const v = b.getValueState<string>('v', { ttlMs: 1000 })
    const m = b.getMapState<string, number>('m', { ttlMs: 1000 })
    const l = b.getListState<number>('l', { ttlMs: 1000 })
    await batch(b, ['a', 'b'], (k) => {
      v.update(k)
      m.put('x', 1)
      l.add(1)
    })
    clock.advance(600)
    await one(b, 'b', () => {
      v.update('b2')
      m.put('y', 2)
      l.add(2)
    })
    clock.advance(500) // a's entries and b's 'x' are 1100 ms old, b's fresh ones 500 ms
    const snap = normalize(await snapshotViaFiles(b, await temp.make()))
    const entries = snap.groups.flatMap(([, e]) => e).map((e) => `${e.state}/${e.key}/${String(e.userKey)}`)
    expect(entries.sort()).toEqual(['l/b/undefined', 'm/b/y', 'v/b/undefined'])
    expect(await batch(b, ['a', 'b'], () => [v.value(), [...m.entries()], l.get()])).toEqual([
      [undefined, [], []],
      ['b2', [['y', 2]], [1, 2]],
    ])
  })

  it('snapshot and restore at the same range, and at split ranges (rescale 1 -> 2)', async () => {
    const b = await make()
    const v = b.getValueState<number>('v')
    const m = b.getMapState<number, string>('m')
    await batch(b, keys, (k) => {
      v.update(k.length)
      m.put(1, k)
    })
    const dir = await temp.make()
    const handle = await checkpoint(b, dir)
    const whole = await make()
    await restoreFrom(whole, [handle])
    expect(normalize(await snapshotViaFiles(whole, await temp.make()))).toEqual(normalize(await snapshotViaFiles(b, await temp.make())))

    const halves = [keyGroupRangeFor(0, 2, MAX_P), keyGroupRangeFor(1, 2, MAX_P)]
    const restored = await Promise.all(halves.map(async (r) => {
      const x = await make(new FakeClock(), r)
      await restoreFrom(x, [handle])
      return x
    }))
    for (const [i, r] of halves.entries()) {
      const x = restored[i]!
      const mine = keys.filter((k) => kgOf(k) >= r.start && kgOf(k) < r.end)
      const xv = x.getValueState<number>('v')
      const xm = x.getMapState<number, string>('m')
      expect(await batch(x, mine, (k) => [xv.value(), xm.get(1)])).toEqual(mine.map((k) => [k.length, k]))
      const groups = normalize(await snapshotViaFiles(x, await temp.make())).groups.map(([kg]) => kg)
      expect(groups.every((kg) => kg >= r.start && kg < r.end)).toBe(true)
    }
  })

  it('restores timers per key group alongside keyed state', async () => {
    const b = await make()
    await one(b, 'k1', () => b.getValueState<number>('v').update(1))
    const handle = await checkpoint(b, await temp.make(), { timers: new Map([[kgOf('k1'), { event: [[5, 'k1']] }]]) })
    const x = await make()
    const timers = await restoreFrom(x, [handle])
    expect(timers).toEqual(new Map([[kgOf('k1'), { event: [[5, 'k1']] }]]))
  })
})

describe('canonical snapshots move between backends', () => {
  it.each([
    [memoryKind, rocksKind(temp, 4)],
    [rocksKind(temp, 4), memoryKind],
  ])('%s -> %s', async (from, to) => {
    const clock = new FakeClock()
    const a = await from.create(FULL, clock)
    const v = a.getValueState<unknown>('v', { ttlMs: 10_000 })
    const m = a.getMapState<string, number>('m')
    const l = a.getListState<string>('l')
    await batch(a, keys, (k) => {
      v.update({ k })
      m.put(k, 1)
      l.add(k)
    })
    const before = normalize(await snapshotViaFiles(a, await temp.make()))
    const handle = await checkpoint(a, await temp.make())
    const b = await to.create(FULL, clock)
    await restoreFrom(b, [handle])
    b.getValueState('v', { ttlMs: 10_000 })
    expect(normalize(await snapshotViaFiles(b, await temp.make()))).toEqual(before)
    expect(await batch(b, ['k3'], () => [b.getMapState<string, number>('m').get('k3'), b.getListState<string>('l').get()])).toEqual([[1, ['k3']]])
    await a.dispose()
    await b.dispose()
  })
})
