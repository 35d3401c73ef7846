/**
 * Barrier alignment in a two-input task (a join): with EXACTLY_ONCE the join's snapshot is a consistent cut of
 * both inputs, so a restart gives exactly the fault-free output; with AT_LEAST_ONCE barriers are not aligned
 * (checkpoints still complete; after a failure rows may repeat, never go missing).
 */
import { describe, expect, it } from 'vitest'
import { planSql, run, tempDir } from './checkpoint-test-helpers.js'

const JOIN = `
CREATE TABLE a (id BIGINT) WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '3000', 'rows-per-second' = '3000');
CREATE TABLE b (id BIGINT) WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '3000', 'rows-per-second' = '2000');
SELECT a.id, b.id * 10 FROM a JOIN b ON a.id = b.id;`

const failing = (mode: string): Record<string, string> => ({
  'execution.checkpointing.interval': '100 ms',
  'execution.checkpointing.mode': mode,
  'execution.checkpointing.dir': tempDir('align'),
  'restart-strategy.type': 'fixed-delay',
  'restart-strategy.fixed-delay.delay': '10 ms',
  'weir.failpoint.join': 'after-records:4000',
})

describe('barrier alignment in a join', () => {
  it('EXACTLY_ONCE: a restart gives exactly the fault-free rows', async () => {
    const p = planSql(JOIN)
    const clean = run(p, {})
    expect((await clean.result).status).toBe('FINISHED')
    expect(clean.rows.length).toBe(3000)
    const r = run(p, failing('EXACTLY_ONCE'))
    const res = await r.result
    expect(res.error).toBeUndefined()
    const stats = r.handle.checkpointStats!()
    expect(stats.restarts).toBe(1)
    expect(stats.completed).toBeGreaterThan(0)
    expect([...r.rows].sort()).toEqual([...clean.rows].sort())
  })

  it('AT_LEAST_ONCE: checkpoints complete without alignment; after a restart nothing is missing', async () => {
    const p = planSql(JOIN)
    const clean = run(p, {})
    await clean.result
    const r = run(p, failing('AT_LEAST_ONCE'))
    const res = await r.result
    expect(res.error).toBeUndefined()
    expect(r.handle.checkpointStats!().completed).toBeGreaterThan(0)
    expect(new Set(r.rows)).toEqual(new Set(clean.rows))
  })
})
