/**
 * Worker threads can only load compiled JavaScript, so this test drives the runtime built into dist/ (the test
 * script runs `npm run build` first) and compares it with the in-thread runtime from sources.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import { ConnectorRegistry } from '../../../src/catalog/connector-registry.js'
import type { JobHandle, JobOptions } from '../../../src/runtime/job-api.js'
import { startJob } from '../../../src/runtime/job-runner.js'
import type { StreamPlan } from '../../../src/plan/physical/stream-nodes.js'
import type { Row } from '../../../src/runtime/row-batch.js'
import { INT, STRING, calc, call, collectSink, fields, inputRef, literal, plan, scan, tableSink, values } from './plan-builders.js'

const distRunner = fileURLToPath(new URL('../../../dist/src/runtime/job-runner.js', import.meta.url))
const distRegistry = fileURLToPath(new URL('../../../dist/src/catalog/connector-registry.js', import.meta.url))
const distConnectors = fileURLToPath(new URL('../../../dist/connectors/index.js', import.meta.url))

type StartJob = (p: StreamPlan, o: JobOptions) => JobHandle

function testPlan(): StreamPlan {
  const fs = fields(['k', STRING], ['v', INT])
  const rows = Array.from({ length: 5000 }, (_, i) => [`key${i % 37}`, i])
  const v = values(rows, fs)
  const c1 = calc(v, [inputRef(0, STRING), call('*', [inputRef(1, INT), literal(2, INT)], INT)], null, fs, { parallelism: 2, partitioning: { kind: 'rebalance' } })
  const c2 = calc(c1, [inputRef(1, INT), inputRef(0, STRING)], null, fields(['v', INT], ['k', STRING]), { parallelism: 2, partitioning: { kind: 'hash', keys: [0] } })
  return plan(collectSink(c2))
}

async function collect(start: StartJob, registry: ConnectorRegistry, config: Record<string, string>): Promise<{ rows: string[]; log: string[] }> {
  const out: Row[] = []
  const log: string[] = []
  const handle = start(testPlan(), { jobId: 'f'.repeat(32), jobName: 'threads', config: { ...config, 'weir.runtime.debug': 'true' }, connectors: registry, collect: (b) => out.push(...b.rows), log: (l) => log.push(l) })
  const r = await handle.done
  expect(r.error).toBeUndefined()
  expect(r.status).toBe('FINISHED')
  return { rows: out.map((row) => JSON.stringify(row)).sort(), log }
}

describe.skipIf(!existsSync(distRunner))('worker threads (from dist)', () => {
  it('runs parallel subtasks on worker threads with the same results as in-thread', async () => {
    const dist = (await import(pathToFileURL(distRunner).href)) as { startJob: StartJob }
    const { ConnectorRegistry: DistRegistry } = (await import(pathToFileURL(distRegistry).href)) as { ConnectorRegistry: typeof ConnectorRegistry }
    const threaded = await collect(dist.startJob, new DistRegistry(null), {})
    expect(threaded.log.join('\n')).toContain('worker threads')
    const inThread = await collect(startJob, new ConnectorRegistry(null), { 'weir.runtime.threads': 'false' })
    expect(inThread.rows).toHaveLength(5000)
    expect(threaded.rows).toEqual(inThread.rows)
  })

  it('a failure in a worker fails the job with the operator named, and the other workers stop', async () => {
    const dist = (await import(pathToFileURL(distRunner).href)) as { startJob: StartJob }
    const { ConnectorRegistry: DistRegistry } = (await import(pathToFileURL(distRegistry).href)) as { ConnectorRegistry: typeof ConnectorRegistry }
    const fs = fields(['v', INT])
    const v = values(Array.from({ length: 3000 }, (_, i) => [i - 1500]), fs)
    // 1000 / v fails with a division by zero on the row where v = 0, in whichever worker gets it.
    const c = calc(v, [call('/', [literal(1000, INT), inputRef(0, INT)], INT)], null, fs, { parallelism: 2, partitioning: { kind: 'rebalance' } })
    const handle = dist.startJob(plan(collectSink(c)), { jobId: 'e'.repeat(32), jobName: 'fail', config: { 'weir.runtime.debug': 'true', 'weir.runtime.batch-size': '100' }, connectors: new DistRegistry(null), collect: () => {} })
    const r = await handle.done
    expect(r.status).toBe('FAILED')
    expect((r.error as { code?: string }).code).toBe('RUNTIME_OPERATOR_FAILED')
    expect(r.error!.message).toContain(`operator Calc[${c.uid}] failed:`)
    expect(r.error!.message).toContain('division by zero')
  })

  it.skipIf(!existsSync(distConnectors))('cancel stops an unbounded job running on worker threads', async () => {
    const dist = (await import(pathToFileURL(distRunner).href)) as { startJob: StartJob }
    const { createConnectorRegistry } = (await import(pathToFileURL(distConnectors).href)) as { createConnectorRegistry(): ConnectorRegistry }
    const fs = fields(['id', INT])
    const src = scan('datagen', fs, { parallelism: 2, bounded: false, options: { 'rows-per-second': '1000' } })
    const sink = tableSink(calc(src, [inputRef(0, INT)], null, fs), 'blackhole')
    const log: string[] = []
    const handle = dist.startJob(plan(sink), { jobId: 'c'.repeat(32), jobName: 'cancel', config: { 'weir.runtime.debug': 'true' }, connectors: createConnectorRegistry(), log: (l) => log.push(l) })
    await vi.waitFor(() => expect(handle.metrics!().operators[`Sink[${sink.uid}]`]?.numRecordsIn ?? 0).toBeGreaterThan(0), { timeout: 20_000, interval: 50 })
    expect(log.join('\n')).toContain('worker threads')
    expect(handle.status()).toBe('RUNNING')
    await handle.cancel()
    expect(handle.status()).toBe('CANCELED')
    expect((await handle.done).status).toBe('CANCELED')
  })

  it('from TypeScript sources, falls back to in-thread execution with a log line', async () => {
    const r = await collect(startJob, new ConnectorRegistry(null), {})
    expect(r.log.join('\n')).toContain('in-thread')
    expect(r.rows).toHaveLength(5000)
  })
})
