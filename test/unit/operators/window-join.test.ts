import { describe, expect, it } from 'vitest'
import type { StreamWindowJoin } from '../../../src/plan/physical/stream-nodes.js'
import { INSERT_ONLY } from '../../../src/sql/row-kind.js'
import { WindowJoinOperator } from '../../../src/operators/window-join.js'
import { OperatorHarness } from '../../../src/testing/operator-harness.js'
import { edge, fields, input, INT, STR, TS, types } from './fixtures.js'

const L = fields(['k', STR], ['a', INT], ['ws', TS], ['we', TS])
const R = fields(['k', STR], ['b', INT], ['ws', TS], ['we', TS])

function node(joinType: StreamWindowJoin['joinType']): StreamWindowJoin {
  return {
    kind: 'StreamWindowJoin',
    id: 1,
    uid: 'wj',
    parallelism: 1,
    fields: joinType === 'SEMI' || joinType === 'ANTI' ? L : [...L, ...R],
    changelogMode: INSERT_ONLY,
    inputs: [edge(input(L), [0]), edge(input(R), [0])],
    joinType,
    leftKeys: [0],
    rightKeys: [0],
    leftWindow: { startIndex: 2, endIndex: 3 },
    rightWindow: { startIndex: 2, endIndex: 3 },
    condition: null,
  }
}

async function run(joinType: StreamWindowJoin['joinType']): Promise<string[]> {
  const h = await OperatorHarness.open(() => new WindowJoinOperator(node(joinType)), { inputTypes: [types(L), types(R)] })
  h.pushTo(0, '+I k 1 0 10', '+I j 2 0 10', '+I k 3 10 20')
  h.pushTo(1, '+I k 100 0 10', '+I m 200 0 10', '+I k 300 10 20', '+I k 301 10 20')
  h.watermark(8)
  if (h.take().length !== 0) throw new Error('emitted before window_time')
  h.watermark(9)
  const first = h.take()
  h.watermark(19)
  return [...first, '|', ...h.take()]
}

describe('WindowJoinOperator', () => {
  it('INNER joins rows of the same window and key when the window closes', async () => {
    expect(await run('INNER')).toEqual(['+I[k, 1, 0, 10, k, 100, 0, 10]', '|', '+I[k, 3, 10, 20, k, 300, 10, 20]', '+I[k, 3, 10, 20, k, 301, 10, 20]'])
  })

  it('LEFT, RIGHT and FULL pad unmatched rows', async () => {
    expect(await run('LEFT')).toEqual(['+I[j, 2, 0, 10, null, null, null, null]', '+I[k, 1, 0, 10, k, 100, 0, 10]', '|', '+I[k, 3, 10, 20, k, 300, 10, 20]', '+I[k, 3, 10, 20, k, 301, 10, 20]'])
    expect((await run('RIGHT')).slice(0, 3)).toEqual(['+I[k, 1, 0, 10, k, 100, 0, 10]', '+I[null, null, null, null, m, 200, 0, 10]', '|'])
    expect((await run('FULL')).slice(0, 4)).toEqual(['+I[j, 2, 0, 10, null, null, null, null]', '+I[k, 1, 0, 10, k, 100, 0, 10]', '+I[null, null, null, null, m, 200, 0, 10]', '|'])
  })

  it('SEMI and ANTI emit left rows with and without a match', async () => {
    expect(await run('SEMI')).toEqual(['+I[k, 1, 0, 10]', '|', '+I[k, 3, 10, 20]'])
    expect(await run('ANTI')).toEqual(['+I[j, 2, 0, 10]', '|'])
  })

  it('drops rows of windows that already fired', async () => {
    const h = await OperatorHarness.open(() => new WindowJoinOperator(node('INNER')), { inputTypes: [types(L), types(R)] })
    h.watermark(9)
    h.pushTo(0, '+I k 1 0 10')
    h.pushTo(1, '+I k 1 0 10', '+I k 1 0 10')
    expect(h.counter('numLateRecordsDropped')).toBe(3)
    expect(h.counter('rightNumLateRecordsDropped')).toBe(2)
  })
})
