// Shared helpers for benchmarks: load the built engine from dist/, run a plan to completion, measure it.
// A benchmark case runs in its own process (run.mjs spawns it) so peak RSS belongs to that case alone.
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
const dist = (p) => pathToFileURL(`${root}dist/${p}`).href

export async function loadEngine() {
  const { startJob } = await import(dist('src/runtime/job-runner.js'))
  const { createConnectorRegistry } = await import(dist('connectors/index.js'))
  return { startJob, createConnectorRegistry }
}

/**
 * Plans `insert` after running `ddls`, through the parser, catalog and planner in dist/. Returns null (with the
 * reason) when the SQL front end is missing or cannot plan the statement yet, or when the plan lacks one of
 * `expectKinds` (the shape the benchmark is meant to measure), so the caller falls back to its hand-built plan.
 */
export async function planSql(ddls, insert, config, expectKinds = []) {
  if (!existsSync(`${root}dist/src/plan/planner.js`) || !existsSync(`${root}dist/src/sql/parser.js`)) return { plan: null, reason: 'no planner in dist' }
  try {
    const { parseStatement } = await import(dist('src/sql/parser.js'))
    const { CatalogManager } = await import(dist('src/catalog/catalog-manager.js'))
    const { planStatement } = await import(dist('src/plan/planner.js'))
    const { createConnectorRegistry } = await import(dist('connectors/index.js'))
    const connectors = createConnectorRegistry()
    const catalog = new CatalogManager(connectors)
    for (const ddl of ddls) catalog.executeDdl(parseStatement(ddl), ddl)
    const planned = planStatement(parseStatement(insert), { catalog, connectors, config, sql: insert })
    const kinds = new Set()
    const visit = (n) => {
      kinds.add(n.kind)
      for (const i of n.inputs) visit(i.node)
    }
    planned.plan.sinks.forEach(visit)
    const missing = expectKinds.filter((k) => !kinds.has(k))
    if (missing.length > 0) return { plan: null, reason: `planner output lacks ${missing.join(', ')}` }
    return { plan: planned.plan, reason: null }
  } catch (e) {
    return { plan: null, reason: e.message }
  }
}

/** SQL when the planner can do it (BENCH_PLAN=hand forces the hand-built plan), else the hand-built plan. */
export async function choosePlan({ ddls, insert, config, expectKinds, handBuilt }) {
  if (process.env.BENCH_PLAN !== 'hand') {
    const { plan, reason } = await planSql(ddls, insert, config, expectKinds)
    if (plan !== null) return { plan, source: 'sql' }
    if (process.env.BENCH_VERBOSE) console.error(`SQL planning not used: ${reason}`)
  }
  return { plan: handBuilt(), source: 'hand-built' }
}

/** Events to generate: BENCH_EVENTS overrides the case's default. */
export function eventCount(dflt) {
  const v = process.env.BENCH_EVENTS
  return v === undefined ? dflt : Number(v)
}

export async function runPlan(plan, { config = {}, events, label, source = 'hand-built' }) {
  const { startJob, createConnectorRegistry } = await loadEngine()
  const connectors = createConnectorRegistry()
  const log = []
  const started = process.hrtime.bigint()
  const cpu0 = process.cpuUsage()
  // BENCH_CONFIG='{"weir.runtime.threads":"false"}' adds job configuration (for experiments).
  const extra = { 'weir.runtime.debug': 'true', ...(process.env.BENCH_CONFIG ? JSON.parse(process.env.BENCH_CONFIG) : {}) }
  const handle = startJob(plan, { jobId: 'b'.repeat(32), jobName: label, config: { ...config, ...extra }, connectors, log: (l) => log.push(l) })
  const result = await handle.done
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const cpu = process.cpuUsage(cpu0)
  if (result.status !== 'FINISHED') throw new Error(`${label}: job ${result.status}: ${result.error?.message}\n${log.join('\n')}`)
  const metrics = handle.metrics?.() ?? { operators: {} }
  const ready = log.map((l) => /worker threads ready in (\d+) ms/.exec(l)).find((m) => m !== null)
  const startupSeconds = ready ? Number(ready[1]) / 1000 : 0
  return {
    label,
    events,
    seconds,
    eventsPerSec: events / seconds,
    // Worker threads load the engine before the job starts; without that start-up, the steady rate.
    startupSeconds,
    steadyEventsPerSec: events / (seconds - startupSeconds),
    // CPU time of all threads: on a machine shared with other work, events per CPU-second shows efficiency.
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    threads: log.some((l) => l.includes('worker threads')),
    plan: source,
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
