import { describe, expect, test } from 'vitest'
import { EngineError } from '../../../src/errors.js'
import { RowKind } from '../../../src/sql/row-kind.js'
import type { StreamNode, StreamPlan } from '../../../src/plan/physical/stream-nodes.js'
import { newEnv, plan } from '../../plan/helpers.js'

function all(p: StreamPlan): StreamNode[] {
  const out: StreamNode[] = []
  const visit = (n: StreamNode): void => {
    if (out.includes(n)) return
    for (const e of n.inputs) visit(e.node)
    out.push(n)
  }
  for (const s of p.sinks) visit(s)
  return out
}

function find<K extends StreamNode['kind']>(p: StreamPlan, kind: K): Extract<StreamNode, { kind: K }> {
  const n = all(p).find((x) => x.kind === kind)
  if (n === undefined) throw new Error(`no ${kind}`)
  return n as Extract<StreamNode, { kind: K }>
}

const DDL = `
CREATE TABLE words (word STRING, n INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen', 'number-of-rows' = '10');
CREATE TABLE counts (word STRING, cnt BIGINT) WITH ('connector' = 'print');
CREATE TABLE upserts (word STRING, cnt BIGINT, PRIMARY KEY (word) NOT ENFORCED) WITH ('connector' = 'upsert');
CREATE TABLE appends (word STRING, cnt BIGINT) WITH ('connector' = 'append');
`

describe('physical planning', () => {
  test('parallelism, hash partitioning on group keys, and the sink', () => {
    const env = newEnv({ 'parallelism.default': '3', 'pipeline.max-parallelism': '64' })
    const p = plan(env, DDL + 'INSERT INTO counts SELECT word, COUNT(*) FROM words WHERE n > 1 GROUP BY word').plan
    expect(p.maxParallelism).toBe(64)
    const scan = find(p, 'StreamTableSourceScan')
    expect(scan.parallelism).toBe(3)
    expect(scan.readFields).toEqual([0, 1, 2])
    expect(scan.watermark?.rowtimeIndex).toBe(2)
    expect(scan.bounded).toBe(true)
    const agg = find(p, 'StreamGroupAggregate')
    expect(agg.parallelism).toBe(3)
    expect(agg.inputs[0]?.partitioning).toEqual({ kind: 'hash', keys: [0] })
    expect(agg.generateUpdateBefore).toBe(true)
    expect(agg.needRetraction).toBe(false)
    expect(agg.changelogMode.kinds).toEqual([RowKind.INSERT, RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER])
    const sink = p.sinks[0]!
    expect(sink.target.kind).toBe('table')
    expect(sink.inputs[0]?.partitioning).toEqual({ kind: 'forward' })
  })

  test('scan.parallelism sets a source apart; the Calc after it follows, the aggregate hashes', () => {
    const sql = DDL + "CREATE TABLE w2 (word STRING) WITH ('connector' = 'datagen', 'scan.parallelism' = '1');\nSELECT word, COUNT(*) FROM w2 WHERE word <> 'x' GROUP BY word"
    const p = plan(newEnv({ 'parallelism.default': '4' }), sql).plan
    expect(find(p, 'StreamTableSourceScan').parallelism).toBe(1)
    expect(find(p, 'StreamCalc').parallelism).toBe(1)
    const agg = find(p, 'StreamGroupAggregate')
    expect(agg.parallelism).toBe(4)
    expect(agg.inputs[0]?.partitioning.kind).toBe('hash')
  })

  test('keyless aggregates run on one subtask behind a global exchange', () => {
    const p = plan(newEnv({ 'parallelism.default': '2' }), DDL + 'SELECT COUNT(*) FROM words').plan
    const agg = find(p, 'StreamGroupAggregate')
    expect(agg.parallelism).toBe(1)
    expect(agg.inputs[0]?.partitioning).toEqual({ kind: 'global' })
    expect(p.sinks[0]?.target).toEqual({ kind: 'collect' })
  })

  test('expression arguments of aggregates are computed by a Calc below', () => {
    const p = plan(newEnv(), DDL + 'SELECT word, SUM(n * 2) FILTER (WHERE n > 0) FROM words GROUP BY word').plan
    const agg = find(p, 'StreamGroupAggregate')
    const input = agg.inputs[0]!.node
    expect(input.kind).toBe('StreamCalc')
    const call = agg.aggCalls[0]!
    expect(call.args).toHaveLength(1)
    expect(call.filterArg).not.toBeNull()
    expect(input.fields[call.args[0]!]?.type.kind).toBe('INT')
    expect(input.fields[call.filterArg!]?.type.kind).toBe('BOOLEAN')
  })

  test('an upsert sink keyed like the aggregate needs no UPDATE_BEFORE and no materialisation', () => {
    const p = plan(newEnv(), DDL + 'INSERT INTO upserts SELECT word, COUNT(*) FROM words GROUP BY word').plan
    expect(find(p, 'StreamGroupAggregate').generateUpdateBefore).toBe(false)
    expect(p.sinks[0]?.upsertMaterializeKeys).toBeNull()
  })

  test('upsert materialisation when the upsert key differs from the primary key', () => {
    const sql = DDL + 'INSERT INTO upserts SELECT MAX(word), COUNT(*) FROM words GROUP BY n'
    expect(plan(newEnv(), sql).plan.sinks[0]?.upsertMaterializeKeys).toEqual([0])
    expect(plan(newEnv({ 'table.exec.sink.upsert-materialize': 'NONE' }), sql).plan.sinks[0]?.upsertMaterializeKeys).toBeNull()
    const keyed = DDL + 'INSERT INTO upserts SELECT word, COUNT(*) FROM words GROUP BY word'
    expect(plan(newEnv({ 'table.exec.sink.upsert-materialize': 'FORCE' }), keyed).plan.sinks[0]?.upsertMaterializeKeys).toEqual([0])
  })

  test('updates into an insert-only sink are rejected, naming the sink and the node', () => {
    try {
      plan(newEnv(), DDL + 'INSERT INTO appends SELECT word, COUNT(*) AS cnt FROM words GROUP BY word')
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(EngineError)
      expect((e as EngineError).code).toBe('PLAN_SINK_UPDATES_NOT_SUPPORTED')
      expect((e as EngineError).message).toBe(
        "Table sink 'default_catalog.default_database.appends' doesn't support consuming update changes which is produced by node GroupAggregate(groupBy=[word], select=[word, COUNT(*) AS cnt])",
      )
    }
  })

  test('upsert sources get a ChangelogNormalize keyed by the primary key', () => {
    const p = plan(newEnv({ 'parallelism.default': '2' }), DDL + 'SELECT word, cnt FROM upserts WHERE cnt > 1').plan
    const norm = find(p, 'StreamChangelogNormalize')
    expect(norm.keys).toEqual([0])
    expect(norm.inputs[0]?.partitioning).toEqual({ kind: 'hash', keys: [0] })
    const calc = find(p, 'StreamCalc')
    expect(calc.inputs[0]?.node).toBe(norm)
  })

  test('INSERT with a column list fills missing columns with NULL and casts to the sink types', () => {
    const env = newEnv()
    const p = plan(env, DDL + "CREATE TABLE wide (a STRING, b BIGINT, c DOUBLE) WITH ('connector' = 'blackhole');\nINSERT INTO wide (c, a) SELECT n, word FROM words").plan
    const calc = p.sinks[0]!.inputs[0]!.node
    expect(calc.kind).toBe('StreamCalc')
    if (calc.kind !== 'StreamCalc') return
    expect(calc.projection.map((e) => e.kind)).toEqual(['InputRef', 'Literal', 'Call'])
    expect(calc.fields.map((f) => f.type.kind)).toEqual(['VARCHAR', 'BIGINT', 'DOUBLE'])
  })

  test('statement sets plan one job with a shared source and name it after all sinks', () => {
    const planned = plan(
      newEnv({ 'parallelism.default': '2' }),
      DDL + "EXECUTE STATEMENT SET BEGIN INSERT INTO counts SELECT word, COUNT(*) FROM words GROUP BY word; INSERT INTO counts SELECT word, CAST(n AS BIGINT) FROM words; END",
    )
    expect(planned.plan.sinks).toHaveLength(2)
    const scans = all(planned.plan).filter((n) => n.kind === 'StreamTableSourceScan')
    expect(scans).toHaveLength(1)
    expect(planned.defaultJobName).toBe('insert-into_default_catalog.default_database.counts,default_catalog.default_database.counts')
    expect(planned.sinkTables).toHaveLength(2)
  })

  test('SELECT results and job name', () => {
    const planned = plan(newEnv(), DDL + 'SELECT word AS w, n + 1 AS m FROM words')
    expect(planned.resultFields.map((f) => f.name)).toEqual(['w', 'm'])
    expect(planned.defaultJobName).toBe('collect')
    expect(planned.plan.sinks[0]?.parallelism).toBe(1)
  })

  test('CREATE TABLE AS SELECT creates the table from the query schema and inserts into it', () => {
    const env = newEnv()
    const planned = plan(env, DDL + "CREATE TABLE copy WITH ('connector' = 'blackhole') AS SELECT word, n * 2 AS doubled FROM words")
    expect(planned.sinkTables).toEqual(['default_catalog.default_database.copy'])
    const t = env.catalog.lookup({ catalog: 'default_catalog', database: 'default_database', object: 'copy' })
    expect(t?.kind === 'table' ? t.columns.map((c) => `${c.name}:${c.type.kind}`) : []).toEqual(['word:VARCHAR', 'doubled:INT'])
  })
})
