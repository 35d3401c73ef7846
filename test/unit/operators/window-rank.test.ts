import { describe, expect, it } from 'vitest'
import type { StreamWindowRank } from '../../../src/plan/physical/stream-nodes.js'
import { INSERT_ONLY } from '../../../src/sql/row-kind.js'
import { WindowRankOperator } from '../../../src/operators/window-rank.js'
import { OperatorHarness } from '../../../src/testing/operator-harness.js'
import { BIGINT, edge, fields, input, INT, STR, TS, types } from './fixtures.js'

const IN = fields(['k', STR], ['v', INT], ['ws', TS], ['we', TS])

function node(rankType: StreamWindowRank['rankType'], outputRankNumber = true): StreamWindowRank {
  return {
    kind: 'StreamWindowRank',
    id: 1,
    uid: 'wr',
    parallelism: 1,
    fields: outputRankNumber ? [...IN, ...fields(['rn', BIGINT])] : IN,
    changelogMode: INSERT_ONLY,
    inputs: [edge(input(IN), [0])],
    window: { startIndex: 2, endIndex: 3 },
    partitionKeys: [0],
    orderBy: [{ index: 1, descending: true, nullsFirst: false }],
    rankType,
    rankStart: 1,
    rankEnd: 2,
    outputRankNumber,
  }
}

describe('WindowRankOperator', () => {
  it('emits the Top-N of each window and partition once the window closes', async () => {
    const h = await OperatorHarness.open(() => new WindowRankOperator(node('ROW_NUMBER')), { inputTypes: [types(IN)] })
    h.push('+I a 1 0 10', '+I a 5 0 10', '+I a 3 0 10', '+I b 2 0 10', '+I a 9 10 20')
    h.watermark(8)
    expect(h.take()).toEqual([])
    h.watermark(9)
    expect(h.take()).toEqual(['+I[a, 5, 0, 10, 1]', '+I[a, 3, 0, 10, 2]', '+I[b, 2, 0, 10, 1]'])
    h.push('+I a 100 0 10')
    expect(h.counter('numLateRecordsDropped')).toBe(1)
    h.watermark(30)
    expect(h.take()).toEqual(['+I[a, 9, 10, 20, 1]'])
  })

  it('RANK keeps ties', async () => {
    const h = await OperatorHarness.open(() => new WindowRankOperator(node('RANK', false)), { inputTypes: [types(IN)] })
    h.push('+I a 5 0 10', '+I a 5 0 10', '+I a 7 0 10', '+I a 1 0 10')
    h.watermark(9)
    expect(h.take()).toEqual(['+I[a, 7, 0, 10]', '+I[a, 5, 0, 10]', '+I[a, 5, 0, 10]'])
  })
})
