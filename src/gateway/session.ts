/**
 * The statement executor shared by the shell, `weir -f` and the REST gateway: one Session per user session, holding
 * its configuration, catalog, connector registry and jobs. `executeStatement` runs one parsed statement and returns
 * a StatementResult; errors are thrown (EngineError / SqlError with its source text set, so it renders with carets).
 */
import { EngineError, SqlError, assertNever } from '../errors.js'
import type { Field, StreamPlan } from '../plan/physical/stream-nodes.js'
import type { ConnectorRegistry } from '../catalog/connector-registry.js'
import type { JobHandle, JobOptions, JobResult } from '../runtime/job-api.js'
import type {
  Describe,
  Explain,
  Insert,
  QueryStatement,
  Show,
  ShowColumns,
  ShowCreate,
  Statement,
  StatementSet,
  StopJob,
} from '../sql/ast.js'
import { spanCovering } from '../sql/span.js'
import { JobManager, newJobId } from './job-manager.js'
import { maskValue, SessionConfig } from './session-config.js'
import { ResultStream } from './session-result-stream.js'
import {
  MSG_ADDED_TO_STATEMENT_SET,
  MSG_BEGIN_STATEMENT_SET,
  MSG_EMPTY_STATEMENT_SET,
  MSG_SUCCEEDED,
  type QueryResult,
  type StatementResult,
} from './statement-result.js'

/** A small table of strings (SHOW, DESCRIBE). */
export interface TableData {
  readonly columns: readonly string[]
  readonly rows: readonly (readonly string[])[]
}

export type DdlStatement = Extract<
  Statement,
  { kind: 'CreateTable' | 'CreateView' | 'DropTable' | 'DropView' | 'AlterTable' | 'CreateCatalog' | 'DropCatalog' | 'CreateDatabase' | 'DropDatabase' | 'UseCatalog' | 'UseDatabase' }
>

/** The catalog operations a session needs (the planner's CatalogManager). `sql` is the text spans point into. */
export interface SessionCatalog {
  /** Runs DDL or USE (not CREATE TABLE ... AS SELECT, which is planned); returns Flink's message. */
  executeDdl(stmt: DdlStatement, sql: string): string
  show(stmt: Show, sql: string): TableData
  describeStatement(stmt: Describe | ShowColumns, sql: string): TableData
  showCreate(stmt: ShowCreate, sql: string): string
}

/** CREATE TABLE ... AS SELECT: creates the table and plans the INSERT into it. */
export type CreateTableAs = Extract<Statement, { kind: 'CreateTable' }> & { readonly asQuery: NonNullable<Extract<Statement, { kind: 'CreateTable' }>['asQuery']> }

export type PlannableStatement = Insert | StatementSet | QueryStatement | CreateTableAs

/** A planned INSERT, statement set or SELECT. */
export interface PlannedStatement {
  readonly plan: StreamPlan
  /** A SELECT's result columns (empty for DML). */
  readonly resultFields: readonly Field[]
  readonly sinkTables: readonly string[]
  readonly defaultJobName: string
}

/** What a session is built on; `createSession` (session-factory.ts) wires the real engine, tests may fake it. */
export interface SessionServices {
  readonly catalog: SessionCatalog
  readonly connectors: ConnectorRegistry
  plan(stmt: PlannableStatement, sql: string, config: Readonly<Record<string, string>>): PlannedStatement
  explain(stmt: Explain, sql: string, config: Readonly<Record<string, string>>): string
  startJob(plan: StreamPlan, options: JobOptions): JobHandle
  /** Told the effective configuration at the start and after every SET / RESET (e.g. the session time zone). */
  configure?(config: Readonly<Record<string, string>>): void
}

export interface SessionOptions {
  /** The -D options: the configuration RESET returns to. */
  readonly config?: Readonly<Record<string, string>>
  /** Shared by several sessions of one process (the gateway); a new one otherwise. */
  readonly jobManager?: JobManager
  /** Where job log lines go (checkpoints, restarts). */
  readonly log?: (line: string) => void
}

export const MSG_ONLY_INSERT_IN_SET =
  "Only 'INSERT/CREATE TABLE AS' statement is allowed in Statement Set or use 'END' statement to submit Statement Set."
/** Flink's column of STOP JOB ... WITH SAVEPOINT. */
export const SAVEPOINT_PATH_COLUMN = 'savepoint path'
export const SAVEPOINT_DIR_KEY = 'execution.checkpointing.savepoint-dir'
export const RECOVERY_PATH_KEY = 'execution.state-recovery.path'
export const SAVEPOINT_DIR_OLD_KEY = 'state.savepoints.dir'

export const MSG_NO_STATEMENT_SET = "No Statement Set to submit. 'END' statement should be used after 'BEGIN STATEMENT SET'."

/** Callbacks that let a caller report progress the way Flink's client does. */
export interface ExecuteHooks {
  /** A DML statement was planned and its job is about to start (the shell prints "Submitting ..."). */
  readonly beforeSubmit?: (sync: boolean) => void
  /** Aborting it cancels the job a table.dml-sync INSERT is waiting for (Ctrl-C in the shell). */
  readonly signal?: AbortSignal
}

interface PendingInsert {
  readonly stmt: Insert
  readonly source: string
}

export class Session {
  readonly config: SessionConfig
  readonly jobs: JobManager
  private readonly log: ((line: string) => void) | undefined
  /** Legacy BEGIN STATEMENT SET; ... END; collects INSERTs here; null outside a set. */
  private pendingSet: PendingInsert[] | null = null

  constructor(
    private readonly services: SessionServices,
    options: SessionOptions = {},
  ) {
    this.config = new SessionConfig(options.config ?? {})
    this.jobs = options.jobManager ?? new JobManager()
    this.log = options.log
    services.configure?.(this.config.toJobConfig())
  }

  get connectors(): ConnectorRegistry {
    return this.services.connectors
  }

  /** Inside BEGIN STATEMENT SET; (the shell shows it, END submits). */
  get inStatementSet(): boolean {
    return this.pendingSet !== null
  }

  /** Whether INSERTs wait for their job (table.dml-sync). */
  get dmlSync(): boolean {
    return this.config.getBoolean('table.dml-sync')
  }

  /**
   * Runs one statement. `source` is the text the statement's spans point into (the whole script for `-f`), so a
   * SqlError renders its LINE and carets against what the user wrote.
   */
  async executeStatement(stmt: Statement, source: string, hooks: ExecuteHooks = {}): Promise<StatementResult> {
    try {
      return await this.dispatch(stmt, source, hooks)
    } catch (e) {
      if (e instanceof SqlError && e.source === undefined) e.source = source
      throw e
    }
  }

  private async dispatch(stmt: Statement, source: string, hooks: ExecuteHooks): Promise<StatementResult> {
    if (this.pendingSet !== null) return this.inSet(this.pendingSet, stmt, source, hooks)
    switch (stmt.kind) {
      case 'CreateTable':
        if (stmt.asQuery !== undefined) return this.submitDml({ ...stmt, asQuery: stmt.asQuery }, source, hooks)
        return ok(this.services.catalog.executeDdl(stmt, source))
      case 'CreateView':
      case 'DropTable':
      case 'DropView':
      case 'AlterTable':
      case 'CreateCatalog':
      case 'DropCatalog':
      case 'CreateDatabase':
      case 'DropDatabase':
      case 'UseCatalog':
      case 'UseDatabase':
        return ok(this.services.catalog.executeDdl(stmt, source))
      case 'Insert':
      case 'StatementSet':
        return this.submitDml(stmt, source, hooks)
      case 'BeginStatementSet':
        this.pendingSet = []
        return ok(MSG_BEGIN_STATEMENT_SET)
      case 'End':
        throw new EngineError('GATEWAY_STATEMENT_SET', MSG_NO_STATEMENT_SET)
      case 'QueryStatement':
        return this.runQuery(stmt, source)
      case 'Explain':
        return { kind: 'explain', text: this.services.explain(stmt, source, this.config.toJobConfig()) }
      case 'Set':
        return this.set(stmt.key, stmt.value)
      case 'Reset':
        this.config.reset(stmt.key)
        this.services.configure?.(this.config.toJobConfig())
        return ok(MSG_SUCCEEDED)
      case 'Show':
        if (stmt.what === 'JOBS') return table(['job id', 'job name', 'status', 'start time'], this.jobs.showJobs())
        return tableOf(this.services.catalog.show(stmt, source))
      case 'ShowColumns':
      case 'Describe':
        return tableOf(this.services.catalog.describeStatement(stmt, source))
      case 'ShowCreate':
        return table(['result'], [[this.services.catalog.showCreate(stmt, source)]])
      case 'StopJob':
        return this.stopJob(stmt)
      case 'Help':
      case 'Quit':
      case 'Clear':
        throw new EngineError('GATEWAY_CLIENT_COMMAND', `${stmt.kind.toUpperCase()} is a command of the SQL shell, not a statement the session executes`)
      default:
        return assertNever(stmt, 'statement')
    }
  }

  private async inSet(pending: PendingInsert[], stmt: Statement, source: string, hooks: ExecuteHooks): Promise<StatementResult> {
    if (stmt.kind === 'Insert') {
      // Plan it now so a mistake is reported at the INSERT the user wrote, with its own source text.
      this.services.plan(stmt, source, this.config.toJobConfig())
      pending.push({ stmt, source })
      return ok(MSG_ADDED_TO_STATEMENT_SET)
    }
    if (stmt.kind !== 'End') throw new EngineError('GATEWAY_STATEMENT_SET', MSG_ONLY_INSERT_IN_SET)
    this.pendingSet = null
    const first = pending[0]
    const last = pending[pending.length - 1]
    if (first === undefined || last === undefined) return ok(MSG_EMPTY_STATEMENT_SET)
    const set: StatementSet = { kind: 'StatementSet', span: spanCovering(first.stmt.span, last.stmt.span), inserts: pending.map((p) => p.stmt) }
    // Every INSERT was planned against its own text already; spans of the set refer to the last one's.
    return this.submitDml(set, last.source, hooks)
  }

  private async submitDml(stmt: Insert | StatementSet | CreateTableAs, source: string, hooks: ExecuteHooks): Promise<StatementResult> {
    const config = this.config.toJobConfig()
    const planned = this.services.plan(stmt, source, config)
    hooks.beforeSubmit?.(this.dmlSync)
    const jobName = this.config.get('pipeline.name') ?? planned.defaultJobName
    const handle = this.start(planned.plan, jobName, config, undefined)
    this.jobs.register(handle, 'dml')
    if (!this.dmlSync) return { kind: 'job', jobId: handle.jobId, jobName, sync: false }
    const cancel = (): void => void handle.cancel()
    if (hooks.signal?.aborted === true) cancel()
    else hooks.signal?.addEventListener('abort', cancel, { once: true })
    try {
      throwIfUnsuccessful(await handle.done, handle.jobId)
    } finally {
      hooks.signal?.removeEventListener('abort', cancel)
    }
    const restoredFrom = handle.checkpointStats?.().restoredFrom ?? null
    return { kind: 'job', jobId: handle.jobId, jobName, sync: true, ...(restoredFrom === null ? {} : { restoredFrom }) }
  }

  private async runQuery(stmt: QueryStatement, source: string): Promise<QueryResult> {
    // execution.state-recovery.path applies to the following DML statements (Flink's wording); a SELECT's job
    // never restores the state of an INSERT job, so it starts fresh.
    const config = this.config.toJobConfig()
    delete config[RECOVERY_PATH_KEY]
    const planned = this.services.plan(stmt, source, config)
    const stream = new ResultStream()
    const handle = this.start(planned.plan, this.config.get('pipeline.name') ?? planned.defaultJobName, config, (b) => stream.push(b))
    this.jobs.register(handle, 'query')
    void handle.done.then((r) => stream.end(r.status === 'FAILED' ? (r.error ?? new EngineError('RUNTIME_JOB_FAILED', 'the query job failed')) : undefined))
    return {
      kind: 'query',
      columns: planned.resultFields,
      rows: stream,
      jobId: handle.jobId,
      batch: this.config.get('execution.runtime-mode') === 'batch',
      cancel: async () => {
        await handle.cancel()
        await handle.done
      },
    }
  }

  private start(plan: StreamPlan, jobName: string, config: Record<string, string>, collect: JobOptions['collect']): JobHandle {
    const base = { jobId: newJobId(), jobName, config, connectors: this.services.connectors }
    const withCollect = collect === undefined ? base : { ...base, collect }
    return this.services.startJob(plan, this.log === undefined ? withCollect : { ...withCollect, log: this.log })
  }

  private set(key: string | undefined, value: string | undefined): StatementResult {
    if (key === undefined) return table(['key', 'value'], this.config.listing())
    if (value === undefined) {
      const v = this.config.get(key)
      return table(['key', 'value'], v === undefined ? [] : [[key, maskValue(key, v)]])
    }
    this.config.set(key, value)
    this.services.configure?.(this.config.toJobConfig())
    return ok(MSG_SUCCEEDED)
  }

  private async stopJob(stmt: StopJob): Promise<StatementResult> {
    // Checked before the job is touched, so a missing folder leaves the job running (as Flink does).
    const savepointDirectory = stmt.withSavepoint ? this.savepointDirectory() : undefined
    const path = await this.jobs.stop(stmt.jobId, { withSavepoint: stmt.withSavepoint, withDrain: stmt.withDrain, savepointDirectory })
    return path === undefined ? ok(MSG_SUCCEEDED) : table([SAVEPOINT_PATH_COLUMN], [[path]])
  }

  /** The folder savepoints go to (SET / -D execution.checkpointing.savepoint-dir or state.savepoints.dir); an error when neither is set. */
  savepointDirectory(): string {
    const dir = this.config.get(SAVEPOINT_DIR_KEY)
    if (dir === undefined || dir.trim() === '') {
      throw new EngineError(
        'CHECKPOINT_NO_SAVEPOINT_DIR',
        `No savepoint directory configured. Configure a default via key '${SAVEPOINT_DIR_KEY}' (or its older name '${SAVEPOINT_DIR_OLD_KEY}').`,
        { hint: `SET '${SAVEPOINT_DIR_KEY}' = '/path/to/savepoints';` },
      )
    }
    return dir
  }

  /**
   * Stops every running INSERT job of this session with a savepoint (`weir -f` on SIGTERM when
   * weir.stop-with-savepoint-on-sigterm is set). Resolves with each job's savepoint path, in start order.
   */
  async stopAllWithSavepoint(): Promise<Array<{ readonly jobId: string; readonly path: string }>> {
    const dir = this.savepointDirectory()
    const running = this.jobs.running()
    return Promise.all(running.map(async (j) => ({
      jobId: j.handle.jobId,
      path: await this.jobs.stop(j.handle.jobId, { withSavepoint: true, withDrain: false, savepointDirectory: dir }) ?? '',
    })))
  }

  /** The snapshot a finished job restored from (its checkpoint stats), for the shell's "restored from" line. */
  restoredFrom(jobId: string): string | null {
    return this.jobs.get(jobId)?.handle.checkpointStats?.().restoredFrom ?? null
  }

  /** Cancels every job of this session (the shell's QUIT, the gateway closing the session). */
  async close(): Promise<void> {
    await this.jobs.cancelAll()
  }
}

function ok(message: string): StatementResult {
  return { kind: 'ok', message }
}

function table(columns: readonly string[], rows: readonly (readonly string[])[]): StatementResult {
  return { kind: 'table', columns, rows }
}

function tableOf(t: TableData): StatementResult {
  return table(t.columns, t.rows)
}

function throwIfUnsuccessful(result: JobResult, jobId: string): void {
  if (result.status === 'FINISHED') return
  if (result.status === 'FAILED') throw result.error ?? new EngineError('RUNTIME_JOB_FAILED', `job ${jobId} failed`)
  throw new EngineError('GATEWAY_JOB_CANCELED', `job ${jobId} was canceled before it finished`)
}
