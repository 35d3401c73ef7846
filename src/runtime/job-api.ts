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
  /**
   * Takes a savepoint of the running job without stopping it; resolves with the savepoint folder's path.
   * `targetDirectory` defaults to execution.checkpointing.savepoint-dir (alias state.savepoints.dir); neither set
   * is an error. Intermediate savepoints do not commit sink side effects (as in Flink 1.15+).
   */
  triggerSavepoint?(options?: SavepointOptions): Promise<string>
  /**
   * Stops the job with a savepoint: sources stop, (with `drain`) MAX_WATERMARK flushes every window and timer,
   * the final barrier snapshots all state, sinks commit, the job ends FINISHED with `savepointPath` set.
   */
  stopWithSavepoint?(options?: SavepointOptions & { readonly drain?: boolean }): Promise<string>
  /** Triggers a checkpoint now (tests, the REST gateway); resolves with the completed checkpoint's path. */
  triggerCheckpoint?(): Promise<string>
  /** Completed checkpoints and restore information, for SHOW JOBS / the gateway / tests. */
  checkpointStats?(): CheckpointStats
}

export interface SavepointOptions {
  readonly targetDirectory?: string
}

export interface CheckpointStats {
  readonly completed: number
  readonly failed: number
  readonly latestCompletedPath: string | null
  readonly latestCompletedId: number | null
  /** The checkpoint or savepoint this run restored from, if any. */
  readonly restoredFrom: string | null
  readonly restarts: number
}

/** Counters per operator (`Calc[uid]` -> numRecordsIn, numRecordsOut, numLateRecordsDropped, ...), summed over subtasks. */
export interface JobMetrics {
  readonly operators: Readonly<Record<string, Readonly<Record<string, number>>>>
}
