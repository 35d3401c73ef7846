/**
 * Subtasks: one per (task, subtask index), each running its own loop over a chain of operators (source-subtask.ts
 * polls a reader, input-subtask.ts reads an input gate). Both process one element synchronously through the chain,
 * then await, once, whatever the element left behind (sink writes, full output channels), so backpressure costs
 * one await per batch and never one per record.
 */
import { keyGroupRangeFor } from '../state/key-groups.js'
import { MemoryStateBackend } from '../state/memory-backend.js'
import { createStateBackend } from '../state/state-backend-factory.js'
import type { ChannelReader, ChannelWriter } from './channel.js'
import { nodeName, type JobEdge, type JobGraph, type JobTask } from './job-graph.js'
import type { OperatorMetricsSnapshot } from './metrics.js'
import { MAX_WATERMARK } from './operator.js'
import { ChainNode, ChainedTarget, RecordWriter, isKeyedOperator } from './operator-chain.js'
import { createOperator, createSinkOperators, type NamedOperator, type OperatorEnv } from './operator-factory.js'
import { operatorFailure } from './operator-failure.js'
import { createPartitioner } from './partitioner.js'
import type { RuntimeConfig } from './runtime-config.js'

export interface TaskEnvironment extends OperatorEnv {
  readonly graph: JobGraph
  readonly runtime: RuntimeConfig
  writerFor(edge: JobEdge, from: number, to: number): ChannelWriter
  readerFor(edge: JobEdge, from: number, to: number): ChannelReader
  readonly log: (line: string) => void
}

export interface Chain {
  /** Topological: every node after the node feeding it. */
  readonly nodes: readonly ChainNode[]
  readonly head: ChainNode
  readonly writers: readonly RecordWriter[]
}

export function buildChain(task: JobTask, subtaskIndex: number, env: TaskEnvironment): Chain {
  const maxParallelism = env.graph.maxParallelism
  const keyGroupRange = keyGroupRangeFor(subtaskIndex, task.parallelism, maxParallelism)
  const nodes: ChainNode[] = []
  const entry = new Map<number, ChainNode>()
  const exit = new Map<number, ChainNode>()
  for (const n of task.nodes) {
    let ops: NamedOperator[]
    try {
      const override = env.operatorOverride?.(n) ?? null
      if (override !== null) ops = [{ name: nodeName(n), operator: override }]
      else ops = n.kind === 'StreamSink' ? createSinkOperators(n, env) : [{ name: nodeName(n), operator: createOperator(n) }]
    } catch (e) {
      throw operatorFailure(nodeName(n), e)
    }
    let prev: ChainNode | null = null
    for (const { name, operator } of ops) {
      const cn = new ChainNode(name, n, operator, {
        jobId: env.jobId,
        subtaskIndex,
        parallelism: task.parallelism,
        maxParallelism,
        keyGroupRange,
        config: env.config,
      })
      if (prev === null) entry.set(n.id, cn)
      else prev.addTarget(new ChainedTarget(cn, 0))
      nodes.push(cn)
      prev = cn
    }
    exit.set(n.id, prev!)
  }
  const writers: RecordWriter[] = []
  for (const n of task.nodes) {
    const from = exit.get(n.id)!
    for (const c of env.graph.chainedConsumers(n)) from.addTarget(new ChainedTarget(entry.get(c.node.id)!, c.input))
    for (const edge of env.graph.networkConsumers(n)) {
      const targets = edge.target.parallelism
      const channels: ChannelWriter[] = []
      for (let t = 0; t < targets; t++) channels.push(env.writerFor(edge, subtaskIndex, t))
      const w = new RecordWriter(createPartitioner(edge.partitioning, subtaskIndex, targets, maxParallelism), channels)
      writers.push(w)
      from.addTarget(w)
    }
  }
  return { nodes, head: entry.get(task.head.id)!, writers }
}

export abstract class Subtask {
  protected cancelled = false
  protected readonly nodes: readonly ChainNode[]
  protected readonly head: ChainNode
  protected readonly writers: readonly RecordWriter[]
  private readonly asyncNodes: readonly ChainNode[]
  private lastYield = Date.now()
  private wakeTimer: NodeJS.Timeout | null = null
  private wakeAt = Infinity
  private resolveCancelled: () => void = () => {}
  /** Resolves on cancel: raced against waits that nothing else would interrupt (a poll, a sink write). */
  protected readonly cancelledSignal: Promise<void> = new Promise<void>((resolve) => {
    this.resolveCancelled = resolve
  })
  readonly name: string

  constructor(
    readonly task: JobTask,
    readonly subtaskIndex: number,
    protected readonly env: TaskEnvironment,
    chain: Chain,
  ) {
    this.nodes = chain.nodes
    this.head = chain.head
    this.writers = chain.writers
    this.asyncNodes = chain.nodes.filter((n) => n.async !== null)
    this.name = `${task.name} (${subtaskIndex + 1}/${task.parallelism})`
  }

  /** Opens the chain (downstream first), runs the loop to the end of input or cancellation. Throws on failure. */
  async run(): Promise<void> {
    const { keyGroupRange, maxParallelism } = this.head.context
    for (let i = this.nodes.length - 1; i >= 0 && !this.cancelled; i--) {
      const n = this.nodes[i]!
      // Keyed operators get the configured backend (hashmap or rocksdb); stateless ones a cheap unused hashmap.
      let backend
      try {
        backend = isKeyedOperator(n.operator)
          ? await createStateBackend(this.env.config, { keyGroupRange, maxParallelism })
          : new MemoryStateBackend(keyGroupRange, maxParallelism)
      } catch (e) {
        throw operatorFailure(n.name, e)
      }
      await n.open(backend)
    }
    await this.loop()
  }

  protected abstract loop(): Promise<void>

  /** Stops the loop at the next element boundary; releases waits on channels. */
  cancel(): void {
    this.cancelled = true
    for (const w of this.writers) w.close()
    this.resolveCancelled()
    this.wake()
  }

  protected abstract wake(): void

  /** Awaits `p` unless the subtask is cancelled first (then undefined); a later rejection of `p` is ignored. */
  protected unlessCancelled<T>(p: Promise<T>): Promise<T | undefined> {
    if (this.cancelled) {
      p.catch(() => {})
      return Promise.resolve(undefined)
    }
    return Promise.race([
      p,
      this.cancelledSignal.then(() => {
        p.catch(() => {})
        return undefined
      }),
    ])
  }

  /** Closes every operator (and reader); errors are logged, not thrown: close runs after failures too. */
  async close(): Promise<void> {
    if (this.wakeTimer !== null) clearTimeout(this.wakeTimer)
    for (const n of this.nodes) {
      try {
        await n.close()
      } catch (e) {
        this.env.log(`error closing ${n.name}: ${e instanceof Error ? e.message : String(e)}`)
      }
    }
  }

  metrics(): OperatorMetricsSnapshot[] {
    return this.nodes.map((n) => n.metrics())
  }

  /** After each element: outstanding sink writes, then room in every output channel, then (rarely) a yield. */
  protected async afterElement(): Promise<void> {
    const asyncNodes = this.asyncNodes
    for (let i = 0; i < asyncNodes.length; i++) {
      const n = asyncNodes[i]!
      const p = n.async!.takePending()
      if (p !== null) {
        try {
          await this.unlessCancelled(p)
        } catch (e) {
          throw operatorFailure(n.name, e)
        }
      }
    }
    const writers = this.writers
    for (let i = 0; i < writers.length; i++) if (writers[i]!.isFull()) await writers[i]!.whenWritable()
    // Loops whose outputs are all chained never wait on a channel: let timers, I/O and other subtasks run.
    const now = Date.now()
    if (now - this.lastYield >= 10) {
      this.lastYield = now
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
  }

  protected fireProcessingTimers(): void {
    let next = Infinity
    for (const n of this.nodes) {
      const t = n.nextProcessingTimer()
      if (t !== null && t < next) next = t
    }
    if (next === Infinity) return
    const now = Date.now()
    if (next <= now) for (const n of this.nodes) n.fireProcessingTimers(now)
  }

  /** Arranges a wake-up for the earliest processing-time timer while the loop waits. */
  protected scheduleTimerWake(): void {
    let next = Infinity
    for (const n of this.nodes) {
      const t = n.nextProcessingTimer()
      if (t !== null && t < next) next = t
    }
    if (next === Infinity || next >= this.wakeAt) return
    if (this.wakeTimer !== null) clearTimeout(this.wakeTimer)
    this.wakeAt = next
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null
      this.wakeAt = Infinity
      this.wake()
    }, Math.max(0, next - Date.now()))
  }

  /** End of all input: the final watermark (fires every timer and window), finish in chain order, end downstream. */
  protected async endOfInput(): Promise<void> {
    this.head.advanceWatermark(MAX_WATERMARK)
    await this.afterElement()
    for (const n of this.nodes) {
      await n.finish()
      await this.afterElement()
    }
    for (const w of this.writers) w.endOfInput()
  }
}

