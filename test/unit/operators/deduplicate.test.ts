import { describe, expect, it } from 'vitest'
import type { StreamDeduplicate } from '../../../src/plan/physical/stream-nodes.js'
import { INSERT_ONLY, RETRACT, upsertMode } from '../../../src/sql/row-kind.js'
import { DeduplicateOperator } from '../../../src/operators/deduplicate.js'
import { OperatorHarness } from '../../../src/testing/operator-harness.js'
import { BIGINT, edge, fields, input, INT, ROWTIME, STR, types } from './fixtures.js'

const IN = fields(['k', STR], ['v', INT], ['ts', ROWTIME])

function node(keepLastRow: boolean, isRowtime: boolean, opts: { outputRankNumber?: boolean; updateBefore?: boolean } = {}): StreamDeduplicate {
  const insertOnly = !keepLastRow && !isRowtime
  return {
    kind: 'StreamDeduplicate',
    id: 1,
    uid: 'dedup',
    parallelism: 1,
    fields: opts.outputRankNumber === true ? [...IN, ...fields(['rn', BIGINT])] : IN,
    changelogMode: insertOnly ? INSERT_ONLY : opts.updateBefore === false ? upsertMode([0]) : RETRACT,
    inputs: [edge(input(IN), [0])],
    keys: [0],
    keepLastRow,
    timeIndex: 2,
    isRowtime,
    outputRankNumber: opts.outputRankNumber ?? false,
  }
}

const open = (n: StreamDeduplicate, config: Record<string, string> = {}) =>
  OperatorHarness.open(() => new DeduplicateOperator(n), { inputTypes: [types(IN)], config })

describe('DeduplicateOperator', () => {
  it('proctime first row: emits the first row per key only (insert-only)', async () => {
    const h = await open(node(false, false, { outputRankNumber: true }))
    h.push('+I a 1 5', '+I a 2 1', '+I b 3 9')
    expect(h.take()).toEqual(['+I[a, 1, 5, 1]', '+I[b, 3, 9, 1]'])
  })

  it('proctime last row: +I then -U/+U for every newer row', async () => {
    const h = await open(node(true, false))
    h.push('+I a 1 5', '+I a 2 1', '+I a 3 0')
    expect(h.take()).toEqual(['+I[a, 1, 5]', '-U[a, 1, 5]', '+U[a, 2, 1]', '-U[a, 2, 1]', '+U[a, 3, 0]'])
  })

  it('last row without UPDATE_BEFORE in the changelog mode emits only +U', async () => {
    const h = await open(node(true, false, { updateBefore: false }))
    h.push('+I a 1 5', '+I a 2 1')
    expect(h.take()).toEqual(['+I[a, 1, 5]', '+U[a, 2, 1]'])
  })

  it('rowtime first row: replaced only by a strictly earlier row', async () => {
    const h = await open(node(false, true))
    h.push('+I a 1 5', '+I a 2 5', '+I a 3 7', '+I a 4 2')
    expect(h.take()).toEqual(['+I[a, 1, 5]', '-U[a, 1, 5]', '+U[a, 4, 2]'])
  })

  it('rowtime last row: replaced by a row with an equal or later time, out-of-order older rows ignored', async () => {
    const h = await open(node(true, true))
    h.push('+I a 1 5', '+I a 2 5', '+I a 3 2', '+I a 4 9')
    expect(h.take()).toEqual(['+I[a, 1, 5]', '-U[a, 1, 5]', '+U[a, 2, 5]', '-U[a, 2, 5]', '+U[a, 4, 9]'])
  })

  it('last row over a changelog input retracts the stored row', async () => {
    const h = await open(node(true, false))
    h.push('+I a 1 5', '-D a 1 5', '-D a 1 5', '+I a 2 6')
    expect(h.take()).toEqual(['+I[a, 1, 5]', '-D[a, 1, 5]', '+I[a, 2, 6]'])
  })

  it('first row is forgotten after the state TTL', async () => {
    const h = await open(node(false, false), { 'table.exec.state.ttl': '10 s' })
    h.push('+I a 1 5')
    h.setProcessingTime(10_000)
    h.push('+I a 2 6')
    expect(h.take()).toEqual(['+I[a, 1, 5]', '+I[a, 2, 6]'])
  })
})
