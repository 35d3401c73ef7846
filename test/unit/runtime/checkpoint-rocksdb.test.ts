/**
 * RocksDB specifics in the runtime: incremental checkpoints (shared files, restart from a chain) and timers whose
 * keys are not in the working set (their state is loaded before they fire).
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadCheckpoint } from '../../../src/checkpoint/checkpoint-loader.js'
import { planSql, run, tempDir, until } from './checkpoint-test-helpers.js'

const WINDOWS = `
CREATE TABLE src (id BIGINT, ts AS TO_TIMESTAMP_LTZ(id * 10, 3), WATERMARK FOR ts AS ts)
  WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '4000', 'rows-per-second' = '4000');
SELECT id % 400 AS k, window_start, COUNT(*) AS c, SUM(id) AS s
FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '2' SECOND))
GROUP BY id % 400, window_start, window_end;`

describe('rocksdb in the runtime', () => {
  it('timers of keys outside a small working set fire with their state loaded first', async () => {
    const p = planSql(WINDOWS)
    const clean = run(p, {})
    await clean.result
    const small = run(p, { 'state.backend.type': 'rocksdb', 'state.backend.rocksdb.weir.cache-entries': '20', 'state.backend.rocksdb.weir.flush-entries': '5' })
    const res = await small.result
    expect(res.error).toBeUndefined()
    expect([...small.rows].sort()).toEqual([...clean.rows].sort())
  })

  it('incremental checkpoints write shared files and a restart from them gives the fault-free output', async () => {
    const p = planSql(WINDOWS)
    const clean = run(p, {})
    await clean.result
    const dir = tempDir('incr')
    const r = run(p, {
      'state.backend.type': 'rocksdb',
      'execution.checkpointing.incremental': 'true',
      'execution.checkpointing.interval': '100 ms',
      'execution.checkpointing.dir': dir,
      'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
      'restart-strategy.type': 'fixed-delay',
      'restart-strategy.fixed-delay.delay': '10 ms',
      'weir.failpoint.windowaggregate': 'after-records:2500',
    })
    const path = await until(() => r.handle.checkpointStats!().latestCompletedPath, 'a checkpoint')
    const restored = await loadCheckpoint(path)
    expect(restored.format).toBe('native-incremental')
    const res = await r.result
    expect(res.error?.message, r.log.join('\n')).toBeUndefined()
    expect(r.handle.checkpointStats!().restarts).toBe(1)
    expect([...r.rows].sort()).toEqual([...clean.rows].sort())
    // FINISHED discards the job's checkpoints, shared files included.
    expect(existsSync(join(dir, readdirSync(dir)[0] ?? 'x', 'shared'))).toBe(false)
  })
})
