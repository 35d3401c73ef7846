import { describe, expect, it } from 'vitest'
import { ConnectorRegistry } from '../../../src/catalog/connector-registry.js'
import type { StreamNode, StreamWatermarkAssigner, StreamWindowAggregate } from '../../../src/plan/physical/stream-nodes.js'
import { buildJobGraph } from '../../../src/runtime/job-graph.js'
import { startJob } from '../../../src/runtime/job-runner.js'
import { SubtaskGroup } from '../../../src/runtime/local-execution.js'
import type { Operator, OperatorContext, OperatorSnapshot } from '../../../src/runtime/operator.js'
import type { Row } from '../../../src/runtime/row-batch.js'
import { runtimeConfig } from '../../../src/runtime/runtime-config.js'
import { INSERT_ONLY } from '../../../src/sql/row-kind.js'
import type { DataType } from '../../../src/sql/data-type.js'
import { fakeRegistry } from './fake-connectors.js'
import { INT, STRING, TS3, calc, collectSink, fields, inputRef, plan, scan, tableSink, values } from './plan-builders.js'

const BIGINT_NN = { kind: 'BIGINT', nullable: false } as DataType

function windowCountPlan(rows: unknown[][], parallelism: number) {
  const fs = fields(['k', STRING], ['ts', TS3])
  const v = values(rows, fs)
  const wa: StreamWatermarkAssigner = { kind: 'StreamWatermarkAssigner', id: 100, uid: 'wm', parallelism: 1, fields: fs, changelogMode: INSERT_ONLY, inputs: [{ node: v, partitioning: { kind: 'forward' } }], rowtimeIndex: 1, expr: inputRef(1, TS3) }
  const agg: StreamWindowAggregate = {
    kind: 'StreamWindowAggregate',
    id: 101,
    uid: 'wagg',
    parallelism,
    fields: fields(['k', STRING], ['cnt', BIGINT_NN], ['window_start', TS3], ['window_end', TS3]),
    changelogMode: INSERT_ONLY,
    inputs: [{ node: wa, partitioning: { kind: 'hash', keys: [0] } }],
    window: { spec: { kind: 'TUMBLE', size: 10, offset: 0 }, timeIndex: 1, isRowtime: true },
    groupKeys: [0],
    aggCalls: [{ fn: 'COUNT', args: [], constants: [], distinct: false, filterArg: null, ignoreNulls: false, type: BIGINT_NN, name: 'cnt' }],
    windowProperties: ['window_start', 'window_end'],
    inputWindowBounds: null,
  }
  return { p: plan(collectSink(agg)), agg }
}

describe('event time through the runtime', () => {
  it('fires windows on watermarks and at the end of input, and drops late rows', async () => {
    // One row per batch, so a watermark follows every row: the row at ts 3 arrives after the watermark passed 9.
    const rows = [['a', 1], ['b', 2], ['a', 12], ['a', 3], ['b', 25], ['a', 21]]
    for (const parallelism of [1, 2]) {
      const { p, agg } = windowCountPlan(rows, parallelism)
      const out: Row[] = []
      const handle = startJob(p, { jobId: '1'.repeat(32), jobName: 'w', config: { 'weir.runtime.batch-size': '1', 'weir.runtime.threads': 'false' }, connectors: new ConnectorRegistry(null), collect: (b) => out.push(...b.rows) })
      expect((await handle.done).status).toBe('FINISHED')
      expect(out.map((r) => r.join(',')).sort()).toEqual(['a,1,0,10', 'a,1,10,20', 'a,1,20,30', 'b,1,0,10', 'b,1,20,30'])
      expect(handle.metrics!().operators[`WindowAggregate[${agg.uid}]`]!.numLateRecordsDropped).toBe(1)
    }
  })
})

/** Registers a processing-time timer 5 ms ahead on open and reports when it fires. */
class ProcTimerOperator implements Operator {
  readonly uid = 'proc'
  readonly stateVersion = 1
  constructor(private readonly fired: (ts: number) => void) {}
  async open(ctx: OperatorContext): Promise<void> {
    ctx.state.setCurrentKey('k', 0)
    ctx.timers.registerProcessingTimeTimer(ctx.timers.currentProcessingTime() + 5)
  }
  processBatch(): void {}
  processWatermark(): void {}
  onTimer(ts: number, domain: string): void {
    if (domain === 'processing') this.fired(ts)
  }
  snapshot(): OperatorSnapshot {
    return {}
  }
  async finish(): Promise<void> {}
  async close(): Promise<void> {}
}

describe('processing time', () => {
  it('fires processing-time timers while the task waits for input', async () => {
    const fs = fields(['a', INT])
    const src = scan('fake', fs, { bounded: false })
    const c = calc(src, [inputRef(0, INT)], null, fs, { partitioning: { kind: 'rebalance' }, parallelism: 1 })
    // Make the calc a separate task (network edge) by giving the source parallelism 2.
    const src2 = { ...src, parallelism: 2 }
    const c2 = { ...c, inputs: [{ node: src2, partitioning: { kind: 'rebalance' as const } }] }
    let fired!: (ts: number) => void
    const firedAt = new Promise<number>((r) => (fired = r))
    const p = plan(tableSink(c2, 'fake-sink'))
    const g = new SubtaskGroup({
      graph: buildJobGraph(p),
      runtime: runtimeConfig({}),
      env: { jobId: 'x', config: {}, connectors: fakeRegistry({ unbounded: true, splits: () => [] }, { written: [] }), collect: null, operatorOverride: (n: StreamNode) => (n.id === c2.id ? new ProcTimerOperator(fired) : null) },
      log: () => {},
    })
    const before = Date.now()
    const running = g.run()
    const ts = await firedAt
    expect(ts).toBeGreaterThanOrEqual(before)
    g.cancel()
    await running
  })
})


