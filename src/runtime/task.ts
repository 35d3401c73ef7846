/**
 * Subtasks: one per (task, subtask index), each running its own loop over a chain of operators. A source subtask
 * polls its reader; any other subtask reads its input gate. Both process one element synchronously through the
 * chain, then await, once, whatever the element left behind (sink writes, full output channels), so backpressure
 * costs one await per batch and never one per record.
 */
import { END_OF_INPUT } from '../catalog/connector.js'
import type { SourceReader } from '../catalog/connector.js'
import { EngineError } from '../errors.js'
import type { StreamNode, StreamTableSourceScan, StreamValues } from '../plan/physical/stream-nodes.js'
import { keyGroupRangeFor } from '../state/key-groups.js'
import type { ChannelReader, ChannelWriter } from './channel.js'
import { compileExpr, compileProjection } from './expr/compile.js'
import { InputGate } from './input-gate.js'
import { isSourceNode, nodeName, type JobEdge, type JobGraph, type JobTask } from './job-graph.js'
import type { OperatorMetricsSnapshot } from './metrics.js'
import { MAX_WATERMARK, MIN_WATERMARK } from './operator.js'
import { ChainNode, ChainedTarget, RecordWriter, isKeyedOperator } from './operator-chain.js'
import { createOperator, createSinkOperators, type NamedOperator, type OperatorEnv } from './operator-factory.js'
import { operatorFailure } from './operator-failure.js'
import { createPartitioner } from './partitioner.js'
import type { Row } from './row-batch.js'
import { compileOptionsOf, type RuntimeConfig } from './runtime-config.js'
import { ValuesReader } from './source-operator.js'
import { MemoryStateBackend } from '../state/memory-backend.js'
import { createStateBackend } from '../state/state-backend-factory.js'

export interface TaskEnvironment extends OperatorEnv {
  readonly graph: JobGraph
  readonly runtime: RuntimeConfig
  writerFor(edge: JobEdge, from: number, to: number): ChannelWriter
  readerFor(edge: JobEdge, from: number, to: number): ChannelReader
  readonly log: (line: string) => void
}

/** Builds the subtask `subtaskIndex` of `task`. Throws (wrapped per operator) when an operator cannot be built. */
export function createSubtask(task: JobTask, subtaskIndex: number, env: TaskEnvironment): Subtask {
  const chain = buildChain(task, subtaskIndex, env)
  return isSourceNode(task.head) ? new SourceSubtask(task, subtaskIndex, env, chain) : new InputSubtask(task, subtaskIndex, env, chain)
}

interface Chain {
  /** Topological: every node after the node feeding it. */
  readonly nodes: readonly ChainNode[]
  readonly head: ChainNode
  readonly writers: readonly RecordWriter[]
}

function buildChain(task: JobTask, subtaskIndex: number, env: TaskEnvironment): Chain {
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

/** A subtask whose chain starts with a source: polls the reader, generates per-split watermarks. */
class SourceSubtask extends Subtask {
  private reader: SourceReader | null = null
  private readonly watermarkOf: ((row: Row) => unknown) | null
  private readonly project: ((row: Row) => Row) | null
  private readonly splitWatermarks = new Map<string, number>()
  private readonly splitLastActive = new Map<string, number>()
  private emitted = MIN_WATERMARK
  private idle = false
  private readonly startTime = Date.now()
  private sleeper: (() => void) | null = null
  private readonly source: StreamTableSourceScan | StreamValues

  constructor(task: JobTask, subtaskIndex: number, env: TaskEnvironment, chain: Chain) {
    super(task, subtaskIndex, env, chain)
    this.source = task.head as StreamTableSourceScan | StreamValues
    const wm = this.source.kind === 'StreamTableSourceScan' ? this.source.watermark : null
    const options = compileOptionsOf(env.config)
    this.watermarkOf = wm === null ? null : compileExpr(wm.expr, options)
    this.project = this.source.kind === 'StreamTableSourceScan' && this.source.projection !== null ? compileProjection(this.source.projection, options) : null
  }

  private createReader(): SourceReader {
    const node = this.source
    if (node.kind === 'StreamValues') return new ValuesReader(this.subtaskIndex === 0 ? node.rows : [])
    const table = node.table
    const factory = this.env.connectors.connector(table.connector)
    if (factory.source === undefined) {
      throw new EngineError('CONNECTOR_UNSUPPORTED_SOURCE', `connector '${table.connector}' cannot be used as a source`)
    }
    return factory.source
      .createSource({
        table: { path: table.path, physicalFields: table.physicalFields, primaryKey: table.primaryKey, partitionKeys: table.partitionKeys, options: table.options },
        readFields: node.readFields,
        metadata: node.metadata,
        formats: this.env.connectors,
      })
      .createReader({ subtaskIndex: this.subtaskIndex, parallelism: this.task.parallelism, restoredSplits: null, jobConfig: this.env.config })
  }

  protected override async loop(): Promise<void> {
    const name = this.head.name
    let reader: SourceReader
    try {
      reader = this.reader = this.createReader()
      await this.unlessCancelled(reader.open())
    } catch (e) {
      throw operatorFailure(name, e)
    }
    const maxRows = this.env.runtime.batchSize
    let backoff = 1
    let ended = false
    while (!this.cancelled) {
      this.fireProcessingTimers()
      let r
      try {
        r = reader.poll(maxRows)
        if (r instanceof Promise) r = (await this.unlessCancelled(r)) ?? null
      } catch (e) {
        throw operatorFailure(name, e)
      }
      if (this.cancelled) break
      if (r === END_OF_INPUT) {
        ended = true
        break
      }
      if (r === null) {
        this.checkIdle(reader)
        this.scheduleTimerWake()
        try {
          if (reader.waitForData !== undefined) await this.unlessCancelled(Promise.race([reader.waitForData(), this.sleep(50)]))
          else await this.sleep(backoff)
        } catch (e) {
          throw operatorFailure(name, e)
        }
        backoff = Math.min(backoff * 2, 20)
        continue
      }
      backoff = 1
      if (this.idle) {
        this.idle = false
        this.head.forwardIdle(false)
      }
      let batch = r.batch
      const project = this.project
      if (project !== null) {
        const src = batch.rows
        const rows = new Array<Row>(src.length)
        for (let i = 0; i < src.length; i++) rows[i] = project(src[i]!)
        batch = { rows, kinds: batch.kinds }
      }
      // The watermark expression refers to the scan's output row; evaluate it before the chain takes the batch.
      const splitMax = this.watermarkOf === null ? MIN_WATERMARK : this.batchWatermark(batch.rows)
      this.head.processBatch(0, batch)
      if (this.watermarkOf !== null) this.updateWatermark(r.splitId, splitMax, reader)
      await this.afterElement()
    }
    if (ended && !this.cancelled) await this.endOfInput()
  }

  /** Watermark of a split = max of the watermark expression over its rows; the subtask's = min over active splits. */
  private batchWatermark(rows: readonly Row[]): number {
    const f = this.watermarkOf!
    let max = MIN_WATERMARK
    for (let i = 0; i < rows.length; i++) {
      const v = f(rows[i]!)
      if (typeof v === 'number' && v > max) max = v
    }
    return max
  }

  private updateWatermark(splitId: string, batchMax: number, reader: SourceReader): void {
    const prev = this.splitWatermarks.get(splitId) ?? MIN_WATERMARK
    if (batchMax > prev) this.splitWatermarks.set(splitId, batchMax)
    this.splitLastActive.set(splitId, Date.now())
    this.emitWatermark(reader)
  }

  private emitWatermark(reader: SourceReader): void {
    const idleTimeout = this.env.runtime.idleTimeoutMs
    const now = Date.now()
    let min = Infinity
    let active = 0
    for (const s of reader.activeSplits()) {
      if (idleTimeout > 0 && now - (this.splitLastActive.get(s) ?? this.startTime) >= idleTimeout) continue
      active++
      const wm = this.splitWatermarks.get(s) ?? MIN_WATERMARK
      if (wm < min) min = wm
    }
    if (active === 0) return
    if (min > this.emitted) {
      this.emitted = min
      this.head.advanceWatermark(min)
    }
  }

  private checkIdle(reader: SourceReader): void {
    if (this.watermarkOf === null) return
    const idleTimeout = this.env.runtime.idleTimeoutMs
    const splits = reader.activeSplits()
    const now = Date.now()
    let allIdle = true
    if (idleTimeout <= 0) allIdle = splits.length === 0
    else for (const s of splits) if (now - (this.splitLastActive.get(s) ?? this.startTime) < idleTimeout) allIdle = false
    if (!allIdle) {
      this.emitWatermark(reader)
      return
    }
    if (!this.idle) {
      this.idle = true
      this.head.forwardIdle(true)
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.sleeper = null
        resolve()
      }, ms)
      this.sleeper = () => {
        clearTimeout(t)
        this.sleeper = null
        resolve()
      }
    })
  }

  protected override wake(): void {
    this.sleeper?.()
  }

  override async close(): Promise<void> {
    const r = this.reader
    this.reader = null
    if (r !== null) {
      try {
        await r.close()
      } catch (e) {
        this.env.log(`error closing source ${this.head.name}: ${e instanceof Error ? e.message : String(e)}`)
      }
    }
    await super.close()
  }
}

/** A subtask fed by channels. */
class InputSubtask extends Subtask {
  private readonly gate: InputGate
  private readonly prefetching: boolean

  constructor(task: JobTask, subtaskIndex: number, env: TaskEnvironment, chain: Chain) {
    super(task, subtaskIndex, env, chain)
    this.prefetching = env.runtime.stateBackend !== 'hashmap' && isKeyedOperator(chain.head.operator)
    const channels = []
    for (const edge of task.inputs) {
      for (let from = 0; from < edge.source.parallelism; from++) {
        channels.push({ reader: env.readerFor(edge, from, subtaskIndex), input: edge.targetInput })
      }
    }
    this.gate = new InputGate(channels, env.runtime.checkpointingMode)
  }

  protected override async loop(): Promise<void> {
    const gate = this.gate
    const head = this.head
    while (!this.cancelled) {
      this.fireProcessingTimers()
      const ev = gate.poll()
      if (ev === null) {
        this.scheduleTimerWake()
        await gate.waitForData()
        continue
      }
      switch (ev.kind) {
        case 'batch': {
          // A disk-backed backend loads the batch's keys first (keyed operators head their task then, see job-graph).
          const loading = this.prefetching ? head.prefetch(ev.input, ev.batch) : null
          if (loading !== null) {
            try {
              await loading
            } catch (e) {
              throw operatorFailure(head.name, e)
            }
          }
          head.processBatch(ev.input, ev.batch)
          break
        }
        case 'watermark':
          head.advanceWatermark(ev.watermark)
          break
        case 'idle':
          head.forwardIdle(ev.idle)
          break
        case 'barrier':
          // Aligned: the snapshot of this subtask's operators goes here with the checkpoint coordinator (issue 4);
          // the barrier itself moves on so downstream tasks can align too.
          for (const w of this.writers) w.pushBarrier(ev.barrier)
          break
        case 'checkpoint-aborted':
          break
        case 'end-of-input':
          await this.endOfInput()
          return
      }
      await this.afterElement()
    }
  }

  protected override wake(): void {
    this.gate.wake()
  }

  override metrics(): OperatorMetricsSnapshot[] {
    const m = super.metrics()
    const first = m[0]
    if (first !== undefined) m[0] = { name: first.name, counters: { ...first.counters, maxQueuedBatches: this.gate.maxQueuedBatches() } }
    return m
  }
}

export type { StreamNode }
