import { describe, expect, it } from 'vitest'
import type { StreamSink } from '../../../src/plan/physical/stream-nodes.js'
import { upsertMode } from '../../../src/sql/row-kind.js'
import { SinkUpsertMaterializerOperator } from '../../../src/operators/sink-upsert-materializer.js'
import { OperatorHarness } from '../../../src/testing/operator-harness.js'
import { edge, fields, input, INT, STR, types } from './fixtures.js'

const IN = fields(['id', STR], ['v', INT])

function sink(): StreamSink {
  return { kind: 'StreamSink', id: 1, uid: 'sink', parallelism: 1, fields: IN, changelogMode: upsertMode([0]), inputs: [edge(input(IN, true), [0])], target: { kind: 'collect' }, upsertMaterializeKeys: [0] }
}

const open = () => OperatorHarness.open(() => new SinkUpsertMaterializerOperator(sink()), { inputTypes: [types(IN)] })

describe('SinkUpsertMaterializerOperator', () => {
  it('re-emits the previous row when the latest one is retracted out of order', async () => {
    const h = await open()
    h.push('+I a 1', '+I a 2')
    expect(h.take()).toEqual(['+I[a, 1]', '+U[a, 2]'])
    h.push('-U a 2')
    expect(h.take()).toEqual(['+U[a, 1]'])
    h.push('-D a 1')
    expect(h.take()).toEqual(['-D[a, 1]'])
  })

  it('retracting an older row emits nothing; unknown retractions are ignored', async () => {
    const h = await open()
    h.push('+I a 1', '+I a 2', '-D a 1', '-D a 9', '-D b 1')
    expect(h.take()).toEqual(['+I[a, 1]', '+U[a, 2]'])
    h.push('-D a 2')
    expect(h.take()).toEqual(['-D[a, 2]'])
  })

  it('has its own uid next to the sink writer', () => {
    expect(new SinkUpsertMaterializerOperator(sink()).uid).toBe('sink-upsert-materializer')
  })
})
