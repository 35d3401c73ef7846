import { describe, expect, test } from 'vitest'
import type { StreamNode, StreamPlan } from '../../../src/plan/physical/stream-nodes.js'
import { newEnv, plan } from '../../plan/helpers.js'

const DDL = `
CREATE TABLE words (word STRING, lang STRING, n INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen');
CREATE TABLE sink (word STRING, cnt BIGINT) WITH ('connector' = 'print');
`

function nodes(p: StreamPlan): StreamNode[] {
  const out: StreamNode[] = []
  const visit = (n: StreamNode): void => {
    if (out.includes(n)) return
    for (const e of n.inputs) visit(e.node)
    out.push(n)
  }
  for (const s of p.sinks) visit(s)
  return out
}

function uidOf(sql: string, kind: StreamNode['kind']): string {
  const p = plan(newEnv(), DDL + sql).plan
  const n = nodes(p).filter((x) => x.kind === kind)
  expect(n).toHaveLength(1)
  return (n[0] as StreamNode).uid
}

describe('operator uids', () => {
  const base = 'INSERT INTO sink SELECT word, COUNT(*) FROM words GROUP BY word'

  test('are 16 hex characters and identical when the same statement is planned twice', () => {
    const a = nodes(plan(newEnv(), DDL + base).plan).map((n) => n.uid)
    const b = nodes(plan(newEnv(), DDL + base).plan).map((n) => n.uid)
    expect(a).toEqual(b)
    for (const u of a) expect(u).toMatch(/^[0-9a-f]{16}$/)
    expect(new Set(a).size).toBe(a.length)
  })

  test("a stateful operator's uid ignores stateless changes around it", () => {
    const agg = uidOf(base, 'StreamGroupAggregate')
    expect(uidOf("INSERT INTO sink SELECT word, COUNT(*) FROM words WHERE n > 3 AND lang <> 'x' GROUP BY word", 'StreamGroupAggregate')).toBe(agg)
    expect(uidOf('INSERT INTO sink SELECT UPPER(word), cnt FROM (SELECT word, COUNT(*) AS cnt FROM words GROUP BY word)', 'StreamGroupAggregate')).toBe(agg)
    expect(uidOf('INSERT INTO sink SELECT word, COUNT(*) FROM (SELECT word, n + 1 AS m FROM words) GROUP BY word', 'StreamGroupAggregate')).toBe(agg)
  })

  test('changes with the group key, the aggregates and the source', () => {
    const agg = uidOf(base, 'StreamGroupAggregate')
    expect(uidOf('INSERT INTO sink SELECT lang, COUNT(*) FROM words GROUP BY lang', 'StreamGroupAggregate')).not.toBe(agg)
    expect(uidOf('INSERT INTO sink SELECT word, COUNT(DISTINCT lang) FROM words GROUP BY word', 'StreamGroupAggregate')).not.toBe(agg)
    expect(uidOf('INSERT INTO sink SELECT word, CAST(SUM(n) AS BIGINT) FROM words GROUP BY word', 'StreamGroupAggregate')).not.toBe(agg)
  })

  test('sources depend on the table path, sinks on the sink table', () => {
    const src = uidOf(base, 'StreamTableSourceScan')
    expect(uidOf("INSERT INTO sink SELECT word, CAST(n AS BIGINT) FROM words WHERE n > 1", 'StreamTableSourceScan')).toBe(src)
    const sink = uidOf(base, 'StreamSink')
    expect(uidOf("INSERT INTO sink SELECT word, CAST(n AS BIGINT) FROM words", 'StreamSink')).toBe(sink)
  })

  test('identical nodes in one plan get distinct, stable uids', () => {
    const sql = `INSERT INTO sink
      SELECT word, COUNT(*) FROM words GROUP BY word
      UNION ALL
      SELECT word, COUNT(*) FROM words WHERE n > 0 GROUP BY word`
    const a = nodes(plan(newEnv(), DDL + sql).plan)
    const aggs = a.filter((n) => n.kind === 'StreamGroupAggregate').map((n) => n.uid)
    expect(aggs).toHaveLength(2)
    expect(aggs[0]).not.toBe(aggs[1])
    const b = nodes(plan(newEnv(), DDL + sql).plan).filter((n) => n.kind === 'StreamGroupAggregate').map((n) => n.uid)
    expect(b).toEqual(aggs)
  })

  test('window aggregates keep their uid across projection changes and change with the window', () => {
    const w = (size: string, extra = '') =>
      uidOf(`INSERT INTO sink SELECT word, COUNT(*) FROM TABLE(TUMBLE(TABLE words, DESCRIPTOR(ts), INTERVAL '${size}' MINUTE)) ${extra} GROUP BY window_start, window_end, word`, 'StreamWindowAggregate')
    expect(w('1', 'WHERE n > 0')).toBe(w('1'))
    expect(w('5')).not.toBe(w('1'))
  })
})
