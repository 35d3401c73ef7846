import { describe, expect, it } from 'vitest'
import type { AggCall, StreamOverAggregate } from '../../../src/plan/physical/stream-nodes.js'
import { INSERT_ONLY } from '../../../src/sql/row-kind.js'
import { OverAggregateOperator } from '../../../src/operators/over-aggregate.js'
import { OperatorHarness } from '../../../src/testing/operator-harness.js'
import { agg, BIGINT, edge, fields, input, INT, ROWTIME, STR, types } from './fixtures.js'

const IN = fields(['k', STR], ['v', INT], ['ts', ROWTIME])

function node(unit: 'ROWS' | 'RANGE', lower: number | 'UNBOUNDED', opts: { isRowtime?: boolean; aggCalls?: AggCall[] } = {}): StreamOverAggregate {
  const aggCalls = opts.aggCalls ?? [agg('SUM', [1], INT), agg('COUNT', [], BIGINT)]
  return {
    kind: 'StreamOverAggregate',
    id: 1,
    uid: 'over',
    parallelism: 1,
    fields: [...IN, ...aggCalls.map((c) => ({ name: c.name, type: c.type }))],
    changelogMode: INSERT_ONLY,
    inputs: [edge(input(IN), [0])],
    partitionKeys: [0],
    timeIndex: 2,
    isRowtime: opts.isRowtime ?? true,
    unit,
    lower,
    aggCalls,
  }
}

const open = (n: StreamOverAggregate) => OperatorHarness.open(() => new OverAggregateOperator(n), { inputTypes: [types(IN)] })

describe('OverAggregateOperator', () => {
  it('rowtime ROWS UNBOUNDED: rows wait for the watermark and are processed in time order', async () => {
    const h = await open(node('ROWS', 'UNBOUNDED'))
    h.push('+I a 1 5', '+I a 2 3', '+I b 7 4', '+I a 3 5')
    expect(h.take()).toEqual([])
    h.watermark(5)
    expect(h.take()).toEqual(['+I[a, 2, 3, 2, 1]', '+I[b, 7, 4, 7, 1]', '+I[a, 1, 5, 3, 2]', '+I[a, 3, 5, 6, 3]'])
    h.push('+I a 9 4', '+I a 9 5')
    expect(h.counter('numLateRecordsDropped')).toBe(2)
  })

  it('rowtime RANGE UNBOUNDED: rows with equal timestamps share a result', async () => {
    const h = await open(node('RANGE', 'UNBOUNDED'))
    h.push('+I a 1 5', '+I a 2 3', '+I a 3 5')
    h.watermark(10)
    expect(h.take()).toEqual(['+I[a, 2, 3, 2, 1]', '+I[a, 1, 5, 6, 3]', '+I[a, 3, 5, 6, 3]'])
  })

  it('rowtime ROWS 1 PRECEDING retracts the row that leaves the frame (MIN too)', async () => {
    const h = await open(node('ROWS', 1, { aggCalls: [agg('SUM', [1], INT), agg('MIN', [1], INT)] }))
    h.push('+I a 1 1', '+I a 5 2', '+I a 3 3', '+I a 4 3')
    h.watermark(3)
    expect(h.take()).toEqual(['+I[a, 1, 1, 1, 1]', '+I[a, 5, 2, 6, 1]', '+I[a, 3, 3, 8, 3]', '+I[a, 4, 3, 7, 3]'])
  })

  it('rowtime RANGE interval PRECEDING keeps rows within the interval', async () => {
    const h = await open(node('RANGE', 2))
    h.push('+I a 1 1', '+I a 2 2', '+I a 4 4', '+I a 8 4')
    h.watermark(4)
    expect(h.take()).toEqual(['+I[a, 1, 1, 1, 1]', '+I[a, 2, 2, 3, 2]', '+I[a, 4, 4, 14, 3]', '+I[a, 8, 4, 14, 3]'])
    h.push('+I a 16 7')
    h.watermark(7)
    expect(h.take()).toEqual(['+I[a, 16, 7, 16, 1]'])
  })

  it('proctime ROWS emits at once', async () => {
    const h = await open(node('ROWS', 'UNBOUNDED', { isRowtime: false }))
    h.push('+I a 1 0', '+I a 2 0')
    expect(h.take()).toEqual(['+I[a, 1, 0, 1, 1]', '+I[a, 2, 0, 3, 2]'])
  })

  it('proctime RANGE interval: rows of one millisecond are emitted together 1 ms later', async () => {
    const h = await open(node('RANGE', 5, { isRowtime: false }))
    h.setProcessingTime(10)
    h.push('+I a 1 0', '+I a 2 0')
    expect(h.take()).toEqual([])
    h.setProcessingTime(11)
    expect(h.take()).toEqual(['+I[a, 1, 0, 3, 2]', '+I[a, 2, 0, 3, 2]'])
    h.setProcessingTime(16)
    h.push('+I a 4 0')
    h.setProcessingTime(20)
    expect(h.take()).toEqual(['+I[a, 4, 0, 4, 1]'])
  })
})
