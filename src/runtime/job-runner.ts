/**
 * startJob: builds the job graph from a physical plan and runs it, in this thread or on worker threads (one per
 * slot), reporting status, metrics and the final result through the JobHandle.
 */
import { EngineError } from '../errors.js'
import type { StreamPlan } from '../plan/physical/stream-nodes.js'
import type { JobHandle, JobMetrics, JobOptions, JobResult, JobStatus } from './job-api.js'
import { buildJobGraph, type JobGraph } from './job-graph.js'
import { SubtaskGroup, type Execution } from './local-execution.js'
import { decideRestart } from './restart-strategy.js'
import { runtimeConfig, type RuntimeConfig } from './runtime-config.js'
import { ThreadedExecution, workerEntryUrl } from './threaded-execution.js'

export function startJob(plan: StreamPlan, options: JobOptions): JobHandle {
  return new JobRunner(plan, options).handle
}

class JobRunner {
  readonly handle: JobHandle
  private state: JobStatus = 'INITIALIZING'
  private execution: Execution | null = null
  private cancelRequested = false
  private resolveDone!: (r: JobResult) => void
  private readonly log: (line: string) => void

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
    }
    // Start on the next tick so the caller holds the handle before anything (even a failure) happens.
    queueMicrotask(() => void this.run())
  }

  private async run(): Promise<void> {
    let result: JobResult
    try {
      const rc = runtimeConfig(this.options.config)
      const graph = buildJobGraph(this.plan, { isolateKeyed: rc.stateBackend !== 'hashmap' })
      if (this.cancelRequested) {
        this.finish({ status: 'CANCELED' })
        return
      }
      this.state = 'CREATED'
      this.execution = this.createExecution(graph, rc)
      if (this.cancelRequested) this.execution.cancel()
      else this.state = 'RUNNING'
      await this.execution.run()
      result = { status: this.cancelRequested ? 'CANCELED' : 'FINISHED' }
    } catch (e) {
      if (this.cancelRequested) result = { status: 'CANCELED' }
      else {
        // The seam for restart strategies (issue 4): today every failure is final.
        decideRestart(this.options.config, e, 0)
        const error = e instanceof Error ? e : new EngineError('INTERNAL', String(e), { domain: 'internal' })
        result = { status: 'FAILED', error }
      }
    }
    this.finish(result)
  }

  private createExecution(graph: JobGraph, rc: RuntimeConfig): Execution {
    const env = {
      jobId: this.options.jobId,
      config: this.options.config,
      connectors: this.options.connectors,
      collect: this.options.collect ?? null,
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
        return new ThreadedExecution({ graph, runtime: rc, env, log: this.log, debug, entry, plan: this.plan, modulePath: this.options.connectors.modulePath })
      }
    }
    return new SubtaskGroup({ graph, runtime: rc, env, log: this.log })
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
    await this.handle.done
  }
}
