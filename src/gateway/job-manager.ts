/**
 * The jobs a session (or a whole process) has started: SHOW JOBS, STOP JOB, and waiting for them. Jobs run in this
 * process; the manager only keeps their handles, it never drives them.
 */
import { randomBytes } from 'node:crypto'
import { EngineError } from '../errors.js'
import type { JobHandle, JobResult, JobStatus } from '../runtime/job-api.js'

/** Flink's job ids: 32 lowercase hex characters. */
export function newJobId(): string {
  return randomBytes(16).toString('hex')
}

const TERMINAL: ReadonlySet<JobStatus> = new Set<JobStatus>(['FINISHED', 'FAILED', 'CANCELED'])

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL.has(status)
}

export interface ManagedJob {
  readonly handle: JobHandle
  /** 'query' jobs feed a SELECT's result; 'dml' jobs write to tables. */
  readonly kind: 'dml' | 'query'
  /** Set once the job ended. */
  result: JobResult | undefined
}

export interface StopOptions {
  readonly withSavepoint: boolean
  readonly withDrain: boolean
  readonly savepointDirectory: string | undefined
}

/** `2023-02-11T05:03:51.523`, as Flink prints a LocalDateTime (in the process's time zone). */
export function formatStartTime(epochMs: number): string {
  const d = new Date(epochMs)
  const p = (n: number, w = 2): string => String(n).padStart(w, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`
}

export class JobManager {
  private readonly jobs = new Map<string, ManagedJob>()

  register(handle: JobHandle, kind: ManagedJob['kind']): ManagedJob {
    const job: ManagedJob = { handle, kind, result: undefined }
    this.jobs.set(handle.jobId, job)
    void handle.done.then((r) => {
      job.result = r
    })
    return job
  }

  get(jobId: string): ManagedJob | undefined {
    return this.jobs.get(jobId)
  }

  /** All jobs in start order. */
  all(): ManagedJob[] {
    return [...this.jobs.values()]
  }

  /** DML jobs that have not ended. */
  running(): ManagedJob[] {
    return this.all().filter((j) => j.kind === 'dml' && !isTerminal(j.handle.status()))
  }

  /** SHOW JOBS rows: job id, job name, status, start time. */
  showJobs(): string[][] {
    return this.all().map((j) => [j.handle.jobId, j.handle.jobName, j.handle.status(), formatStartTime(j.handle.startTime)])
  }

  /** STOP JOB: cancels the job, or stops it with a savepoint and returns the savepoint's path. */
  async stop(jobId: string, options: StopOptions): Promise<string | undefined> {
    const job = this.jobs.get(jobId.toLowerCase())
    if (job === undefined) {
      throw new EngineError('GATEWAY_JOB_NOT_FOUND', `job '${jobId}' not found`, { hint: 'SHOW JOBS lists the jobs of this session' })
    }
    const status = job.handle.status()
    if (isTerminal(status)) {
      throw new EngineError('GATEWAY_JOB_NOT_RUNNING', `job '${jobId}' has already reached the terminal state ${status}`)
    }
    if (options.withSavepoint) {
      const stop = job.handle.stopWithSavepoint
      if (stop === undefined) {
        throw new EngineError('GATEWAY_UNSUPPORTED', 'STOP JOB ... WITH SAVEPOINT is not supported by this job', {
          hint: `STOP JOB '${jobId}' (without WITH SAVEPOINT) cancels the job`,
        })
      }
      const target = options.savepointDirectory
      return stop.call(job.handle, target === undefined ? { drain: options.withDrain } : { targetDirectory: target, drain: options.withDrain })
    }
    await job.handle.cancel()
    await job.handle.done
    return undefined
  }

  /** Cancels every job that is still running and waits for them to end. */
  async cancelAll(): Promise<void> {
    const live = this.all().filter((j) => !isTerminal(j.handle.status()))
    await Promise.all(live.map(async (j) => {
      await j.handle.cancel()
      await j.handle.done
    }))
  }
}
