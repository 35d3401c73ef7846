import { describe, expect, it } from 'vitest'
import type { StreamWindowTableFunction, WindowSpec } from '../../../src/plan/physical/stream-nodes.js'
import { INSERT_ONLY } from '../../../src/sql/row-kind.js'
import { WindowTableFunctionOperator } from '../../../src/operators/window-table-function.js'
import { OperatorHarness } from '../../../src/testing/operator-harness.js'
import { edge, fields, input, INT, ROWTIME, STR, TS, types } from './fixtures.js'

const IN = fields(['k', STR], ['v', INT], ['ts', ROWTIME])

function node(spec: WindowSpec, isRowtime = true): StreamWindowTableFunction {
  return {
    kind: 'StreamWindowTableFunction',
    id: 1,
    uid: 'tvf',
    parallelism: 1,
    fields: [...IN, ...fields(['window_start', TS], ['window_end', TS], ['window_time', ROWTIME])],
    changelogMode: INSERT_ONLY,
    inputs: [edge(input(IN), spec.kind === 'SESSION' ? spec.partitionKeys : [])],
    window: { spec, timeIndex: 2, isRowtime },
  }
}

const open = (n: StreamWindowTableFunction) => OperatorHarness.open(() => new WindowTableFunctionOperator(n), { inputTypes: [types(IN)] })

describe('WindowTableFunctionOperator', () => {
  it('TUMBLE appends the window bounds and never drops late rows', async () => {
    const h = await open(node({ kind: 'TUMBLE', size: 10, offset: 0 }))
    h.push('+I a 1 3')
    h.watermark(50)
    h.push('+I a 2 12', '+I a 3 null')
    expect(h.take()).toEqual(['+I[a, 1, 3, 0, 10, 9]', '+I[a, 2, 12, 10, 20, 19]'])
    expect(h.counter('numLateRecordsDropped')).toBe(0)
    expect(h.counter('numNullRowTimeRecordsDropped')).toBe(1)
  })

  it('HOP and CUMULATE emit one row per window', async () => {
    const hop = await open(node({ kind: 'HOP', slide: 5, size: 10, offset: 0 }))
    hop.push('+I a 1 7')
    expect(hop.take()).toEqual(['+I[a, 1, 7, 0, 10, 9]', '+I[a, 1, 7, 5, 15, 14]'])
    const cum = await open(node({ kind: 'CUMULATE', step: 5, maxSize: 15, offset: 0 }))
    cum.push('+I a 1 7')
    expect(cum.take()).toEqual(['+I[a, 1, 7, 0, 10, 9]', '+I[a, 1, 7, 0, 15, 14]'])
  })

  it('processing time uses the clock', async () => {
    const h = await open(node({ kind: 'TUMBLE', size: 10, offset: 0 }, false))
    h.setProcessingTime(25)
    h.push('+I a 1 3')
    expect(h.take()).toEqual(['+I[a, 1, 3, 20, 30, 29]'])
  })

  it('SESSION buffers rows per partition and emits them with the merged bounds when the session closes', async () => {
    const h = await open(node({ kind: 'SESSION', gap: 5, partitionKeys: [0] }))
    h.push('+I a 1 1', '+I b 2 2', '+I a 3 4')
    expect(h.take()).toEqual([])
    h.watermark(8)
    expect(h.take()).toEqual(['+I[b, 2, 2, 2, 7, 6]', '+I[a, 1, 1, 1, 9, 8]', '+I[a, 3, 4, 1, 9, 8]'])
    h.push('+I a 4 2', '+I a 5 7')
    expect(h.counter('numLateRecordsDropped')).toBe(1)
    h.watermark(100)
    expect(h.take()).toEqual(['+I[a, 5, 7, 7, 12, 11]'])
  })
})
