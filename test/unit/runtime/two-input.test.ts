import { describe, expect, it } from 'vitest'
import { ConnectorRegistry } from '../../../src/catalog/connector-registry.js'
import type { StreamJoin } from '../../../src/plan/physical/stream-nodes.js'
import { startJob } from '../../../src/runtime/job-runner.js'
import { INSERT_ONLY, RETRACT, ROW_KIND_SHORT } from '../../../src/sql/row-kind.js'
import { INT, STRING, calc, collectSink, fields, inputRef, plan, union, values } from './plan-builders.js'

function joinPlan(parallelism: number) {
  const lf = fields(['id', INT], ['name', STRING])
  const rf = fields(['id', INT], ['amount', INT])
  const left = values(Array.from({ length: 40 }, (_, i) => [i % 10, `n${i}`]), lf)
  const right = values(Array.from({ length: 30 }, (_, i) => [i % 15, i * 10]), rf)
  const join: StreamJoin = {
    kind: 'StreamJoin',
    id: 900,
    uid: 'join',
    parallelism,
    fields: [...lf, ...rf],
    changelogMode: INSERT_ONLY,
    inputs: [
      { node: left, partitioning: { kind: 'hash', keys: [0] } },
      { node: right, partitioning: { kind: 'hash', keys: [0] } },
    ],
    joinType: 'INNER',
    leftKeys: [0],
    rightKeys: [0],
    condition: null,
  }
  return plan(collectSink(join, { kind: 'global' }, RETRACT))
}

async function rows(p: ReturnType<typeof plan>): Promise<string[]> {
  const out: string[] = []
  const handle = startJob(p, {
    jobId: '3'.repeat(32),
    jobName: 'two-input',
    config: { 'weir.runtime.threads': 'false', 'weir.runtime.batch-size': '7' },
    connectors: new ConnectorRegistry(null),
    collect: (b) => b.rows.forEach((r, i) => out.push(`${ROW_KIND_SHORT[b.kinds?.[i] ?? 0]}${JSON.stringify(r)}`)),
  })
  const r = await handle.done
  expect(r.error).toBeUndefined()
  return out.sort()
}

describe('two-input tasks', () => {
  it('a join sees left and right batches on the right inputs, the same at parallelism 1 and 2', async () => {
    const p1 = await rows(joinPlan(1))
    // ids 0..9 appear 4 times on the left and 2 times on the right: 10 * 4 * 2 matches.
    expect(p1).toHaveLength(80)
    for (const line of p1) {
      const [lid, , rid] = JSON.parse(line.slice(2)) as [number, string, number, number]
      expect(lid).toBe(rid)
    }
    expect(await rows(joinPlan(2))).toEqual(p1)
  })

  it('a union of a source with itself delivers every row twice', async () => {
    const fs = fields(['a', INT])
    const v = values([[1], [2], [3]], fs)
    const c = calc(v, [inputRef(0, INT)], null, fs)
    const u = union([{ node: c }, { node: c }])
    expect(await rows(plan(collectSink(u, { kind: 'forward' })))).toEqual(['+I[1]', '+I[1]', '+I[2]', '+I[2]', '+I[3]', '+I[3]'])
  })
})
