/**
 * Operators against straightforward references: a group aggregate's changelog, applied, equals recomputing the
 * aggregates over the live input rows; a join's changelog, applied, equals a nested-loop join of the live rows.
 * Checked after every input batch, over random changelogs with retractions.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { JoinType, StreamGroupAggregate, StreamJoin } from '../../src/plan/physical/stream-nodes.js'
import { RETRACT } from '../../src/sql/row-kind.js'
import { GroupAggregateOperator } from '../../src/operators/group-aggregate.js'
import { JoinOperator } from '../../src/operators/join.js'
import { OperatorHarness } from '../../src/testing/operator-harness.js'
import { agg, BIGINT, edge, fields, input, INT, STR, types } from '../unit/operators/fixtures.js'
import { changelogSteps, materialize, type Step } from './operator-steps.js'

const KV = fields(['k', STR], ['v', INT])
const kv = fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: -3, max: 5 })).map(([k, v]) => `${k} ${v}`)

/** Applies one batch's lines to a multiset of live rows (as `k v` strings). */
function applyLines(live: string[], lines: readonly string[]): void {
  for (const line of lines) {
    const row = line.slice(3)
    if (line.startsWith('+')) live.push(row)
    else live.splice(live.indexOf(row), 1)
  }
}

const parse = (r: string): [string, number] => {
  const [k, v] = r.split(' ')
  return [k!, Number(v)]
}

describe('GroupAggregateOperator equals recomputation', () => {
  it('COUNT(*), SUM, MIN, MAX, COUNT(DISTINCT), AVG per key after every batch', async () => {
    const node: StreamGroupAggregate = {
      kind: 'StreamGroupAggregate', id: 1, uid: 'agg', parallelism: 1, changelogMode: RETRACT,
      fields: [KV[0]!, ...fields(['c', BIGINT], ['s', INT], ['mi', INT], ['ma', INT], ['d', BIGINT], ['a', INT])],
      inputs: [edge(input(KV, true), [0])], groupKeys: [0], needRetraction: true, generateUpdateBefore: true,
      aggCalls: [agg('COUNT', [], BIGINT), agg('SUM', [1], INT), agg('MIN', [1], INT), agg('MAX', [1], INT), agg('COUNT', [1], BIGINT, { distinct: true }), agg('AVG', [1], INT)],
    }
    await fc.assert(
      fc.asyncProperty(fc.boolean(), changelogSteps(kv), async (updateBefore, steps) => {
        const n = { ...node, generateUpdateBefore: updateBefore }
        const h = await OperatorHarness.open(() => new GroupAggregateOperator(n), { inputTypes: [types(KV)] })
        const live: string[] = []
        for (const s of steps as Step[]) {
          if (s.kind !== 'batch') continue
          h.pushTo(0, ...s.lines)
          applyLines(live, s.lines)
          const byKey = new Map<string, number[]>()
          for (const r of live) {
            const [k, v] = parse(r)
            byKey.set(k, [...(byKey.get(k) ?? []), v])
          }
          const expected = [...byKey.entries()].map(([k, vs]) => {
            const sum = vs.reduce((a, b) => a + b, 0)
            return `[${k}, ${vs.length}, ${sum}, ${Math.min(...vs)}, ${Math.max(...vs)}, ${new Set(vs).size}, ${Math.trunc(sum / vs.length)}]`
          })
          // Without UPDATE_BEFORE the changelog is an upsert stream by key: keep the latest row per key.
          const out = h.output()
          const actual = updateBefore ? materialize(out) : upsertByFirstField(out)
          expect(actual).toEqual(expected.sort())
        }
      }),
      { numRuns: 60 },
    )
  })
})

function upsertByFirstField(lines: readonly string[]): string[] {
  const byKey = new Map<string, string>()
  for (const line of lines) {
    const row = line.slice(2)
    const k = row.slice(1, row.indexOf(','))
    if (line.startsWith('-D')) byKey.delete(k)
    else byKey.set(k, row)
  }
  return [...byKey.values()].sort()
}

function nestedLoop(joinType: JoinType, left: readonly string[], right: readonly string[]): string[] {
  const out: string[] = []
  const L = left.map(parse)
  const R = right.map(parse)
  const rightMatched = R.map(() => false)
  for (const [lk, lv] of L) {
    let matched = false
    R.forEach(([rk, rv], i) => {
      if (lk !== rk) return
      matched = true
      rightMatched[i] = true
      if (joinType !== 'SEMI' && joinType !== 'ANTI') out.push(`[${lk}, ${lv}, ${rk}, ${rv}]`)
    })
    if (joinType === 'SEMI' && matched) out.push(`[${lk}, ${lv}]`)
    if (joinType === 'ANTI' && !matched) out.push(`[${lk}, ${lv}]`)
    if ((joinType === 'LEFT' || joinType === 'FULL') && !matched) out.push(`[${lk}, ${lv}, null, null]`)
  }
  if (joinType === 'RIGHT' || joinType === 'FULL') R.forEach(([rk, rv], i) => rightMatched[i] || out.push(`[null, null, ${rk}, ${rv}]`))
  return out.sort()
}

describe('JoinOperator equals a nested-loop join of the live rows', () => {
  for (const joinType of ['INNER', 'LEFT', 'RIGHT', 'FULL', 'SEMI', 'ANTI'] as const) {
    it(joinType, async () => {
      const semi = joinType === 'SEMI' || joinType === 'ANTI'
      const node: StreamJoin = {
        kind: 'StreamJoin', id: 1, uid: 'join', parallelism: 1, fields: semi ? KV : [...KV, ...KV], changelogMode: RETRACT,
        inputs: [edge(input(KV, true), [0]), edge(input(KV, true), [0])], joinType, leftKeys: [0], rightKeys: [0], condition: null,
      }
      await fc.assert(
        fc.asyncProperty(changelogSteps(kv, 0), changelogSteps(kv, 1), fc.array(fc.boolean(), { maxLength: 20 }), async (ls, rs, picks) => {
          const h = await OperatorHarness.open(() => new JoinOperator(node), { inputTypes: [types(KV), types(KV)] })
          const live: [string[], string[]] = [[], []]
          const steps: Step[] = []
          let i = 0
          let j = 0
          for (const p of [...picks, ...new Array<boolean>(ls.length + rs.length).fill(true)]) {
            if (p && i < ls.length) steps.push(ls[i++]!)
            else if (j < rs.length) steps.push(rs[j++]!)
          }
          for (const s of steps) {
            if (s.kind !== 'batch') continue
            h.pushTo(s.input, ...s.lines)
            applyLines(live[s.input as 0 | 1], s.lines)
            expect(materialize(h.output())).toEqual(nestedLoop(joinType, live[0], live[1]))
          }
        }),
        { numRuns: 60 },
      )
    })
  }
})
