/**
 * Runs statements for the `weir` command, printing what Flink's SQL client prints: `[INFO]` messages, tables,
 * tableau query results, `[ERROR] Could not execute SQL statement. Reason:` with the rendered error.
 * Shared by `-f`, `-i` and the shell; the callers decide what an error means (stop, or go on).
 */
import { EngineError, SqlError } from '../errors.js'
import { ERROR_HEADER, renderError } from '../gateway/session-errors.js'
import type { Session } from '../gateway/session.js'
import { systemTimeZone } from '../gateway/session-config.js'
import type { JobResult } from '../runtime/job-api.js'
import type { Statement } from '../sql/ast.js'
import { parseStatement, splitStatements } from '../sql/parser.js'
import { SHELL_HELP } from './help.js'
import { MSG_SUBMITTING, MSG_SYNC_MODE, msgRestoredFrom, printQuery, printStatusResult, type PrintTarget } from './result-printer.js'
import type { ValueFormatter } from './tableau.js'

export interface CliContext {
  readonly session: Session
  readonly out: PrintTarget
  /** Cell text of a value, with TIMESTAMP_LTZ shown in `timeZone` (an id, already resolved from 'default'). */
  readonly formatter: (timeZone: string) => ValueFormatter
  /** Clears the terminal (CLEAR); absent when there is none. */
  readonly clear?: () => void
  /** Ids of jobs submitted detached (not with table.dml-sync), in order; `-f` waits for them at the end. */
  readonly submitted: string[]
}

export type Outcome = 'ok' | 'error' | 'quit'

export interface RunOptions {
  /** Aborted by Ctrl-C: cancels a running SELECT. */
  readonly signal?: AbortSignal
  /** `-i` files may only hold DDL, USE, SET and RESET. */
  readonly init?: boolean
  /** Stop at the first failing statement (`-f`, `-i`); the shell goes on. */
  readonly stopOnError: boolean
  /** True once the run must not start another statement (a signal arrived) though the current one may go on. */
  readonly halted?: () => boolean
}

/** A statement of a larger text, parsed so that its spans (and error LINE numbers) refer to that text. */
export interface ParsedPiece {
  readonly statement: Statement
}

/**
 * Parses the statement of `text` that starts at `start`. Everything before it is blanked (newlines kept), so
 * offsets, lines and columns of the AST and of parse errors are those of the whole text.
 */
export function parseStatementAt(text: string, start: number, statementText: string): Statement {
  const prefix = text.slice(0, start).replace(/[^\n]/g, ' ')
  try {
    return parseStatement(prefix + statementText)
  } catch (e) {
    if (e instanceof SqlError) e.source = text
    throw e
  }
}

const INIT_ALLOWED = new Set<Statement['kind']>([
  'CreateTable', 'CreateView', 'DropTable', 'DropView', 'AlterTable', 'CreateCatalog', 'DropCatalog',
  'CreateDatabase', 'DropDatabase', 'UseCatalog', 'UseDatabase', 'Set', 'Reset',
])

/** table.local-time-zone, with 'default' meaning the system's zone. */
export function sessionTimeZone(session: Session): string {
  const z = session.config.get('table.local-time-zone') ?? 'default'
  return z === 'default' ? systemTimeZone() : z
}

export function printError(ctx: CliContext, e: unknown): void {
  ctx.out.line(ERROR_HEADER)
  for (const l of renderError(e, ctx.session.config.getBoolean('sql-client.verbose')).split('\n')) ctx.out.line(l)
}

/** Executes one parsed statement and prints its result; never throws for a statement's own failure. */
export async function runStatement(ctx: CliContext, stmt: Statement, source: string, options: RunOptions): Promise<Outcome> {
  if (stmt.kind === 'Quit') return 'quit'
  const outcome = await runAndPrint(ctx, stmt, source, options)
  // Flink's client leaves an empty line after every statement's output.
  ctx.out.line('')
  return outcome
}

async function runAndPrint(ctx: CliContext, stmt: Statement, source: string, options: RunOptions): Promise<Outcome> {
  const { session, out } = ctx
  try {
    if (stmt.kind === 'Help') {
      for (const l of SHELL_HELP.split('\n')) out.line(l)
      return 'ok'
    }
    if (stmt.kind === 'Clear') {
      ctx.clear?.()
      return 'ok'
    }
    if (options.init === true && !INIT_ALLOWED.has(stmt.kind)) {
      throw new EngineError('GATEWAY_INIT_STATEMENT', 'Unsupported statement in the init file: only DDL (CREATE/DROP/ALTER), USE, SET and RESET are allowed')
    }
    const result = await session.executeStatement(stmt, source, {
      beforeSubmit: (sync) => {
        out.line(MSG_SUBMITTING)
        if (sync) out.line(MSG_SYNC_MODE)
      },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    })
    if (result.kind === 'query') {
      const maxColumnWidth = session.config.getInt('table.display.max-column-width', 30)
      const format = ctx.formatter(sessionTimeZone(session))
      await printQuery(result, out, options.signal === undefined ? { format, maxColumnWidth } : { format, maxColumnWidth, signal: options.signal })
    } else {
      printStatusResult(result, out)
      if (result.kind === 'job' && !result.sync) ctx.submitted.push(result.jobId)
    }
    return 'ok'
  } catch (e) {
    printError(ctx, e)
    return 'error'
  }
}

/**
 * Runs every statement of `text` in order (parsing each just before it runs, as Flink does, so earlier statements
 * take effect even when a later one does not parse). Returns 'error' at the first failure when stopOnError.
 */
export async function runText(ctx: CliContext, text: string, options: RunOptions): Promise<Outcome> {
  let outcome: Outcome = 'ok'
  for (const piece of splitStatements(text)) {
    // Interrupted (Ctrl-C / SIGTERM in `-f`): the statement that was running has ended; run no further ones.
    if (options.stopOnError && (options.signal?.aborted === true || options.halted?.() === true)) return 'error'
    let stmt: Statement
    try {
      stmt = parseStatementAt(text, piece.start, piece.text)
    } catch (e) {
      printError(ctx, e)
      ctx.out.line('')
      if (options.stopOnError) return 'error'
      outcome = 'error'
      continue
    }
    const r = await runStatement(ctx, stmt, text, options)
    if (r === 'quit') return 'quit'
    if (r === 'error') {
      if (options.stopOnError) return 'error'
      outcome = 'error'
    }
  }
  return outcome
}

/**
 * Waits for the detached jobs `weir -f` submitted. Reports a failure at once (and cancels the others), otherwise
 * reports every job in submission order once all have ended, so the output does not depend on timing.
 */
export async function awaitSubmittedJobs(ctx: CliContext): Promise<boolean> {
  const jobs = ctx.submitted.flatMap((id) => {
    const j = ctx.session.jobs.get(id)
    return j === undefined ? [] : [j]
  })
  const pending = new Set(jobs)
  const results = new Map<(typeof jobs)[number], JobResult>()
  while (pending.size > 0) {
    const { job, result } = await Promise.race([...pending].map((j) => j.handle.done.then((r) => ({ job: j, result: r }))))
    pending.delete(job)
    results.set(job, result)
    if (result.status === 'FAILED') {
      ctx.out.line(`[ERROR] Job ${job.handle.jobId} failed. Reason:`)
      for (const l of renderError(result.error, ctx.session.config.getBoolean('sql-client.verbose')).split('\n')) ctx.out.line(l)
      await ctx.session.close()
      return false
    }
  }
  let allFinished = true
  for (const job of jobs) {
    const restoredFrom = ctx.session.restoredFrom(job.handle.jobId)
    if (restoredFrom !== null) ctx.out.line(msgRestoredFrom(job.handle.jobId, restoredFrom))
    // Stopped with a savepoint: whoever stopped it (STOP JOB, the SIGTERM handler) printed the path already.
    if (results.get(job)?.savepointPath !== undefined) continue
    if (results.get(job)?.status === 'FINISHED') ctx.out.line(`[INFO] Job ${job.handle.jobId} finished.`)
    else {
      ctx.out.line(`[INFO] Job ${job.handle.jobId} was canceled.`)
      allFinished = false
    }
  }
  return allFinished
}
