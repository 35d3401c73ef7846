import { describe, expect, it } from 'vitest'
import { ConnectorRegistry } from '../../../src/catalog/connector-registry.js'
import { EngineError, SqlError } from '../../../src/errors.js'
import { Session, type SessionServices } from '../../../src/gateway/session.js'
import type { JobHandle, JobOptions, JobResult, JobStatus } from '../../../src/runtime/job-api.js'
import type { Insert, QueryStatement, Statement } from '../../../src/sql/ast.js'
import { NO_SPAN } from '../../../src/sql/span.js'
import { RowKind } from '../../../src/sql/row-kind.js'

const span = NO_SPAN
function name(...parts: string[]) {
  return { kind: 'QualifiedName' as const, span, parts: parts.map((value) => ({ kind: 'Ident' as const, span, value, quoted: false })) }
}
const query = { kind: 'Query' as const, span, with: [], body: { kind: 'Values' as const, span, rows: [] }, orderBy: [] }
function insert(target: string): Insert {
  return { kind: 'Insert', span, overwrite: false, target: name(target), hints: [], partition: [], columns: [], query }
}
const select: QueryStatement = { kind: 'QueryStatement', span, query }

class FakeJob implements JobHandle {
  readonly startTime = Date.UTC(2024, 0, 2, 3, 4, 5, 6)
  private st: JobStatus = 'RUNNING'
  private resolve!: (r: JobResult) => void
  readonly done = new Promise<JobResult>((r) => (this.resolve = r))
  cancelled = false
  constructor(readonly jobId: string, readonly jobName: string, readonly options: JobOptions) {}
  status(): JobStatus {
    return this.st
  }
  finish(result: JobResult): void {
    this.st = result.status
    this.resolve(result)
  }
  async cancel(): Promise<void> {
    this.cancelled = true
    this.finish({ status: 'CANCELED' })
  }
}

function fakeServices() {
  const started: FakeJob[] = []
  const planned: Statement[] = []
  const services: SessionServices = {
    connectors: new ConnectorRegistry(),
    catalog: {
      executeDdl: () => 'Execute statement succeeded.',
      show: () => ({ columns: ['table name'], rows: [['orders']] }),
      describeStatement: () => ({ columns: ['name'], rows: [] }),
      showCreate: () => 'CREATE TABLE x',
    },
    plan(stmt) {
      planned.push(stmt)
      if (stmt.kind === 'Insert' && stmt.target.parts[0]?.value === 'missing') {
        throw new SqlError('PLAN_TABLE_NOT_FOUND', "table 'missing' not found", stmt.target.span)
      }
      const sinks = stmt.kind === 'StatementSet' ? stmt.inserts.map((i) => i.target.parts[0]?.value ?? '') : stmt.kind === 'Insert' ? [stmt.target.parts[0]?.value ?? ''] : []
      return {
        plan: { sinks: [], maxParallelism: 128 },
        resultFields: stmt.kind === 'QueryStatement' ? [{ name: 'x', type: { kind: 'INT', nullable: true } }] : [],
        sinkTables: sinks,
        defaultJobName: stmt.kind === 'QueryStatement' ? 'collect' : `insert-into_default_catalog.default_database.${sinks[0]}`,
      }
    },
    explain: () => '== Physical Plan ==',
    startJob(_plan, options) {
      const job = new FakeJob(options.jobId, options.jobName, options)
      started.push(job)
      return job
    },
  }
  return { services, started, planned }
}

describe('Session', () => {
  it('SET lists, shows one key, sets, and RESET restores', async () => {
    const { services } = fakeServices()
    const s = new Session(services)
    const set = (key?: string, value?: string): Statement => ({ kind: 'Set', span, ...(key === undefined ? {} : { key }), ...(value === undefined ? {} : { value }) })
    expect(await s.executeStatement(set('parallelism.default', '2'), '')).toEqual({ kind: 'ok', message: 'Execute statement succeeded.' })
    const listing = await s.executeStatement(set(), '')
    expect(listing.kind).toBe('table')
    if (listing.kind !== 'table') return
    expect(listing.columns).toEqual(['key', 'value'])
    expect(listing.rows).toContainEqual(['parallelism.default', '2'])
    expect(await s.executeStatement(set('execution.savepoint.path', '/sp'), '')).toMatchObject({ kind: 'ok' })
    expect(await s.executeStatement(set('execution.state-recovery.path'), '')).toEqual({ kind: 'table', columns: ['key', 'value'], rows: [['execution.state-recovery.path', '/sp']] })
    await s.executeStatement(set('db.password', 'pw'), '')
    expect(await s.executeStatement(set('db.password'), '')).toMatchObject({ rows: [['db.password', '******']] })
    await s.executeStatement({ kind: 'Reset', span, key: 'parallelism.default' }, '')
    expect(s.config.get('parallelism.default')).toBe('1')
    await s.executeStatement({ kind: 'Reset', span }, '')
    expect(s.config.get('execution.state-recovery.path')).toBeUndefined()
  })

  it('submits INSERT detached with a 32-hex job id and the default or configured job name', async () => {
    const { services, started } = fakeServices()
    const s = new Session(services)
    const r = await s.executeStatement(insert('sink'), '')
    expect(r).toMatchObject({ kind: 'job', jobName: 'insert-into_default_catalog.default_database.sink', sync: false })
    if (r.kind !== 'job') return
    expect(r.jobId).toMatch(/^[0-9a-f]{32}$/)
    s.config.set('pipeline.name', 'my-etl')
    const r2 = await s.executeStatement(insert('sink'), '')
    expect(r2).toMatchObject({ jobName: 'my-etl' })
    expect(started[1]?.options.config['pipeline.name']).toBe('my-etl')
    expect(started[0]?.options.config['parallelism.default']).toBe('1')
  })

  it('table.dml-sync waits for the job and reports its failure', async () => {
    const { services, started } = fakeServices()
    const s = new Session(services)
    s.config.set('table.dml-sync', 'true')
    const pending = s.executeStatement(insert('sink'), '')
    await Promise.resolve()
    started[0]?.finish({ status: 'FINISHED' })
    expect(await pending).toMatchObject({ kind: 'job', sync: true })
    const failing = s.executeStatement(insert('sink'), '')
    await Promise.resolve()
    started[1]?.finish({ status: 'FAILED', error: new EngineError('CONNECTOR_IO', 'disk full') })
    await expect(failing).rejects.toThrow('disk full')
  })

  it('aborting the signal cancels the job a dml-sync INSERT waits for', async () => {
    const { services, started } = fakeServices()
    const s = new Session(services)
    s.config.set('table.dml-sync', 'true')
    const ac = new AbortController()
    const pending = s.executeStatement(insert('sink'), '', { signal: ac.signal })
    await Promise.resolve()
    ac.abort()
    await expect(pending).rejects.toThrow(/was canceled before it finished/)
    expect(started[0]?.cancelled).toBe(true)
  })

  it('keeps statement-set bookkeeping like Flink', async () => {
    const { services, started, planned } = fakeServices()
    const s = new Session(services)
    await expect(s.executeStatement({ kind: 'End', span }, '')).rejects.toThrow("No Statement Set to submit. 'END' statement should be used after 'BEGIN STATEMENT SET'.")
    expect(await s.executeStatement({ kind: 'BeginStatementSet', span }, '')).toEqual({ kind: 'ok', message: 'Begin a statement set.' })
    expect(s.inStatementSet).toBe(true)
    expect(await s.executeStatement(insert('a'), '')).toEqual({ kind: 'ok', message: 'Add SQL update statement to the statement set.' })
    await expect(s.executeStatement(select, '')).rejects.toThrow("Only 'INSERT/CREATE TABLE AS' statement is allowed in Statement Set or use 'END' statement to submit Statement Set.")
    await expect(s.executeStatement({ kind: 'BeginStatementSet', span }, '')).rejects.toThrow(/Only 'INSERT/)
    const bad = s.executeStatement(insert('missing'), 'INSERT INTO missing SELECT 1')
    await expect(bad).rejects.toBeInstanceOf(SqlError)
    await bad.catch((e: SqlError) => expect(e.source).toBe('INSERT INTO missing SELECT 1'))
    await s.executeStatement(insert('b'), '')
    expect(started).toHaveLength(0)
    const r = await s.executeStatement({ kind: 'End', span }, '')
    expect(r).toMatchObject({ kind: 'job' })
    expect(started).toHaveLength(1)
    const last = planned.at(-1)
    expect(last?.kind).toBe('StatementSet')
    if (last?.kind === 'StatementSet') expect(last.inserts.map((i) => i.target.parts[0]?.value)).toEqual(['a', 'b'])
    expect(s.inStatementSet).toBe(false)
    await s.executeStatement({ kind: 'BeginStatementSet', span }, '')
    expect(await s.executeStatement({ kind: 'End', span }, '')).toEqual({ kind: 'ok', message: 'No statement in the statement set, skip submit.' })
  })

  it('STOP JOB WITH SAVEPOINT needs a savepoint folder, passes it (SET wins) with drain, and returns Flink\'s one-column table', async () => {
    const { services, started } = fakeServices()
    const s = new Session(services, { config: { 'state.savepoints.dir': '/from-d' } })
    const r = await s.executeStatement(insert('sink'), '')
    if (r.kind !== 'job') throw new Error('expected job')
    const job = started[0] as FakeJob & { stopWithSavepoint?: JobHandle['stopWithSavepoint'] }
    const calls: unknown[] = []
    job.stopWithSavepoint = async (options) => {
      calls.push(options)
      job.finish({ status: 'FINISHED', savepointPath: '/sp/savepoint-abc' })
      return '/sp/savepoint-abc'
    }
    await s.executeStatement({ kind: 'Set', span, key: 'execution.checkpointing.savepoint-dir', value: '/from-set' }, '')
    const stopped = await s.executeStatement({ kind: 'StopJob', span, jobId: r.jobId, withSavepoint: true, withDrain: true }, '')
    expect(stopped).toEqual({ kind: 'table', columns: ['savepoint path'], rows: [['/sp/savepoint-abc']] })
    expect(calls).toEqual([{ targetDirectory: '/from-set', drain: true }])

    const bare = new Session(fakeServices().services)
    const r2 = await bare.executeStatement(insert('sink'), '')
    if (r2.kind !== 'job') throw new Error('expected job')
    const err = await bare.executeStatement({ kind: 'StopJob', span, jobId: r2.jobId, withSavepoint: true, withDrain: false }, '').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(EngineError)
    expect((err as EngineError).message).toContain("'execution.checkpointing.savepoint-dir'")
    expect((err as EngineError).message).toContain("'state.savepoints.dir'")
    expect(bare.jobs.running()).toHaveLength(1)
  })

  it('a restore path applies to every following INSERT until RESET, never to a SELECT', async () => {
    const { services, started } = fakeServices()
    const s = new Session(services)
    await s.executeStatement({ kind: 'Set', span, key: 'execution.savepoint.path', value: '/sp/savepoint-1' }, '')
    await s.executeStatement(insert('a'), '')
    await s.executeStatement(insert('b'), '')
    await s.executeStatement(select, '')
    await s.executeStatement({ kind: 'Reset', span, key: 'execution.state-recovery.path' }, '')
    await s.executeStatement(insert('c'), '')
    expect(started.map((j) => j.options.config['execution.state-recovery.path'])).toEqual(['/sp/savepoint-1', '/sp/savepoint-1', undefined, undefined])
  })

  it('SHOW JOBS lists jobs; STOP JOB cancels; a job without savepoint support says so', async () => {
    const { services, started } = fakeServices()
    const s = new Session(services)
    const r = await s.executeStatement(insert('sink'), '')
    if (r.kind !== 'job') throw new Error('expected job')
    const jobs = await s.executeStatement({ kind: 'Show', span, what: 'JOBS' }, '')
    expect(jobs).toMatchObject({ kind: 'table', columns: ['job id', 'job name', 'status', 'start time'] })
    if (jobs.kind !== 'table') return
    expect(jobs.rows[0]?.slice(0, 3)).toEqual([r.jobId, 'insert-into_default_catalog.default_database.sink', 'RUNNING'])
    expect(jobs.rows[0]?.[3]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/)
    await s.executeStatement({ kind: 'Set', span, key: 'state.savepoints.dir', value: '/sp' }, '')
    await expect(s.executeStatement({ kind: 'StopJob', span, jobId: r.jobId, withSavepoint: true, withDrain: false }, '')).rejects.toThrow(/not supported by this job/)
    expect(await s.executeStatement({ kind: 'StopJob', span, jobId: r.jobId, withSavepoint: false, withDrain: false }, '')).toMatchObject({ kind: 'ok' })
    expect(started[0]?.cancelled).toBe(true)
    const after = await s.executeStatement({ kind: 'Show', span, what: 'JOBS' }, '')
    if (after.kind === 'table') expect(after.rows[0]?.[2]).toBe('CANCELED')
    await expect(s.executeStatement({ kind: 'StopJob', span, jobId: r.jobId, withSavepoint: false, withDrain: false }, '')).rejects.toThrow(/terminal state CANCELED/)
    await expect(s.executeStatement({ kind: 'StopJob', span, jobId: 'f'.repeat(32), withSavepoint: false, withDrain: false }, '')).rejects.toThrow(/not found/)
  })

  it('streams SELECT results with row kinds and ends with the job', async () => {
    const { services, started } = fakeServices()
    const s = new Session(services)
    const r = await s.executeStatement(select, '')
    if (r.kind !== 'query') throw new Error('expected query')
    expect(r.columns.map((c) => c.name)).toEqual(['x'])
    const job = started[0] as FakeJob
    job.options.collect?.({ rows: [[1], [1], [2]], kinds: Uint8Array.from([RowKind.INSERT, RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER]) })
    job.finish({ status: 'FINISHED' })
    const rows = []
    for await (const row of r.rows) rows.push(row)
    expect(rows).toEqual([
      { kind: RowKind.INSERT, row: [1] },
      { kind: RowKind.UPDATE_BEFORE, row: [1] },
      { kind: RowKind.UPDATE_AFTER, row: [2] },
    ])
  })

  it('a failed SELECT job makes the row stream throw', async () => {
    const { services, started } = fakeServices()
    const s = new Session(services)
    const r = await s.executeStatement(select, '')
    if (r.kind !== 'query') throw new Error('expected query')
    started[0]?.finish({ status: 'FAILED', error: new EngineError('RUNTIME_X', 'boom') })
    await expect((async () => {
      for await (const _ of r.rows) void _
    })()).rejects.toThrow('boom')
  })
})
