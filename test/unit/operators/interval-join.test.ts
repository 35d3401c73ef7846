import { describe, expect, it } from 'vitest'
import type { StreamIntervalJoin } from '../../../src/plan/physical/stream-nodes.js'
import { INSERT_ONLY } from '../../../src/sql/row-kind.js'
import { IntervalJoinOperator } from '../../../src/operators/interval-join.js'
import { OperatorHarness } from '../../../src/testing/operator-harness.js'
import { edge, fields, input, INT, ROWTIME, STR, types } from './fixtures.js'

const L = fields(['k', STR], ['a', INT], ['lt', ROWTIME])
const R = fields(['k', STR], ['b', INT], ['rt', ROWTIME])

function node(joinType: StreamIntervalJoin['joinType'], lowerBound: number, upperBound: number, isRowtime = true): StreamIntervalJoin {
  return {
    kind: 'StreamIntervalJoin',
    id: 1,
    uid: 'ij',
    parallelism: 1,
    fields: [...L, ...R],
    changelogMode: INSERT_ONLY,
    inputs: [edge(input(L), [0]), edge(input(R), [0])],
    joinType,
    leftKeys: [0],
    rightKeys: [0],
    leftTimeIndex: 2,
    rightTimeIndex: 2,
    isRowtime,
    lowerBound,
    upperBound,
    condition: null,
  }
}

const open = (n: StreamIntervalJoin) => OperatorHarness.open(() => new IntervalJoinOperator(n), { inputTypes: [types(L), types(R)] })

describe('IntervalJoinOperator', () => {
  it('INNER: joins rows whose times fall within the bounds', async () => {
    const h = await open(node('INNER', -5, 5))
    h.pushTo(0, '+I k 1 10', '+I j 2 10')
    h.pushTo(1, '+I k 100 12', '+I k 101 16', '+I k 102 5', '+I j 103 4')
    h.pushTo(0, '+I k 3 20')
    expect(h.take()).toEqual(['+I[k, 1, 10, k, 100, 12]', '+I[k, 1, 10, k, 102, 5]', '+I[k, 3, 20, k, 101, 16]'])
  })

  it('asymmetric bounds: rt between lt + 2 and lt + 4', async () => {
    const h = await open(node('INNER', 2, 4))
    h.pushTo(0, '+I k 1 10')
    h.pushTo(1, '+I k 100 11', '+I k 101 12', '+I k 102 14', '+I k 103 15')
    expect(h.take()).toEqual(['+I[k, 1, 10, k, 101, 12]', '+I[k, 1, 10, k, 102, 14]'])
  })

  it('LEFT: pads an unmatched left row once the watermark expires it, not before', async () => {
    const h = await open(node('LEFT', -5, 5))
    h.pushTo(0, '+I k 1 10', '+I k 2 11')
    h.pushTo(1, '+I k 100 16')
    expect(h.take()).toEqual(['+I[k, 2, 11, k, 100, 16]'])
    h.watermark(20)
    expect(h.take()).toEqual([])
    h.watermark(21) // cleanup timer of the left cache: 10 + 5 + 5 + 1
    expect(h.take()).toEqual(['+I[k, 1, 10, null, null, null]'])
    h.watermark(100)
    expect(h.take()).toEqual([])
  })

  it('a row the watermark has passed joins what is cached and is padded at once when unmatched', async () => {
    const h = await open(node('FULL', -5, 5))
    h.watermark(50)
    h.pushTo(0, '+I k 1 10')
    expect(h.take()).toEqual(['+I[k, 1, 10, null, null, null]'])
    h.pushTo(1, '+I k 100 60')
    h.pushTo(0, '+I k 2 58')
    expect(h.take()).toEqual(['+I[k, 2, 58, k, 100, 60]'])
    h.watermark(200)
    expect(h.take()).toEqual([])
  })

  it('RIGHT: unmatched right rows are padded when they expire', async () => {
    const h = await open(node('RIGHT', 0, 0))
    h.pushTo(1, '+I k 100 5', '+I k 101 6')
    h.pushTo(0, '+I k 1 6')
    h.watermark(100)
    expect(h.take()).toEqual(['+I[k, 1, 6, k, 101, 6]', '+I[null, null, null, k, 100, 5]'])
  })

  it('processing time: rows are timed by the clock', async () => {
    const h = await open(node('LEFT', -5, 5, false))
    h.setProcessingTime(100)
    h.pushTo(0, '+I k 1 0')
    h.setProcessingTime(104)
    h.pushTo(1, '+I k 100 0')
    h.pushTo(0, '+I j 2 0')
    expect(h.take()).toEqual(['+I[k, 1, 0, k, 100, 0]'])
    h.setProcessingTime(200)
    expect(h.take()).toEqual(['+I[j, 2, 0, null, null, null]'])
  })
})
