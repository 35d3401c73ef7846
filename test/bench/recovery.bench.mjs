// Recovery: time from restart to first output with ~100 MB of keyed state (issue 4), per state backend.
// Phase 1 (this process): datagen -> GROUP BY id with MAX(<250-char string>) -> blackhole, checkpointing on with
// RETAIN_ON_CANCELLATION; once the aggregate has seen enough rows, triggerCheckpoint(), then cancel.
// Phase 2 (a child process, so its peak RSS is its own): the same SQL started with execution.state-recovery.path
// = that checkpoint; the restored datagen split goes on with new ids at once, so every new row is a new key and
// reaches the sink. Measured: startJob() -> the 'Restored job' log line (load and verify the checkpoint) and
// startJob() -> the first row counted by the sink (metrics polled every 1 ms; tasks yield with setImmediate).
// BENCH_STATE_MB (default 100) sets the target state size. Run one case: node test/bench/recovery.bench.mjs <i>.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadEngine, planSql, runCaseFromArgv } from './harness.mjs'

const STATE_MB = Number(process.env.BENCH_STATE_MB ?? 100)
// Bytes one key takes in a canonical checkpoint (key, 250-char MAX, count); calibrated on a first run, and only
// used to decide when to trigger: the reported size is measured from the checkpoint's files.
const BYTES_PER_KEY = 290
const TARGET_ROWS = Math.round((STATE_MB * 1e6) / BYTES_PER_KEY)

const sql = {
  ddls: [
    `CREATE TABLE src (id BIGINT, s STRING)
     WITH ('connector' = 'datagen', 'rows-per-second' = '1000000000', 'weir.seed' = '7',
       'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '1000000000',
       'fields.s.length' = '250')`,
    `CREATE TABLE snk (id BIGINT, m STRING, c BIGINT) WITH ('connector' = 'blackhole')`,
  ],
  insert: 'INSERT INTO snk SELECT id, MAX(s), COUNT(*) FROM src GROUP BY id',
}

const baseConfig = (backend, dir) => ({
  'parallelism.default': '1',
  'state.backend.type': backend,
  'state.backend.rocksdb.localdir': join(dir, 'rocksdb'),
  'execution.checkpointing.dir': join(dir, 'checkpoints'),
})

const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

async function plan(config) {
  const { plan, reason } = await planSql(sql.ddls, sql.insert, config, ['StreamGroupAggregate'])
  if (plan === null) throw new Error(`recovery bench needs the SQL planner in dist: ${reason}`)
  return plan
}

/** Counter `name` of the first operator whose metric name starts with `prefix` (summed over subtasks). */
function counter(handle, prefix, name) {
  const ops = handle.metrics?.().operators ?? {}
  for (const [op, counters] of Object.entries(ops)) if (op.startsWith(prefix)) return counters[name] ?? 0
  return 0
}

function folderBytes(path) {
  let n = 0
  for (const e of readdirSync(path, { withFileTypes: true })) n += e.isDirectory() ? folderBytes(join(path, e.name)) : statSync(join(path, e.name)).size
  return n
}

async function measure(backend) {
  const dir = mkdtempSync(join(tmpdir(), 'weir-bench-recovery-'))
  try {
    // Phase 1: build the state, take one retained checkpoint, cancel.
    const config = {
      ...baseConfig(backend, dir),
      // On, but only the checkpoint triggered below happens within the run.
      'execution.checkpointing.interval': '1 h',
      'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
    }
    const p = await plan(config)
    const { startJob, createConnectorRegistry } = await loadEngine()
    const log = []
    const t0 = process.hrtime.bigint()
    const handle = startJob(p, { jobId: 'd'.repeat(32), jobName: 'recovery-fill', config, connectors: createConnectorRegistry(), log: (l) => log.push(l) })
    let ended = null
    void handle.done.then((r) => (ended = r))
    let rows = 0
    while (ended === null && (rows = counter(handle, 'GroupAggregate', 'numRecordsIn')) < TARGET_ROWS) await sleep(20)
    if (ended !== null) throw new Error(`fill job ended early: ${ended.status} ${ended.error?.message ?? ''}\n${log.join('\n')}`)
    const fillSeconds = seconds(t0)
    const c0 = process.hrtime.bigint()
    const chkPath = await handle.triggerCheckpoint()
    const checkpointSeconds = seconds(c0)
    await handle.cancel()
    const r1 = await handle.done
    if (r1.status !== 'CANCELED') throw new Error(`fill job ${r1.status}: ${r1.error?.message}`)
    const completed = log.map((l) => /^Completed checkpoint \d+ .*\((\d+) bytes, (\d+) ms\)/.exec(l)).find((m) => m !== null)
    const stateBytes = folderBytes(chkPath)
    const fillPeakRssMB = process.resourceUsage().maxRSS / 1024

    // Phase 2 in its own process: restore and wait for the first output.
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), 'restore', backend, dir, chkPath], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    const restore = JSON.parse(out.trim().split('\n').pop())
    return {
      label: `recovery ${backend}`,
      plan: 'sql',
      seconds: restore.firstOutputSeconds,
      peakRssMB: restore.peakRssMB,
      threads: false,
      stateMB: stateBytes / 1e6,
      rowsBeforeTrigger: rows,
      fillSeconds,
      checkpointSeconds,
      checkpointLogMs: completed ? Number(completed[2]) : NaN,
      loadCheckpointSeconds: restore.restoredLogSeconds,
      firstOutputSeconds: restore.firstOutputSeconds,
      fillPeakRssMB,
      metrics: {},
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Child: start the plan from `chkPath`, return when the sink has seen its first row. */
async function restoreChild(backend, dir, chkPath) {
  const config = { ...baseConfig(backend, dir), 'execution.state-recovery.path': chkPath }
  const p = await plan(config)
  const { startJob, createConnectorRegistry } = await loadEngine()
  const connectors = createConnectorRegistry()
  let restoredAt = null
  const log = []
  let ended = null
  const t0 = process.hrtime.bigint()
  const handle = startJob(p, {
    jobId: 'e'.repeat(32),
    jobName: 'recovery-restore',
    config,
    connectors,
    log: (l) => {
      if (restoredAt === null && l.startsWith('Restored job ')) restoredAt = seconds(t0)
      log.push(l)
    },
  })
  void handle.done.then((r) => (ended = r))
  while (ended === null && counter(handle, 'Sink', 'numRecordsIn') === 0) await sleep(1)
  const firstOutputSeconds = seconds(t0)
  if (ended !== null) throw new Error(`restored job ended before any output: ${ended.status} ${ended.error?.message ?? ''}\n${log.join('\n')}`)
  await handle.cancel()
  await handle.done
  process.stdout.write(JSON.stringify({ restoredLogSeconds: restoredAt, firstOutputSeconds, peakRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n')
}

const make = (backend) => ({
  name: `recovery: ~${STATE_MB} MB GROUP BY state, ${backend}, restart to first output`,
  parallelism: 1,
  run: () => measure(backend),
})

export const cases = [make('hashmap'), make('rocksdb')]

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'restore') {
  await restoreChild(process.argv[3], process.argv[4], process.argv[5])
} else {
  await runCaseFromArgv(cases, import.meta.url)
}
