import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCheckpoint } from '../../../src/checkpoint/checkpoint-loader.js'
import type { RestoredCheckpoint } from '../../../src/checkpoint/checkpoint-loader.js'
import { restoreKeyedState } from '../../../src/checkpoint/keyed-state-snapshots.js'
import { planRestore } from '../../../src/checkpoint/restore-mapping.js'
import type { PlannedOperator } from '../../../src/checkpoint/restore-mapping.js'
import { EngineError } from '../../../src/errors.js'
import { keyGroupOf, keyGroupRangeFor } from '../../../src/state/key-groups.js'
import { MemoryStateBackend } from '../../../src/state/memory-backend.js'
import { batch, MAX_P, TempDirs } from '../state/backend-fixtures.js'
import { openStorage, operators, snapshotJob } from './checkpoint-fixtures.js'

const temp = new TempDirs()
afterAll(() => temp.cleanup())

const keys = Array.from({ length: 60 }, (_, i) => `user-${i}`)
let restored: RestoredCheckpoint

// A checkpoint of the fixture job with 'agg' at parallelism 3: counts per key, a source with two splits,
// LIMIT-like operator state and committables on the sink.
beforeAll(async () => {
  const agg = [0, 1, 2].map((i) => new MemoryStateBackend(keyGroupRangeFor(i, 3, MAX_P), MAX_P))
  for (const key of keys) {
    const kg = keyGroupOf(key, MAX_P)
    const b = agg.find((x) => kg >= x.keyGroupRange.start && kg < x.keyGroupRange.end)!
    await batch(b, [key], () => b.getValueState<number>('cnt').update(Number(key.slice(5))))
  }
  const { storage } = await openStorage(await temp.make(), 3)
  const c = await snapshotJob(storage, 4, { agg, splits: [{ splitId: 'p0', state: 10 }, { splitId: 'p1', state: 20 }], committables: ['t1', 't2'], limitCount: 7 })
  restored = await loadCheckpoint(c!.path)
})

function planned(aggParallelism: number, change: Partial<PlannedOperator> = {}): PlannedOperator[] {
  return operators(aggParallelism).map((o) => (o.uid === 'agg-uid' ? { ...o, ...change } : o))
}

function refusal(fn: () => unknown): EngineError {
  try {
    fn()
  } catch (e) {
    if (e instanceof EngineError) return e
    throw e
  }
  throw new Error('expected an EngineError')
}

describe('restore mapping', () => {
  it.each([1, 2, 3, 5])('redistributes keyed state by key group at parallelism %i', async (p) => {
    const plan = planRestore(restored, planned(p), { maxParallelism: MAX_P, allowNonRestoredState: false })
    const op = plan.operators.get('agg-uid')!
    expect(op.subtasks).toHaveLength(p)
    expect(op.oldParallelism).toBe(3)
    const seen = new Map<string, number>()
    for (const st of op.subtasks) {
      expect(st.keyGroupRange).toEqual(keyGroupRangeFor(st.subtaskIndex, p, MAX_P))
      const b = new MemoryStateBackend(st.keyGroupRange, MAX_P)
      await restoreKeyedState(b, st.keyed)
      for (const { key } of b.keysOf('cnt')) {
        b.setCurrentKey(key, keyGroupOf(key, MAX_P))
        seen.set(key, b.getValueState<number>('cnt').value()!)
      }
    }
    expect(new Map([...seen].sort())).toEqual(new Map(keys.map((k): [string, number] => [k, Number(k.slice(5))]).sort()))
  })

  it('hands every split state to every source reader, committables to subtask i mod p, operator state as a union on rescale', () => {
    const same = planRestore(restored, planned(3), { maxParallelism: MAX_P, allowNonRestoredState: false })
    expect(same.operators.get('src-uid')!.subtasks[0]!.splits).toEqual([{ splitId: 'p0', state: 10 }, { splitId: 'p1', state: 20 }])
    expect(same.operators.get('snk-uid')!.subtasks[0]).toMatchObject({ committables: ['t1', 't2'], operatorStates: [{ operatorState: { count: 7 } }] })
    expect(same.operators.get('agg-uid')!.subtasks[0]!.splits).toBeNull()
    const wider = planRestore(restored, operators(3).map((o) => (o.uid === 'snk-uid' ? { ...o, parallelism: 2 } : o)), { maxParallelism: MAX_P, allowNonRestoredState: false })
    const snk = wider.operators.get('snk-uid')!.subtasks
    expect(snk.map((s) => s.committables)).toEqual([['t1', 't2'], []])
    expect(snk.map((s) => s.operatorStates)).toEqual([[{ operatorState: { count: 7 } }], [{ operatorState: { count: 7 } }]])
  })

  it('refuses state of operators missing from the new program, listing all of them, unless ignore-unclaimed-state', () => {
    const withoutAggAndSink = operators(3).filter((o) => o.uid === 'src-uid')
    const e = refusal(() => planRestore(restored, withoutAggAndSink, { maxParallelism: MAX_P, allowNonRestoredState: false }))
    expect(e.code).toBe('CHECKPOINT_INCOMPATIBLE')
    expect(e.message).toBe(
      `Cannot map checkpoint state for 2 operators to the new program, because they are not available in the new program (${restored.path}):\n` +
        '  - agg-uid (GroupAggregate(groupBy=[k], select=[k, COUNT(*)]))\n' +
        '  - snk-uid (Sink(out))',
    )
    expect(e.hint).toBe("to skip that state and start without it, set 'execution.state-recovery.ignore-unclaimed-state' = 'true' (allowNonRestoredState)")
    const plan = planRestore(restored, withoutAggAndSink, { maxParallelism: MAX_P, allowNonRestoredState: true })
    expect([...plan.operators.keys()]).toEqual(['src-uid'])
    expect(plan.skipped).toEqual([
      { uid: 'agg-uid', name: 'GroupAggregate(groupBy=[k], select=[k, COUNT(*)])' },
      { uid: 'snk-uid', name: 'Sink(out)' },
    ])
  })

  it('refuses a state whose schema changed, naming the operator, the column and both types', () => {
    const schema = { key: [{ name: 'k', type: 'STRING' }], accumulators: [{ name: 'cnt', type: 'INT' }] }
    const e = refusal(() => planRestore(restored, planned(3, { schema }), { maxParallelism: MAX_P, allowNonRestoredState: false }))
    expect(e.code).toBe('CHECKPOINT_INCOMPATIBLE')
    expect(e.message).toBe(
      `the state of operator agg-uid (GroupAggregate(groupBy=[k], select=[k, COUNT(*)])) in the checkpoint at '${restored.path}' does not fit the new program:\n` +
        "  - accumulators column 'cnt': the state holds BIGINT, the new program expects INT",
    )
    const more = { key: [{ name: 'k', type: 'STRING' }], accumulators: [{ name: 'cnt', type: 'BIGINT' }, { name: 's', type: 'DOUBLE' }] }
    expect(refusal(() => planRestore(restored, planned(3, { schema: more }), { maxParallelism: MAX_P, allowNonRestoredState: false })).message).toContain(
      "accumulators column 2 's' (DOUBLE) is new; the state has 1 accumulators columns",
    )
    const renamed = { key: [{ name: 'user', type: 'STRING' }], accumulators: [{ name: 'cnt', type: 'BIGINT' }] }
    expect(planRestore(restored, planned(3, { schema: renamed }), { maxParallelism: MAX_P, allowNonRestoredState: false }).operators.size).toBe(3)
  })

  it('refuses state written by a newer state version and a changed max parallelism', () => {
    expect(refusal(() => planRestore(restored, planned(3, { stateVersion: 0 }), { maxParallelism: MAX_P, allowNonRestoredState: false })).message).toContain(
      'its state was written with state version 1, but this version of Weir only knows versions up to 0',
    )
    const e = refusal(() => planRestore(restored, planned(3), { maxParallelism: 256, allowNonRestoredState: false }))
    expect(e.message).toBe(
      `the checkpoint at '${restored.path}' was taken with max parallelism ${MAX_P}, but the job now has max parallelism 256; the max parallelism cannot change across a restore`,
    )
    expect(e.hint).toBe(`set 'pipeline.max-parallelism' = '${MAX_P}'`)
  })
})
