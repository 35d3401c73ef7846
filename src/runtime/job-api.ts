/**
 * How the session layer (shell, -f, gateway) starts and controls jobs. Implemented by the runtime's job runner.
 */
import type { ConnectorRegistry } from '../catalog/connector-registry.js'
import type { StreamPlan } from '../plan/physical/stream-nodes.js'
import type { RowBatch } from './row-batch.js'

/** Flink's job statuses, as SHOW JOBS prints them. */
export type JobStatus = 'INITIALIZING' | 'CREATED' | 'RUNNING' | 'RESTARTING' | 'FINISHED' | 'FAILED' | 'CANCELLING' | 'CANCELED'

export interface JobOptions {
  /** 32 lowercase hex characters, as Flink's job ids. */
  readonly jobId: string
  readonly jobName: string
  /** Session configuration at submission (parallelism.default, pipeline.max-parallelism, table.exec.*, ...). */
  readonly config: Readonly<Record<string, string>>
  readonly connectors: ConnectorRegistry
  /** For plans with a collect sink (SELECT): receives result batches in order, with row kinds. */
  readonly collect?: (batch: RowBatch) => void
  /** Where log lines go (checkpoint completed, restored from, restarts); defaults to nowhere. */
  readonly log?: (line: string) => void
}

export interface JobResult {
  readonly status: 'FINISHED' | 'FAILED' | 'CANCELED'
  readonly error?: Error
  /** Set when the job was stopped with a savepoint. */
  readonly savepointPath?: string
}

export interface JobHandle {
  readonly jobId: string
  readonly jobName: string
  readonly startTime: number
  status(): JobStatus
  /** Resolves when the job ends for any reason; never rejects (failures are a FAILED result). */
  readonly done: Promise<JobResult>
  cancel(): Promise<void>
  /** A snapshot of the job's counters (added for tests and the gateway; optional for other implementations). */
  metrics?(): JobMetrics
}

/** Counters per operator (`Calc[uid]` -> numRecordsIn, numRecordsOut, numLateRecordsDropped, ...), summed over subtasks. */
export interface JobMetrics {
  readonly operators: Readonly<Record<string, Readonly<Record<string, number>>>>
}
