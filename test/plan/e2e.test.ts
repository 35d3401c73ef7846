/**
 * Planned queries executed by the runtime in-process (startJob with a collect sink): the planner's plans must mean
 * what the SQL says. Inputs are VALUES and the CSV files of sql-examples/data (bounded, event time).
 */
import { describe, expect, test } from 'vitest'
import { startJob } from '../../src/runtime/job-runner.js'
import type { RowBatch } from '../../src/runtime/row-batch.js'
import { RowKind } from '../../src/sql/row-kind.js'
import { planStatement } from '../../src/plan/planner.js'
import { formatValue } from '../../src/runtime/expr/values.js'
import { newEnv, run } from './helpers.js'

const TABLES = `
CREATE TABLE orders (order_id INT, customer STRING, product STRING, amount INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)
  WITH ('connector' = 'filesystem', 'path' = 'sql-examples/data/orders.csv', 'format' = 'csv');
CREATE TABLE shipments (ship_id INT, order_id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)
  WITH ('connector' = 'filesystem', 'path' = 'sql-examples/data/shipments.csv', 'format' = 'csv');
`

/** Runs the script's last statement (a SELECT) and returns the final table as sorted `a|b|c` lines. */
async function query(sql: string, config: Record<string, string> = {}): Promise<string[]> {
  const env = newEnv(config)
  const script = TABLES + sql
  const { statements } = run(env, script)
  const last = statements[statements.length - 1]
  if (last === undefined || last.kind !== 'QueryStatement') throw new Error('expected a SELECT')
  const planned = planStatement(last, { catalog: env.catalog, connectors: env.connectors, config, sql: script })
  const batches: RowBatch[] = []
  const handle = startJob(planned.plan, { jobId: '0'.repeat(32), jobName: 'e2e', config, connectors: env.connectors, collect: (b) => batches.push(b) })
  const result = await handle.done
  if (result.status !== 'FINISHED') throw result.error ?? new Error(result.status)
  const table = new Map<string, number>()
  for (const b of batches) {
    b.rows.forEach((row, i) => {
      const key = row.map((v, c) => (v === null ? 'NULL' : formatValue(v, planned.resultFields[c]!.type))).join('|')
      const kind = b.kinds === null ? RowKind.INSERT : b.kinds[i]
      const delta = kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER ? 1 : -1
      table.set(key, (table.get(key) ?? 0) + delta)
    })
  }
  const out: string[] = []
  for (const [k, n] of table) {
    expect(n, `row ${k}`).toBeGreaterThanOrEqual(0)
    for (let i = 0; i < n; i++) out.push(k)
  }
  return out.sort()
}

describe('planned queries run', () => {
  test('filters, projections, CASE and VALUES', async () => {
    expect(await query("SELECT x * 10 AS y, CASE WHEN s = 'a' THEN 'first' ELSE s END FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) AS t (x, s) WHERE x <> 2")).toEqual([
      '10|first',
      '30|c',
    ])
  })

  test('expressions keep the operand layouts the runtime implements', async () => {
    const sql = `SELECT d * 2, v + 1.5, TRIM(LEADING 'x' FROM s), JSON_VALUE(j, '$.a'), EXTRACT(HOUR FROM ts), ts > '2024-01-01 10:00:00',
        v IN (1, 3), TIMESTAMPADD(MINUTE, 5, ts), FLOOR(ts TO HOUR), SUBSTRING(s FROM 2 FOR 2), CASE WHEN v > 2 THEN 'big' END
      FROM (VALUES (CAST(1.25 AS DECIMAL(10, 2)), 3, 'xxab', '{"a":"q"}', TIMESTAMP '2024-01-01 12:30:00')) AS t (d, v, s, j, ts)`
    expect(await query(sql)).toEqual(['2.50|4.5|ab|q|12|TRUE|TRUE|2024-01-01 12:35:00|2024-01-01 12:00:00|xa|big'])
  })

  test('group aggregation with HAVING, DISTINCT and FILTER', async () => {
    expect(await query('SELECT customer, COUNT(*), SUM(amount) FILTER (WHERE amount > 3) FROM orders GROUP BY customer HAVING COUNT(*) > 2')).toEqual([
      'alice|4|9',
      'bob|3|13',
      'carol|3|13',
    ])
    expect(await query('SELECT DISTINCT product FROM orders')).toEqual(['apple', 'banana', 'cherry'])
    expect(await query('SELECT COUNT(DISTINCT customer), MAX(amount), MIN(product) FROM orders')).toEqual(['3|8|apple'])
  })

  test('IN and NOT IN subqueries become semi and anti joins', async () => {
    expect(await query('SELECT order_id FROM orders WHERE order_id IN (SELECT order_id FROM shipments)')).toEqual(['1', '2', '3', '4', '6', '9'])
    expect(await query('SELECT order_id FROM orders WHERE order_id NOT IN (SELECT order_id FROM shipments)')).toEqual(['10', '5', '7', '8'])
    expect(await query('SELECT order_id FROM orders o WHERE EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.order_id AND s.ship_id > 102)')).toEqual(['3', '4', '6', '9'])
  })

  test('regular and outer joins', async () => {
    expect(await query('SELECT o.order_id, s.ship_id FROM orders o LEFT JOIN shipments s ON o.order_id = s.order_id WHERE o.order_id <= 5')).toEqual([
      '1|101',
      '2|102',
      '3|104',
      '4|103',
      '5|NULL',
    ])
  })

  test('window join on equal windows', async () => {
    const sql = `SELECT l.order_id, r.ship_id
      FROM (SELECT * FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '10' SECOND))) l
      JOIN (SELECT * FROM TABLE(TUMBLE(TABLE shipments, DESCRIPTOR(ts), INTERVAL '10' SECOND))) r
      ON l.order_id = r.order_id AND l.window_start = r.window_start AND l.window_end = r.window_end`
    expect(await query(sql)).toEqual(['1|101', '4|103'])
  })

  test('window Top-N over a window aggregation, and a cascaded window aggregation', async () => {
    const top = `SELECT window_start, order_id FROM (
        SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY amount DESC) AS rn
        FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '10' SECOND))
      ) WHERE rn <= 1`
    expect(await query(top)).toEqual(['2024-01-01 10:00:00.000|2', '2024-01-01 10:00:10.000|4', '2024-01-01 10:00:20.000|8', '2024-01-01 10:00:30.000|9'])
    const cascade = `SELECT window_start, MAX(cnt) FROM (
        SELECT window_start, window_end, customer, COUNT(*) AS cnt
        FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '10' SECOND))
        GROUP BY window_start, window_end, customer
      ) GROUP BY window_start, window_end`
    expect(await query(cascade)).toEqual(['2024-01-01 10:00:00.000|2', '2024-01-01 10:00:10.000|1', '2024-01-01 10:00:20.000|1', '2024-01-01 10:00:30.000|1'])
    const rolled = `SELECT window_start, SUM(cnt) FROM TABLE(TUMBLE(TABLE (
        SELECT window_time AS wt, customer, COUNT(*) AS cnt
        FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '10' SECOND))
        GROUP BY window_start, window_end, window_time, customer
      ), DESCRIPTOR(wt), INTERVAL '20' SECOND)) GROUP BY window_start, window_end`
    expect(await query(rolled)).toEqual(['2024-01-01 10:00:00.000|5', '2024-01-01 10:00:20.000|5'])
  })

  test('an interval join keeps time attributes for a window after it', async () => {
    const sql = `SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE (
        SELECT o.order_id, o.ts FROM orders o, shipments s
        WHERE o.order_id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '10' SECOND
      ), DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end`
    expect(await query(sql)).toEqual(['2024-01-01 10:00:00.000|1', '2024-01-01 10:00:10.000|1'])
  })

  test('UNION ALL with implicit widening, ORDER BY LIMIT', async () => {
    expect(await query('SELECT order_id FROM orders WHERE order_id < 3 UNION ALL SELECT CAST(ship_id AS BIGINT) FROM shipments WHERE ship_id > 104')).toEqual(['1', '105', '106', '2'])
    expect(await query('SELECT order_id, amount FROM orders ORDER BY amount DESC LIMIT 2')).toEqual(['4|7', '8|8'])
  })

  test('the same plans at parallelism 2', async () => {
    const config = { 'parallelism.default': '2' }
    expect(await query('SELECT customer, COUNT(*) FROM orders GROUP BY customer', config)).toEqual(['alice|4', 'bob|3', 'carol|3'])
    expect(await query('SELECT o.order_id, s.ship_id FROM orders o JOIN shipments s ON o.order_id = s.order_id', config)).toEqual(['1|101', '2|102', '3|104', '4|103', '6|105', '9|106'])
  })
})
