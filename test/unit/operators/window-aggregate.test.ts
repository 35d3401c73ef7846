import { describe, expect, it } from 'vitest'
import type { AggCall, StreamWindowAggregate, WindowSpec } from '../../../src/plan/physical/stream-nodes.js'
import { INSERT_ONLY } from '../../../src/sql/row-kind.js'
import { WindowAggregateOperator } from '../../../src/operators/window-aggregate.js'
import { OperatorHarness } from '../../../src/testing/operator-harness.js'
import { agg, BIGINT, edge, fields, input, INT, ROWTIME, STR, TS, types } from './fixtures.js'

const IN = fields(['k', STR], ['v', INT], ['ts', ROWTIME])

function node(spec: WindowSpec, opts: { aggCalls?: AggCall[]; isRowtime?: boolean; bounds?: { startIndex: number; endIndex: number }; inputFields?: typeof IN } = {}): StreamWindowAggregate {
  const aggCalls = opts.aggCalls ?? [agg('COUNT', [], BIGINT), agg('SUM', [1], INT)]
  const inFields = opts.inputFields ?? IN
  return {
    kind: 'StreamWindowAggregate',
    id: 1,
    uid: 'wagg',
    parallelism: 1,
    fields: [inFields[0]!, ...aggCalls.map((c) => ({ name: c.name, type: c.type })), ...fields(['window_start', TS], ['window_end', TS], ['window_time', ROWTIME])],
    changelogMode: INSERT_ONLY,
    inputs: [edge(input(inFields), [0])],
    window: { spec, timeIndex: 2, isRowtime: opts.isRowtime ?? true },
    groupKeys: [0],
    aggCalls,
    windowProperties: ['window_start', 'window_end', 'window_time'],
    inputWindowBounds: opts.bounds ?? null,
  }
}

async function harness(n: StreamWindowAggregate) {
  return OperatorHarness.open(() => new WindowAggregateOperator(n), { inputTypes: [types(n.inputs[0]!.node.fields)], outputTypes: types(n.fields) })
}

describe('WindowAggregateOperator', () => {
  it('TUMBLE: emits each window once when the watermark reaches window_time, and drops late rows', async () => {
    const h = await harness(node({ kind: 'TUMBLE', size: 10, offset: 0 }))
    h.push('+I a 1 1', '+I a 2 5', '+I b 3 12', '+I a 4 10')
    h.watermark(8)
    expect(h.take()).toEqual([])
    h.watermark(9)
    expect(h.take()).toEqual(['+I[a, 2, 3, 0, 10, 9]'])
    h.push('+I a 9 8')
    expect(h.counter('numLateRecordsDropped')).toBe(1)
    h.watermark(25)
    expect(h.take()).toEqual(['+I[a, 1, 4, 10, 20, 19]', '+I[b, 1, 3, 10, 20, 19]'])
  })

  it('TUMBLE with an offset shifts the window boundaries', async () => {
    const h = await harness(node({ kind: 'TUMBLE', size: 10, offset: 3 }))
    h.push('+I a 1 2', '+I a 1 3', '+I a 1 12')
    h.watermark(100)
    expect(h.take()).toEqual(['+I[a, 1, 1, -7, 3, 2]', '+I[a, 2, 2, 3, 13, 12]'])
  })

  it('HOP: a row counts in size/slide windows; a partly late row still counts in its open windows', async () => {
    const h = await harness(node({ kind: 'HOP', slide: 5, size: 10, offset: 0 }))
    h.push('+I a 1 7')
    h.watermark(5)
    expect(h.take()).toEqual([])
    h.push('+I a 10 3') // [-5, 5) has fired, [0, 10) has not
    expect(h.counter('numLateRecordsDropped')).toBe(0)
    h.watermark(9)
    expect(h.take()).toEqual(['+I[a, 2, 11, 0, 10, 9]'])
    h.push('+I a 100 2') // all of its windows fired
    expect(h.counter('numLateRecordsDropped')).toBe(1)
    h.watermark(14)
    expect(h.take()).toEqual(['+I[a, 1, 1, 5, 15, 14]'])
  })

  it('CUMULATE: windows grow by step up to max size', async () => {
    const h = await harness(node({ kind: 'CUMULATE', step: 5, maxSize: 15, offset: 0 }))
    h.push('+I a 1 2', '+I a 2 7', '+I a 4 14', '+I a 8 15')
    h.watermark(29)
    expect(h.take()).toEqual(['+I[a, 1, 1, 0, 5, 4]', '+I[a, 2, 3, 0, 10, 9]', '+I[a, 3, 7, 0, 15, 14]', '+I[a, 1, 8, 15, 20, 19]', '+I[a, 1, 8, 15, 25, 24]', '+I[a, 1, 8, 15, 30, 29]'])
  })

  it('SESSION: merges sessions that touch, fires each once, drops rows of closed sessions', async () => {
    const h = await harness(node({ kind: 'SESSION', gap: 5, partitionKeys: [] }))
    h.push('+I a 1 1', '+I a 1 4', '+I a 1 20', '+I a 1 12', '+I b 1 3')
    h.push('+I a 1 9') // [9, 14) touches [1, 9) and [12, 17): one session [1, 17)
    h.watermark(16)
    expect(h.take()).toEqual(['+I[b, 1, 1, 3, 8, 7]', '+I[a, 4, 4, 1, 17, 16]'])
    h.push('+I a 1 2') // alone [2, 7): already closed
    expect(h.counter('numLateRecordsDropped')).toBe(1)
    h.push('+I a 1 16') // [16, 21) touches the open [20, 25): not late
    h.watermark(30)
    expect(h.take()).toEqual(['+I[a, 2, 2, 16, 25, 24]'])
  })

  it('processing time: windows by the clock, fired by processing-time timers', async () => {
    const h = await harness(node({ kind: 'TUMBLE', size: 10, offset: 0 }, { isRowtime: false }))
    h.setProcessingTime(3)
    h.push('+I a 1 999', '+I a 2 999')
    h.setProcessingTime(12)
    expect(h.take()).toEqual(['+I[a, 2, 3, 0, 10, 9]'])
    h.push('+I a 5 0')
    h.setProcessingTime(19)
    expect(h.take()).toEqual(['+I[a, 1, 5, 10, 20, 19]'])
  })

  it('processing-time sessions', async () => {
    const h = await harness(node({ kind: 'SESSION', gap: 10, partitionKeys: [] }, { isRowtime: false }))
    h.push('+I a 1 0')
    h.setProcessingTime(5)
    h.push('+I a 2 0')
    h.setProcessingTime(13)
    expect(h.take()).toEqual([])
    h.setProcessingTime(14)
    expect(h.take()).toEqual(['+I[a, 2, 3, 0, 15, 14]'])
  })

  it('COUNT(DISTINCT) per window, also across session merges', async () => {
    const calls = [agg('COUNT', [1], BIGINT, { distinct: true }), agg('SUM', [1], INT, { distinct: true })]
    const h = await harness(node({ kind: 'SESSION', gap: 5, partitionKeys: [] }, { aggCalls: calls }))
    h.push('+I a 1 0', '+I a 2 10', '+I a 1 11', '+I a 2 5')
    h.watermark(100)
    expect(h.take()).toEqual(['+I[a, 2, 3, 0, 16, 15]'])
  })

  it('reads windows from input bounds when a window TVF assigned them', async () => {
    const inFields = fields(['k', STR], ['v', INT], ['ws', TS], ['we', TS])
    const h = await harness(node({ kind: 'HOP', slide: 5, size: 10, offset: 0 }, { inputFields: inFields, bounds: { startIndex: 2, endIndex: 3 } }))
    h.push('+I a 1 0 10', '+I a 2 5 15', '+I a 3 0 10')
    h.watermark(10)
    expect(h.take()).toEqual(['+I[a, 2, 4, 0, 10, 9]'])
    h.push('+I a 7 0 10')
    expect(h.counter('numLateRecordsDropped')).toBe(1)
    h.watermark(20)
    expect(h.take()).toEqual(['+I[a, 1, 2, 5, 15, 14]'])
  })

  it('treats the bounds of a SESSION TVF output as fixed windows', async () => {
    const inFields = fields(['k', STR], ['v', INT], ['ws', TS], ['we', TS])
    const h = await harness(node({ kind: 'SESSION', gap: 5, partitionKeys: [] }, { inputFields: inFields, bounds: { startIndex: 2, endIndex: 3 } }))
    h.push('+I a 1 0 12', '+I a 2 0 12', '+I a 4 20 27')
    h.watermark(11)
    expect(h.take()).toEqual(['+I[a, 2, 3, 0, 12, 11]'])
    h.watermark(26)
    expect(h.take()).toEqual(['+I[a, 1, 4, 20, 27, 26]'])
  })

  it('restores open windows and their timers from a snapshot', async () => {
    const n = node({ kind: 'TUMBLE', size: 10, offset: 0 })
    const h = await harness(n)
    h.push('+I a 1 1', '+I b 2 2')
    const snap = h.snapshot()
    const r = await OperatorHarness.open(() => new WindowAggregateOperator(n), { inputTypes: [types(IN)], outputTypes: types(n.fields) }, snap)
    r.push('+I a 5 3')
    r.watermark(9)
    expect(r.take()).toEqual(['+I[a, 2, 6, 0, 10, 9]', '+I[b, 1, 2, 0, 10, 9]'])
  })
})
