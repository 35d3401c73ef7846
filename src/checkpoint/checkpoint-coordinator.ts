/**
 * The checkpoint coordinator of one job (main thread): triggers checkpoints every
 * execution.checkpointing.interval (min-pause, max-concurrent-checkpoints, timeout), injects their barriers at the
 * sources of the running execution, collects every subtask's acknowledgement, completes the checkpoint
 * (`_metadata` written last, atomically) and then tells the subtasks (sinks commit). Savepoints and
 * stop-with-savepoint go through the same path. Failed checkpoints are counted; more consecutive failures than
 * execution.checkpointing.tolerable-failed-checkpoints fail the job.
 *
 * The coordinator outlives executions: on a restart the job runner detaches the old one (pending checkpoints are
 * aborted) and attaches the new one; checkpoint ids keep increasing.
 */
import { EngineError } from '../errors.js'
import type { CheckpointNotification, CheckpointTarget, SubtaskAck } from '../runtime/checkpoint-messages.js'
import type { CheckpointOptions } from './checkpoint-options.js'
import type { CheckpointStorage } from './checkpoint-storage.js'
import type { CompletedCheckpoint, PendingCheckpoint } from './pending-checkpoint.js'

export interface CoordinatorOptions {
  readonly jobId: string
  readonly options: CheckpointOptions
  readonly storage: CheckpointStorage
  /** Number of subtasks that acknowledge each checkpoint (every subtask of every task). */
  readonly subtaskCount: number
  readonly log: (line: string) => void
  /** Too many failed checkpoints: the job fails with this error. */
  readonly onFatal: (e: Error) => void
  /** The first checkpoint id to use (after a restored checkpoint's id). */
  readonly firstCheckpointId: number
}

export interface TriggerRequest {
  readonly savepoint: boolean
  readonly targetDirectory?: string | null
  readonly stop?: { readonly drain: boolean } | null
}

interface Pending {
  readonly checkpoint: PendingCheckpoint
  readonly request: TriggerRequest
  readonly acked: Set<string>
  readonly acks: Promise<void>[]
  readonly timer: NodeJS.Timeout
  resolve: (c: CompletedCheckpoint) => void
  reject: (e: Error) => void
  completing: boolean
}

export class CheckpointCoordinator {
  private nextId: number
  private target: CheckpointTarget | null = null
  private readonly pendings = new Map<number, Pending>()
  /** Recently aborted checkpoints, so late acknowledgements can remove the files they wrote. */
  private readonly aborted = new Map<number, PendingCheckpoint>()
  private periodic: NodeJS.Timeout | null = null
  private lastCompletedAt = 0
  private consecutiveFailures = 0
  private finishedSubtasks = new Set<string>()
  private stopped = false
  completedCount = 0
  failedCount = 0

  constructor(private readonly o: CoordinatorOptions) {
    this.nextId = o.firstCheckpointId
  }

  /** Checkpoint ids continue after a restored checkpoint's id. */
  continueAfter(checkpointId: number): void {
    if (checkpointId >= this.nextId) this.nextId = checkpointId + 1
  }

  get periodicEnabled(): boolean {
    return this.o.options.intervalMs !== null
  }

  /** A new execution runs: periodic checkpoints start (after one interval). */
  attach(target: CheckpointTarget): void {
    this.target = target
    this.finishedSubtasks = new Set()
    this.lastCompletedAt = Date.now()
    this.schedule(this.o.options.intervalMs)
  }

  /** The execution ended (finished, failed, cancelled): pending checkpoints are aborted, nothing is triggered. */
  async detach(reason: string): Promise<void> {
    this.target = null
    if (this.periodic !== null) clearTimeout(this.periodic)
    this.periodic = null
    for (const id of [...this.pendings.keys()]) await this.abort(id, reason, false)
  }

  /**
   * The execution is ending (its subtasks finished or one failed): pending checkpoints are aborted without counting
   * as failures, and declines that follow (subtasks closing under an in-flight write) are ignored.
   */
  quiesce(): void {
    if (this.periodic !== null) clearTimeout(this.periodic)
    this.periodic = null
    const target = this.target
    this.target = null
    for (const id of [...this.pendings.keys()]) void this.abort(id, 'the job is ending', false)
    void target
  }

  /** No checkpoint will be triggered any more (job ending). */
  async shutdown(reason: string): Promise<void> {
    this.stopped = true
    await this.detach(reason)
  }

  private schedule(delay: number | null): void {
    if (this.periodic !== null) clearTimeout(this.periodic)
    this.periodic = null
    if (delay === null || this.stopped || this.target === null) return
    this.periodic = setTimeout(() => {
      this.periodic = null
      this.periodicTrigger()
    }, Math.max(0, delay))
    this.periodic.unref()
  }

  private periodicTrigger(): void {
    const o = this.o.options
    if (this.target === null || this.stopped || o.intervalMs === null) return
    const checkpointsInFlight = [...this.pendings.values()].filter((p) => !p.request.savepoint).length
    const sinceLast = Date.now() - this.lastCompletedAt
    if (checkpointsInFlight >= o.maxConcurrent) return this.schedule(o.intervalMs)
    if (sinceLast < o.minPauseMs) return this.schedule(o.minPauseMs - sinceLast)
    this.trigger({ savepoint: false }).catch(() => undefined)
    this.schedule(Math.max(o.intervalMs, o.minPauseMs))
  }

  /** Starts a checkpoint or savepoint now; resolves when it completed (and the subtasks were told). */
  trigger(request: TriggerRequest): Promise<CompletedCheckpoint> {
    const target = this.target
    if (target === null || this.stopped) return Promise.reject(new EngineError('CHECKPOINT_NOT_RUNNING', 'the job is not running, so no checkpoint or savepoint can be taken'))
    const id = this.nextId++
    let checkpoint: PendingCheckpoint
    try {
      checkpoint = request.savepoint ? this.o.storage.beginSavepoint(id, request.targetDirectory ?? null) : this.o.storage.beginCheckpoint(id)
    } catch (e) {
      return Promise.reject(e)
    }
    return new Promise<CompletedCheckpoint>((resolve, reject) => {
      const timer = setTimeout(() => void this.abort(id, `checkpoint ${id} expired before completing (execution.checkpointing.timeout = ${this.o.options.timeoutMs} ms)`, true), this.o.options.timeoutMs)
      timer.unref()
      this.pendings.set(id, { checkpoint, request, acked: new Set(), acks: [], timer, resolve, reject, completing: false })
      const dirs = checkpoint.targetFor('', 0)
      target.injectBarrier({
        checkpointId: id,
        timestamp: checkpoint.timestamp,
        savepoint: request.savepoint,
        exclusiveDir: dirs.exclusiveDir,
        sharedDir: dirs.sharedDir,
        incremental: this.o.options.incremental && !request.savepoint,
        stop: request.stop ?? null,
      })
    })
  }

  /**
   * Every subtask finished at the end of its input (Flink's checkpoints after tasks finish): a checkpoint now, not
   * after the interval; its completion commits the sinks' last rows. A declined one is retried while failures
   * stay tolerable; anything else (a failing commit, the job ending) is thrown.
   */
  async finalCheckpoint(): Promise<void> {
    for (;;) {
      try {
        await this.trigger({ savepoint: false })
        return
      } catch (e) {
        const declined = e instanceof EngineError && e.code === 'CHECKPOINT_DECLINED'
        if (!declined || this.target === null || this.stopped || this.consecutiveFailures > this.o.options.tolerableFailed) throw e
      }
    }
  }

  acknowledge(ack: SubtaskAck): void {
    const p = this.pendings.get(ack.checkpointId)
    if (p === undefined) {
      // Late (the checkpoint was aborted): the aborted checkpoint drops what the subtask wrote.
      const a = this.aborted.get(ack.checkpointId)
      if (a !== undefined) for (const op of ack.operators) void a.acknowledge(op.uid, ack.subtaskIndex, { keyed: op.keyed, operator: op.operator }).catch(() => undefined)
      return
    }
    const who = `${ack.taskId}:${ack.subtaskIndex}`
    if (p.acked.has(who)) return
    p.acked.add(who)
    for (const op of ack.operators) {
      const written = p.checkpoint.acknowledge(op.uid, ack.subtaskIndex, { keyed: op.keyed, operator: op.operator })
      // complete() awaits it once every subtask answered; until then a rejection must not go unhandled (a crash).
      written.catch(() => undefined)
      p.acks.push(written)
    }
    if (p.acked.size === this.o.subtaskCount) void this.complete(ack.checkpointId, p)
  }

  decline(checkpointId: number, reason: string): void {
    if (this.pendings.has(checkpointId)) void this.abort(checkpointId, reason, true)
  }

  /**
   * A subtask ended (bounded input). It still takes part in checkpoints (Flink's checkpoints after tasks finish):
   * it acknowledges its final state when asked, so a job with finished sources keeps checkpointing.
   */
  subtaskFinished(taskId: number, subtaskIndex: number): void {
    this.finishedSubtasks.add(`${taskId}:${subtaskIndex}`)
  }

  /** Subtasks that reached the end of their input in the current execution. */
  get finishedCount(): number {
    return this.finishedSubtasks.size
  }

  private async complete(id: number, p: Pending): Promise<void> {
    p.completing = true
    clearTimeout(p.timer)
    let completed: CompletedCheckpoint
    try {
      await Promise.all(p.acks)
      completed = await p.checkpoint.complete()
    } catch (e) {
      this.pendings.delete(id)
      await p.checkpoint.abort((e as Error).message).catch(() => undefined)
      // A newer checkpoint completed meanwhile and the storage aborted this one: subsumed, not a failure.
      const subsumed = !p.request.savepoint && (this.o.storage.latestCompleted()?.checkpointId ?? 0) > id
      this.failed(p, e instanceof Error ? e : new Error(String(e)), !subsumed)
      return
    }
    this.pendings.delete(id)
    if (!p.request.savepoint) {
      // The storage aborted older pending checkpoints (subsumed): end them here too, without counting failures.
      for (const [other, q] of [...this.pendings]) if (other < id && !q.request.savepoint) void this.abort(other, `subsumed by checkpoint ${id}`, false)
    }
    this.completedCount++
    this.consecutiveFailures = 0
    this.lastCompletedAt = Date.now()
    // Intermediate savepoints commit nothing (Flink 1.15+); stop-with-savepoint does.
    const n: CheckpointNotification = { checkpointId: id, kind: 'complete', commit: !p.request.savepoint || (p.request.stop ?? null) !== null }
    try {
      await this.target?.notify(n)
    } catch (e) {
      // A failing commit fails the subtask, and with it the execution: the job runner restarts or fails it.
      p.reject(e instanceof Error ? e : new Error(String(e)))
      return
    }
    p.resolve(completed)
  }

  private async abort(id: number, reason: string, countAsFailure: boolean): Promise<void> {
    const p = this.pendings.get(id)
    if (p === undefined || p.completing) return
    this.pendings.delete(id)
    clearTimeout(p.timer)
    this.aborted.set(id, p.checkpoint)
    if (this.aborted.size > 16) this.aborted.delete(this.aborted.keys().next().value!)
    await this.o.storage.abort(id, reason).catch(() => undefined)
    this.target?.notify({ checkpointId: id, kind: 'abort', commit: false }).catch(() => undefined)
    this.failed(p, new EngineError('CHECKPOINT_DECLINED', `${p.request.savepoint ? 'savepoint' : 'checkpoint'} ${id} failed: ${reason}`, { domain: 'external', retryable: true }), countAsFailure)
  }

  private failed(p: Pending, e: Error, countAsFailure: boolean): void {
    p.reject(e)
    if (!countAsFailure || p.request.savepoint) return
    this.failedCount++
    this.consecutiveFailures++
    this.o.log(`Checkpoint ${p.checkpoint.checkpointId} of job ${this.o.jobId} failed: ${e.message}`)
    if (this.consecutiveFailures > this.o.options.tolerableFailed) {
      this.o.onFatal(
        new EngineError('CHECKPOINT_TOLERABLE_FAILURES_EXCEEDED', `exceeded checkpoint tolerable failure threshold (${this.o.options.tolerableFailed}): ${e.message}`, {
          domain: 'external',
          retryable: true,
          hint: "raise 'execution.checkpointing.tolerable-failed-checkpoints' or 'execution.checkpointing.timeout'",
        }),
      )
    }
  }
}
