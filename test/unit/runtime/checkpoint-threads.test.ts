/**
 * Checkpoints with worker threads: the runtime built into dist/ (the test script builds it first) at parallelism
 * 2, so barriers, acknowledgements, notifications and restores cross threads. A failure restarts the job from
 * its latest checkpoint; stop-with-savepoint and a restore at parallelism 1 continue the counts.
 */
import { existsSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { JobHandle, JobOptions } from '../../../src/runtime/job-api.js'
import type { StreamPlan } from '../../../src/plan/physical/stream-nodes.js'
import type { RowBatch } from '../../../src/runtime/row-batch.js'
import { materialize } from './checkpoint-test-helpers.js'

const root = fileURLToPath(new URL('../../../dist/', import.meta.url))
const distUrl = (p: string): string => pathToFileURL(join(root, p)).href

interface Dist {
  startJob(p: StreamPlan, o: JobOptions): JobHandle
  plan(sql: string, config: Record<string, string>): StreamPlan
  registry(): JobOptions['connectors']
}

async function loadDist(): Promise<Dist> {
  const { startJob } = (await import(distUrl('src/runtime/job-runner.js'))) as { startJob: Dist['startJob'] }
  const { createConnectorRegistry } = (await import(distUrl('connectors/index.js'))) as { createConnectorRegistry(): JobOptions['connectors'] }
  const { CatalogManager } = (await import(distUrl('src/catalog/catalog-manager.js'))) as { CatalogManager: new (c: unknown) => { executeDdl(s: unknown, t: string): void } }
  const { parseStatement, splitStatements } = (await import(distUrl('src/sql/parser.js'))) as { parseStatement(t: string): unknown; splitStatements(t: string): { text: string }[] }
  const { planStatement } = (await import(distUrl('src/plan/planner.js'))) as { planStatement(s: unknown, o: unknown): { plan: StreamPlan } }
  return {
    startJob,
    registry: createConnectorRegistry,
    plan: (sql, config) => {
      const connectors = createConnectorRegistry()
      const catalog = new CatalogManager(connectors)
      const stmts = splitStatements(sql).map((s) => s.text).filter((s) => s !== '')
      for (const d of stmts.slice(0, -1)) catalog.executeDdl(parseStatement(d), d)
      const last = stmts[stmts.length - 1]!
      return planStatement(parseStatement(last), { catalog, connectors, config, sql: last }).plan
    },
  }
}

const SQL = `
CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '6000', 'rows-per-second' = '4000');
SELECT id % 7 AS k, COUNT(*) AS c, SUM(id) AS s FROM src GROUP BY id % 7;`

function start(d: Dist, config: Record<string, string>): { handle: JobHandle; rows: string[]; log: string[] } {
  const rows: string[] = []
  const log: string[] = []
  const fmt = (b: RowBatch): string[] => b.rows.map((r, i) => `${['+I', '-U', '+U', '-D'][b.kinds === null ? 0 : b.kinds[i]!]} ${r.join('|')}`)
  const jobId = (Date.now().toString(16) + Math.floor(Math.random() * 1e6).toString(16)).padStart(32, 'c').slice(-32)
  const handle = d.startJob(d.plan(SQL, config), { jobId, jobName: 'threads-cp', config: { ...config, 'weir.runtime.debug': 'true' }, connectors: d.registry(), collect: (b) => rows.push(...fmt(b)), log: (l) => log.push(l) })
  return { handle, rows, log }
}

const tmp = (p: string): string => mkdtempSync(join(tmpdir(), `weir-${p}-`))

describe.skipIf(!existsSync(join(root, 'src/runtime/job-runner.js')))('checkpoints on worker threads (from dist)', () => {
  it('parallelism 2: restart from the latest checkpoint gives the fault-free table; savepoint then restore at parallelism 1', async () => {
    const d = await loadDist()
    const clean = start(d, { 'parallelism.default': '2' })
    expect((await clean.handle.done).status).toBe('FINISHED')
    expect(clean.log.join('\n')).toContain('worker threads')

    const faulty = start(d, {
      'parallelism.default': '2',
      'execution.checkpointing.interval': '100 ms',
      'execution.checkpointing.dir': tmp('thr-chk'),
      'restart-strategy.type': 'fixed-delay',
      'restart-strategy.fixed-delay.delay': '10 ms',
      'weir.failpoint.groupaggregate': 'after-records:1500',
    })
    const res = await faulty.handle.done
    expect(res.error).toBeUndefined()
    expect(faulty.handle.checkpointStats!().restarts).toBe(1)
    expect(materialize(faulty.rows)).toEqual(materialize(clean.rows))

    const a = start(d, { 'parallelism.default': '2' })
    for (let i = 0; i < 2000 && a.rows.length < 5; i++) await new Promise((r) => setTimeout(r, 5))
    const path = await a.handle.stopWithSavepoint!({ targetDirectory: tmp('thr-sp') })
    expect((await a.handle.done).savepointPath).toBe(path)
    const b = start(d, { 'parallelism.default': '1', 'execution.savepoint.path': path })
    expect((await b.handle.done).status).toBe('FINISHED')
    expect(b.handle.checkpointStats!().restoredFrom).toBe(path)
    expect(materialize([...a.rows, ...b.rows])).toEqual(materialize(clean.rows))
  })
})
