/**
 * Savepoints through the runtime: stop-with-savepoint (with and without drain), intermediate savepoints,
 * restore with execution.savepoint.path, rescaling 1 -> 2 -> 1, switching state backends, and errors for
 * missing or damaged files.
 */
import { existsSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EngineError } from '../../../src/errors.js'
import { materialize, planSql, run, tempDir, until } from './checkpoint-test-helpers.js'

const SOURCE = (rows: number, rate: number): string => `
CREATE TABLE src (id BIGINT, ts AS TO_TIMESTAMP_LTZ(id * 10, 3), WATERMARK FOR ts AS ts)
  WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${rows}', 'rows-per-second' = '${rate}');`

const COUNTS = (rows = 4000, rate = 4000): string => `${SOURCE(rows, rate)}
SELECT id % 7 AS k, COUNT(*) AS c, SUM(id) AS s FROM src GROUP BY id % 7;`

const WINDOWS = (rows = 4000, rate = 4000): string => `${SOURCE(rows, rate)}
SELECT id % 3 AS k, window_start, COUNT(*) AS c, SUM(id) AS s
FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' SECOND))
GROUP BY id % 3, window_start, window_end;`

/** Runs until some output, stops with a savepoint, returns the rows so far and the savepoint path. */
async function runAndStop(sql: string, config: Record<string, string>, drain = false): Promise<{ rows: string[]; path: string }> {
  const r = run(planSql(sql, config), config)
  await until(() => r.rows.length > 3, 'first results')
  const path = await r.handle.stopWithSavepoint!({ targetDirectory: config.dir ?? tempDir('sp'), drain })
  const res = await r.result
  expect(res.error).toBeUndefined()
  expect(res.status).toBe('FINISHED')
  expect(res.savepointPath).toBe(path)
  expect(existsSync(join(path, '_metadata'))).toBe(true)
  expect(path).toMatch(/savepoint-[0-9a-f]{6}-[0-9a-f]{12}$/)
  return { rows: r.rows, path }
}

/** The latest +I/+U row per key (first column) of a changelog. */
function lastPerKey(lines: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const l of lines) if (l.startsWith('+I') || l.startsWith('+U')) out[l.slice(3).split('|')[0]!] = l.slice(3)
  return out
}

async function runToEnd(sql: string, config: Record<string, string>): Promise<{ rows: string[]; log: string[] }> {
  const r = run(planSql(sql, config), config)
  const res = await r.result
  expect(res.error).toBeUndefined()
  expect(res.status).toBe('FINISHED')
  return { rows: r.rows, log: r.log }
}

describe('stop with savepoint and resume', () => {
  it('counts continue where they stopped (the word-count story)', async () => {
    const clean = await runToEnd(COUNTS(), {})
    const first = await runAndStop(COUNTS(), {})
    const second = await runToEnd(COUNTS(), { 'execution.savepoint.path': first.path })
    expect(second.log).toContain(`Restored job ${second.log.find((l) => l.startsWith('Restored job'))!.split(' ')[2]} from ${first.path}`)
    // The first run's changelog followed by the second's is the changelog of one uninterrupted run.
    expect(materialize([...first.rows, ...second.rows])).toEqual(materialize(clean.rows))
    expect(first.rows.length).toBeGreaterThan(0)
  })

  it('rescales 1 -> 2 -> 1 with the same result as a run that never stopped', async () => {
    const clean = await runToEnd(COUNTS(6000, 4000), {})
    const a = await runAndStop(COUNTS(6000, 4000), { 'parallelism.default': '1' })
    const b = run(planSql(COUNTS(6000, 4000), { 'parallelism.default': '2' }), { 'parallelism.default': '2', 'execution.savepoint.path': a.path })
    await until(() => b.rows.length > 3, 'results at parallelism 2')
    const bPath = await b.handle.stopWithSavepoint!({ targetDirectory: tempDir('sp2') })
    expect((await b.result).status).toBe('FINISHED')
    const c = await runToEnd(COUNTS(6000, 4000), { 'parallelism.default': '1', 'execution.state-recovery.path': bPath })
    expect(materialize([...a.rows, ...b.rows, ...c.rows])).toEqual(materialize(clean.rows))
  })

  for (const [from, to] of [['hashmap', 'rocksdb'], ['rocksdb', 'hashmap']]) {
    it(`a savepoint taken with ${from} restores into ${to}`, async () => {
      const clean = await runToEnd(WINDOWS(), {})
      const a = await runAndStop(WINDOWS(), { 'state.backend.type': from! })
      const b = await runToEnd(WINDOWS(), { 'state.backend.type': to!, 'execution.savepoint.path': a.path })
      expect([...a.rows, ...b.rows].sort()).toEqual([...clean.rows].sort())
    })
  }

  it('with drain, every window fires before the savepoint: all rows read are counted', async () => {
    const a = await runAndStop(WINDOWS(100_000, 4000), {}, true)
    let count = 0
    let sum = 0
    for (const line of a.rows) {
      const [, , c, s] = line.slice(3).split('|')
      count += Number(c)
      sum += Number(s)
    }
    // Rows 1..n were read: n(n+1)/2 only if no row read before the stop is missing from the fired windows.
    expect(count).toBeGreaterThan(0)
    expect(sum).toBe((count * (count + 1)) / 2)
  })

  it('a savepoint moved to another folder still restores (relative paths)', async () => {
    const clean = await runToEnd(COUNTS(), {})
    const a = await runAndStop(COUNTS(), {})
    const moved = join(tempDir('moved'), 'sp')
    readdirSync(a.path)
    await import('node:fs/promises').then((fs) => fs.cp(a.path, moved, { recursive: true }))
    rmSync(a.path, { recursive: true })
    const b = await runToEnd(COUNTS(), { 'execution.savepoint.path': moved })
    expect(materialize([...a.rows, ...b.rows])).toEqual(materialize(clean.rows))
  })
})

describe('intermediate savepoints', () => {
  it('a triggered savepoint leaves the job running; restoring it replays only what came after', async () => {
    const clean = await runToEnd(COUNTS(), {})
    const r = run(planSql(COUNTS()), { 'execution.checkpointing.savepoint-dir': tempDir('spd') })
    await until(() => r.rows.length > 3, 'first results')
    const path = await r.handle.triggerSavepoint!()
    const rowsAtSavepoint = r.rows.length
    expect(existsSync(join(path, '_metadata'))).toBe(true)
    const res = await r.result
    expect(res.status).toBe('FINISHED')
    expect(materialize(r.rows)).toEqual(materialize(clean.rows))
    const b = await runToEnd(COUNTS(), { 'execution.savepoint.path': path })
    // The restored job continues from the savepoint's counts: its last value per key is the final one.
    expect(b.rows.length).toBeGreaterThan(0)
    expect(b.rows.length).toBeLessThan(clean.rows.length)
    expect(lastPerKey(b.rows)).toEqual(lastPerKey(clean.rows))
    void rowsAtSavepoint
  })

  it('without a target directory and without a configured one, says which keys to set', async () => {
    const r = run(planSql(COUNTS(1_000_000, 1000)), {})
    await until(() => r.handle.status() === 'RUNNING', 'running')
    const e = await r.handle.triggerSavepoint!().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(EngineError)
    expect((e as EngineError).code).toBe('CHECKPOINT_SAVEPOINT_DIR_MISSING')
    expect((e as EngineError).hint).toContain('execution.checkpointing.savepoint-dir')
    expect((e as EngineError).hint).toContain('state.savepoints.dir')
    await r.handle.cancel()
  })
})

describe('restore errors', () => {
  it('a missing state file fails the start, naming the file and the operator; never an empty start', async () => {
    const a = await runAndStop(COUNTS(), {})
    const kst = readdirSync(a.path).find((f) => f.endsWith('.kst'))!
    rmSync(join(a.path, kst))
    const r = run(planSql(COUNTS()), { 'execution.savepoint.path': a.path })
    const res = await r.result
    expect(res.status).toBe('FAILED')
    expect((res.error as EngineError).code).toBe('CHECKPOINT_FILE_MISSING')
    expect(res.error!.message).toContain(kst)
    expect(res.error!.message).toMatch(/operator [0-9a-f]+ \(GroupAggregate/)
    expect(r.rows).toEqual([])
  })

  it('a corrupt state file fails the start with CHECKPOINT_CORRUPT naming the file', async () => {
    const a = await runAndStop(COUNTS(), {})
    const kst = readdirSync(a.path).find((f) => f.endsWith('.kst'))!
    const bytes = readFileSync(join(a.path, kst))
    const mid = bytes.length >> 1
    bytes[mid] = bytes[mid]! ^ 0xff
    writeFileSync(join(a.path, kst), bytes)
    const res = await run(planSql(COUNTS()), { 'execution.savepoint.path': a.path }).result
    expect(res.status).toBe('FAILED')
    expect((res.error as EngineError).code).toBe('CHECKPOINT_CORRUPT')
    expect(res.error!.message).toContain(kst)
  })

  it('a path without a checkpoint fails the start', async () => {
    const res = await run(planSql(COUNTS()), { 'execution.savepoint.path': join(tempDir('none'), 'nothing-here') }).result
    expect(res.status).toBe('FAILED')
    expect((res.error as EngineError).code).toBe('CHECKPOINT_FILE_MISSING')
  })
})
