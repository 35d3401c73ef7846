/**
 * startJob: builds the job graph from a physical plan and runs it, in this thread or on worker threads (one per
 * slot), reporting status, metrics and the final result through the JobHandle.
 *
 * Checkpoints (issue 4): a CheckpointCoordinator per job triggers them (execution.checkpointing.interval) and on
 * request (savepoints, stop-with-savepoint). A failure tears every subtask down; the restart strategy decides
 * whether the whole job restarts, from the latest completed checkpoint (or the state it started from).
 * The job starts from execution.state-recovery.path (execution.savepoint.path) when set.
 */
import { CheckpointCoordinator } from '../checkpoint/checkpoint-coordinator.js'
import { loadCheckpoint, type RestoredCheckpoint } from '../checkpoint/checkpoint-loader.js'
import { parseCheckpointOptions, type CheckpointOptions } from '../checkpoint/checkpoint-options.js'
import { CheckpointStorage, type TerminalJobStatus } from '../checkpoint/checkpoint-storage.js'
import type { OperatorDescriptor } from '../checkpoint/pending-checkpoint.js'
import { planRestore, type OperatorRestore } from '../checkpoint/restore-mapping.js'
import { EngineError } from '../errors.js'
import type { StreamPlan } from '../plan/physical/stream-nodes.js'
import { operatorDescriptors } from './checkpoint-descriptors.js'
import type { CheckpointHost, ExecutionRestore } from './checkpoint-messages.js'
import type { CheckpointStats, JobHandle, JobMetrics, JobOptions, JobResult, JobStatus, SavepointOptions } from './job-api.js'
import { buildJobGraph, type JobGraph } from './job-graph.js'
import { SubtaskGroup, type Execution } from './local-execution.js'
import type { OperatorEnv } from './operator-factory.js'
import { createRestartStrategy, type RestartStrategy } from './restart-strategy.js'
import type { RowBatch } from './row-batch.js'
import { runtimeConfig, type RuntimeConfig } from './runtime-config.js'
import type { CollectRelease } from './sink-operators.js'
import { ThreadedExecution, workerEntryUrl } from './threaded-execution.js'

export function startJob(plan: StreamPlan, options: JobOptions): JobHandle {
  return new JobRunner(plan, options).handle
}

/** Set up once per job, kept across restarts. */
interface JobSetup {
  readonly rc: RuntimeConfig
  readonly cp: CheckpointOptions
  readonly graph: JobGraph
  readonly descriptors: OperatorDescriptor[]
  readonly storage: CheckpointStorage
  readonly coordinator: CheckpointCoordinator
  readonly strategy: RestartStrategy
}

class JobRunner {
  readonly handle: JobHandle
  private state: JobStatus = 'INITIALIZING'
  private execution: Execution | null = null
  private setup: JobSetup | null = null
  private cancelRequested = false
  /** stop-with-savepoint completed: the execution is being ended, the job FINISHES with this path. */
  private stoppedWithSavepoint: string | null = null
  private stopping = false
  /** A failure from outside the execution (too many failed checkpoints). */
  private externalFailure: Error | null = null
  private restarts = 0
  private restoredFrom: string | null = null
  private wakeRestart: (() => void) | null = null
  private resolveDone!: (r: JobResult) => void
  private readonly log: (line: string) => void
  /**
   * Per collect subtask, the last release handed to the caller (checkpoint id, batch): releases come in that order,
   * and a restarted job releases restored ones again, which are dropped here.
   */
  private readonly released = new Map<number, { checkpointId: number; part: number }>()

  constructor(
    private readonly plan: StreamPlan,
    private readonly options: JobOptions,
  ) {
    this.log = options.log ?? (() => {})
    const done = new Promise<JobResult>((resolve) => {
      this.resolveDone = resolve
    })
    const self = this
    this.handle = {
      jobId: options.jobId,
      jobName: options.jobName,
      startTime: Date.now(),
      status: () => self.state,
      done,
      cancel: () => self.cancel(),
      metrics: (): JobMetrics => ({ operators: self.execution?.metrics() ?? {} }),
      triggerSavepoint: (o?: SavepointOptions) => self.savepoint(o ?? {}, null),
      stopWithSavepoint: (o?: SavepointOptions & { readonly drain?: boolean }) => self.savepoint(o ?? {}, { drain: o?.drain === true }),
      triggerCheckpoint: () => self.checkpointNow(),
      checkpointStats: (): CheckpointStats => self.stats(),
    }
    // Start on the next tick so the caller holds the handle before anything (even a failure) happens.
    queueMicrotask(() => void this.run())
  }

  private async run(): Promise<void> {
    let result: JobResult
    let restore: ExecutionRestore | null = null
    try {
      const s = (this.setup = await this.prepare())
      restore = await this.initialRestore(s)
    } catch (e) {
      this.finish({ status: this.cancelRequested ? 'CANCELED' : 'FAILED', error: asError(e) })
      await this.setup?.storage.onJobTerminated('FAILED', this.setup.cp.externalizedRetention).catch(() => undefined)
      return
    }
    const s = this.setup
    const initialRestore = restore
    for (let attempt = 0; ; attempt++) {
      if (this.cancelRequested) {
        result = { status: 'CANCELED' }
        break
      }
      this.state = attempt === 0 ? 'CREATED' : 'RESTARTING'
      let failure: unknown = null
      try {
        this.execution = this.createExecution(s, restore, attempt)
        if (this.cancelRequested) this.execution.cancel()
        else this.state = 'RUNNING'
        s.coordinator.attach(this.execution)
        await this.execution.run()
        if (this.externalFailure !== null) failure = this.externalFailure
      } catch (e) {
        failure = e
      }
      await s.coordinator.detach(failure === null ? 'job ended' : 'job failed')
      if (this.stoppedWithSavepoint !== null) {
        result = { status: 'FINISHED', savepointPath: this.stoppedWithSavepoint }
        break
      }
      if (this.cancelRequested) {
        result = { status: 'CANCELED' }
        break
      }
      if (failure === null) {
        result = { status: 'FINISHED' }
        break
      }
      const error = asError(failure)
      this.externalFailure = null
      const now = Date.now()
      s.strategy.notifyFailure(now)
      if (!restartable(error) || !s.strategy.canRestart(now)) {
        if (s.strategy.kind !== 'none' && restartable(error)) this.log(`Job ${this.options.jobId} failed; recovery is suppressed by ${s.strategy.describe()}`)
        result = { status: 'FAILED', error }
        break
      }
      this.state = 'RESTARTING'
      this.restarts++
      const delay = s.strategy.nextDelayMs(now)
      this.log(`Job ${this.options.jobId} failed (${error.message}); restarting in ${delay} ms (restart ${this.restarts})`)
      await this.sleep(delay)
      if (this.cancelRequested) {
        result = { status: 'CANCELED' }
        break
      }
      try {
        restore = await this.restartRestore(s, initialRestore)
      } catch (e) {
        result = { status: 'FAILED', error: asError(e) }
        break
      }
    }
    await s.coordinator.shutdown('job ended')
    const terminal: TerminalJobStatus = result.status
    await s.storage.onJobTerminated(terminal, s.cp.externalizedRetention).catch((e: unknown) => this.log(`cleaning up checkpoints failed: ${asError(e).message}`))
    this.finish(result)
  }

  private async prepare(): Promise<JobSetup> {
    const config = this.options.config
    const rc = runtimeConfig(config)
    const cp = parseCheckpointOptions(config)
    const graph = buildJobGraph(this.plan, { isolateKeyed: rc.stateBackend !== 'hashmap' })
    const descriptors = operatorDescriptors(graph)
    const strategy = createRestartStrategy(config, cp.intervalMs !== null)
    const storage = await CheckpointStorage.open({
      jobId: this.options.jobId,
      checkpointDir: cp.checkpointDir,
      savepointDir: cp.savepointDir,
      numRetained: cp.numRetained,
      maxParallelism: graph.maxParallelism,
      operators: descriptors,
      log: this.log,
    })
    const subtaskCount = graph.tasks.reduce((n, t) => n + t.parallelism, 0)
    const coordinator = new CheckpointCoordinator({
      jobId: this.options.jobId,
      options: cp,
      storage,
      subtaskCount,
      log: this.log,
      firstCheckpointId: 1,
      onFatal: (e) => {
        if (this.externalFailure !== null) return
        this.externalFailure = e
        this.execution?.cancel()
      },
    })
    return { rc, cp, graph, descriptors, storage, coordinator, strategy }
  }

  /** execution.state-recovery.path: load, check and map the snapshot onto this plan; ids continue after it. */
  private async initialRestore(s: JobSetup): Promise<ExecutionRestore | null> {
    const path = s.cp.recoveryPath
    if (path === null) return null
    const restored = await loadCheckpoint(path)
    const r = this.mapRestore(s, restored, s.cp.claimMode === 'CLAIM' ? restored.checkpointId : null)
    s.storage.registerRestored(restored, s.cp.claimMode)
    s.coordinator.continueAfter(restored.checkpointId)
    this.restoredFrom = restored.path
    this.log(`Restored job ${this.options.jobId} from ${restored.path}`)
    return r
  }

  /** After a failure: the latest completed checkpoint, else what the job started from. */
  private async restartRestore(s: JobSetup, initial: ExecutionRestore | null): Promise<ExecutionRestore | null> {
    const latest = s.storage.latestCompleted()
    if (latest === undefined) return initial
    const restored = await loadCheckpoint(latest.path)
    this.log(`Restoring job ${this.options.jobId} from checkpoint ${latest.checkpointId} at ${latest.path}`)
    return this.mapRestore(s, restored, latest.checkpointId)
  }

  private mapRestore(s: JobSetup, restored: RestoredCheckpoint, claimed: number | null): ExecutionRestore {
    const plan = planRestore(restored, s.descriptors, { maxParallelism: s.graph.maxParallelism, allowNonRestoredState: s.cp.ignoreUnclaimedState })
    for (const sk of plan.skipped) this.log(`State of operator ${sk.uid} (${sk.name}) was not restored: the new program has no such operator (ignore-unclaimed-state)`)
    const operators: Record<string, OperatorRestore> = {}
    for (const [uid, op] of plan.operators) operators[uid] = op
    return { operators, claimedCheckpointId: claimed }
  }

  private createExecution(s: JobSetup, restore: ExecutionRestore | null, attempt: number): Execution {
    const { graph, rc } = s
    const coordinator = s.coordinator
    const checkpoints: CheckpointHost = {
      acknowledge: (ack) => coordinator.acknowledge(ack),
      decline: (id, reason) => coordinator.decline(id, reason),
      subtaskFinished: (t, i) => coordinator.subtaskFinished(t, i),
    }
    const onEnding = (): void => coordinator.quiesce()
    // Checkpoints after tasks finish: the job ends only once a checkpoint after every subtask finished completed.
    const finalCheckpoint = s.cp.intervalMs !== null ? (): Promise<void> => coordinator.finalCheckpoint() : undefined
    const collect = this.options.collect
    const env: OperatorEnv = {
      jobId: this.options.jobId,
      config: this.options.config,
      connectors: this.options.connectors,
      collect: collect === undefined ? null : (batch: RowBatch, tag: CollectRelease | null) => this.collect(collect, batch, tag),
      checkpointing: s.cp.intervalMs !== null,
    }
    const debug = rc.debug ? this.log : (): void => {}
    const parallel = graph.tasks.some((t) => t.parallelism > 1)
    const threads = rc.threads ?? parallel
    if (threads && parallel) {
      const entry = workerEntryUrl()
      if (entry === null) {
        debug('weir.runtime: running from TypeScript sources, worker threads unavailable; running subtasks in-thread')
      } else if (this.options.connectors.modulePath === null && graph.tasks.some((t) => t.head.kind === 'StreamTableSourceScan' || t.nodes.some((n) => n.kind === 'StreamSink' && n.target.kind === 'table'))) {
        debug('weir.runtime: connector registry has no modulePath, worker threads cannot rebuild it; running subtasks in-thread')
      } else {
        return new ThreadedExecution({ graph, runtime: rc, env, log: this.log, debug, entry, plan: this.plan, modulePath: this.options.connectors.modulePath, checkpoints, restore, attempt, onEnding, ...(finalCheckpoint === undefined ? {} : { finalCheckpoint }) })
      }
    }
    return new SubtaskGroup({ graph, runtime: rc, env, log: this.log, checkpoints, restore, attempt, onEnding, ...(finalCheckpoint === undefined ? {} : { finalCheckpoint }) })
  }

  private collect(collect: (batch: RowBatch) => void, batch: RowBatch, tag: CollectRelease | null): void {
    if (tag !== null) {
      const last = this.released.get(tag.subtaskIndex)
      if (last !== undefined && (tag.checkpointId < last.checkpointId || (tag.checkpointId === last.checkpointId && tag.part <= last.part))) return
      this.released.set(tag.subtaskIndex, { checkpointId: tag.checkpointId, part: tag.part })
    }
    collect(batch)
  }

  private async savepoint(o: SavepointOptions, stop: { drain: boolean } | null): Promise<string> {
    const s = this.setup
    const dir = o.targetDirectory ?? s?.cp.savepointDir ?? parseCheckpointOptions(this.options.config).savepointDir
    if (dir === null || dir === undefined) {
      throw new EngineError('CHECKPOINT_SAVEPOINT_DIR_MISSING', `no target directory for the savepoint of job ${this.options.jobId}`, {
        hint: "give a target directory, or set 'execution.checkpointing.savepoint-dir' (or its older name 'state.savepoints.dir')",
      })
    }
    if (s === null || this.state !== 'RUNNING' || this.stopping) {
      throw new EngineError('CHECKPOINT_NOT_RUNNING', `job ${this.options.jobId} is ${this.state}; a savepoint needs a running job`)
    }
    if (stop !== null) this.stopping = true
    let completed
    try {
      completed = await s.coordinator.trigger({ savepoint: true, targetDirectory: dir, stop })
    } catch (e) {
      // The sources may have stopped after the barrier: the job cannot go on consistently, so it fails over.
      if (stop !== null) {
        this.stopping = false
        if (this.externalFailure === null) this.externalFailure = asError(e)
        this.execution?.cancel()
      }
      throw e
    }
    if (stop === null) return completed.path
    this.stoppedWithSavepoint = completed.path
    this.execution?.cancel()
    await this.handle.done
    return completed.path
  }

  private async checkpointNow(): Promise<string> {
    const s = this.setup
    if (s === null || this.state !== 'RUNNING') throw new EngineError('CHECKPOINT_NOT_RUNNING', `job ${this.options.jobId} is ${this.state}; a checkpoint needs a running job`)
    return (await s.coordinator.trigger({ savepoint: false })).path
  }

  private stats(): CheckpointStats {
    const s = this.setup
    const latest = s?.storage.latestCompleted()
    return {
      completed: s?.coordinator.completedCount ?? 0,
      failed: s?.coordinator.failedCount ?? 0,
      latestCompletedPath: latest?.path ?? null,
      latestCompletedId: latest?.checkpointId ?? null,
      restoredFrom: this.restoredFrom,
      restarts: this.restarts,
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.wakeRestart = null
        resolve()
      }, ms)
      this.wakeRestart = () => {
        clearTimeout(t)
        this.wakeRestart = null
        resolve()
      }
    })
  }

  private finish(result: JobResult): void {
    this.state = result.status
    this.resolveDone(result)
  }

  private async cancel(): Promise<void> {
    if (this.state === 'FINISHED' || this.state === 'FAILED' || this.state === 'CANCELED') return
    this.cancelRequested = true
    this.state = 'CANCELLING'
    this.execution?.cancel()
    this.wakeRestart?.()
    await this.handle.done
  }
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new EngineError('INTERNAL', String(e), { domain: 'internal' })
}

/** A user's mistake (a bad option, an incompatible snapshot) fails the same way again: no restart for it. */
function restartable(e: Error): boolean {
  return !(e instanceof EngineError) || e.domain !== 'user' || e.retryable
}
