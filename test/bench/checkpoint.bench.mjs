// Checkpoint benchmarks (not tests): duration and size of full vs incremental checkpoints of RocksDB state, and
// the time to restore ~100 MB. Run by run.mjs (one process per case) or directly:
//   node test/bench/checkpoint.bench.mjs <case index>
// BENCH_STATE_MB sets the state size of the checkpoint cases: 200 by default, so that `npm run bench` stays
// quick on a shared machine; the figures in the README were taken with BENCH_STATE_MB=1000 (~1 GB).
// BENCH_EVENTS=<entries> overrides the entry count of every case. Details go to stderr; the last stdout line is
// the JSON row run.mjs prints.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
const dist = process.env.WEIR_DIST ?? `${root}dist`
const load = (p) => import(pathToFileURL(`${dist}/${p}`).href)

const VALUE_BYTES = 230
const ENTRY_BYTES = VALUE_BYTES + 20 // value + key, as stored
const STATE_MB = Number(process.env.BENCH_STATE_MB ?? 200)
const STATE_ENTRIES = Math.round((STATE_MB * 1e6) / ENTRY_BYTES)
const RESTORE_ENTRIES = Math.round(1e8 / ENTRY_BYTES)

export const cases = [
  { name: `checkpoint rocksdb ~${STATE_MB} MB: full (canonical)`, parallelism: 1, run: () => checkpointCase(false) },
  { name: `checkpoint rocksdb ~${STATE_MB} MB: incremental after 1% changed`, parallelism: 1, run: () => checkpointCase(true) },
  { name: 'restore ~100 MB into rocksdb', parallelism: 1, run: () => restoreCase('rocksdb') },
  { name: 'restore ~100 MB into hashmap', parallelism: 1, run: () => restoreCase('hashmap') },
]

function entries(dflt) {
  return process.env.BENCH_EVENTS === undefined ? dflt : Number(process.env.BENCH_EVENTS)
}

async function engine() {
  const { RocksDBStateBackend } = await load('src/state/rocksdb-backend.js')
  const { MemoryStateBackend } = await load('src/state/memory-backend.js')
  const { createSnapshotTarget } = await load('src/checkpoint/checkpoint-files.js')
  const { cutKeyedState, restoreKeyedState, notifyKeyedStateCheckpointComplete } = await load('src/checkpoint/keyed-state-snapshots.js')
  const { keyGroupOf } = await load('src/state/key-groups.js')
  return { RocksDBStateBackend, MemoryStateBackend, createSnapshotTarget, cutKeyedState, restoreKeyedState, notifyKeyedStateCheckpointComplete, keyGroupOf }
}

const MAX_P = 128
const RANGE = { start: 0, end: MAX_P }
const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9
const log = (...a) => console.error(...a)

/** Fills a backend through the keyed state API, batch by batch, as operators would. */
async function fill(e, b, n, from = 0, tag = 'v0') {
  const v = b.getValueState('v')
  const pad = 'x'.repeat(VALUE_BYTES - 20)
  const BATCH = 20_000
  for (let i = from; i < from + n; i += BATCH) {
    const keys = []
    for (let j = i; j < Math.min(i + BATCH, from + n); j++) {
      const key = `key-${j}`
      keys.push({ key, keyGroup: e.keyGroupOf(key, MAX_P) })
    }
    const p = b.prefetch(keys)
    if (p !== null) await p
    for (const { key, keyGroup } of keys) {
      b.setCurrentKey(key, keyGroup)
      v.update(`${tag}:${key}:${pad}`)
    }
  }
  if (b.flush) await b.flush()
}

async function checkpointOnce(e, b, dir, id, incremental) {
  const t0 = process.hrtime.bigint()
  const cut = e.cutKeyedState(b, { checkpointId: id, type: 'checkpoint', incremental })
  const syncSeconds = seconds(t0)
  const h = await cut.write(e.createSnapshotTarget({ checkpointId: id, isSavepoint: false, exclusiveDir: join(dir, `chk-${id}`), sharedDir: join(dir, 'shared'), filePrefix: 'agg-0' }))
  const s = seconds(t0)
  e.notifyKeyedStateCheckpointComplete(b, id)
  return { seconds: s, syncSeconds, size: h.checkpointedSize, handle: h }
}

async function checkpointCase(incremental) {
  const e = await engine()
  const n = entries(STATE_ENTRIES)
  const dir = await mkdtemp(join(tmpdir(), 'weir-bench-ckpt-'))
  const b = await e.RocksDBStateBackend.create(RANGE, MAX_P, { localDir: dir, incremental })
  try {
    let t0 = process.hrtime.bigint()
    await fill(e, b, n)
    log(`loaded ${n} entries (~${((n * ENTRY_BYTES) / 1e6).toFixed(0)} MB) in ${seconds(t0).toFixed(1)} s`)
    const first = await checkpointOnce(e, b, dir, 1, incremental)
    log(`checkpoint 1 (${incremental ? 'incremental base = full' : 'full canonical'}): ${first.seconds.toFixed(2)} s (sync part ${(first.syncSeconds * 1000).toFixed(1)} ms), ${(first.size / 1e6).toFixed(1)} MB`)
    if (!incremental) return { events: n, seconds: first.seconds, extra: { sizeMB: first.size / 1e6, syncMs: first.syncSeconds * 1000 } }
    const changed = Math.round(n / 100)
    t0 = process.hrtime.bigint()
    // 1% of the keys change (spread over the key space), then the next checkpoint.
    const v = b.getValueState('v')
    const keys = []
    for (let j = 0; j < changed; j++) {
      const key = `key-${j * 100}`
      keys.push({ key, keyGroup: e.keyGroupOf(key, MAX_P) })
    }
    for (let i = 0; i < keys.length; i += 20_000) {
      const part = keys.slice(i, i + 20_000)
      const p = b.prefetch(part)
      if (p !== null) await p
      for (const { key, keyGroup } of part) {
        b.setCurrentKey(key, keyGroup)
        v.update(`v1:${key}`)
      }
    }
    log(`changed ${changed} entries in ${seconds(t0).toFixed(1)} s`)
    const second = await checkpointOnce(e, b, dir, 2, true)
    log(`checkpoint 2 (incremental delta): ${second.seconds.toFixed(2)} s (sync part ${(second.syncSeconds * 1000).toFixed(1)} ms), ${(second.size / 1e6).toFixed(2)} MB, chain of ${second.handle.files.length} files`)
    return { events: changed, seconds: second.seconds, extra: { sizeMB: second.size / 1e6, baseSeconds: first.seconds, baseSizeMB: first.size / 1e6 } }
  } finally {
    await b.dispose()
    await rm(dir, { recursive: true, force: true })
  }
}

async function restoreCase(kind) {
  const e = await engine()
  const n = entries(RESTORE_ENTRIES)
  const dir = await mkdtemp(join(tmpdir(), 'weir-bench-restore-'))
  try {
    const src = await e.RocksDBStateBackend.create(RANGE, MAX_P, { localDir: dir })
    await fill(e, src, n)
    const c = await checkpointOnce(e, src, dir, 1, false)
    await src.dispose()
    log(`checkpoint of ${n} entries: ${(c.size / 1e6).toFixed(1)} MB`)
    const t0 = process.hrtime.bigint()
    const b = kind === 'rocksdb' ? await e.RocksDBStateBackend.create(RANGE, MAX_P, { localDir: dir }) : new e.MemoryStateBackend(RANGE, MAX_P)
    await e.restoreKeyedState(b, [{ handle: c.handle, owner: 'operator bench' }])
    const s = seconds(t0)
    log(`restore into ${kind}: ${s.toFixed(2)} s`)
    await b.dispose()
    return { events: n, seconds: s, extra: { sizeMB: c.size / 1e6 } }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const c = cases[Number(process.argv[2] ?? 0)]
  const cpu0 = process.cpuUsage()
  const r = await c.run()
  const cpu = process.cpuUsage(cpu0)
  console.log(
    JSON.stringify({
      name: c.name,
      parallelism: c.parallelism,
      events: r.events,
      seconds: r.seconds,
      eventsPerSec: r.events / r.seconds,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      ...r.extra,
    }),
  )
}
