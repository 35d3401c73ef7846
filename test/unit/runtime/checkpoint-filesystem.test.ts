/**
 * The filesystem sink is exactly-once with checkpoints: part files become visible only when the checkpoint that
 * holds them completes, so after a failure and a restart the visible files hold exactly the rows of a run
 * without faults, none twice.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { planSql, run, tempDir } from './checkpoint-test-helpers.js'

const script = (out: string): string => `
CREATE TABLE src (id BIGINT, ts AS TO_TIMESTAMP_LTZ(id * 10, 3), WATERMARK FOR ts AS ts)
  WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '4000', 'rows-per-second' = '4000');
CREATE TABLE out_t (k BIGINT, ws TIMESTAMP(3), c BIGINT, s BIGINT) WITH ('connector' = 'filesystem', 'path' = '${out}', 'format' = 'csv');
INSERT INTO out_t
SELECT id % 4, window_start, COUNT(*), SUM(id) FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' SECOND))
GROUP BY id % 4, window_start, window_end;`

/** Lines of every visible (committed) file of the folder, sorted. */
function visibleLines(dir: string): string[] {
  const lines: string[] = []
  for (const f of readdirSync(dir)) {
    if (f.startsWith('.') || f.startsWith('_')) continue
    for (const l of readFileSync(join(dir, f), 'utf8').split('\n')) if (l !== '') lines.push(l)
  }
  return lines.sort()
}

describe('exactly-once filesystem sink', () => {
  it('after a failure and a restart, the committed files hold exactly the fault-free rows', async () => {
    const cleanDir = tempDir('fs-clean')
    const clean = run(planSql(script(cleanDir)), {})
    expect((await clean.result).status).toBe('FINISHED')
    const expected = visibleLines(cleanDir)
    expect(expected.length).toBe(4 * 40 + 1)

    const outDir = tempDir('fs-out')
    const r = run(planSql(script(outDir)), {
      'execution.checkpointing.interval': '100 ms',
      'execution.checkpointing.dir': tempDir('fs-chk'),
      'restart-strategy.type': 'fixed-delay',
      'restart-strategy.fixed-delay.delay': '10 ms',
      'weir.failpoint.sink': 'after-records:80',
    })
    // While it runs, what a reader sees is always a subset of the final output (never a duplicate).
    let sawCommitted = false
    for (;;) {
      const seen = visibleLines(outDir)
      if (seen.length > 0) sawCommitted = true
      expect(new Set(seen).size).toBe(seen.length)
      for (const l of seen) expect(expected).toContain(l)
      if (r.handle.status() === 'FINISHED' || r.handle.status() === 'FAILED') break
      await new Promise((res) => setTimeout(res, 20))
    }
    const res = await r.result
    expect(res.error).toBeUndefined()
    expect(r.handle.checkpointStats!().restarts).toBe(1)
    expect(sawCommitted).toBe(true)
    expect(visibleLines(outDir)).toEqual(expected)
  })
})
