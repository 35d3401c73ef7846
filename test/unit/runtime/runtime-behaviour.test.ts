import { describe, expect, it } from 'vitest'
import type { ConnectorRegistry } from '../../../src/catalog/connector-registry.js'
import { EngineError } from '../../../src/errors.js'
import type { StreamNode, StreamPlan } from '../../../src/plan/physical/stream-nodes.js'
import { buildJobGraph } from '../../../src/runtime/job-graph.js'
import { startJob } from '../../../src/runtime/job-runner.js'
import { SubtaskGroup } from '../../../src/runtime/local-execution.js'
import type { Operator } from '../../../src/runtime/operator.js'
import type { Row, RowBatch } from '../../../src/runtime/row-batch.js'
import { runtimeConfig } from '../../../src/runtime/runtime-config.js'
import { fakeRegistry, type FakeSinkScript, type FakeSourceScript, type ScriptedSplit } from './fake-connectors.js'
import { BIGINT, INT, STRING, calc, collectSink, fields, inputRef, plan, scan, tableSink } from './plan-builders.js'
import { RecordingOperator } from './recording-operator.js'

const JOB = '0123456789abcdef0123456789abcdef'

function group(p: StreamPlan, connectors: ConnectorRegistry, config: Record<string, string>, override: (n: StreamNode) => Operator | null, collect: ((b: RowBatch) => void) | null = null) {
  return new SubtaskGroup({
    graph: buildJobGraph(p),
    runtime: runtimeConfig(config),
    env: { jobId: JOB, config, connectors, collect, operatorOverride: override },
    log: () => {},
  })
}

function rowsBatches(n: number, size: number, f: (i: number) => Row): Row[][] {
  return Array.from({ length: n }, (_, b) => Array.from({ length: size }, (_, i) => f(b * size + i)))
}

describe('backpressure', () => {
  it('a slow sink bounds the batches queued in its input channels', async () => {
    const fs = fields(['a', INT])
    const source: FakeSourceScript = { splits: (i) => [{ id: `s${i}`, batches: rowsBatches(50, 10, (k) => [k]) }] }
    const sink: FakeSinkScript = { written: [], slowTicks: 3 }
    const s = tableSink(scan('fake', fs, { parallelism: 2 }), 'fake-sink', { parallelism: 1, partitioning: { kind: 'global' } })
    const handle = startJob(plan(s), { jobId: JOB, jobName: 't', config: { 'weir.runtime.channel-capacity': '2', 'weir.runtime.threads': 'false' }, connectors: fakeRegistry(source, sink) })
    expect((await handle.done).status).toBe('FINISHED')
    expect(sink.written.reduce((n, w) => n + w.batch.rows.length, 0)).toBe(1000)
    const m = handle.metrics!().operators[`Sink[${s.uid}]`]!
    expect(m.numRecordsIn).toBe(1000)
    // Each of the two producers may fill its channel to capacity, never beyond.
    expect(m.maxQueuedBatches).toBeGreaterThan(0)
    expect(m.maxQueuedBatches).toBeLessThanOrEqual(2)
  })
})

describe('watermarks and end of input', () => {
  it('source watermark is the minimum over splits; MAX at the end, then finish in chain order, then the sink', async () => {
    const fs = fields(['k', STRING], ['ts', BIGINT])
    const events: string[] = []
    const source: FakeSourceScript = {
      splits: () => [
        { id: 'a', batches: [[['x', 10]], [['x', 20]]] },
        { id: 'b', batches: [[['y', 5]], [['y', 30]]] },
      ],
    }
    const sink: FakeSinkScript = { written: [], events }
    const src = scan('fake', fs, { watermark: { rowtimeIndex: 1, expr: inputRef(1, BIGINT) } })
    const a = calc(src, [inputRef(0, STRING), inputRef(1, BIGINT)], null, fs)
    const b = calc(a, [inputRef(0, STRING), inputRef(1, BIGINT)], null, fs)
    const p = plan(tableSink(b, 'fake-sink'))
    const g = group(p, fakeRegistry(source, sink), {}, (n) => (n === a || n === b ? new RecordingOperator(n === a ? 'A' : 'B', events) : null))
    await g.run()
    const wms = events.filter((e) => e.startsWith('A.wm'))
    expect(wms).toEqual(['A.wm:5', 'A.wm:20', 'A.wm:MAX'])
    const order = ['A.wm:MAX', 'B.wm:MAX', 'A.finish', 'B.finish', 'sink0.finish', 'A.close']
    const idx = order.map((e) => events.indexOf(e))
    expect(idx.every((i) => i >= 0)).toBe(true)
    expect([...idx].sort((x, y) => x - y)).toEqual(idx)
    expect(sink.written.flatMap((w) => w.batch.rows)).toHaveLength(4)
  })

  it('a downstream task takes the minimum over its input subtasks', async () => {
    const fs = fields(['ts', BIGINT])
    const events: string[] = []
    // Subtask 0 races ahead to 200; subtask 1 stops at 50 and stays open, so the minimum can never pass 50.
    const source: FakeSourceScript = { unbounded: true, splits: (i) => [{ id: `s${i}`, batches: [[[i === 0 ? 100 : 40]], [[i === 0 ? 200 : 50]]] }] }
    const src = scan('fake', fs, { parallelism: 2, bounded: false, watermark: { rowtimeIndex: 0, expr: inputRef(0, BIGINT) } })
    const a = calc(src, [inputRef(0, BIGINT)], null, fs, { parallelism: 1, partitioning: { kind: 'rebalance' } })
    const rec = new RecordingOperator('A', events)
    const reached = new Promise<void>((resolve) => (rec.onWatermark = (wm) => wm === 50 && resolve()))
    const g = group(plan(tableSink(a, 'fake-sink')), fakeRegistry(source, { written: [] }), {}, (n) => (n === a ? rec : null))
    const running = g.run()
    await reached
    g.cancel()
    await running
    const wms = events.filter((e) => e.startsWith('A.wm')).map((e) => Number(e.slice(5)))
    expect(wms[wms.length - 1]).toBe(50)
    expect(Math.max(...wms)).toBe(50)
  })

  it('a source subtask without splits does not hold back the watermark', async () => {
    const fs = fields(['ts', BIGINT])
    const events: string[] = []
    const source: FakeSourceScript = { unbounded: true, splits: (i): ScriptedSplit[] => (i === 0 ? [{ id: 'a', batches: [[[1000]]] }] : []) }
    const src = scan('fake', fs, { parallelism: 2, bounded: false, watermark: { rowtimeIndex: 0, expr: inputRef(0, BIGINT) } })
    const a = calc(src, [inputRef(0, BIGINT)], null, fs, { parallelism: 1, partitioning: { kind: 'rebalance' } })
    const rec = new RecordingOperator('A', events)
    const reached = new Promise<void>((resolve) => (rec.onWatermark = (wm) => wm === 1000 && resolve()))
    const g = group(plan(tableSink(a, 'fake-sink')), fakeRegistry(source, { written: [] }), {}, (n) => (n === a ? rec : null))
    const running = g.run()
    await reached
    g.cancel()
    await running
  })

  it('table.exec.source.idle-timeout marks a split without data idle', async () => {
    const fs = fields(['ts', BIGINT])
    const events: string[] = []
    const source: FakeSourceScript = { unbounded: true, splits: (i) => [{ id: `s${i}`, batches: i === 0 ? [[[1000]]] : [] }] }
    const src = scan('fake', fs, { parallelism: 2, bounded: false, watermark: { rowtimeIndex: 0, expr: inputRef(0, BIGINT) } })
    const a = calc(src, [inputRef(0, BIGINT)], null, fs, { parallelism: 1, partitioning: { kind: 'rebalance' } })
    const rec = new RecordingOperator('A', events)
    const reached = new Promise<void>((resolve) => (rec.onWatermark = (wm) => wm === 1000 && resolve()))
    const g = group(plan(tableSink(a, 'fake-sink')), fakeRegistry(source, { written: [] }), { 'table.exec.source.idle-timeout': '20 ms' }, (n) => (n === a ? rec : null))
    const running = g.run()
    await reached
    g.cancel()
    await running
  })
})

describe('failures and cancel', () => {
  const fs = fields(['a', INT])

  it('a failing source fails the job with the operator named, and closes everything', async () => {
    const events: string[] = []
    const source: FakeSourceScript = { failAfterBatches: 2, events, splits: () => [{ id: 's', batches: rowsBatches(10, 5, (k) => [k]) }] }
    const sink: FakeSinkScript = { written: [], events }
    const src = scan('fake', fs)
    const handle = startJob(plan(tableSink(src, 'fake-sink')), { jobId: JOB, jobName: 't', config: {}, connectors: fakeRegistry(source, sink) })
    const r = await handle.done
    expect(r.status).toBe('FAILED')
    expect(handle.status()).toBe('FAILED')
    expect(r.error).toBeInstanceOf(EngineError)
    expect((r.error as EngineError).code).toBe('RUNTIME_OPERATOR_FAILED')
    expect(r.error!.message).toBe(`operator TableSourceScan[${src.uid}] failed: scripted source failure`)
    expect(events).toContain('source0.close')
    expect(events).toContain('sink0.close')
    expect(events).not.toContain('sink0.finish')
  })

  it('a connector error keeps its code and message', async () => {
    const source: FakeSourceScript = { splits: () => [{ id: 's', batches: [[[1]]] }] }
    const handle = startJob(plan(tableSink(scan('fake', fs), 'fake-sink')), { jobId: JOB, jobName: 't', config: {}, connectors: fakeRegistry(source, { written: [], failOnWrite: true }) })
    const r = await handle.done
    expect(r.status).toBe('FAILED')
    expect((r.error as EngineError).code).toBe('CONNECTOR_WRITE_FAILED')
    expect(r.error!.message).toBe('scripted sink failure')
  })

  it('an operator failure in one subtask tears down the others', async () => {
    const events: string[] = []
    const source: FakeSourceScript = { unbounded: true, events, splits: (i) => [{ id: `s${i}`, batches: rowsBatches(3, 5, (k) => [k]) }] }
    const src = scan('fake', fs, { parallelism: 2, bounded: false })
    const a = calc(src, [inputRef(0, INT)], null, fs, { parallelism: 1, partitioning: { kind: 'rebalance' } })
    const g = group(plan(tableSink(a, 'fake-sink')), fakeRegistry(source, { written: [], events }), {}, (n) => (n === a ? new RecordingOperator('A', events, { throwOnBatch: true }) : null))
    await expect(g.run()).rejects.toThrow(`operator Calc[${a.uid}] failed: boom`)
    expect(events).toEqual(expect.arrayContaining(['source0.close', 'source1.close', 'A.close', 'sink0.close']))
  })

  it('cancel stops an unbounded job: CANCELED, resources closed', async () => {
    const events: string[] = []
    let polledDry!: () => void
    const dry = new Promise<void>((r) => (polledDry = r))
    const source: FakeSourceScript = { unbounded: true, events, onIdlePoll: () => polledDry(), splits: () => [{ id: 's', batches: rowsBatches(3, 5, (k) => [k]) }] }
    const sink: FakeSinkScript = { written: [], events }
    const handle = startJob(plan(tableSink(scan('fake', fs, { bounded: false }), 'fake-sink')), { jobId: JOB, jobName: 't', config: {}, connectors: fakeRegistry(source, sink) })
    await dry
    expect(handle.status()).toBe('RUNNING')
    await handle.cancel()
    expect(handle.status()).toBe('CANCELED')
    expect((await handle.done).status).toBe('CANCELED')
    expect(sink.written.flatMap((w) => w.batch.rows)).toHaveLength(15)
    expect(events).toEqual(expect.arrayContaining(['source0.close', 'sink0.close']))
    expect(events).not.toContain('sink0.finish')
  })
})

describe('parallelism', () => {
  it('parallelism 2 gives the same multiset of rows as parallelism 1 (in-thread)', async () => {
    const fs = fields(['k', STRING], ['v', INT])
    const all: ScriptedSplit[] = Array.from({ length: 4 }, (_, s) => ({ id: `s${s}`, batches: rowsBatches(5, 7, (k) => [`key${(k * 7 + s) % 13}`, k + s * 1000]) }))
    const runAt = async (parallelism: number): Promise<string[]> => {
      const source: FakeSourceScript = { splits: (i, p) => all.filter((_, k) => k % p === i).map((s) => ({ id: s.id, batches: s.batches.map((b) => b.map((r) => r.slice())) })) }
      const src = scan('fake', fs, { parallelism })
      const c1 = calc(src, [inputRef(0, STRING), inputRef(1, INT)], null, fs)
      const c2 = calc(c1, [inputRef(1, INT), inputRef(0, STRING)], null, fields(['v', INT], ['k', STRING]), { partitioning: { kind: 'hash', keys: [0] } })
      const out: Row[] = []
      const handle = startJob(plan(collectSink(c2)), { jobId: JOB, jobName: 't', config: { 'weir.runtime.threads': 'false' }, connectors: fakeRegistry(source, null), collect: (b) => out.push(...b.rows) })
      expect((await handle.done).status).toBe('FINISHED')
      return out.map((r) => JSON.stringify(r)).sort()
    }
    const p1 = await runAt(1)
    const p2 = await runAt(2)
    expect(p1).toHaveLength(140)
    expect(p2).toEqual(p1)
  })
})
