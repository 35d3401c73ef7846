// Shared helpers for benchmarks: load the built engine from dist/, run a plan to completion, measure it.
// A benchmark case runs in its own process (run.mjs spawns it) so peak RSS belongs to that case alone.
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
const dist = (p) => pathToFileURL(`${root}dist/${p}`).href

export async function loadEngine() {
  const { startJob } = await import(dist('src/runtime/job-runner.js'))
  const { createConnectorRegistry } = await import(dist('connectors/index.js'))
  let planSql = null
  if (existsSync(`${root}dist/src/bench-support/plan-sql.js`)) planSql = (await import(dist('src/bench-support/plan-sql.js'))).planSql
  return { startJob, createConnectorRegistry, planSql }
}

/** Events to generate: BENCH_EVENTS overrides the case's default. */
export function eventCount(dflt) {
  const v = process.env.BENCH_EVENTS
  return v === undefined ? dflt : Number(v)
}

export async function runPlan(plan, { config = {}, events, label }) {
  const { startJob, createConnectorRegistry } = await loadEngine()
  const connectors = createConnectorRegistry()
  const log = []
  const started = process.hrtime.bigint()
  const cpu0 = process.cpuUsage()
  // BENCH_CONFIG='{"weir.runtime.threads":"false"}' adds job configuration (for experiments).
  const extra = process.env.BENCH_CONFIG ? JSON.parse(process.env.BENCH_CONFIG) : {}
  const handle = startJob(plan, { jobId: 'b'.repeat(32), jobName: label, config: { ...config, ...extra }, connectors, log: (l) => log.push(l) })
  const result = await handle.done
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const cpu = process.cpuUsage(cpu0)
  if (result.status !== 'FINISHED') throw new Error(`${label}: job ${result.status}: ${result.error?.message}\n${log.join('\n')}`)
  const metrics = handle.metrics?.() ?? { operators: {} }
  return {
    label,
    events,
    seconds,
    eventsPerSec: events / seconds,
    // CPU time of all threads: on a machine shared with other work, events per CPU-second shows efficiency.
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    threads: log.some((l) => l.includes('worker threads')),
    metrics: metrics.operators,
  }
}

/** Runs case `index` of `cases` when this process was started for it; prints one JSON line. */
export async function runCaseFromArgv(cases, moduleUrl) {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return
  const index = Number(process.argv[2] ?? '0')
  const c = cases[index]
  const r = await c.run()
  const { metrics, ...summary } = r
  if (process.env.BENCH_VERBOSE) console.error(JSON.stringify(metrics, null, 2))
  process.stdout.write(JSON.stringify({ name: c.name, parallelism: c.parallelism, ...summary }) + '\n')
}

// ---- hand-built plan pieces (used until SQL planning is available; same shape the planner produces) ----

const T = {
  INT: { kind: 'INT', nullable: true },
  BIGINT: { kind: 'BIGINT', nullable: true },
  BIGINT_NN: { kind: 'BIGINT', nullable: false },
  BOOLEAN: { kind: 'BOOLEAN', nullable: true },
  TS3: { kind: 'TIMESTAMP', nullable: true, precision: 3 },
  LTZ3: { kind: 'TIMESTAMP_LTZ', nullable: true, precision: 3 },
  INTERVAL: { kind: 'INTERVAL_DAY_TIME', nullable: false },
}
export const types = T
export const ref = (index, type) => ({ kind: 'InputRef', index, type })
export const lit = (value, type) => ({ kind: 'Literal', value, type })
export const call = (op, operands, type) => ({ kind: 'Call', op, operands, type })
const INSERT_ONLY = { kinds: [0] }
let ids = 0

export function datagenScan(fields, options, parallelism, watermark = null) {
  const id = ++ids
  return {
    kind: 'StreamTableSourceScan', id, uid: `scan${id}`, parallelism, fields, changelogMode: INSERT_ONLY, inputs: [],
    table: { path: 'default_catalog.default_database.src', connector: 'datagen', options: { 'rows-per-second': '1000000000', ...options }, physicalFields: fields, primaryKey: null, partitionKeys: [] },
    readFields: fields.map((_, i) => i), metadata: [], projection: null, watermark, bounded: true,
  }
}

export function calcNode(input, projection, condition, fields, partitioning = { kind: 'forward' }, parallelism = input.parallelism) {
  const id = ++ids
  return { kind: 'StreamCalc', id, uid: `calc${id}`, parallelism, fields, changelogMode: INSERT_ONLY, inputs: [{ node: input, partitioning }], projection, condition }
}

export function windowCount(input, { keyIndex, timeIndex, size, parallelism }) {
  const id = ++ids
  const fields = [input.fields[keyIndex], { name: 'cnt', type: T.BIGINT_NN }, { name: 'window_start', type: T.TS3 }, { name: 'window_end', type: T.TS3 }]
  return {
    kind: 'StreamWindowAggregate', id, uid: `wagg${id}`, parallelism, fields, changelogMode: INSERT_ONLY,
    inputs: [{ node: input, partitioning: { kind: 'hash', keys: [keyIndex] } }],
    window: { spec: { kind: 'TUMBLE', size, offset: 0 }, timeIndex, isRowtime: true },
    groupKeys: [keyIndex],
    aggCalls: [{ fn: 'COUNT', args: [], constants: [], distinct: false, filterArg: null, ignoreNulls: false, type: T.BIGINT_NN, name: 'cnt' }],
    windowProperties: ['window_start', 'window_end'],
    inputWindowBounds: null,
  }
}

export function blackhole(input) {
  const id = ++ids
  return {
    kind: 'StreamSink', id, uid: `sink${id}`, parallelism: input.parallelism, fields: input.fields, changelogMode: input.changelogMode,
    inputs: [{ node: input, partitioning: { kind: 'forward' } }],
    target: { kind: 'table', table: { path: 'default_catalog.default_database.sink', connector: 'blackhole', options: {}, physicalFields: input.fields, primaryKey: null, partitionKeys: [] }, overwrite: false, staticPartition: {} },
    upsertMaterializeKeys: null,
  }
}

export function plan(...sinks) {
  return { sinks, maxParallelism: 128 }
}
