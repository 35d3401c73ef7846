/**
 * For every stateful operator: the output with a snapshot and restore at any cut equals the output without, and
 * restoring at another parallelism (key groups split across subtasks) gives the same multiset of output rows.
 */
import fc from 'fast-check'
import { describe, it } from 'vitest'
import type { Operator } from '../../src/runtime/operator.js'
import type { HarnessOptions } from '../../src/testing/operator-harness.js'
import type { Field, StreamNode } from '../../src/plan/physical/stream-nodes.js'
import { INSERT_ONLY, RETRACT, upsertMode } from '../../src/sql/row-kind.js'
import { ChangelogNormalizeOperator } from '../../src/operators/changelog-normalize.js'
import { DeduplicateOperator } from '../../src/operators/deduplicate.js'
import { GroupAggregateOperator } from '../../src/operators/group-aggregate.js'
import { IntervalJoinOperator } from '../../src/operators/interval-join.js'
import { JoinOperator } from '../../src/operators/join.js'
import { OverAggregateOperator } from '../../src/operators/over-aggregate.js'
import { RankOperator } from '../../src/operators/rank.js'
import { SinkUpsertMaterializerOperator } from '../../src/operators/sink-upsert-materializer.js'
import { WindowAggregateOperator } from '../../src/operators/window-aggregate.js'
import { WindowJoinOperator } from '../../src/operators/window-join.js'
import { WindowRankOperator } from '../../src/operators/window-rank.js'
import { WindowTableFunctionOperator } from '../../src/operators/window-table-function.js'
import { agg, BIGINT, edge, fields, input, INT, ROWTIME, STR, TS, types } from '../unit/operators/fixtures.js'
import { changelogSteps, checkRestore, timedSteps, type Step } from './operator-steps.js'

const KV = fields(['k', STR], ['v', INT])
const KVT = fields(['k', STR], ['v', INT], ['ts', ROWTIME])
const KVW = fields(['k', STR], ['v', INT], ['ws', TS], ['we', TS])
const key = fc.constantFrom('a', 'b', 'c', 'd', 'e')
const kv = fc.tuple(key, fc.integer({ min: 0, max: 5 })).map(([k, v]) => `${k} ${v}`)
const kvt = fc.tuple(key, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 40 })).map(([k, v, t]) => `${k} ${v} ${t}`)
const kvw = fc.tuple(key, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 4 })).map(([k, v, w]) => `${k} ${v} ${w * 10} ${w * 10 + 10}`)

const base = { id: 1, uid: 'op', parallelism: 1 }

async function property(factory: () => Operator, opts: HarnessOptions, steps: fc.Arbitrary<Step[]>, numRuns = 40): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      steps.chain((s) => fc.tuple(fc.constant(s), fc.nat({ max: s.length }), fc.integer({ min: 2, max: 4 }))),
      async ([s, cut, p]) => checkRestore(factory, opts, s, cut, p),
    ),
    { numRuns },
  )
}

function opts(inputs: readonly (readonly Field[])[], keys: readonly (readonly number[])[]): HarnessOptions {
  return { inputTypes: inputs.map(types), inputKeys: keys, maxParallelism: 16 }
}

/** Two inputs' steps merged: batches from each, in an interleaving chosen by fast-check. */
function twoInputs(left: fc.Arbitrary<Step[]>, right: fc.Arbitrary<Step[]>): fc.Arbitrary<Step[]> {
  return fc.tuple(left, right, fc.array(fc.boolean(), { maxLength: 40 })).map(([l, r, picks]) => {
    const out: Step[] = []
    let i = 0
    let j = 0
    for (const p of picks) {
      if (p && i < l.length) out.push(l[i++]!)
      else if (j < r.length) out.push({ ...r[j++]!, input: 1 } as Step)
    }
    while (i < l.length) out.push(l[i++]!)
    while (j < r.length) out.push({ ...r[j++]!, input: 1 } as Step)
    return out
  })
}

describe('snapshot/restore at any cut, and at another parallelism', () => {
  it('GroupAggregateOperator', async () => {
    const node: StreamNode = {
      ...base, kind: 'StreamGroupAggregate', fields: [KV[0]!, ...fields(['c', BIGINT], ['s', INT], ['m', INT], ['d', BIGINT], ['l', STR])], changelogMode: RETRACT,
      inputs: [edge(input(KV, true), [0])], groupKeys: [0], needRetraction: true, generateUpdateBefore: true,
      aggCalls: [agg('COUNT', [], BIGINT), agg('SUM', [1], INT), agg('MAX', [1], INT), agg('COUNT', [1], BIGINT, { distinct: true }), agg('LISTAGG', [1], STR)],
    }
    await property(() => new GroupAggregateOperator(node), opts([KV], [[0]]), changelogSteps(kv))
  })

  for (const spec of [
    { kind: 'TUMBLE', size: 10, offset: 0 },
    { kind: 'HOP', slide: 5, size: 15, offset: 0 },
    { kind: 'CUMULATE', step: 5, maxSize: 15, offset: 0 },
    { kind: 'SESSION', gap: 4, partitionKeys: [] },
  ] as const) {
    it(`WindowAggregateOperator ${spec.kind}`, async () => {
      const node: StreamNode = {
        ...base, kind: 'StreamWindowAggregate', fields: [KVT[0]!, ...fields(['c', BIGINT], ['s', INT], ['ws', TS], ['we', TS])], changelogMode: INSERT_ONLY,
        inputs: [edge(input(KVT), [0])], window: { spec, timeIndex: 2, isRowtime: true }, groupKeys: [0],
        aggCalls: [agg('COUNT', [], BIGINT), agg('SUM', [1], INT, { distinct: true })], windowProperties: ['window_start', 'window_end'], inputWindowBounds: null,
      }
      await property(() => new WindowAggregateOperator(node), opts([KVT], [[0]]), timedSteps(kvt))
    })
  }

  it('WindowTableFunctionOperator SESSION', async () => {
    const node: StreamNode = {
      ...base, kind: 'StreamWindowTableFunction', fields: [...KVT, ...fields(['ws', TS], ['we', TS], ['wt', ROWTIME])], changelogMode: INSERT_ONLY,
      inputs: [edge(input(KVT), [0])], window: { spec: { kind: 'SESSION', gap: 3, partitionKeys: [0] }, timeIndex: 2, isRowtime: true },
    }
    await property(() => new WindowTableFunctionOperator(node), opts([KVT], [[0]]), timedSteps(kvt))
  })

  for (const joinType of ['INNER', 'LEFT', 'FULL', 'SEMI', 'ANTI'] as const) {
    it(`JoinOperator ${joinType}`, async () => {
      const semi = joinType === 'SEMI' || joinType === 'ANTI'
      const node: StreamNode = {
        ...base, kind: 'StreamJoin', fields: semi ? KV : [...KV, ...KV], changelogMode: RETRACT,
        inputs: [edge(input(KV, true), [0]), edge(input(KV, true), [0])], joinType, leftKeys: [0], rightKeys: [0], condition: null,
      }
      await property(() => new JoinOperator(node), opts([KV, KV], [[0], [0]]), twoInputs(changelogSteps(kv), changelogSteps(kv)))
    })
  }

  it('IntervalJoinOperator FULL', async () => {
    const node: StreamNode = {
      ...base, kind: 'StreamIntervalJoin', fields: [...KVT, ...KVT], changelogMode: INSERT_ONLY,
      inputs: [edge(input(KVT), [0]), edge(input(KVT), [0])], joinType: 'FULL', leftKeys: [0], rightKeys: [0],
      leftTimeIndex: 2, rightTimeIndex: 2, isRowtime: true, lowerBound: -3, upperBound: 5, condition: null,
    }
    await property(() => new IntervalJoinOperator(node), opts([KVT, KVT], [[0], [0]]), timedSteps(kvt, 2))
  })

  it('WindowJoinOperator FULL', async () => {
    const node: StreamNode = {
      ...base, kind: 'StreamWindowJoin', fields: [...KVW, ...KVW], changelogMode: INSERT_ONLY,
      inputs: [edge(input(KVW), [0]), edge(input(KVW), [0])], joinType: 'FULL', leftKeys: [0], rightKeys: [0],
      leftWindow: { startIndex: 2, endIndex: 3 }, rightWindow: { startIndex: 2, endIndex: 3 }, condition: null,
    }
    await property(() => new WindowJoinOperator(node), opts([KVW, KVW], [[0], [0]]), timedSteps(kvw, 2))
  })

  it('WindowRankOperator', async () => {
    const node: StreamNode = {
      ...base, kind: 'StreamWindowRank', fields: [...KVW, ...fields(['rn', BIGINT])], changelogMode: INSERT_ONLY, inputs: [edge(input(KVW), [0])],
      window: { startIndex: 2, endIndex: 3 }, partitionKeys: [0], orderBy: [{ index: 1, descending: true, nullsFirst: false }],
      rankType: 'ROW_NUMBER', rankStart: 1, rankEnd: 2, outputRankNumber: true,
    }
    await property(() => new WindowRankOperator(node), opts([KVW], [[0]]), timedSteps(kvw))
  })

  for (const [keepLastRow, isRowtime] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    it(`DeduplicateOperator keepLast=${keepLastRow} rowtime=${isRowtime}`, async () => {
      const node: StreamNode = {
        ...base, kind: 'StreamDeduplicate', fields: KVT, changelogMode: !keepLastRow && !isRowtime ? INSERT_ONLY : RETRACT,
        inputs: [edge(input(KVT), [0])], keys: [0], keepLastRow, timeIndex: 2, isRowtime, outputRankNumber: false,
      }
      await property(() => new DeduplicateOperator(node), opts([KVT], [[0]]), timedSteps(kvt))
    })
  }

  for (const updating of [false, true]) {
    it(`RankOperator over ${updating ? 'updating' : 'append'} input`, async () => {
      const node: StreamNode = {
        ...base, kind: 'StreamRank', fields: [...KV, ...fields(['rn', BIGINT])], changelogMode: RETRACT, inputs: [edge(input(KV, updating), [0])],
        partitionKeys: [0], orderBy: [{ index: 1, descending: true, nullsFirst: false }], rankType: 'ROW_NUMBER', rankStart: 1, rankEnd: 2, outputRankNumber: true,
      }
      const steps = updating ? changelogSteps(kv) : timedSteps(kv)
      await property(() => new RankOperator(node), opts([KV], [[0]]), steps)
    })
  }

  for (const [unit, lower] of [['ROWS', 'UNBOUNDED'], ['RANGE', 'UNBOUNDED'], ['ROWS', 2], ['RANGE', 5]] as const) {
    it(`OverAggregateOperator ${unit} ${lower}`, async () => {
      const node: StreamNode = {
        ...base, kind: 'StreamOverAggregate', fields: [...KVT, ...fields(['s', INT], ['m', INT])], changelogMode: INSERT_ONLY, inputs: [edge(input(KVT), [0])],
        partitionKeys: [0], timeIndex: 2, isRowtime: true, unit, lower, aggCalls: [agg('SUM', [1], INT), agg('MIN', [1], INT)],
      }
      await property(() => new OverAggregateOperator(node), opts([KVT], [[0]]), timedSteps(kvt))
    })
  }

  it('ChangelogNormalizeOperator', async () => {
    const node: StreamNode = { ...base, kind: 'StreamChangelogNormalize', fields: KV, changelogMode: RETRACT, inputs: [edge(input(KV, true), [0])], keys: [0] }
    await property(() => new ChangelogNormalizeOperator(node), opts([KV], [[0]]), changelogSteps(kv))
  })

  it('SinkUpsertMaterializerOperator', async () => {
    const node: StreamNode = {
      ...base, kind: 'StreamSink', fields: KV, changelogMode: upsertMode([0]), inputs: [edge(input(KV, true), [0])], target: { kind: 'collect' }, upsertMaterializeKeys: [0],
    }
    await property(() => new SinkUpsertMaterializerOperator(node), opts([KV], [[0]]), changelogSteps(kv))
  })
})
