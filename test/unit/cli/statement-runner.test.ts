import { describe, expect, it } from 'vitest'
import { awaitSubmittedJobs, runText } from '../../../src/cli/statement-runner.js'
import { fakeContext } from './fake-session.js'

describe('runText (weir -f)', () => {
  it("prints Flink's messages per statement", async () => {
    const { ctx, lines } = fakeContext()
    const outcome = await runText(ctx, "SET 'parallelism.default' = '2';\nCREATE TABLE t (id INT) WITH ('connector' = 'datagen');\nINSERT INTO t SELECT 1;\n", { stopOnError: true })
    expect(outcome).toBe('ok')
    expect(lines.map((l) => l.replace(/[0-9a-f]{32}/, '<id>'))).toEqual([
      '[INFO] Execute statement succeeded.',
      '',
      '[INFO] Execute statement succeeded.',
      '',
      '[INFO] Submitting SQL update statement to the cluster...',
      '[INFO] SQL update statement has been successfully submitted to the cluster:',
      'Job ID: <id>',
      '',
    ])
    expect(ctx.submitted).toHaveLength(1)
    expect(await awaitSubmittedJobs(ctx)).toBe(true)
    expect(lines.at(-1)).toMatch(/^\[INFO\] Job [0-9a-f]{32} finished\.$/)
  })

  it('stops at the first failing statement and points at the line of the script', async () => {
    const { ctx, lines } = fakeContext()
    const script = "SET 'a' = 'b';\n\nINSERT INTO\n  missing SELECT 1;\nSET 'c' = 'd';\n"
    expect(await runText(ctx, script, { stopOnError: true })).toBe('error')
    expect(lines).toEqual([
      '[INFO] Execute statement succeeded.',
      '',
      '[ERROR] Could not execute SQL statement. Reason:',
      "PLAN_TABLE_NOT_FOUND: table 'missing' not found",
      'LINE 4:   missing SELECT 1;',
      '          ^^^^^^^',
      '',
    ])
    expect(ctx.session.config.get('c')).toBeUndefined()
  })

  it('runs statements before a syntax error, then reports it with its script line', async () => {
    const { ctx, lines } = fakeContext()
    expect(await runText(ctx, "SET 'a' = 'b';\nSELEC 1;\nSET 'c' = 'd';", { stopOnError: true })).toBe('error')
    expect(ctx.session.config.get('a')).toBe('b')
    expect(lines[2]).toBe('[ERROR] Could not execute SQL statement. Reason:')
    expect(lines[3]).toMatch(/^PARSE_/)
    expect(lines.join('\n')).toContain('LINE 2: SELEC 1;')
    expect(ctx.session.config.get('c')).toBeUndefined()
  })

  it('goes on after an error when asked (the shell)', async () => {
    const { ctx } = fakeContext()
    expect(await runText(ctx, "INSERT INTO missing SELECT 1; SET 'c' = 'd';", { stopOnError: false })).toBe('error')
    expect(ctx.session.config.get('c')).toBe('d')
  })

  it('prints query results in tableau form and tables boxed', async () => {
    const { ctx, lines } = fakeContext()
    await runText(ctx, 'SELECT 2; SHOW TABLES; SHOW CREATE TABLE t; EXPLAIN SELECT 1;', { stopOnError: true })
    expect(lines).toEqual([
      '+----+-------------+',
      '| op |           n |',
      '+----+-------------+',
      '| +I |           1 |',
      '| +I |           2 |',
      '+----+-------------+',
      'Received a total of 2 rows',
      '',
      '+------------+',
      '| table name |',
      '+------------+',
      '|     orders |',
      '+------------+',
      '1 row in set',
      '',
      'CREATE TABLE `t` (',
      '  `id` INT',
      ')',
      '',
      '== Abstract Syntax Tree ==',
      'LogicalValues',
      '',
    ])
  })

  it('only lets DDL, USE, SET and RESET into an init file', async () => {
    const { ctx, lines } = fakeContext()
    expect(await runText(ctx, "SET 'a' = 'b'; SELECT 1;", { stopOnError: true, init: true })).toBe('error')
    expect(lines.join('\n')).toContain('GATEWAY_INIT_STATEMENT')
  })

  it('reports a failed detached job and cancels the others', async () => {
    const { ctx, lines, jobs } = fakeContext()
    await runText(ctx, 'INSERT INTO forever SELECT 1; INSERT INTO broken SELECT 1;', { stopOnError: true })
    expect(await awaitSubmittedJobs(ctx)).toBe(false)
    expect(lines.join('\n')).toMatch(/\[ERROR\] Job [0-9a-f]{32} failed\. Reason:\nCONNECTOR_IO: disk full/)
    expect(jobs[0]?.status()).toBe('CANCELED')
  })

  it('with table.dml-sync waits and says so', async () => {
    const { ctx, lines } = fakeContext()
    await runText(ctx, "SET 'table.dml-sync' = 'true'; INSERT INTO t SELECT 1;", { stopOnError: true })
    expect(lines.slice(2)).toEqual([
      '[INFO] Submitting SQL update statement to the cluster...',
      '[INFO] Execute statement in sync mode. Please wait for the execution finish...',
      '[INFO] Complete execution of the SQL update statement.',
      '',
    ])
    expect(ctx.submitted).toHaveLength(0)
  })

  it('internal errors say they are a bug, with the stack only when verbose', async () => {
    const { ctx, lines } = fakeContext()
    ctx.session.executeStatement = () => Promise.reject(new TypeError('x is undefined'))
    await runText(ctx, 'SHOW TABLES;', { stopOnError: true })
    expect(lines.slice(0, 3)).toEqual([
      '[ERROR] Could not execute SQL statement. Reason:',
      'INTERNAL: TypeError: x is undefined',
      'This is a bug in Weir; please report it with the statement that caused it.',
    ])
    expect(lines.join('\n')).not.toContain('    at ')
    ctx.session.config.set('sql-client.verbose', 'true')
    lines.length = 0
    await runText(ctx, 'SHOW TABLES;', { stopOnError: true })
    expect(lines.join('\n')).toContain('    at ')
  })
})

describe('batch result mode', () => {
  it('prints the final table, updating rows in place', async () => {
    const { printQuery } = await import('../../../src/cli/result-printer.js')
    const { ResultStream } = await import('../../../src/gateway/session-result-stream.js')
    const stream = new ResultStream()
    stream.push({ rows: [['a', 1], ['b', 1], ['a', 1], ['a', 2], ['c', 1], ['c', 1]], kinds: Uint8Array.from([0, 0, 1, 2, 0, 3]) })
    stream.end()
    const lines: string[] = []
    const n = await printQuery(
      {
        kind: 'query',
        columns: [{ name: 'k', type: { kind: 'VARCHAR', length: 10, nullable: true } }, { name: 'n', type: { kind: 'BIGINT', nullable: false } }],
        rows: stream,
        jobId: 'x',
        batch: true,
        cancel: async () => {},
      },
      { line: (l) => lines.push(l) },
      { format: (v) => String(v), maxColumnWidth: 30 },
    )
    expect(n).toBe(2)
    expect(lines).toEqual(['+---+---+', '| k | n |', '+---+---+', '| a | 2 |', '| b | 1 |', '+---+---+', '2 rows in set'])
  })
})
