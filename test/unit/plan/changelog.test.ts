import { describe, expect, test } from 'vitest'
import { EngineError } from '../../../src/errors.js'
import { formatChangelogMode } from '../../../src/sql/row-kind.js'
import type { StreamNode, StreamPlan } from '../../../src/plan/physical/stream-nodes.js'
import { newEnv, plan } from '../../plan/helpers.js'

const DDL = `
CREATE TABLE clicks (usr STRING, url STRING, ts TIMESTAMP(3), pt AS PROCTIME(), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen');
CREATE TABLE users (usr STRING, city STRING, PRIMARY KEY (usr) NOT ENFORCED) WITH ('connector' = 'upsert');
CREATE TABLE changes (usr STRING, n INT) WITH ('connector' = 'cdc');
`

/** `Kind[I,UB,UA]` for every node, sink first, inputs depth-first. */
function modes(p: StreamPlan): string[] {
  const out: string[] = []
  const visit = (n: StreamNode): void => {
    out.push(`${n.kind.replace('Stream', '')}${formatChangelogMode(n.changelogMode)}`)
    for (const e of n.inputs) visit(e.node)
  }
  visit(p.sinks[0]!)
  return out
}

describe('changelog mode inference', () => {
  test('append-only pipelines stay insert-only', () => {
    expect(modes(plan(newEnv(), DDL + "SELECT usr, url FROM clicks WHERE url <> '/'").plan)).toEqual(['Sink[I]', 'Calc[I]', 'TableSourceScan[I]'])
    expect(modes(plan(newEnv(), DDL + "SELECT usr, COUNT(*) FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end, usr").plan)).toEqual([
      'Sink[I]',
      'Calc[I]',
      'WindowAggregate[I]',
      'TableSourceScan[I]',
    ])
  })

  test('an aggregate of an aggregate retracts, and deletes when counts reach zero', () => {
    const m = modes(plan(newEnv(), DDL + 'SELECT cnt, COUNT(*) FROM (SELECT usr, COUNT(*) AS cnt FROM clicks GROUP BY usr) GROUP BY cnt').plan)
    // (the Calc drops the rowtime column the scan keeps for its watermark)
    expect(m).toEqual(['Sink[I,UB,UA,D]', 'GroupAggregate[I,UB,UA,D]', 'Calc[I,UB,UA]', 'GroupAggregate[I,UB,UA]', 'Calc[I]', 'TableSourceScan[I]'])
  })

  test('upsert sources are normalised; CDC sources are consumed with retraction', () => {
    expect(modes(plan(newEnv(), DDL + 'SELECT city, COUNT(*) FROM users GROUP BY city').plan)).toEqual([
      'Sink[I,UB,UA,D]',
      'GroupAggregate[I,UB,UA,D]',
      'ChangelogNormalize[I,UB,UA,D]',
      'TableSourceScan[I,UA,D]',
    ])
    const p = plan(newEnv(), DDL + 'SELECT usr, SUM(n) FROM changes GROUP BY usr').plan
    const agg = p.sinks[0]!.inputs[0]!.node
    expect(agg.kind === 'StreamGroupAggregate' && agg.needRetraction).toBe(true)
  })

  test('regular joins of append-only inputs stay insert-only; outer joins and updating inputs do not', () => {
    expect(modes(plan(newEnv(), DDL + 'SELECT a.usr FROM clicks a JOIN clicks b ON a.usr = b.usr').plan)[0]).toBe('Sink[I]')
    expect(modes(plan(newEnv(), DDL + 'SELECT a.usr FROM clicks a LEFT JOIN clicks b ON a.usr = b.usr').plan)[0]).toBe('Sink[I,UB,UA,D]')
    expect(modes(plan(newEnv(), DDL + 'SELECT c.usr, u.city FROM clicks c JOIN users u ON c.usr = u.usr').plan)[0]).toBe('Sink[I,UB,UA,D]')
  })

  test('deduplication keeping the first row on processing time is insert-only', () => {
    const first = 'SELECT usr, url FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY usr ORDER BY pt) AS rn FROM clicks) WHERE rn = 1'
    expect(modes(plan(newEnv(), DDL + first).plan)).toContain('Deduplicate[I]')
    const last = 'SELECT usr, url FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY usr ORDER BY ts DESC) AS rn FROM clicks) WHERE rn = 1'
    expect(modes(plan(newEnv(), DDL + last).plan)).toContain('Deduplicate[I,UB,UA,D]')
  })

  test('window operators refuse updating input, naming the producer', () => {
    try {
      plan(newEnv(), DDL + "SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE (SELECT usr, MAX(ts) AS mts FROM clicks GROUP BY usr), DESCRIPTOR(mts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end")
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(EngineError)
      expect((e as EngineError).code).toMatch(/^PLAN_/)
    }
    try {
      plan(newEnv(), DDL + 'SELECT usr, c FROM (SELECT usr, COUNT(*) AS c FROM clicks GROUP BY usr) LIMIT 3')
      expect.unreachable()
    } catch (e) {
      expect((e as EngineError).message).toBe("Limit doesn't support consuming update changes which is produced by node GroupAggregate(groupBy=[usr], select=[usr, COUNT(*) AS c])")
    }
  })
})
