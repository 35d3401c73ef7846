import { describe, expect, it } from 'vitest'
import type { JoinType, StreamJoin } from '../../../src/plan/physical/stream-nodes.js'
import { call, inputRef } from '../../../src/plan/rex.js'
import { RETRACT } from '../../../src/sql/row-kind.js'
import { JoinOperator } from '../../../src/operators/join.js'
import { OperatorHarness } from '../../../src/testing/operator-harness.js'
import { BOOL, edge, fields, input, INT, STR, types } from './fixtures.js'

const L = fields(['k', STR], ['a', INT])
const R = fields(['k', STR], ['b', INT])

export function joinNode(joinType: JoinType, condition: StreamJoin['condition'] = null): StreamJoin {
  const semi = joinType === 'SEMI' || joinType === 'ANTI'
  return {
    kind: 'StreamJoin',
    id: 1,
    uid: 'join',
    parallelism: 1,
    fields: semi ? L : [...L, ...R],
    changelogMode: RETRACT,
    inputs: [edge(input(L, true), [0]), edge(input(R, true), [0])],
    joinType,
    leftKeys: [0],
    rightKeys: [0],
    condition,
  }
}

async function harness(n: StreamJoin, config: Record<string, string> = {}) {
  return OperatorHarness.open(() => new JoinOperator(n), { inputTypes: [types(L), types(R)], config })
}

describe('JoinOperator', () => {
  it('INNER: joins rows from both sides in arrival order', async () => {
    const h = await harness(joinNode('INNER'))
    h.pushTo(0, '+I k1 1')
    h.pushTo(1, '+I k1 10', '+I k2 20')
    h.pushTo(0, '+I k1 2', '+I k1 1')
    expect(h.take()).toEqual(['+I[k1, 1, k1, 10]', '+I[k1, 2, k1, 10]', '+I[k1, 1, k1, 10]'])
  })

  it('INNER: updates keep their row kind on joined rows', async () => {
    const h = await harness(joinNode('INNER'))
    h.pushTo(0, '+I k1 1')
    h.pushTo(1, '+I k1 10')
    h.pushTo(0, '-U k1 1', '+U k1 9')
    h.pushTo(1, '-D k1 10')
    expect(h.take()).toEqual(['+I[k1, 1, k1, 10]', '-U[k1, 1, k1, 10]', '+U[k1, 9, k1, 10]', '-D[k1, 9, k1, 10]'])
  })

  it('LEFT: pads with nulls until the first match and again after the last match leaves', async () => {
    const h = await harness(joinNode('LEFT'))
    h.pushTo(0, '+I k1 1')
    expect(h.take()).toEqual(['+I[k1, 1, null, null]'])
    h.pushTo(1, '+I k1 10')
    expect(h.take()).toEqual(['-D[k1, 1, null, null]', '+I[k1, 1, k1, 10]'])
    h.pushTo(1, '+I k1 20')
    expect(h.take()).toEqual(['+I[k1, 1, k1, 20]'])
    h.pushTo(1, '-D k1 10')
    expect(h.take()).toEqual(['-D[k1, 1, k1, 10]'])
    h.pushTo(1, '-D k1 20')
    expect(h.take()).toEqual(['-D[k1, 1, k1, 20]', '+I[k1, 1, null, null]'])
    h.pushTo(0, '-D k1 1')
    expect(h.take()).toEqual(['-D[k1, 1, null, null]'])
    h.pushTo(0, '+U k1 2')
    expect(h.take()).toEqual(['+I[k1, 2, null, null]'])
  })

  it('LEFT: a left row arriving after its match joins directly; a -U from the inner side keeps its kind, as in Flink', async () => {
    const h = await harness(joinNode('LEFT'))
    h.pushTo(1, '+I k1 10')
    h.pushTo(0, '+I k1 1')
    h.pushTo(1, '-U k1 10', '+U k1 11')
    expect(h.take()).toEqual(['+I[k1, 1, k1, 10]', '-U[k1, 1, k1, 10]', '+I[k1, 1, null, null]', '-D[k1, 1, null, null]', '+I[k1, 1, k1, 11]'])
  })

  it('RIGHT and FULL pad the outer sides', async () => {
    const r = await harness(joinNode('RIGHT'))
    r.pushTo(1, '+I k1 10')
    r.pushTo(0, '+I k1 1')
    expect(r.take()).toEqual(['+I[null, null, k1, 10]', '-D[null, null, k1, 10]', '+I[k1, 1, k1, 10]'])
    const f = await harness(joinNode('FULL'))
    f.pushTo(0, '+I k1 1')
    f.pushTo(1, '+I k1 10')
    f.pushTo(0, '-D k1 1')
    expect(f.take()).toEqual(['+I[k1, 1, null, null]', '-D[k1, 1, null, null]', '+I[k1, 1, k1, 10]', '-D[k1, 1, k1, 10]', '+I[null, null, k1, 10]'])
  })

  it('duplicate rows are tracked with counts', async () => {
    const h = await harness(joinNode('LEFT'))
    h.pushTo(0, '+I k1 1', '+I k1 1')
    h.pushTo(1, '+I k1 10')
    expect(h.take()).toEqual(['+I[k1, 1, null, null]', '+I[k1, 1, null, null]', '-D[k1, 1, null, null]', '-D[k1, 1, null, null]', '+I[k1, 1, k1, 10]', '+I[k1, 1, k1, 10]'])
  })

  it('rows with a NULL join key never match', async () => {
    const h = await harness(joinNode('LEFT'))
    h.pushTo(0, '+I null 1')
    h.pushTo(1, '+I null 10')
    expect(h.take()).toEqual(['+I[null, 1, null, null]'])
  })

  it('applies the non-equi condition', async () => {
    const cond = call('<', [inputRef(1, INT), inputRef(3, INT)], BOOL)
    const h = await harness(joinNode('LEFT', cond))
    h.pushTo(0, '+I k1 5')
    h.pushTo(1, '+I k1 3', '+I k1 7')
    expect(h.take()).toEqual(['+I[k1, 5, null, null]', '-D[k1, 5, null, null]', '+I[k1, 5, k1, 7]'])
  })

  it('SEMI emits a left row once it has a match and retracts it when the last match leaves', async () => {
    const h = await harness(joinNode('SEMI'))
    h.pushTo(0, '+I k1 1')
    h.pushTo(1, '+I k1 5', '+I k1 6')
    h.pushTo(0, '+I k1 2')
    h.pushTo(1, '-D k1 5', '-D k1 6')
    expect(h.take()).toEqual(['+I[k1, 1]', '+I[k1, 2]', '-D[k1, 1]', '-D[k1, 2]'])
  })

  it('ANTI emits left rows without matches and flips them as matches come and go', async () => {
    const h = await harness(joinNode('ANTI'))
    h.pushTo(0, '+I k1 1')
    h.pushTo(1, '+I k1 5')
    h.pushTo(0, '+I k1 2')
    h.pushTo(1, '-D k1 5')
    h.pushTo(0, '-D k1 1')
    expect(h.take()).toEqual(['+I[k1, 1]', '-D[k1, 1]', '+I[k1, 1]', '+I[k1, 2]', '-D[k1, 1]'])
  })

  it('forgets rows after the state TTL', async () => {
    const h = await harness(joinNode('INNER'), { 'table.exec.state.ttl': '1 s' })
    h.pushTo(0, '+I k1 1')
    h.setProcessingTime(1000)
    h.pushTo(1, '+I k1 10')
    expect(h.take()).toEqual([])
  })
})
