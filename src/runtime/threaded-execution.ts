/**
 * Runs a job's subtasks on worker threads, one worker per slot (subtask i of every task goes to slot
 * i % slots, as Flink's slot sharing does), so a job with parallelism > 1 uses more than one core. Channels
 * between slots are MessagePorts (structured clone of batches); within a slot they are local queues.
 * The main thread only coordinates: start, cancel, failures, metrics, and collect results.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads'
import type { StreamPlan } from '../plan/physical/stream-nodes.js'
import type { JobGraph } from './job-graph.js'
import type { Execution, SubtaskRef } from './local-execution.js'
import { mergeMetrics, type OperatorMetrics, type OperatorMetricsSnapshot } from './metrics.js'
import type { OperatorEnv } from './operator-factory.js'
import { deserializeError } from './operator-failure.js'
import type { RowBatch } from './row-batch.js'
import type { RuntimeConfig } from './runtime-config.js'
import { channelKey, type FromWorker, type ToWorker, type WorkerInit } from './worker-protocol.js'
import type { Barrier } from './channel-element.js'
import { NO_CHECKPOINT_HOST, type CheckpointHost, type CheckpointNotification, type ExecutionRestore } from './checkpoint-messages.js'
import type { CollectRelease } from './sink-operators.js'

/** The compiled worker entry next to this module; null when running from TypeScript sources (no .js to load). */
export function workerEntryUrl(): URL | null {
  if (!import.meta.url.endsWith('.js')) return null
  const url = new URL('./worker-main.js', import.meta.url)
  return existsSync(fileURLToPath(url)) ? url : null
}

export interface ThreadedExecutionOptions {
  readonly graph: JobGraph
  readonly plan: StreamPlan
  readonly runtime: RuntimeConfig
  readonly env: OperatorEnv
  readonly log: (line: string) => void
  /** How the job runs (threads, start-up time): only with weir.runtime.debug. */
  readonly debug: (line: string) => void
  readonly entry: URL
  readonly modulePath: string | null
  readonly checkpoints?: CheckpointHost
  readonly restore?: ExecutionRestore | null
  readonly attempt?: number
  /** Called when the job's subtasks all ended or one failed, before workers close them. */
  readonly onEnding?: () => void
  /** Checkpointing on: run once every subtask finished, before the workers close them (see SubtaskGroupOptions). */
  readonly finalCheckpoint?: () => Promise<void>
}

interface Slot {
  readonly worker: Worker
  metrics: readonly OperatorMetricsSnapshot[]
  ended: boolean
  /** Its subtasks all ended at the end of input; it waits for 'close'. */
  finished: boolean
}

export class ThreadedExecution implements Execution {
  private readonly slots: Slot[] = []
  private failure: Error | null = null
  private cancelled = false
  private readonly finished: Promise<void>
  private nextRequest = 1
  /** Outstanding notifications: request id -> workers yet to answer. */
  private readonly notifications = new Map<number, { remaining: number; resolve: () => void; reject: (e: Error) => void }>()

  constructor(private readonly options: ThreadedExecutionOptions) {
    const { graph } = options
    const numSlots = Math.max(1, ...graph.tasks.map((t) => t.parallelism))
    const slotOf = (taskId: number, subtask: number): number => subtask % numSlots
    const subtasks: SubtaskRef[][] = Array.from({ length: numSlots }, () => [])
    for (const t of graph.tasks) for (let i = 0; i < t.parallelism; i++) subtasks[slotOf(t.id, i)]!.push({ taskId: t.id, subtaskIndex: i })
    const outPorts: Record<string, MessagePort>[] = subtasks.map(() => ({}))
    const inPorts: Record<string, MessagePort>[] = subtasks.map(() => ({}))
    const transfer: MessagePort[][] = subtasks.map(() => [])
    for (const edge of graph.edges) {
      const src = graph.taskOf(edge.source)
      const dst = graph.taskOf(edge.target)
      for (let from = 0; from < src.parallelism; from++) {
        for (let to = 0; to < dst.parallelism; to++) {
          const a = slotOf(src.id, from)
          const b = slotOf(dst.id, to)
          if (a === b) continue
          const { port1, port2 } = new MessageChannel()
          const k = channelKey(edge.id, from, to)
          outPorts[a]![k] = port1
          inPorts[b]![k] = port2
          transfer[a]!.push(port1)
          transfer[b]!.push(port2)
        }
      }
    }
    options.debug(`weir.runtime: running ${subtasks.flat().length} subtasks on ${numSlots} worker threads`)
    const readies: Promise<void>[] = []
    const ends: Promise<void>[] = []
    for (let s = 0; s < numSlots; s++) {
      const init: WorkerInit = {
        jobId: options.env.jobId,
        config: options.env.config,
        plan: options.plan,
        modulePath: options.modulePath,
        slot: s,
        subtasks: subtasks[s]!,
        outPorts: outPorts[s]!,
        inPorts: inPorts[s]!,
        restore: options.restore ?? null,
        attempt: options.attempt ?? 0,
        checkpointing: options.env.checkpointing === true,
      }
      const worker = new Worker(options.entry, { workerData: init, transferList: transfer[s]! })
      const slot: Slot = { worker, metrics: [], ended: false, finished: false }
      this.slots.push(slot)
      let ready!: () => void
      readies.push(new Promise<void>((r) => (ready = r)))
      ends.push(
        new Promise<void>((resolveEnd) => {
          let reported = false
          let forceExit: NodeJS.Timeout | null = null
          const report = (): void => {
            reported = true
            ready()
            // Workers exit on their own once done (flushing their stdout); one that lingers is stopped.
            forceExit = setTimeout(() => void worker.terminate(), 5000)
            forceExit.unref()
          }
          worker.on('message', (m: FromWorker) => {
            switch (m.type) {
              case 'ready':
                ready()
                break
              case 'collect':
                this.collect(m.batch, m.tag)
                break
              case 'finished':
                slot.finished = true
                if (this.slots.every((x) => x.finished || x.ended)) void this.allFinished()
                break
              case 'ack':
                this.host.acknowledge(m.ack)
                break
              case 'decline':
                this.host.decline(m.checkpointId, m.reason)
                break
              case 'subtask-finished':
                this.host.subtaskFinished(m.taskId, m.subtaskIndex)
                break
              case 'notified':
                this.notified(m.requestId, m.error === null ? null : deserializeError(m.error))
                break
              case 'metrics':
                slot.metrics = m.metrics
                break
              case 'log':
                options.log(m.line)
                break
              case 'done':
                slot.metrics = m.metrics
                report()
                break
              case 'failed':
                slot.metrics = m.metrics
                this.fail(deserializeError(m.error))
                report()
                break
            }
          })
          worker.on('error', (e) => {
            this.fail(e)
          })
          worker.on('exit', (code) => {
            if (forceExit !== null) clearTimeout(forceExit)
            if (!reported) this.fail(new Error(`worker thread for slot ${s} exited with code ${code} before finishing`))
            slot.ended = true
            // A worker that is gone answers no notification: count it as answered.
            for (const id of [...this.notifications.keys()]) this.notified(id, null)
            ready()
            resolveEnd()
          })
        }),
      )
    }
    // Start only once every worker has built its subtasks, so no channel message reaches a port nobody listens to.
    const t0 = Date.now()
    this.finished = (async () => {
      await Promise.all(readies)
      options.debug(`weir.runtime: ${numSlots} worker threads ready in ${Date.now() - t0} ms`)
      for (const slot of this.slots) if (!slot.ended) this.send(slot, this.cancelled || this.failure !== null ? { type: 'cancel' } : { type: 'start' })
      await Promise.all(ends)
    })()
  }

  /** Every worker's subtasks finished: the final checkpoint (sinks commit), then the workers close them. */
  private async allFinished(): Promise<void> {
    const final = this.options.finalCheckpoint
    if (final !== undefined && this.failure === null && !this.cancelled) {
      try {
        await final()
      } catch (e) {
        this.fail(e instanceof Error ? e : new Error(String(e)))
        return
      }
    }
    if (this.failure !== null) return
    this.options.onEnding?.()
    for (const x of this.slots) this.send(x, { type: 'close' })
  }

  private get host(): CheckpointHost {
    return this.options.checkpoints ?? NO_CHECKPOINT_HOST
  }

  injectBarrier(barrier: Barrier): void {
    for (const s of this.slots) this.send(s, { type: 'barrier', barrier })
  }

  notify(n: CheckpointNotification): Promise<void> {
    const live = this.slots.filter((s) => !s.ended)
    if (live.length === 0) return Promise.resolve()
    const requestId = this.nextRequest++
    return new Promise<void>((resolve, reject) => {
      this.notifications.set(requestId, { remaining: live.length, resolve, reject })
      for (const s of live) this.send(s, { type: 'notify', notification: n, requestId })
    })
  }

  private notified(requestId: number, error: Error | null): void {
    const p = this.notifications.get(requestId)
    if (p === undefined) return
    if (error !== null) {
      this.notifications.delete(requestId)
      p.reject(error)
      return
    }
    if (--p.remaining <= 0) {
      this.notifications.delete(requestId)
      p.resolve()
    }
  }

  private collect(batch: RowBatch, tag: CollectRelease | null): void {
    try {
      this.options.env.collect?.(batch, tag)
    } catch (e) {
      this.fail(e instanceof Error ? e : new Error(String(e)))
    }
  }

  private send(slot: Slot, m: ToWorker): void {
    if (!slot.ended) slot.worker.postMessage(m)
  }

  private fail(e: Error): void {
    if (this.failure !== null || this.cancelled) return
    this.failure = e
    this.options.onEnding?.()
    for (const s of this.slots) this.send(s, { type: 'cancel' })
  }

  async run(): Promise<void> {
    await this.finished
    if (this.failure !== null) throw this.failure
  }

  cancel(): void {
    if (this.cancelled) return
    this.cancelled = true
    for (const s of this.slots) this.send(s, { type: 'cancel' })
  }

  metrics(): OperatorMetrics {
    return mergeMetrics({}, this.slots.flatMap((s) => s.metrics))
  }
}
