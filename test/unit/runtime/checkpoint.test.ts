/**
 * Checkpoints through the runtime: periodic checkpoints complete with `_metadata` listing the stateful operators,
 * each is logged, and a job killed by a failure restarts from the latest one with exactly the output of a run
 * without faults.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadCheckpoint } from '../../../src/checkpoint/checkpoint-loader.js'
import { materialize, planSql, run, tempDir, until } from './checkpoint-test-helpers.js'

/** 3000 rows of event time 10 ms apart (30 s of event time), at most 3000 rows/s so checkpoints fall mid-stream. */
const SOURCE = (rows = 3000, rate = 3000): string => `
CREATE TABLE src (id BIGINT, ts AS TO_TIMESTAMP_LTZ(id * 10, 3), WATERMARK FOR ts AS ts)
  WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${rows}', 'rows-per-second' = '${rate}');`

const WINDOW_QUERY = `${SOURCE()}
SELECT id % 5 AS k, window_start, COUNT(*) AS c, SUM(id) AS s
FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' SECOND))
GROUP BY id % 5, window_start, window_end;`

const GROUP_QUERY = `${SOURCE()}
SELECT id % 7 AS k, COUNT(*) AS c, MAX(id) AS m FROM src GROUP BY id % 7;`

describe('checkpoints', () => {
  it('complete periodically, are logged, and _metadata holds every stateful operator', async () => {
    const dir = tempDir('chk')
    const p = planSql(WINDOW_QUERY)
    const r = run(p, { 'execution.checkpointing.interval': '100 ms', 'execution.checkpointing.dir': dir, 'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION' })
    const path = await until(() => r.handle.checkpointStats!().latestCompletedPath, 'a completed checkpoint')
    expect(existsSync(join(path, '_metadata'))).toBe(true)
    const restored = await loadCheckpoint(path)
    const kinds = [...restored.operators.values()].map((o) => o.kind)
    expect(kinds).toContain('StreamWindowAggregate')
    expect(kinds).toContain('StreamTableSourceScan')
    expect(r.log.some((l) => /^Completed checkpoint \d+ for job [0-9a-f]{32} \(\d+ bytes, \d+ ms\) at /.test(l))).toBe(true)
    await r.handle.cancel()
    expect((await r.result).status).toBe('CANCELED')
    // RETAIN_ON_CANCELLATION keeps the latest checkpoint after cancel.
    expect(existsSync(join(r.handle.checkpointStats!().latestCompletedPath!, '_metadata'))).toBe(true)
  })

  it('DELETE_ON_CANCELLATION removes the checkpoints when the job is cancelled', async () => {
    const dir = tempDir('chk-del')
    const r = run(planSql(WINDOW_QUERY), { 'execution.checkpointing.interval': '100 ms', 'execution.checkpointing.dir': dir, 'execution.checkpointing.externalized-checkpoint-retention': 'DELETE_ON_CANCELLATION' })
    const path = await until(() => r.handle.checkpointStats!().latestCompletedPath, 'a completed checkpoint')
    await r.handle.cancel()
    expect(existsSync(path)).toBe(false)
  })

  it('a finished job discards its checkpoints (retention as Flink: FINISHED discards)', async () => {
    const dir = tempDir('chk-fin')
    const r = run(planSql(WINDOW_QUERY), { 'execution.checkpointing.interval': '100 ms', 'execution.checkpointing.dir': dir })
    const res = await r.result
    expect(res.status).toBe('FINISHED')
    expect(r.handle.checkpointStats!().completed).toBeGreaterThan(0)
    expect(readdirSync(dir).filter((f) => !f.startsWith('.'))).toEqual([])
  })
})

describe('restart from the latest checkpoint', () => {
  for (const backend of ['hashmap', 'rocksdb']) {
    it(`window aggregate, ${backend}: a failure after a checkpoint gives exactly the fault-free output`, async () => {
      const p = planSql(WINDOW_QUERY)
      const clean = run(p, { 'state.backend.type': backend })
      expect((await clean.result).status).toBe('FINISHED')
      const dir = tempDir('restart')
      const faulty = run(p, {
        'state.backend.type': backend,
        'execution.checkpointing.interval': '100 ms',
        'execution.checkpointing.dir': dir,
        'restart-strategy.type': 'fixed-delay',
        'restart-strategy.fixed-delay.attempts': '2',
        'restart-strategy.fixed-delay.delay': '10 ms',
        'weir.failpoint.windowaggregate': 'after-records:2000',
      })
      const res = await faulty.result
      expect(res.error).toBeUndefined()
      expect(res.status).toBe('FINISHED')
      const stats = faulty.handle.checkpointStats!()
      expect(stats.restarts).toBe(1)
      expect(faulty.log.some((l) => l.includes('Restoring job') && l.includes('from checkpoint'))).toBe(true)
      expect(faulty.rows.length).toBe(clean.rows.length)
      expect([...faulty.rows].sort()).toEqual([...clean.rows].sort())
    })
  }

  it('group aggregate with retractions: the final table equals the fault-free one, no row retracted twice', async () => {
    const p = planSql(GROUP_QUERY)
    const clean = run(p, {})
    expect((await clean.result).status).toBe('FINISHED')
    const faulty = run(p, {
      'execution.checkpointing.interval': '100 ms',
      'execution.checkpointing.dir': tempDir('restart-g'),
      'restart-strategy.type': 'fixed-delay',
      'restart-strategy.fixed-delay.delay': '10 ms',
      'weir.failpoint.groupaggregate': 'after-records:1500',
    })
    const res = await faulty.result
    expect(res.error).toBeUndefined()
    expect(faulty.handle.checkpointStats!().restarts).toBe(1)
    expect(materialize(faulty.rows)).toEqual(materialize(clean.rows))
  })

  it('with checkpointing and no restart strategy configured, exponential-delay restarts the job', async () => {
    const p = planSql(WINDOW_QUERY)
    const clean = run(p, {})
    await clean.result
    const faulty = run(p, {
      'execution.checkpointing.interval': '100 ms',
      'execution.checkpointing.dir': tempDir('expo'),
      'restart-strategy.exponential-delay.initial-backoff': '10 ms',
      'weir.failpoint.windowaggregate': 'after-records:1000',
    })
    const res = await faulty.result
    expect(res.error).toBeUndefined()
    expect(faulty.handle.checkpointStats!().restarts).toBe(1)
    expect([...faulty.rows].sort()).toEqual([...clean.rows].sort())
  })

  it('without checkpointing a failure is final by default (restart strategy none)', async () => {
    const res = await run(planSql(WINDOW_QUERY), { 'weir.failpoint.windowaggregate': 'after-records:100' }).result
    expect(res.status).toBe('FAILED')
  })

  it('restart-strategy none: the failure is final', async () => {
    const faulty = run(planSql(WINDOW_QUERY), {
      'execution.checkpointing.interval': '100 ms',
      'execution.checkpointing.dir': tempDir('none'),
      'restart-strategy.type': 'none',
      'weir.failpoint.windowaggregate': 'after-records:500',
    })
    const res = await faulty.result
    expect(res.status).toBe('FAILED')
    expect(res.error?.message).toContain("failpoint 'windowaggregate'")
    expect(faulty.handle.checkpointStats!().restarts).toBe(0)
  })

  it('fixed-delay gives up after its attempts with the last error', async () => {
    const faulty = run(planSql(WINDOW_QUERY), {
      'restart-strategy.type': 'fixed-delay',
      'restart-strategy.fixed-delay.attempts': '2',
      'restart-strategy.fixed-delay.delay': '1 ms',
      'weir.failpoint.windowaggregate': 'after-records:200:attempts:10',
    })
    const res = await faulty.result
    expect(res.status).toBe('FAILED')
    expect(faulty.handle.checkpointStats!().restarts).toBe(2)
    expect(faulty.log.some((l) => l.includes('recovery is suppressed by fixed-delay'))).toBe(true)
  })
})
