import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AggCall, StreamGroupAggregate } from '../../../src/plan/physical/stream-nodes.js'
import { RETRACT } from '../../../src/sql/row-kind.js'
import { GroupAggregateOperator } from '../../../src/operators/group-aggregate.js'
import { OperatorHarness } from '../../../src/testing/operator-harness.js'
import { changelogSteps, checkRestore, materialize, runStraight, runWithRestore, type Step } from '../../properties/operator-steps.js'
import { agg, BIGINT, edge, fields, input, INT, STR, types } from './fixtures.js'

const IN = fields(['k', STR], ['v', INT])

function node(aggCalls: AggCall[], opts: { needRetraction?: boolean; generateUpdateBefore?: boolean } = {}): StreamGroupAggregate {
  return {
    kind: 'StreamGroupAggregate',
    id: 1,
    uid: 'agg',
    parallelism: 1,
    fields: [IN[0]!, ...aggCalls.map((c) => ({ name: c.name, type: c.type }))],
    changelogMode: RETRACT,
    inputs: [edge(input(IN, opts.needRetraction ?? false), [0])],
    groupKeys: [0],
    aggCalls,
    needRetraction: opts.needRetraction ?? false,
    generateUpdateBefore: opts.generateUpdateBefore ?? true,
  }
}

const miniBatch = (size = 1000): Record<string, string> => ({
  'table.exec.mini-batch.enabled': 'true',
  'table.exec.mini-batch.allow-latency': '1 s',
  'table.exec.mini-batch.size': String(size),
})

const COUNT_SUM = [agg('COUNT', [], BIGINT), agg('SUM', [1], INT)]

async function harness(n: StreamGroupAggregate, config: Record<string, string>) {
  return OperatorHarness.open(() => new GroupAggregateOperator(n), { inputTypes: [types(IN)], outputTypes: types(n.fields), config })
}

describe('GroupAggregateOperator with mini-batch', () => {
  it('emits one change per key per bundle, keys in first-seen order', async () => {
    const h = await harness(node(COUNT_SUM), miniBatch())
    h.push('+I b 1', '+I a 1', '+I a 2', '+I b 2', '+I a 3')
    expect(h.take()).toEqual(['+I[b, 2, 3]', '+I[a, 3, 6]'])
    h.push('+I a 4', '+I a 5', '+I a 6')
    expect(h.take()).toEqual(['-U[a, 3, 6]', '+U[a, 6, 21]'])
  })

  it('caps a bundle at table.exec.mini-batch.size rows', async () => {
    const h = await harness(node(COUNT_SUM), miniBatch(2))
    h.push('+I a 1', '+I a 2', '+I a 3')
    expect(h.take()).toEqual(['+I[a, 2, 3]', '-U[a, 2, 3]', '+U[a, 3, 6]'])
  })

  it('applies retractions inside a bundle and emits -D when a key is gone', async () => {
    const h = await harness(node(COUNT_SUM, { needRetraction: true }), miniBatch())
    h.push('+I a 1', '+I a 2', '+I b 5')
    h.take()
    h.push('-U a 1', '+U a 4', '-D b 5', '+I c 1')
    expect(h.take()).toEqual(['-U[a, 2, 3]', '+U[a, 2, 6]', '-D[b, 1, 5]', '+I[c, 1, 1]'])
    // retracting and re-adding the same value leaves the result unchanged: nothing is emitted
    h.push('-D a 4', '+I a 4')
    expect(h.take()).toEqual([])
  })

  it('emits nothing for a key that appears and disappears within a bundle', async () => {
    const h = await harness(node(COUNT_SUM, { needRetraction: true }), miniBatch())
    h.push('+I a 1', '+I x 7', '+I x 8', '-D x 7', '-D x 8', '-D y 1')
    expect(h.take()).toEqual(['+I[a, 1, 1]'])
    h.push('+I x 9')
    expect(h.take()).toEqual(['+I[x, 1, 9]'])
  })

  it('emits only +U without generateUpdateBefore', async () => {
    const h = await harness(node([agg('SUM', [1], INT)], { generateUpdateBefore: false, needRetraction: true }), miniBatch())
    h.push('+I a 1', '+I a 2')
    h.push('+I a 3', '-D a 1')
    h.push('-D a 2', '-D a 3')
    expect(h.take()).toEqual(['+I[a, 3]', '+U[a, 5]', '-D[a, 5]'])
  })

  it('keeps today\'s row-at-a-time output when mini-batch is off', async () => {
    const h = await harness(node(COUNT_SUM), { 'table.exec.mini-batch.enabled': 'false' })
    h.push('+I a 1', '+I a 2')
    expect(h.take()).toEqual(['+I[a, 1, 1]', '-U[a, 1, 1]', '+U[a, 2, 3]'])
  })

  it('rejects enabling mini-batch without a positive allow-latency and size', async () => {
    const n = node(COUNT_SUM)
    await expect(harness(n, { 'table.exec.mini-batch.enabled': 'true', 'table.exec.mini-batch.size': '10' })).rejects.toThrow(/'table\.exec\.mini-batch\.allow-latency' must be greater than 0 ms/)
    await expect(harness(n, { ...miniBatch(), 'table.exec.mini-batch.allow-latency': '0 ms' })).rejects.toThrow(/allow-latency/)
    await expect(harness(n, { ...miniBatch(), 'table.exec.mini-batch.size': '-1' })).rejects.toThrow(/'table\.exec\.mini-batch\.size' must be greater than 0/)
    await expect(harness(n, { 'table.exec.mini-batch.enabled': 'true', 'table.exec.mini-batch.allow-latency': '1 s' })).rejects.toMatchObject({ code: 'PLAN_INVALID_OPTION' })
  })
})

const kv = fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 5 })).map(([k, v]) => `${k} ${v}`)
const AGGS = [agg('COUNT', [], BIGINT), agg('SUM', [1], INT), agg('MAX', [1], INT), agg('COUNT', [1], BIGINT, { distinct: true })]

/** Each key (first field) changes at most once per batch: one line, or -U directly followed by its +U. */
function oneChangePerKey(lines: readonly string[]): boolean {
  const byKey = new Map<string, string[]>()
  for (const l of lines) {
    const k = l.slice(3).split(',')[0]!
    byKey.set(k, [...(byKey.get(k) ?? []), l.slice(0, 2)])
  }
  return [...byKey.values()].every((ks) => ks.length === 1 || (ks.length === 2 && ks[0] === '-U' && ks[1] === '+U'))
}

describe('GroupAggregateOperator mini-batch properties', () => {
  it('materialises to the same result as row-at-a-time processing, with one change per key per bundle', async () => {
    const n = node(AGGS, { needRetraction: true })
    await fc.assert(
      fc.asyncProperty(changelogSteps(kv), fc.integer({ min: 1, max: 8 }), async (steps, size) => {
        const opts = { inputTypes: [types(IN)], outputTypes: types(n.fields) }
        const plain = await runStraight(() => new GroupAggregateOperator(n), opts, steps)
        const h = await OperatorHarness.open(() => new GroupAggregateOperator(n), { ...opts, config: miniBatch(size) })
        for (const s of steps as readonly Step[]) {
          if (s.kind !== 'batch') continue
          h.push(...s.lines)
          const out = h.take()
          if (s.lines.length <= size && !oneChangePerKey(out)) throw new Error(`more than one change per key:\n${out.join('\n')}`)
        }
        expect(materialize(h.output())).toEqual(materialize(plain))
      }),
      { numRuns: 150 },
    )
  })

  it('restores from a snapshot between batches to the same output, also at another parallelism', async () => {
    const n = node(AGGS, { needRetraction: true })
    const factory = () => new GroupAggregateOperator(n)
    const opts = (size: number) => ({ inputTypes: [types(IN)], inputKeys: [[0]], maxParallelism: 16, config: miniBatch(size) })
    // A bundle is a whole batch here (batches hold at most 12 lines): a rescaled subtask sees the same rows per key.
    await fc.assert(
      fc.asyncProperty(
        changelogSteps(kv).chain((s) => fc.tuple(fc.constant(s), fc.nat({ max: s.length }), fc.integer({ min: 2, max: 4 }))),
        async ([steps, cut, p]) => checkRestore(factory, opts(1000), steps, cut, p),
      ),
      { numRuns: 40 },
    )
    // Smaller bundles split a batch at row counts, which differ per subtask after rescaling: same parallelism only.
    await fc.assert(
      fc.asyncProperty(
        changelogSteps(kv).chain((s) => fc.tuple(fc.constant(s), fc.nat({ max: s.length }), fc.integer({ min: 1, max: 4 }))),
        async ([steps, cut, size]) => {
          expect(await runWithRestore(factory, opts(size), steps, cut, 1)).toEqual(await runStraight(factory, opts(size), steps))
        },
      ),
      { numRuns: 40 },
    )
  })
})
