import { describe, expect, it } from 'vitest'
import { ConnectorRegistry } from '../../../src/catalog/connector-registry.js'
import type { StreamGroupAggregate } from '../../../src/plan/physical/stream-nodes.js'
import { buildJobGraph } from '../../../src/runtime/job-graph.js'
import { startJob } from '../../../src/runtime/job-runner.js'
import { RETRACT, ROW_KIND_SHORT } from '../../../src/sql/row-kind.js'
import type { DataType } from '../../../src/sql/data-type.js'
import { INT, STRING, calc, collectSink, fields, inputRef, plan, values } from './plan-builders.js'

const BIGINT_NN = { kind: 'BIGINT', nullable: false } as DataType

function countPlan() {
  const fs = fields(['k', STRING], ['v', INT])
  const rows = Array.from({ length: 3000 }, (_, i) => [`k${i % 50}`, i])
  const c = calc(values(rows, fs), [inputRef(0, STRING), inputRef(1, INT)], null, fs)
  const agg: StreamGroupAggregate = {
    kind: 'StreamGroupAggregate',
    id: 500,
    uid: 'agg',
    parallelism: 1,
    fields: fields(['k', STRING], ['n', BIGINT_NN]),
    changelogMode: RETRACT,
    inputs: [{ node: c, partitioning: { kind: 'hash', keys: [0] } }],
    groupKeys: [0],
    aggCalls: [{ fn: 'COUNT', args: [], constants: [], distinct: false, filterArg: null, ignoreNulls: false, type: BIGINT_NN, name: 'n' }],
    needRetraction: false,
    generateUpdateBefore: true,
  }
  return plan(collectSink(agg, { kind: 'forward' }, RETRACT))
}

async function changelog(config: Record<string, string>): Promise<string[]> {
  const out: string[] = []
  const handle = startJob(countPlan(), {
    jobId: '2'.repeat(32),
    jobName: 'backend',
    config: { 'weir.runtime.batch-size': '500', ...config },
    connectors: new ConnectorRegistry(null),
    collect: (b) => b.rows.forEach((r, i) => out.push(`${ROW_KIND_SHORT[b.kinds?.[i] ?? 0]}${JSON.stringify(r)}`)),
  })
  const r = await handle.done
  expect(r.error).toBeUndefined()
  return out
}

describe('state backends', () => {
  it('with rocksdb, keyed operators head their own task', () => {
    const p = countPlan()
    expect(buildJobGraph(p).tasks).toHaveLength(1)
    const isolated = buildJobGraph(p, { isolateKeyed: true })
    expect(isolated.tasks.map((t) => t.head.kind)).toEqual(['StreamValues', 'StreamGroupAggregate'])
  })

  it('a job gives the same changelog on hashmap and rocksdb state', async () => {
    const hashmap = await changelog({})
    // 50 keys: one +I each, then a -U/+U pair for each of the other 2950 rows.
    expect(hashmap).toHaveLength(50 + 2 * 2950)
    const rocksdb = await changelog({ 'state.backend.type': 'rocksdb', 'state.backend.rocksdb.weir.cache-entries': '10' })
    expect(rocksdb).toEqual(hashmap)
    expect(hashmap).toContain('+U["k49",60]')
  })
})
