/**
 * Property: random sequences of keyed-state operations (in batches, with TTL time passing) observe the same
 * results on the hashmap backend and on the RocksDB backend with a tiny working set, also when both are
 * snapshotted and restored at random points (each from its own snapshot, or crosswise from the other's). The
 * RocksDB side takes incremental checkpoints (some never complete) and restores its chains in CLAIM mode.
 */
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { notifyKeyedStateCheckpointComplete, restoreKeyedState } from '../../../src/checkpoint/keyed-state-snapshots.js'
import type { KeyedStateBackend } from '../../../src/state/keyed-state.js'
import { checkpoint, FakeClock, FULL, memoryKind, normalize, restoreFrom, rocksKind, snapshotViaFiles, TempDirs, batch } from './backend-fixtures.js'

const temp = new TempDirs()
afterAll(() => temp.cleanup())

type Key = string
type UK = string | number
type Op =
  | { readonly t: 'vSet'; readonly key: Key; readonly value: unknown }
  | { readonly t: 'vGet'; readonly key: Key }
  | { readonly t: 'vClear'; readonly key: Key }
  | { readonly t: 'mPut'; readonly key: Key; readonly uk: UK; readonly value: unknown; readonly ttl: boolean }
  | { readonly t: 'mGet'; readonly key: Key; readonly uk: UK; readonly ttl: boolean }
  | { readonly t: 'mRemove'; readonly key: Key; readonly uk: UK; readonly ttl: boolean }
  | { readonly t: 'mEntries'; readonly key: Key; readonly ttl: boolean }
  | { readonly t: 'mClear'; readonly key: Key; readonly ttl: boolean }
  | { readonly t: 'lAdd'; readonly key: Key; readonly value: unknown }
  | { readonly t: 'lGet'; readonly key: Key }
  | { readonly t: 'lUpdate'; readonly key: Key; readonly values: unknown[] }

type Step =
  | { readonly t: 'batch'; readonly ops: readonly Op[] }
  | { readonly t: 'advance'; readonly ms: number }
  | { readonly t: 'restore'; readonly cross: boolean }
  | { readonly t: 'checkpoint'; readonly completes: boolean }

const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j')
const uk: fc.Arbitrary<UK> = fc.oneof(fc.constantFrom('x', 'y', 'z', ''), fc.integer({ min: -2, max: 2 }))
const value = fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null), fc.bigInt(), fc.double(), fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 3 })), { maxLength: 3 }), fc.boolean())
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('vSet' as const), key, value }),
  fc.record({ t: fc.constant('vGet' as const), key }),
  fc.record({ t: fc.constant('vClear' as const), key }),
  fc.record({ t: fc.constant('mPut' as const), key, uk, value, ttl: fc.boolean() }),
  fc.record({ t: fc.constant('mGet' as const), key, uk, ttl: fc.boolean() }),
  fc.record({ t: fc.constant('mRemove' as const), key, uk, ttl: fc.boolean() }),
  fc.record({ t: fc.constant('mEntries' as const), key, ttl: fc.boolean() }),
  fc.record({ t: fc.constant('mClear' as const), key, ttl: fc.boolean() }),
  fc.record({ t: fc.constant('lAdd' as const), key, value }),
  fc.record({ t: fc.constant('lGet' as const), key }),
  fc.record({ t: fc.constant('lUpdate' as const), key, values: fc.array(value, { maxLength: 2 }) }),
)
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ t: fc.constant('batch' as const), ops: fc.array(op, { minLength: 1, maxLength: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 700 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('restore' as const), cross: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('checkpoint' as const), completes: fc.boolean() }) },
)

const TTL = 1000

/** Applies a batch the runtime's way (prefetch its keys, then run synchronously); returns what reads saw. */
async function run(b: KeyedStateBackend, ops: readonly Op[]): Promise<unknown[]> {
  const v = b.getValueState<unknown>('v', { ttlMs: TTL })
  const m = b.getMapState<UK, unknown>('m')
  const mt = b.getMapState<UK, unknown>('mt', { ttlMs: TTL })
  const l = b.getListState<unknown>('l')
  const out: unknown[] = []
  const p = b.prefetch(ops.map((o) => ({ key: o.key, keyGroup: kg(o.key) })))
  if (p !== null) await p
  for (const o of ops) {
    b.setCurrentKey(o.key, kg(o.key))
    switch (o.t) {
      case 'vSet':
        v.update(o.value)
        break
      case 'vGet':
        out.push(v.value())
        break
      case 'vClear':
        v.clear()
        break
      case 'mPut':
        ;(o.ttl ? mt : m).put(o.uk, o.value)
        break
      case 'mGet':
        out.push([(o.ttl ? mt : m).get(o.uk), (o.ttl ? mt : m).contains(o.uk)])
        break
      case 'mRemove':
        ;(o.ttl ? mt : m).remove(o.uk)
        break
      case 'mEntries': {
        const s = o.ttl ? mt : m
        out.push([[...s.entries()].sort((x, y) => String(x[0]).localeCompare(String(y[0])) || (typeof x[0]).localeCompare(typeof y[0])), s.isEmpty()])
        break
      }
      case 'mClear':
        ;(o.ttl ? mt : m).clear()
        break
      case 'lAdd':
        l.add(o.value)
        break
      case 'lGet':
        out.push([...l.get()])
        break
      case 'lUpdate':
        l.update([...o.values])
        break
    }
  }
  return out
}

import { keyGroupOf } from '../../../src/state/key-groups.js'
import { MAX_P } from './backend-fixtures.js'
function kg(k: string): number {
  return keyGroupOf(k, MAX_P)
}

describe('hashmap and RocksDB backends are observably equivalent', () => {
  it('for random operation sequences with snapshot/restore at random cuts', async () => {
    const rocks = rocksKind(temp, 3)
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const clock = new FakeClock()
        let mem: KeyedStateBackend = await memoryKind.create(FULL, clock)
        let rdb: KeyedStateBackend = await rocks.create(FULL, clock, { incremental: true })
        const created = [rdb]
        // One checkpoint folder per run: incremental chains span checkpoints (and restores, as in CLAIM mode).
        const dir = await temp.make()
        let id = 0
        try {
          for (const s of steps) {
            if (s.t === 'advance') clock.advance(s.ms)
            else if (s.t === 'batch') expect(await run(rdb, s.ops)).toEqual(await run(mem, s.ops))
            else if (s.t === 'checkpoint') {
              const n = ++id
              await checkpoint(rdb, dir, { incremental: true, id: n })
              if (s.completes) notifyKeyedStateCheckpointComplete(rdb, n)
            } else {
              const n = ++id
              const hm = await checkpoint(mem, dir, { id: n })
              const hr = await checkpoint(rdb, dir, { incremental: true, id: n })
              notifyKeyedStateCheckpointComplete(rdb, n)
              const nextMem = await memoryKind.create(FULL, clock)
              const nextRdb = await rocks.create(FULL, clock, { incremental: true })
              created.push(nextRdb)
              await restoreFrom(nextMem, [s.cross ? hr : hm])
              await restoreKeyedState(nextRdb, [{ handle: s.cross ? hm : hr, owner: 'operator p' }], { claimedCheckpointId: n })
              mem = nextMem
              rdb = nextRdb
              // As the runtime does: restore, then open() declares the operator's states (with their TTLs).
              await run(mem, [])
              await run(rdb, [])
            }
          }
          await run(mem, [])
          await run(rdb, [])
          expect(normalize(await snapshotViaFiles(rdb, await temp.make()))).toEqual(normalize(await snapshotViaFiles(mem, await temp.make())))
        } finally {
          for (const b of created) await b.dispose()
          await temp.cleanup()
        }
      }),
      { numRuns: 60 },
    )
  })

  it('reads the same values after a batch that touches many keys at once', async () => {
    const clock = new FakeClock()
    const mem = await memoryKind.create(FULL, clock)
    const rdb = await rocksKind(temp, 2).create(FULL, clock)
    const keys = ['a', 'b', 'c', 'd', 'e', 'f']
    for (const b of [mem, rdb]) await batch(b, keys, (k) => b.getListState<string>('l').add(k))
    expect(await batch(rdb, keys, () => [...rdb.getListState<string>('l').get()])).toEqual(await batch(mem, keys, () => [...mem.getListState<string>('l').get()]))
    await rdb.dispose()
  })
})
