/** Shared helpers for the checkpoint, restart and savepoint tests: plan SQL, run it, read what it produced. */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createConnectorRegistry } from '../../../connectors/index.js'
import { CatalogManager } from '../../../src/catalog/catalog-manager.js'
import { planStatement } from '../../../src/plan/planner.js'
import type { StreamPlan } from '../../../src/plan/physical/stream-nodes.js'
import { formatValue } from '../../../src/runtime/expr/values.js'
import type { JobHandle, JobResult } from '../../../src/runtime/job-api.js'
import { startJob } from '../../../src/runtime/job-runner.js'
import type { RowBatch } from '../../../src/runtime/row-batch.js'
import { RowKind } from '../../../src/sql/row-kind.js'
import { parseStatement, splitStatements } from '../../../src/sql/parser.js'

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `weir-${prefix}-`))
}

let jobCounter = 0
export function newJobId(): string {
  jobCounter++
  return (Date.now().toString(16) + jobCounter.toString(16).padStart(4, '0')).padStart(32, 'a').slice(-32)
}

export interface Planned {
  readonly plan: StreamPlan
  readonly format: (b: RowBatch) => string[]
}

/** Runs the DDL statements of `script` and plans its last statement (an INSERT or a SELECT). */
export function planSql(script: string, config: Record<string, string> = {}): Planned {
  const connectors = createConnectorRegistry()
  const catalog = new CatalogManager(connectors)
  const statements = splitStatements(script).map((s) => s.text).filter((s) => s !== '')
  for (const ddl of statements.slice(0, -1)) catalog.executeDdl(parseStatement(ddl), ddl)
  const last = statements[statements.length - 1]!
  const stmt = parseStatement(last)
  if (stmt.kind !== 'Insert' && stmt.kind !== 'QueryStatement' && stmt.kind !== 'StatementSet') {
    throw new Error(`planSql plans an INSERT, a SELECT or a statement set, not ${stmt.kind}`)
  }
  const planned = planStatement(stmt, { catalog, connectors, config, sql: last })
  const fields = planned.resultFields ?? []
  return {
    plan: planned.plan,
    format: (b) => b.rows.map((row, i) => `${kindName(b.kinds === null ? RowKind.INSERT : b.kinds[i]!)} ${row.map((v, c) => (v === null ? 'NULL' : fields[c] === undefined ? String(v) : formatValue(v, fields[c]!.type))).join('|')}`),
  }
}

function kindName(k: number): string {
  return ['+I', '-U', '+U', '-D'][k] ?? '?'
}

export interface Run {
  readonly handle: JobHandle
  readonly rows: string[]
  readonly log: string[]
  readonly result: Promise<JobResult>
}

export function run(p: Planned, config: Record<string, string>, jobId = newJobId()): Run {
  const rows: string[] = []
  const log: string[] = []
  const handle = startJob(p.plan, { jobId, jobName: 'cp-test', config, connectors: createConnectorRegistry(), collect: (b) => rows.push(...p.format(b)), log: (l) => log.push(l) })
  return { handle, rows, log, result: handle.done }
}

/** Applies a changelog (`+I a|1`, `-U a|1`, ...) and returns the final table, sorted. */
export function materialize(lines: readonly string[]): string[] {
  const counts = new Map<string, number>()
  for (const l of lines) {
    const kind = l.slice(0, 2)
    const row = l.slice(3)
    const d = kind === '+I' || kind === '+U' ? 1 : -1
    counts.set(row, (counts.get(row) ?? 0) + d)
  }
  const out: string[] = []
  for (const [row, n] of counts) {
    if (n < 0) throw new Error(`row retracted more often than inserted: ${row}`)
    for (let i = 0; i < n; i++) out.push(row)
  }
  return out.sort()
}

/** Polls `f` until it returns a value (a test waits on a condition, not on a guess of time). */
export async function until<T>(f: () => T | null | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
  const t0 = Date.now()
  for (;;) {
    const v = f()
    if (v !== null && v !== undefined && v !== false) return v
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
