/**
 * Checkpoints after tasks finish (Flink's final checkpoint): with checkpointing on, a sink that reaches the end of
 * its input only pre-commits; its last committables become visible when a checkpoint taken after every subtask
 * finished completes. So a sink subtask that finished early never commits rows that a failure of another subtask
 * (and the restart from the previous checkpoint) makes it produce again.
 *
 * A source subtask fails after the other subtask (source and sink) finished, and the job restarts.
 * The discriminating sink is a transactional one (as Kafka's): every pre-commit or finish opens a new transaction
 * and commit appends its rows once. The filesystem sink names part files deterministically, so a replay overwrites
 * the same files and hides duplicates; it is checked for equal output only.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createConnectorRegistry } from '../../../connectors/index.js'
import { CatalogManager } from '../../../src/catalog/catalog-manager.js'
import { END_OF_INPUT, type ConnectorFactory, type PollResult, type SinkWriter, type SourceReader } from '../../../src/catalog/connector.js'
import { EngineError } from '../../../src/errors.js'
import type { Row } from '../../../src/runtime/row-batch.js'
import type { ConnectorRegistry } from '../../../src/catalog/connector-registry.js'
import { planStatement } from '../../../src/plan/planner.js'
import type { JobHandle } from '../../../src/runtime/job-api.js'
import { startJob } from '../../../src/runtime/job-runner.js'
import { INSERT_ONLY } from '../../../src/sql/row-kind.js'
import { parseStatement, splitStatements } from '../../../src/sql/parser.js'
import { newJobId, tempDir } from './checkpoint-test-helpers.js'

interface Txn {
  readonly id: number
  /** The checkpoint that pre-committed it; null when finish() committed it. */
  readonly checkpointId: number | null
  readonly rows: string[]
}

/** What a reader of the transactional sink's output sees. */
interface TxnLog {
  readonly committed: string[]
  readonly commits: Txn[]
}

function txnSinkFactory(log: TxnLog): ConnectorFactory {
  let nextTxn = 1
  const done = new Set<number>()
  const commit = (t: Txn): void => {
    if (done.has(t.id)) return
    done.add(t.id)
    log.committed.push(...t.rows)
    log.commits.push(t)
  }
  return {
    identifier: 'txn',
    description: 'transactional test sink: commit makes a transaction visible once',
    options: [],
    sink: {
      acceptedChangelogMode: () => INSERT_ONLY,
      createSink: () => ({
        createWriter: (): SinkWriter => {
          let open: string[] = []
          const take = (checkpointId: number | null): Txn => {
            const t = { id: nextTxn++, checkpointId, rows: open }
            open = []
            return t
          }
          return {
            open: async () => {},
            write: (batch) => {
              for (const r of batch.rows) open.push(r.map(String).join(','))
            },
            prepareCommit: async (checkpointId) => take(checkpointId),
            commit: async (cs) => {
              for (const c of cs) commit(c as Txn)
            },
            finish: async () => commit(take(null)),
            close: async () => {},
          }
        },
      }),
    },
  }
}

/**
 * A bounded source at parallelism 2 with very unequal subtasks: subtask 0 emits 3 rows and ends; subtask 1 emits
 * 1000 rows in batches of 10. In the first run subtask 1 fails at its 50th batch, but only once subtask 0 (source
 * and the sink chained to it) has finished: its poll waits for subtask 0's end of input, then a few event-loop
 * turns (subtask 0's finish is microtasks and at most one yield away), then throws.
 */
function gatedSourceFactory(failFirstRun: boolean): ConnectorFactory {
  let source0Ended: () => void = () => undefined
  const ended = new Promise<void>((resolve) => (source0Ended = resolve))
  let runsOfSubtask1 = 0
  return {
    identifier: 'gated',
    description: 'unequal bounded test source',
    options: [],
    source: {
      changelogMode: () => INSERT_ONLY,
      isBounded: () => true,
      createSource: () => ({
        createReader: (ctx): SourceReader => {
          const batches: Row[][] =
            ctx.subtaskIndex === 0 ? [[[1], [2], [3]]] : Array.from({ length: 100 }, (_, b) => Array.from({ length: 10 }, (_, i) => [100 + b * 10 + i]))
          const fail = ctx.subtaskIndex === 1 && failFirstRun && runsOfSubtask1++ === 0
          let polled = 0
          return {
            open: async () => {},
            poll: (): PollResult | Promise<PollResult> => {
              if (fail && polled === 50) {
                return (async () => {
                  await ended
                  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r))
                  throw new EngineError('CONNECTOR_READ_FAILED', 'scripted failure after the other subtask finished', { domain: 'external', retryable: true })
                })()
              }
              const b = batches[polled++]
              if (b !== undefined) return { batch: { rows: b.map((r) => r.slice()), kinds: null }, splitId: `s${ctx.subtaskIndex}` }
              if (ctx.subtaskIndex === 0) source0Ended()
              return END_OF_INPUT
            },
            activeSplits: () => (polled < batches.length ? [`s${ctx.subtaskIndex}`] : []),
            snapshotState: () => [],
            close: async () => {},
          }
        },
      }),
    },
  }
}

const BASE = { 'parallelism.default': '2' }

function start(script: string, registry: ConnectorRegistry, config: Record<string, string>): JobHandle {
  const catalog = new CatalogManager(registry)
  const statements = splitStatements(script).map((s) => s.text).filter((s) => s !== '')
  for (const ddl of statements.slice(0, -1)) catalog.executeDdl(parseStatement(ddl), ddl)
  const last = statements[statements.length - 1]!
  const cfg = { ...BASE, ...config }
  const stmt = parseStatement(last)
  if (stmt.kind !== 'Insert') throw new Error(`expected an INSERT, not ${stmt.kind}`)
  const planned = planStatement(stmt, { catalog, connectors: registry, config: cfg, sql: last })
  return startJob(planned.plan, { jobId: newJobId(), jobName: 'final-checkpoint', config: cfg, connectors: registry })
}

const SRC = "CREATE TABLE src (id INT) WITH ('connector' = 'gated');"
const txnScript = `${SRC}
CREATE TABLE out_t (id INT) WITH ('connector' = 'txn');
INSERT INTO out_t SELECT id FROM src;`

const fsScript = (out: string): string => `${SRC}
CREATE TABLE out_t (id INT) WITH ('connector' = 'filesystem', 'path' = '${out}', 'format' = 'csv');
INSERT INTO out_t SELECT id FROM src;`

function registry(failFirstRun: boolean): ConnectorRegistry {
  return createConnectorRegistry().register(gatedSourceFactory(failFirstRun))
}

function txnRun(failFirstRun: boolean, config: Record<string, string>): { handle: JobHandle; log: TxnLog } {
  const log: TxnLog = { committed: [], commits: [] }
  return { handle: start(txnScript, registry(failFirstRun).register(txnSinkFactory(log)), config), log }
}

function visibleLines(dir: string): string[] {
  const lines: string[] = []
  for (const f of readdirSync(dir)) {
    if (f.startsWith('.') || f.startsWith('_')) continue
    for (const l of readFileSync(join(dir, f), 'utf8').split('\n')) if (l !== '') lines.push(l)
  }
  return lines.sort()
}

/** Checkpointing on, a long interval (no periodic checkpoint during these short jobs), restarts allowed. */
const checkpointing = (): Record<string, string> => ({
  'execution.checkpointing.interval': '60 s',
  'execution.checkpointing.dir': tempDir('final-cp-chk'),
  'restart-strategy.type': 'fixed-delay',
  'restart-strategy.fixed-delay.delay': '10 ms',
})


describe('final checkpoint after all tasks finished', () => {
  const expected = ['1', '2', '3', ...Array.from({ length: 1000 }, (_, i) => String(100 + i))].sort()

  it('a sink that finished early commits nothing another subtask failure replays: no duplicates', async () => {
    const clean = txnRun(false, checkpointing())
    expect((await clean.handle.done).status).toBe('FINISHED')
    expect([...clean.log.committed].sort()).toEqual(expected)

    const r = txnRun(true, checkpointing())
    const res = await r.handle.done
    expect(res.error).toBeUndefined()
    expect(res.status).toBe('FINISHED')
    expect(r.handle.checkpointStats!().restarts).toBe(1)
    expect([...r.log.committed].sort()).toEqual(expected)
  })

  it('with the filesystem sink the committed output equals the fault-free run', async () => {
    const cleanDir = tempDir('final-cp-fs-clean')
    const outDir = tempDir('final-cp-fs-out')
    const clean = start(fsScript(cleanDir), registry(false), checkpointing())
    expect((await clean.done).status).toBe('FINISHED')
    expect(visibleLines(cleanDir)).toEqual(expected)
    const r = start(fsScript(outDir), registry(true), checkpointing())
    const res = await r.done
    expect(res.error).toBeUndefined()
    expect(r.checkpointStats!().restarts).toBe(1)
    expect(visibleLines(outDir)).toEqual(expected)
  })

  it('a bounded job finishes with one final checkpoint, triggered at once (not after the 60 s interval)', async () => {
    const r = txnRun(false, checkpointing())
    const res = await r.handle.done
    expect(res.status).toBe('FINISHED')
    // Exactly one checkpoint: the final one (the 60 s interval never elapsed; the test's 5 s timeout bounds it).
    expect(r.handle.checkpointStats!().completed).toBe(1)
    // Every transaction was pre-committed by that checkpoint; none committed by finish().
    expect(r.log.commits.length).toBeGreaterThan(0)
    const ids = new Set(r.log.commits.filter((t) => t.rows.length > 0).map((t) => t.checkpointId))
    expect(ids.size).toBe(1)
    expect(ids.has(null)).toBe(false)
    expect([...r.log.committed].sort()).toEqual(expected)
  })

  it('SELECT results (collect sink, one subtask): held rows go out with the final checkpoint, none twice after a restart', async () => {
    const reg = registry(true)
    const catalog = new CatalogManager(reg)
    catalog.executeDdl(parseStatement(SRC), SRC)
    const sql = 'SELECT id FROM src'
    const stmt = parseStatement(sql)
    if (stmt.kind !== 'QueryStatement') throw new Error(stmt.kind)
    const cfg = { ...BASE, ...checkpointing() }
    const planned = planStatement(stmt, { catalog, connectors: reg, config: cfg, sql })
    const rows: string[] = []
    const handle = startJob(planned.plan, { jobId: newJobId(), jobName: 'final-checkpoint', config: cfg, connectors: reg, collect: (b) => rows.push(...b.rows.map((r) => String(r[0]))) })
    const res = await handle.done
    expect(res.error).toBeUndefined()
    expect(handle.checkpointStats!().restarts).toBe(1)
    // The rows were held until a checkpoint completed: with a 60 s interval, that is the final one.
    expect(handle.checkpointStats!().completed).toBe(1)
    expect(rows.sort()).toEqual(expected)
  })

  it('with checkpointing off, finish() commits (no checkpoint)', async () => {
    const r = txnRun(false, {})
    expect((await r.handle.done).status).toBe('FINISHED')
    expect(r.handle.checkpointStats!().completed).toBe(0)
    expect(r.log.commits.every((t) => t.checkpointId === null)).toBe(true)
    expect([...r.log.committed].sort()).toEqual(expected)
  })
})
