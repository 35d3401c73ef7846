// Checkpoint overhead: datagen -> TUMBLE(1 s) COUNT(*) per key -> blackhole with a 1 s checkpoint interval
// against none, with the hashmap and the rocksdb backend (target: under 10% lower throughput with checkpoints).
// Each case runs in its own process (run.mjs); `node test/bench/checkpoint-overhead.bench.mjs <case>` runs one.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { choosePlan, eventCount, loadEngine, runCaseFromArgv } from './harness.mjs'

const sql = (events) => ({
  ddls: [
    `CREATE TABLE src (id BIGINT, k INT, ts TIMESTAMP_LTZ(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
     WITH ('connector' = 'datagen', 'rows-per-second' = '1000000000',
       'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${events}',
       'fields.k.min' = '0', 'fields.k.max' = '999')`,
    `CREATE TABLE snk (k INT, cnt BIGINT, window_start TIMESTAMP(3), window_end TIMESTAMP(3)) WITH ('connector' = 'blackhole')`,
  ],
  insert: `INSERT INTO snk SELECT k, COUNT(*), window_start, window_end
           FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end`,
})

async function measure(backend, checkpoints) {
  const events = eventCount(backend === 'rocksdb' ? 10_000_000 : 20_000_000)
  const dir = mkdtempSync(join(tmpdir(), 'weir-bench-chk-'))
  const config = {
    'parallelism.default': '1',
    'state.backend.type': backend,
    ...(checkpoints ? { 'execution.checkpointing.interval': '1 s', 'execution.checkpointing.dir': dir } : {}),
  }
  const { plan, source } = await choosePlan({ ...sql(events), config, expectKinds: ['StreamWindowAggregate'], handBuilt: () => { throw new Error('needs the SQL planner in dist') } })
  const { startJob, createConnectorRegistry } = await loadEngine()
  const log = []
  const t0 = process.hrtime.bigint()
  const cpu0 = process.cpuUsage()
  const handle = startJob(plan, { jobId: 'c'.repeat(32), jobName: 'checkpoint-overhead', config, connectors: createConnectorRegistry(), log: (l) => log.push(l) })
  const result = await handle.done
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  const cpu = process.cpuUsage(cpu0)
  rmSync(dir, { recursive: true, force: true })
  if (result.status !== 'FINISHED') throw new Error(`job ${result.status}: ${result.error?.message}`)
  const completed = log.map((l) => /^Completed checkpoint \d+ .*\((\d+) bytes, (\d+) ms\)/.exec(l)).filter((m) => m !== null)
  const avg = (xs) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length)
  return {
    label: `${backend} ${checkpoints ? '1 s checkpoints' : 'no checkpoints'}`,
    plan: source,
    events,
    seconds,
    eventsPerSec: events / seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    threads: false,
    checkpoints: completed.length,
    avgCheckpointMs: avg(completed.map((m) => Number(m[2]))),
    avgCheckpointBytes: avg(completed.map((m) => Number(m[1]))),
    metrics: {},
  }
}

const make = (backend, checkpoints) => ({
  name: `checkpoint overhead: TUMBLE count, ${backend}, ${checkpoints ? '1 s interval' : 'no checkpoints'}`,
  parallelism: 1,
  run: () => measure(backend, checkpoints),
})

export const cases = [make('hashmap', false), make('hashmap', true), make('rocksdb', false), make('rocksdb', true)]
await runCaseFromArgv(cases, import.meta.url)
