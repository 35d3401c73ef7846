/**
 * Prints statement results the way Flink's SQL client does: `[INFO]` messages, boxed tables for SHOW / DESCRIBE,
 * plain EXPLAIN text, and query results in tableau form (streaming: row by row with an `op` column; batch: the
 * final table).
 */
import { rowChunks } from '../gateway/session-result-stream.js'
import type { QueryResult, StatementResult } from '../gateway/statement-result.js'
import { ROW_KIND_SHORT, RowKind } from '../sql/row-kind.js'
import { formatCells, renderTable, StreamingTableau, type ValueFormatter } from './tableau.js'

export interface PrintTarget {
  /** Writes one line (a newline is added). */
  line(text: string): void
}

export const MSG_SUBMITTING = '[INFO] Submitting SQL update statement to the cluster...'
export const MSG_SYNC_MODE = '[INFO] Execute statement in sync mode. Please wait for the execution finish...'
export const MSG_SYNC_DONE = '[INFO] Complete execution of the SQL update statement.'
export const MSG_SUBMITTED = '[INFO] SQL update statement has been successfully submitted to the cluster:'

/** Printed when a job that started from a savepoint or checkpoint has ended (its job log says so at the start). */
export function msgRestoredFrom(jobId: string, path: string): string {
  return `[INFO] Job ${jobId} restored from ${path}`
}

/** A job stopped with a savepoint (`weir -f` on SIGTERM): where it is, so the next run can resume from it. */
export function msgStoppedWithSavepoint(jobId: string, path: string): string {
  return `[INFO] Job ${jobId} stopped with savepoint: ${path}`
}

export function info(message: string): string {
  return `[INFO] ${message}`
}

/** Prints every result kind except queries (see printQuery). */
export function printStatusResult(result: Exclude<StatementResult, QueryResult>, out: PrintTarget): void {
  switch (result.kind) {
    case 'ok':
      out.line(info(result.message))
      return
    case 'explain':
      for (const l of result.text.replace(/\n$/, '').split('\n')) out.line(l)
      return
    case 'table': {
      const only = result.rows.length === 1 && result.columns.length === 1 ? result.rows[0]?.[0] : undefined
      // A single multi-line text (SHOW CREATE TABLE) reads better as itself than squeezed into a box.
      if (only !== undefined && only.includes('\n')) {
        for (const l of only.replace(/\n$/, '').split('\n')) out.line(l)
        return
      }
      for (const l of renderTable(result.columns, result.rows)) out.line(l)
      return
    }
    case 'job':
      if (result.sync) {
        if (result.restoredFrom !== undefined) out.line(msgRestoredFrom(result.jobId, result.restoredFrom))
        out.line(MSG_SYNC_DONE)
      } else {
        out.line(MSG_SUBMITTED)
        out.line(`Job ID: ${result.jobId}`)
      }
      return
  }
}

export interface QueryPrintOptions {
  readonly format: ValueFormatter
  readonly maxColumnWidth: number
  /** Aborting cancels the query's job (Ctrl-C); the printer then says the query was terminated. */
  readonly signal?: AbortSignal
}

/** Prints a query's result as it arrives; resolves when it ended, rejects when its job failed. */
export async function printQuery(result: QueryResult, out: PrintTarget, options: QueryPrintOptions): Promise<number> {
  let cancelled = false
  const onAbort = (): void => {
    cancelled = true
    void result.cancel()
  }
  if (options.signal?.aborted === true) onAbort()
  else options.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    return result.batch ? await printBatch(result, out, options, () => cancelled) : await printStreaming(result, out, options, () => cancelled)
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
  }
}

async function printStreaming(result: QueryResult, out: PrintTarget, options: QueryPrintOptions, cancelled: () => boolean): Promise<number> {
  const t = new StreamingTableau(result.columns, (l) => out.line(l), options.format, options.maxColumnWidth)
  t.header()
  for await (const rows of rowChunks(result.rows)) for (const r of rows) t.row(ROW_KIND_SHORT[r.kind] ?? '+I', r.row)
  if (cancelled()) t.terminated()
  else t.end()
  return t.rowCount
}

/**
 * Batch mode shows the final table, not the changelog: retractions remove the row they retract, and an update
 * (-U then +U) keeps the row where it was. Rows are compared by their printed cells, which is what the user sees.
 */
async function printBatch(result: QueryResult, out: PrintTarget, options: QueryPrintOptions, cancelled: () => boolean): Promise<number> {
  const rows: (string[] | null)[] = []
  const index = new Map<string, number[]>()
  let hole: number | undefined
  for await (const chunk of rowChunks(result.rows)) {
    for (const r of chunk) {
      const cells = formatCells(r.row, result.columns, options.format)
      const key = JSON.stringify(cells)
      if (r.kind === RowKind.INSERT || r.kind === RowKind.UPDATE_AFTER) {
        const pos = r.kind === RowKind.UPDATE_AFTER && hole !== undefined ? hole : rows.length
        rows[pos] = cells
        const at = index.get(key)
        if (at === undefined) index.set(key, [pos])
        else at.push(pos)
        hole = undefined
      } else {
        const at = index.get(key)
        const pos = at?.pop()
        // Drop emptied entries: an updating result (a running COUNT) passes through millions of distinct rows.
        if (at !== undefined && at.length === 0) index.delete(key)
        if (pos !== undefined) rows[pos] = null
        hole = r.kind === RowKind.UPDATE_BEFORE ? pos : undefined
      }
    }
  }
  const final = rows.filter((r): r is string[] => r !== null)
  for (const l of renderTable(result.columns.map((c) => c.name), final, options.maxColumnWidth)) out.line(l)
  if (cancelled()) out.line('Query terminated.')
  return final.length
}
