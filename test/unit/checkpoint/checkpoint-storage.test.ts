import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadCheckpoint } from '../../../src/checkpoint/checkpoint-loader.js'
import { restoreKeyedState } from '../../../src/checkpoint/keyed-state-snapshots.js'
import { planRestore } from '../../../src/checkpoint/restore-mapping.js'
import { EngineError } from '../../../src/errors.js'
import { keyGroupRangeFor } from '../../../src/state/key-groups.js'
import type { KeyedStateBackend } from '../../../src/state/keyed-state.js'
import { MemoryStateBackend } from '../../../src/state/memory-backend.js'
import { batch, FakeClock, FULL, MAX_P, memoryKind, normalize, rocksKind, snapshotViaFiles, TempDirs } from '../state/backend-fixtures.js'
import { JOB_ID, openStorage, operators, snapshotJob } from './checkpoint-fixtures.js'

const temp = new TempDirs()
afterAll(() => temp.cleanup())

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  )
}

async function rejection(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p
  } catch (e) {
    if (e instanceof EngineError) return e
    throw e
  }
  throw new Error('expected a rejection')
}

/** Two memory subtasks of 'agg' with some counts. */
async function aggState(n = 50): Promise<KeyedStateBackend[]> {
  const backends = [0, 1].map((i) => new MemoryStateBackend(keyGroupRangeFor(i, 2, MAX_P), MAX_P))
  for (let k = 0; k < n; k++) {
    const key = `key-${k}`
    const b = backends.find((x) => {
      const kg = (x as MemoryStateBackend).keyGroupRange
      const g = keyGroupOfKey(key)
      return g >= kg.start && g < kg.end
    })!
    await batch(b, [key], () => b.getValueState<number>('cnt').update(k))
  }
  return backends
}

import { keyGroupOf } from '../../../src/state/key-groups.js'
function keyGroupOfKey(key: string): number {
  return keyGroupOf(key, MAX_P)
}

describe('checkpoint storage layout and loading', () => {
  it('writes <dir>/<job>/chk-<n>/_metadata with shared/ and taskowned/, logs completion, loads by folder, file or job folder', async () => {
    const dir = await temp.make()
    const { storage, log } = await openStorage(dir, 2)
    const agg = await aggState()
    const c = await snapshotJob(storage, 1, { agg, splits: [{ splitId: 'p0', state: { offset: 42n } }], committables: ['txn-1'] })
    expect(c!.path).toBe(join(dir, JOB_ID, 'chk-1'))
    expect((await readdir(join(dir, JOB_ID))).sort()).toEqual(['chk-1', 'shared', 'taskowned'])
    expect(log).toHaveLength(1)
    expect(log[0]).toMatch(new RegExp(`^Completed checkpoint 1 for job ${JOB_ID} \\(\\d+ bytes, \\d+ ms\\) at ${c!.path.replace(/[/.]/g, '\\$&')}$`))

    for (const p of [c!.path, join(c!.path, '_metadata'), join(dir, JOB_ID), `file://${c!.path}`]) {
      const r = await loadCheckpoint(p)
      expect(r.checkpointId).toBe(1)
      expect(r.jobId).toBe(JOB_ID)
      expect(r.isSavepoint).toBe(false)
      expect(r.format).toBe('canonical')
      expect([...r.operators.keys()].sort()).toEqual(['agg-uid', 'snk-uid', 'src-uid'])
      expect(r.operators.get('src-uid')!.subtasks[0]!.operatorLevel.splits).toEqual([{ splitId: 'p0', state: { offset: 42n } }])
      expect(r.operators.get('snk-uid')!.subtasks[0]!.operatorLevel.committables).toEqual(['txn-1'])
      expect(r.operators.get('agg-uid')!.schema).toEqual(operators(2)[1]!.schema)
    }
  })

  it('a checkpoint exists only once _metadata is renamed into place: a crash before that leaves no visible checkpoint', async () => {
    const dir = await temp.make()
    const { storage } = await openStorage(dir, 2, { numRetained: 5 })
    const agg = await aggState()
    await snapshotJob(storage, 1, { agg })
    await snapshotJob(storage, 2, { agg }, { complete: false })
    // Simulate the crash: the temp metadata file was written, the rename never happened.
    const chk2 = join(dir, JOB_ID, 'chk-2')
    await writeFile(join(chk2, '._metadata.inprogress-deadbeef'), 'WEIR-CHECKPOINT-METADATA v1 length=2 crc32=00000000\n{}')
    expect((await loadCheckpoint(join(dir, JOB_ID))).checkpointId).toBe(1)
    const e = await rejection(loadCheckpoint(chk2))
    expect(e.code).toBe('CHECKPOINT_FILE_MISSING')
    expect(e.message).toContain(`no checkpoint or savepoint at '${chk2}'`)
  })

  it('keeps num-retained checkpoints and deletes older ones', async () => {
    const dir = await temp.make()
    const { storage } = await openStorage(dir, 2, { numRetained: 2 })
    const agg = await aggState()
    for (let id = 1; id <= 4; id++) await snapshotJob(storage, id, { agg })
    expect((await readdir(join(dir, JOB_ID))).filter((f) => f.startsWith('chk-')).sort()).toEqual(['chk-3', 'chk-4'])
    expect(storage.completedCheckpoints().map((c) => c.checkpointId)).toEqual([3, 4])
  })

  it('abort removes the checkpoint folder', async () => {
    const dir = await temp.make()
    const { storage } = await openStorage(dir, 2)
    const agg = await aggState()
    await snapshotJob(storage, 1, { agg }, { complete: false })
    await storage.abort(1, 'timeout')
    expect(await exists(join(dir, JOB_ID, 'chk-1'))).toBe(false)
  })

  it('refuses to complete while a subtask of a stateful operator has not acknowledged', async () => {
    const dir = await temp.make()
    const { storage } = await openStorage(dir, 3)
    const agg = await aggState()
    const e = await rejection(snapshotJob(storage, 1, { agg }))
    expect(e.message).toContain('subtask 2 of operator agg-uid')
    expect(await exists(join(dir, JOB_ID, 'chk-1', '_metadata'))).toBe(false)
  })
})

describe('corruption and missing files are named, never a silent empty start', () => {
  async function setup(): Promise<{ chk: string; files: string[] }> {
    const dir = await temp.make()
    const { storage } = await openStorage(dir, 2)
    const big = Array.from({ length: 3000 }, (_, i) => `committable-${i}`) // > 20 kb: its own file
    const c = await snapshotJob(storage, 1, { agg: await aggState(), committables: big })
    const files = (await readdir(c!.path)).filter((f) => f !== '_metadata')
    return { chk: c!.path, files }
  }
  const owner = 'operator agg-uid (GroupAggregate(groupBy=[k], select=[k, COUNT(*)]))'

  it('a flipped byte in a keyed state file', async () => {
    const { chk } = await setup()
    const file = join(chk, 'agg-uid-1.kst')
    const bytes = await readFile(file)
    bytes.writeUInt8(bytes[bytes.length - 30]! ^ 0xff, bytes.length - 30)
    await writeFile(file, bytes)
    const e = await rejection(loadCheckpoint(chk))
    expect(e.code).toBe('CHECKPOINT_CORRUPT')
    expect(e.message).toBe(`checkpoint file '${file}' of ${owner} is corrupt: file checksum mismatch`)
    // Without the whole-file check, the block checksum catches it while restoring, naming the key group.
    const r = await loadCheckpoint(chk, { verify: 'size' })
    const plan = planRestore(r, operators(2), { maxParallelism: MAX_P, allowNonRestoredState: false })
    const sub = plan.operators.get('agg-uid')!.subtasks[1]!
    const e2 = await rejection(restoreKeyedState(new MemoryStateBackend(sub.keyGroupRange, MAX_P), sub.keyed))
    expect(e2.code).toBe('CHECKPOINT_CORRUPT')
    expect(e2.message).toMatch(new RegExp(`^checkpoint file '${file.replace(/[/.]/g, '\\$&')}' of operator agg-uid .* is corrupt: checksum mismatch in the block of key group \\d+ at offset \\d+$`))
  })

  it('a truncated keyed state file', async () => {
    const { chk } = await setup()
    const file = join(chk, 'agg-uid-0.kst')
    const bytes = await readFile(file)
    await writeFile(file, bytes.subarray(0, bytes.length - 10))
    const e = await rejection(loadCheckpoint(chk, { verify: 'size' }))
    expect(e.code).toBe('CHECKPOINT_CORRUPT')
    expect(e.message).toBe(`checkpoint file '${file}' of ${owner} is corrupt: truncated: ${bytes.length - 10} bytes, the checkpoint recorded ${bytes.length}`)
  })

  it('a missing file', async () => {
    const { chk } = await setup()
    const file = join(chk, 'agg-uid-0.kst')
    await rm(file)
    const e = await rejection(loadCheckpoint(chk))
    expect(e.code).toBe('CHECKPOINT_FILE_MISSING')
    expect(e.message).toBe(`checkpoint file '${file}' of ${owner} is missing`)
  })

  it("a damaged operator state file (the sink's committables)", async () => {
    const { chk, files } = await setup()
    expect(files).toContain('snk-uid-0.ost')
    const file = join(chk, 'snk-uid-0.ost')
    const bytes = await readFile(file)
    bytes.writeUInt8(bytes[100]! ^ 1, 100)
    await writeFile(file, bytes)
    const e = await rejection(loadCheckpoint(chk))
    expect(e.code).toBe('CHECKPOINT_CORRUPT')
    expect(e.message).toBe(`checkpoint file '${file}' of operator snk-uid (Sink(out)) is corrupt: file checksum mismatch`)
  })

  it('a damaged or truncated _metadata', async () => {
    const { chk } = await setup()
    const meta = join(chk, '_metadata')
    const bytes = await readFile(meta)
    await writeFile(meta, bytes.subarray(0, bytes.length - 5))
    expect((await rejection(loadCheckpoint(chk))).message).toMatch(/^checkpoint metadata '.*_metadata' is corrupt: truncated/)
    bytes.writeUInt8(bytes[bytes.length - 5]! ^ 0x20, bytes.length - 5)
    await writeFile(meta, bytes)
    expect((await rejection(loadCheckpoint(chk))).message).toBe(`checkpoint metadata '${meta}' is corrupt: checksum mismatch`)
  })
})

describe('savepoints', () => {
  it('are self-contained folders savepoint-<6 hex>-<12 hex> with relative paths: they can be moved and loaded', async () => {
    const dir = await temp.make()
    const spRoot = await temp.make()
    const { storage, log } = await openStorage(dir, 2)
    const agg = await aggState()
    const sp = await snapshotJob(storage, 7, { agg, splits: [{ splitId: 's', state: 1 }] }, { savepointDir: spRoot })
    expect(sp!.path).toMatch(new RegExp(`^${spRoot}/savepoint-${JOB_ID.slice(0, 6)}-[0-9a-f]{12}$`))
    expect(log[0]).toContain('Completed savepoint 7')
    expect((await readFile(join(sp!.path, '_metadata'), 'utf8')).includes(dir)).toBe(false)
    expect(storage.completedCheckpoints()).toEqual([]) // savepoints are not part of checkpoint retention

    const moved = join(await temp.make(), 'moved-savepoint')
    await rename(sp!.path, moved)
    const r = await loadCheckpoint(moved)
    expect(r.isSavepoint).toBe(true)
    const plan = planRestore(r, operators(1), { maxParallelism: MAX_P, allowNonRestoredState: false })
    const sub = plan.operators.get('agg-uid')!.subtasks[0]!
    const b = new MemoryStateBackend(sub.keyGroupRange, MAX_P)
    await restoreKeyedState(b, sub.keyed)
    const expected = new MemoryStateBackend(FULL, MAX_P)
    for (const a of agg) expected.restore([a.snapshot()])
    expect(normalize(b.snapshot())).toEqual(normalize(expected.snapshot()))
  })

  it('need a directory', async () => {
    const { storage } = await openStorage(await temp.make(), 2)
    const e = (() => {
      try {
        storage.beginSavepoint(1)
      } catch (x) {
        return x as EngineError
      }
      throw new Error('expected an error')
    })()
    expect(e.code).toBe('CHECKPOINT_NO_SAVEPOINT_DIR')
    expect(e.hint).toContain("'execution.checkpointing.savepoint-dir'")
  })
})

describe('claim modes and retention when the job ends', () => {
  it('NO_CLAIM never deletes the restored checkpoint; CLAIM deletes it once subsumed', async () => {
    const old = await temp.make()
    const { storage: first } = await openStorage(old, 2)
    const agg = await aggState()
    const c = await snapshotJob(first, 5, { agg })
    for (const mode of ['NO_CLAIM', 'CLAIM'] as const) {
      const restored = await loadCheckpoint(c!.path)
      const { storage } = await openStorage(await temp.make(), 2, { jobId: 'f'.repeat(32) })
      storage.registerRestored(restored, mode)
      await snapshotJob(storage, 6, { agg })
      expect(await exists(c!.path)).toBe(mode === 'NO_CLAIM')
      if (mode === 'NO_CLAIM') continue
    }
  })

  it.each([
    ['CANCELED', 'RETAIN_ON_CANCELLATION', true],
    ['CANCELED', 'DELETE_ON_CANCELLATION', false],
    ['CANCELED', 'NO_EXTERNALIZED_CHECKPOINTS', false],
    ['FAILED', 'DELETE_ON_CANCELLATION', true],
    ['FAILED', 'NO_EXTERNALIZED_CHECKPOINTS', false],
    ['FINISHED', 'RETAIN_ON_CANCELLATION', false],
  ] as const)('job %s with %s: checkpoints kept = %s', async (status, retention, kept) => {
    const dir = await temp.make()
    const { storage } = await openStorage(dir, 2)
    await snapshotJob(storage, 1, { agg: await aggState() })
    await storage.onJobTerminated(status, retention)
    expect(await exists(join(dir, JOB_ID, 'chk-1', '_metadata'))).toBe(kept)
    if (!kept) expect(await exists(join(dir, JOB_ID))).toBe(false)
  })
})

describe('incremental checkpoints (RocksDB)', () => {
  it('write only changes into shared/, restore the same state, and delete shared files no retained checkpoint needs', async () => {
    const dir = await temp.make()
    const { storage } = await openStorage(dir, 1, { numRetained: 1 })
    const clock = new FakeClock()
    const rocks = await rocksKind(temp, 50).create(FULL, clock, { incremental: true })
    const v = rocks.getValueState<string>('v')
    const keys = Array.from({ length: 400 }, (_, i) => `k${i}`)
    await batch(rocks, keys, (k) => v.update(`${k}-initial-value-with-some-bytes`))
    const sizes: number[] = []
    const sharedAfter: string[][] = []
    for (let id = 1; id <= 8; id++) {
      if (id > 1) await batch(rocks, keys.slice(id * 10, id * 10 + 10), (k) => (id === 5 ? v.clear() : v.update(`${k}-v${id}`)))
      const c = await snapshotJob(storage, id, { agg: [rocks] }, { incremental: true })
      sizes.push(c!.size)
      expect(c!.format).toBe('native-incremental')
      sharedAfter.push((await readdir(storage.sharedDir)).sort())
    }
    // The first checkpoint is full; later ones write deltas of ~10 keys.
    expect(sizes[0]).toBeGreaterThan(5 * sizes[1]!)
    // A chain: every retained checkpoint's files exist; superseded full files are gone after compaction.
    const latest = await loadCheckpoint(join(dir, JOB_ID))
    expect(latest.checkpointId).toBe(8)
    const files = latest.operators.get('agg-uid')!.subtasks[0]!.keyed!.files.filter((f) => f.shared).map((f) => f.path.split('/').pop()!)
    expect(files.length).toBeGreaterThan(1)
    expect(sharedAfter[7]).toEqual(expect.arrayContaining(files))
    // Files no checkpoint refers to any more are deleted (one checkpoint later, see SharedStateRegistry).
    expect(sharedAfter[7]!.length).toBeLessThanOrEqual(files.length + 1)

    const expected = normalize(await snapshotViaFiles(rocks, await temp.make()))
    for (const kind of [memoryKind, rocksKind(temp, 30)]) {
      const b = await kind.create(FULL, clock)
      await restoreKeyedState(b, [{ handle: latest.operators.get('agg-uid')!.subtasks[0]!.keyed!, owner: 'operator agg-uid' }])
      expect(normalize(await snapshotViaFiles(b, await temp.make()))).toEqual(expected)
      await b.dispose()
    }
    await rocks.dispose()
  })

  it('compacts the chain into a new full file once the deltas outgrow it, and the old chain disappears', async () => {
    const dir = await temp.make()
    const { storage } = await openStorage(dir, 1, { numRetained: 1 })
    const rocks = await rocksKind(temp, 1000).create(FULL, new FakeClock(), { incremental: true })
    const v = rocks.getValueState<string>('v')
    const keys = Array.from({ length: 100 }, (_, i) => `k${i}`)
    await batch(rocks, keys, (k) => v.update(k))
    await snapshotJob(storage, 1, { agg: [rocks] }, { incremental: true })
    const firstFull = (await readdir(storage.sharedDir))[0]!
    for (let id = 2; id <= 6; id++) {
      await batch(rocks, keys, (k) => v.update(`${k}-${id}-${'x'.repeat(20)}`)) // every key changes: deltas ~ full size
      await snapshotJob(storage, id, { agg: [rocks] }, { incremental: true })
    }
    const latest = await loadCheckpoint(join(dir, JOB_ID))
    const chain = latest.operators.get('agg-uid')!.subtasks[0]!.keyed!.files.map((f) => f.path.split('/').pop())
    expect(chain).not.toContain(firstFull)
    expect(await readdir(storage.sharedDir)).not.toContain(firstFull)
    await rocks.dispose()
  })
})
