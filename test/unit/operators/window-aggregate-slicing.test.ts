import { describe, expect, it } from 'vitest'
import type { AggCall, StreamWindowAggregate, WindowSpec } from '../../../src/plan/physical/stream-nodes.js'
import type { DataType } from '../../../src/sql/data-type.js'
import { INSERT_ONLY } from '../../../src/sql/row-kind.js'
import { WindowAggregateOperator } from '../../../src/operators/window-aggregate.js'
import { OperatorHarness } from '../../../src/testing/operator-harness.js'
import { agg, BIGINT, DOUBLE, edge, fields, input, INT, ROWTIME, STR, TS, types } from './fixtures.js'

function node(spec: WindowSpec, aggCalls: AggCall[], keyType: DataType = STR, isRowtime = true): StreamWindowAggregate {
  const inFields = fields(['k', keyType], ['v', INT], ['ts', ROWTIME])
  return {
    kind: 'StreamWindowAggregate', id: 1, uid: 'wagg', parallelism: 1,
    fields: [inFields[0]!, ...aggCalls.map((c) => ({ name: c.name, type: c.type })), ...fields(['window_start', TS], ['window_end', TS])],
    changelogMode: INSERT_ONLY, inputs: [edge(input(inFields), [0])], window: { spec, timeIndex: 2, isRowtime },
    groupKeys: [0], aggCalls, windowProperties: ['window_start', 'window_end'], inputWindowBounds: null,
  }
}

const HOP: WindowSpec = { kind: 'HOP', slide: 1, size: 3, offset: 0 }
const COUNT_SUM = [agg('COUNT', [], BIGINT), agg('SUM', [1], INT)]

function open(n: StreamWindowAggregate, slicing = true) {
  return OperatorHarness.open(() => new WindowAggregateOperator(n, { slicing }), { inputTypes: [types(n.inputs[0]!.node.fields)], outputTypes: types(n.fields) })
}

describe('WindowAggregateOperator slicing', () => {
  it('is used for HOP and CUMULATE with mergeable aggregates only', () => {
    const sliced = (spec: WindowSpec, calls: AggCall[]) => new WindowAggregateOperator(node(spec, calls)).geometry !== null
    expect(sliced(HOP, COUNT_SUM)).toBe(true)
    expect(sliced({ kind: 'CUMULATE', step: 2, maxSize: 10, offset: 0 }, [agg('MAX', [1], INT), agg('COUNT', [1], BIGINT, { distinct: true })])).toBe(true)
    expect(sliced({ kind: 'TUMBLE', size: 5, offset: 0 }, COUNT_SUM)).toBe(false)
    expect(sliced({ kind: 'HOP', slide: 5, size: 2, offset: 0 }, COUNT_SUM)).toBe(false) // gaps between windows
    // Order-sensitive or floating-point aggregates keep per-window accumulators.
    expect(sliced(HOP, [agg('LAST_VALUE', [1], INT)])).toBe(false)
    expect(sliced(HOP, [agg('LISTAGG', [0], STR)])).toBe(false)
    expect(sliced(HOP, [agg('SUM', [1], DOUBLE)])).toBe(false)
  })

  it('HOP: emits the merge of the slices a window spans and leaves no state once all windows fired', async () => {
    const h = await open(node(HOP, COUNT_SUM))
    h.push('+I a 1 0', '+I a 2 1', '+I a 4 2', '+I b 8 2')
    h.watermark(1)
    expect(h.take()).toEqual(['+I[a, 1, 1, -2, 1]', '+I[a, 2, 3, -1, 2]'])
    h.watermark(10)
    expect(h.take()).toEqual(['+I[a, 3, 7, 0, 3]', '+I[b, 1, 8, 0, 3]', '+I[a, 2, 6, 1, 4]', '+I[b, 1, 8, 1, 4]', '+I[a, 1, 4, 2, 5]', '+I[b, 1, 8, 2, 5]'])
    expect([...h.snapshot().keyed[0]!.groups.values()].flat()).toEqual([])
    expect(h.timers.snapshot().groups.size).toBe(0)
  })

  it('a late row that lands in a slice never shows in the windows it was late for, even after a restore without the watermark', async () => {
    const n = node(HOP, COUNT_SUM)
    const out: string[][] = []
    for (const slicing of [true, false]) {
      const h = await open(n, slicing)
      h.push('+I a 1 12')
      h.watermark(11)
      h.push('+I a 10 10') // windows ending 11 and 12 have passed (no timer for them), 13 has not
      const r = await OperatorHarness.open(() => new WindowAggregateOperator(n, { slicing }), h.options, h.snapshot())
      r.push('+I a 100 10') // the watermark is back at its minimum: every window of ts 10 looks open
      r.watermark(100)
      out.push(r.output())
    }
    expect(out[0]).toEqual(out[1])
    expect(out[0]).toContain('+I[a, 1, 100, 9, 12]')
  })

  it('takes the group key values of the window\'s first row, as per-window accumulation does', async () => {
    const n = node({ kind: 'HOP', slide: 1, size: 2, offset: 0 }, COUNT_SUM, DOUBLE)
    const keys: boolean[][] = []
    for (const slicing of [true, false]) {
      const h = await open(n, slicing)
      h.push('+I -0.0 1 1', '+I 0.0 2 0') // equal keys; the window [0, 2) first saw -0.0
      h.watermark(10)
      keys.push(h.outputRows().map(({ row }) => Object.is(row[0], -0)))
    }
    expect(keys[0]).toEqual([false, true, true]) // [-1, 1) saw only 0.0; [0, 2) and [1, 3) -0.0 first
    expect(keys[1]).toEqual(keys[0])
  })

  it('processing time: a row on the millisecond its window fired opens that window again, as before', async () => {
    const n = node(HOP, COUNT_SUM, STR, false)
    const h = await open(n)
    h.setProcessingTime(1)
    h.push('+I a 1 0')
    h.setProcessingTime(3) // windows ending 2, 3 and 4 fire
    expect(h.take()).toEqual(['+I[a, 1, 1, -1, 2]', '+I[a, 1, 1, 0, 3]', '+I[a, 1, 1, 1, 4]'])
    h.push('+I a 5 0') // at 3: in [1, 4), which fired at 3 (its slice [1, 2) still holds the first row), [2, 5) and [3, 6)
    h.setProcessingTime(100)
    expect(h.take()).toEqual(['+I[a, 1, 5, 1, 4]', '+I[a, 1, 5, 2, 5]', '+I[a, 1, 5, 3, 6]'])
  })
})
