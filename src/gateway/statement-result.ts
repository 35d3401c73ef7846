/**
 * What executing one statement produces, shaped for the shell, `weir -f` and the REST gateway alike.
 * The shell prints it (tableau), the gateway maps it to Flink's ResultSet (resultKind SUCCESS / SUCCESS_WITH_CONTENT,
 * isQueryResult, jobID).
 */
import type { Field } from '../plan/physical/stream-nodes.js'
import type { RowKind } from '../sql/row-kind.js'

export interface ResultRow {
  readonly kind: RowKind
  readonly row: unknown[]
}

export type StatementResult =
  /** DDL, SET, RESET, USE, STOP JOB without savepoint, statement-set bookkeeping. */
  | { readonly kind: 'ok'; readonly message: string }
  /** SHOW, DESCRIBE, `SET;`, STOP JOB ... WITH SAVEPOINT: a small materialised table of strings. */
  | { readonly kind: 'table'; readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] }
  | { readonly kind: 'explain'; readonly text: string }
  /** INSERT / statement set submitted; `sync` when it ran under table.dml-sync and has already finished. */
  | { readonly kind: 'job'; readonly jobId: string; readonly jobName: string; readonly sync: boolean; readonly restoredFrom?: string }
  /** SELECT: the result as a changelog stream that ends when the job ends (and throws if it fails). */
  | QueryResult

export interface QueryResult {
  readonly kind: 'query'
  readonly columns: readonly Field[]
  readonly rows: AsyncIterable<ResultRow>
  readonly jobId: string
  /** True when the session runs in batch mode: the final result matters, not the changelog. */
  readonly batch: boolean
  /** Stops the job; the row stream then ends. */
  cancel(): Promise<void>
}

export type StatementResultKind = StatementResult['kind']

/** Flink's success message (2.x spelling). */
export const MSG_SUCCEEDED = 'Execute statement succeeded.'
export const MSG_BEGIN_STATEMENT_SET = 'Begin a statement set.'
export const MSG_ADDED_TO_STATEMENT_SET = 'Add SQL update statement to the statement set.'
export const MSG_EMPTY_STATEMENT_SET = 'No statement in the statement set, skip submit.'
