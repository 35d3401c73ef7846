import { describe, expect, it } from 'vitest'
import type { StreamRank } from '../../../src/plan/physical/stream-nodes.js'
import { RETRACT } from '../../../src/sql/row-kind.js'
import { RankOperator } from '../../../src/operators/rank.js'
import { OperatorHarness } from '../../../src/testing/operator-harness.js'
import { BIGINT, edge, fields, input, INT, STR, types } from './fixtures.js'

const IN = fields(['k', STR], ['name', STR], ['v', INT])

function node(opts: Partial<Pick<StreamRank, 'rankType' | 'rankStart' | 'rankEnd' | 'outputRankNumber'>> & { descending?: boolean; updating?: boolean } = {}): StreamRank {
  const outputRankNumber = opts.outputRankNumber ?? true
  return {
    kind: 'StreamRank',
    id: 1,
    uid: 'rank',
    parallelism: 1,
    fields: outputRankNumber ? [...IN, ...fields(['rn', BIGINT])] : IN,
    changelogMode: RETRACT,
    inputs: [edge(input(IN, opts.updating ?? false), [0])],
    partitionKeys: [0],
    orderBy: [{ index: 2, descending: opts.descending ?? true, nullsFirst: false }],
    rankType: opts.rankType ?? 'ROW_NUMBER',
    rankStart: opts.rankStart ?? 1,
    rankEnd: opts.rankEnd ?? 2,
    outputRankNumber,
  }
}

const open = (n: StreamRank) => OperatorHarness.open(() => new RankOperator(n), { inputTypes: [types(IN)] })

describe('RankOperator', () => {
  it('Top-2 with row number: rows shift down with -U/+U pairs as Flink emits them', async () => {
    const h = await open(node())
    h.push('+I a x 10')
    expect(h.take()).toEqual(['+I[a, x, 10, 1]'])
    h.push('+I a y 20')
    expect(h.take()).toEqual(['-U[a, x, 10, 1]', '+U[a, y, 20, 1]', '+I[a, x, 10, 2]'])
    h.push('+I a z 15')
    expect(h.take()).toEqual(['-U[a, x, 10, 2]', '+U[a, z, 15, 2]'])
    h.push('+I a w 5', '+I a q 15')
    expect(h.take()).toEqual([])
    h.push('+I b w 5')
    expect(h.take()).toEqual(['+I[b, w, 5, 1]'])
  })

  it('Top-2 without row number: -D for the row pushed out, then +I for the new one', async () => {
    const h = await open(node({ outputRankNumber: false }))
    h.push('+I a x 10', '+I a y 20', '+I a z 15', '+I a w 1')
    expect(h.take()).toEqual(['+I[a, x, 10]', '+I[a, y, 20]', '-D[a, x, 10]', '+I[a, z, 15]'])
  })

  it('with an offset (rank 2 to 3) only rows in range are emitted', async () => {
    const h = await open(node({ outputRankNumber: false, rankStart: 2, rankEnd: 3 }))
    h.push('+I a x 10', '+I a y 20', '+I a z 15')
    expect(h.take()).toEqual(['+I[a, x, 10]', '-U[a, x, 10]', '+U[a, z, 15]', '+I[a, x, 10]'])
  })

  it('updating input: a retraction lets the next row move up', async () => {
    const h = await open(node({ updating: true }))
    h.push('+I a x 10', '+I a y 20', '+I a z 15')
    h.take()
    h.push('-D a y 20')
    expect(h.take()).toEqual(['-U[a, y, 20, 1]', '+U[a, z, 15, 1]', '-U[a, z, 15, 2]', '+U[a, x, 10, 2]'])
    const n = await open(node({ updating: true, outputRankNumber: false }))
    n.push('+I a x 10', '+I a y 20', '+I a z 15', '-U a y 20', '+U a y 12')
    expect(n.take()).toEqual(['+I[a, x, 10]', '+I[a, y, 20]', '-D[a, x, 10]', '+I[a, z, 15]', '-D[a, y, 20]', '+I[a, x, 10]', '-D[a, x, 10]', '+I[a, y, 12]'])
  })

  it('RANK and DENSE_RANK give ties the same rank', async () => {
    const r = await open(node({ rankType: 'RANK', descending: false }))
    r.push('+I a x 1', '+I a y 1', '+I a z 2')
    expect(r.take()).toEqual(['+I[a, x, 1, 1]', '+I[a, y, 1, 1]'])
    const d = await open(node({ rankType: 'DENSE_RANK', descending: false }))
    d.push('+I a x 1', '+I a y 1', '+I a z 2', '+I a w 0')
    expect(d.take()).toEqual(['+I[a, x, 1, 1]', '+I[a, y, 1, 1]', '+I[a, z, 2, 2]', '-D[a, x, 1, 1]', '-D[a, y, 1, 1]', '-D[a, z, 2, 2]', '+I[a, w, 0, 1]', '+I[a, x, 1, 2]', '+I[a, y, 1, 2]'])
  })
})
