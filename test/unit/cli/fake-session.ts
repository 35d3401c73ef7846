/** A Session over fake services (no planner or runtime): enough to test how the CLI runs and prints statements. */
import { ConnectorRegistry } from '../../../src/catalog/connector-registry.js'
import { EngineError, SqlError } from '../../../src/errors.js'
import { Session, type PlannableStatement, type SessionServices } from '../../../src/gateway/session.js'
import type { JobHandle, JobOptions, JobResult, JobStatus } from '../../../src/runtime/job-api.js'
import type { CliContext } from '../../../src/cli/statement-runner.js'
import type { DataType } from '../../../src/sql/data-type.js'

const INT: DataType = { kind: 'INT', nullable: false }

export class FakeJob implements JobHandle {
  readonly startTime = Date.now()
  private st: JobStatus = 'RUNNING'
  private resolve!: (r: JobResult) => void
  readonly done = new Promise<JobResult>((r) => (this.resolve = r))
  constructor(readonly jobId: string, readonly jobName: string, readonly options: JobOptions) {}
  status(): JobStatus {
    return this.st
  }
  finish(result: JobResult): void {
    if (this.st === 'FINISHED' || this.st === 'FAILED' || this.st === 'CANCELED') return
    this.st = result.status
    this.resolve(result)
  }
  async cancel(): Promise<void> {
    this.finish({ status: 'CANCELED' })
  }
}

/**
 * Tables named `missing` do not exist; `SELECT <n>` yields one INT column with rows 1..n; INSERT jobs finish at
 * once unless the target is `forever` (runs until cancelled) or `broken` (fails).
 */
export function fakeServices(): { services: SessionServices; jobs: FakeJob[] } {
  const jobs: FakeJob[] = []
  const plannedRows = new Map<string, number>()
  const services: SessionServices = {
    connectors: new ConnectorRegistry(),
    catalog: {
      executeDdl: () => 'Execute statement succeeded.',
      show: () => ({ columns: ['table name'], rows: [['orders']] }),
      describeStatement: () => ({ columns: ['name', 'type'], rows: [['id', 'INT']] }),
      showCreate: () => 'CREATE TABLE `t` (\n  `id` INT\n)',
    },
    plan(stmt: PlannableStatement) {
      const target = stmt.kind === 'Insert' ? stmt.target : undefined
      if (target?.parts[0]?.value === 'missing') throw new SqlError('PLAN_TABLE_NOT_FOUND', "table 'missing' not found", target.span)
      if (stmt.kind === 'QueryStatement') {
        const body = stmt.query.body
        const item = body.kind === 'Select' ? body.items[0] : undefined
        const n = item?.kind === 'SelectExpr' && item.expr.kind === 'NumericLiteral' ? Number(item.expr.text) : 0
        plannedRows.set('next', n)
      }
      return {
        plan: { sinks: [], maxParallelism: 128 },
        resultFields: stmt.kind === 'QueryStatement' ? [{ name: 'n', type: INT }] : [],
        sinkTables: [],
        defaultJobName: target === undefined ? 'collect' : `insert-into_default_catalog.default_database.${target.parts[0]?.value ?? ''}`,
      }
    },
    explain: () => '== Abstract Syntax Tree ==\nLogicalValues\n',
    startJob(_plan, options) {
      const job = new FakeJob(options.jobId, options.jobName, options)
      jobs.push(job)
      const n = plannedRows.get('next')
      plannedRows.delete('next')
      queueMicrotask(() => {
        if (options.collect !== undefined) {
          if (n === undefined || n > 0) options.collect({ rows: Array.from({ length: n ?? 0 }, (_, i) => [i + 1]), kinds: null })
          if (n !== 999) job.finish({ status: 'FINISHED' })
          return
        }
        if (options.jobName.endsWith('forever')) return
        if (options.jobName.endsWith('broken')) job.finish({ status: 'FAILED', error: new EngineError('CONNECTOR_IO', 'disk full') })
        else job.finish({ status: 'FINISHED' })
      })
      return job
    },
  }
  return { services, jobs }
}

export function fakeContext(): { ctx: CliContext; lines: string[]; jobs: FakeJob[] } {
  const { services, jobs } = fakeServices()
  const lines: string[] = []
  const ctx: CliContext = {
    session: new Session(services),
    out: { line: (l) => lines.push(l) },
    formatter: () => (v) => String(v),
    submitted: [],
  }
  return { ctx, lines, jobs }
}
