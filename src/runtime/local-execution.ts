/**
 * Runs every subtask of a job in the calling thread, as concurrent async loops connected by LocalChannels.
 * Used when parallelism is 1, when `weir.runtime.threads` is 'false', and where worker threads cannot load the
 * runtime (running from TypeScript sources under vitest). Worker threads host their share of subtasks with the
 * same code (see worker-main.ts).
 */
import type { ChannelReader, ChannelWriter } from './channel.js'
import { LocalChannel } from './channel.js'
import type { JobEdge, JobGraph } from './job-graph.js'
import { mergeMetrics, type OperatorMetrics, type OperatorMetricsSnapshot } from './metrics.js'
import type { OperatorEnv } from './operator-factory.js'
import type { RuntimeConfig } from './runtime-config.js'
import { createSubtask } from './subtask-factory.js'
import type { Subtask, TaskEnvironment } from './task.js'
import type { Barrier } from './channel-element.js'
import { NO_CHECKPOINT_HOST, type CheckpointHost, type CheckpointNotification, type CheckpointTarget, type ExecutionRestore } from './checkpoint-messages.js'

/** A running set of subtasks; the job runner drives one (or, with threads, one per worker). */
export interface Execution extends CheckpointTarget {
  /** Resolves when every subtask finished; rejects with the first failure after tearing everything down. */
  run(): Promise<void>
  cancel(): void
  metrics(): OperatorMetrics
}

export interface SubtaskRef {
  readonly taskId: number
  readonly subtaskIndex: number
}

export interface SubtaskGroupOptions {
  readonly graph: JobGraph
  readonly runtime: RuntimeConfig
  readonly env: OperatorEnv
  readonly log: (line: string) => void
  /** Which subtasks this group hosts; all of them when absent. */
  readonly subtasks?: readonly SubtaskRef[]
  /** Channels to subtasks outside this group (worker threads); local channels are made here. */
  readonly remoteWriter?: (edge: JobEdge, from: number, to: number) => ChannelWriter | null
  readonly remoteReader?: (edge: JobEdge, from: number, to: number) => ChannelReader | null
  /** The checkpoint coordinator (or the worker's link to it); none when checkpointing is off. */
  readonly checkpoints?: CheckpointHost
  readonly restore?: ExecutionRestore | null
  readonly attempt?: number
  /**
   * Called when every subtask of the group ended without failure, before they are closed: a worker waits here
   * until all workers are done, so its finished subtasks can still answer checkpoints of the others.
   */
  readonly holdOpen?: () => Promise<void>
  /** Called once every subtask's loop ended (finished, failed or cancelled), before they are closed. */
  readonly onEnding?: () => void
  /**
   * Checkpointing on, the group hosts the whole job: once every subtask finished at the end of its input, the final
   * checkpoint (its completion commits the sinks' last rows) runs before they are closed. A failure fails the run.
   */
  readonly finalCheckpoint?: () => Promise<void>
}

/** A group of subtasks in one thread. */
export class SubtaskGroup implements Execution {
  private readonly subtasks: Subtask[] = []
  private failure: unknown = null
  private cancelled = false

  constructor(private readonly options: SubtaskGroupOptions) {
    const channels = new Map<string, LocalChannel>()
    const local = (edge: JobEdge, from: number, to: number): LocalChannel => {
      const k = `${edge.id}:${from}:${to}`
      let c = channels.get(k)
      if (c === undefined) channels.set(k, (c = new LocalChannel(options.runtime.channelCapacity)))
      return c
    }
    const env: TaskEnvironment = {
      ...options.env,
      graph: options.graph,
      runtime: options.runtime,
      log: options.log,
      writerFor: (edge, from, to) => options.remoteWriter?.(edge, from, to) ?? local(edge, from, to),
      readerFor: (edge, from, to) => options.remoteReader?.(edge, from, to) ?? local(edge, from, to),
      checkpoints: options.checkpoints ?? NO_CHECKPOINT_HOST,
      restore: options.restore ?? null,
      attempt: options.attempt ?? 0,
    }
    const refs = options.subtasks ?? options.graph.tasks.flatMap((t) => Array.from({ length: t.parallelism }, (_, i) => ({ taskId: t.id, subtaskIndex: i })))
    for (const ref of refs) {
      this.subtasks.push(createSubtask(options.graph.tasks[ref.taskId]!, ref.subtaskIndex, env))
    }
  }

  async run(): Promise<void> {
    const runs = this.subtasks.map((s) =>
      s.run().catch((e: unknown) => {
        if (this.failure === null && !this.cancelled) {
          this.failure = e
          for (const other of this.subtasks) other.cancel()
        }
      }),
    )
    await Promise.all(runs)
    const final = this.options.finalCheckpoint
    if (this.failure === null && !this.cancelled && this.options.holdOpen === undefined && final !== undefined) {
      try {
        await final()
      } catch (e) {
        if (!this.cancelled) this.failure = e
      }
    }
    if (this.failure !== null || this.cancelled || this.options.holdOpen === undefined) this.options.onEnding?.()
    if (this.failure === null && !this.cancelled && this.options.holdOpen !== undefined) await this.options.holdOpen()
    for (const s of this.subtasks) await s.close()
    if (this.failure !== null) throw this.failure
  }

  injectBarrier(barrier: Barrier): void {
    for (const s of this.subtasks) s.onTrigger(barrier)
  }

  async notify(n: CheckpointNotification): Promise<void> {
    await Promise.all(this.subtasks.map((s) => s.notifyCheckpoint(n)))
  }

  cancel(): void {
    this.cancelled = true
    for (const s of this.subtasks) s.cancel()
  }

  get wasCancelled(): boolean {
    return this.cancelled
  }

  metricSnapshots(): OperatorMetricsSnapshot[] {
    return this.subtasks.flatMap((s) => s.metrics())
  }

  metrics(): OperatorMetrics {
    return mergeMetrics({}, this.metricSnapshots())
  }
}
