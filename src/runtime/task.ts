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
import type { SplitState } from '../catalog/connector.js'
import { createSnapshotTarget, safeFileName } from '../checkpoint/checkpoint-files.js'
import { notifyKeyedStateCheckpointAborted, notifyKeyedStateCheckpointComplete, type KeyedSnapshotCut } from '../checkpoint/keyed-state-snapshots.js'
import { encodeOperatorLevelState } from '../state/state-serializer.js'
import type { Barrier } from './channel-element.js'
import type { CheckpointHost, CheckpointNotification, ExecutionRestore, OperatorAck } from './checkpoint-messages.js'
import { failpointFor } from './failpoints.js'
import { isCommittingOperator } from './sink-operators.js'

export interface TaskEnvironment extends OperatorEnv {
  readonly graph: JobGraph
  readonly runtime: RuntimeConfig
  /** Where snapshots are acknowledged (the checkpoint coordinator). */
  readonly checkpoints: CheckpointHost
  /** State to start from (a checkpoint or savepoint); null for a fresh start. */
  readonly restore: ExecutionRestore | null
  /** 0 for the first run of the job, then one more per restart (failpoints use it). */
  readonly attempt: number
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
      if (prev === null) {
        entry.set(n.id, cn)
        cn.failpoint = failpointFor(env.config, n, env.attempt)
      } else prev.addTarget(new ChainedTarget(cn, 0))
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
  /** Pending unlessCancelled waits, released by cancel(). */
  private readonly cancelWaiters = new Set<() => void>()
  /** Work from outside the loop (checkpoint notifications), run by the loop between elements. */
  private mail: { work: () => Promise<void>; resolve: () => void; reject: (e: unknown) => void }[] = []
  /**
   * The loop returned. A subtask that failed or was cancelled answers mail at once; one that finished at the end
   * of its input still runs it (its sinks commit when the final checkpoint completes), one piece after another.
   */
  private loopEnded = false
  /** Mail run after the loop ended, in order; close() waits for it. */
  private afterLoop: Promise<void> = Promise.resolve()
  private closing = false
  /** The loop ended at the end of input (not cancelled, not failed): later checkpoints get its final state. */
  protected finishedNormally = false
  /** Checkpoints announced by the coordinator whose barrier this subtask has not yet seen. */
  private readonly expected = new Map<number, Barrier>()
  /** Highest checkpoint id snapshotted (ids only increase). */
  private lastSnapshot = 0
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
      const r = this.env.restore
      const op = r?.operators[n.operator.uid]
      const sub = op?.subtasks[this.subtaskIndex]
      await n.open(backend, op === undefined || sub === undefined ? null : { subtask: sub, writtenWithVersion: op.writtenWithVersion, claimedCheckpointId: r!.claimedCheckpointId })
    }
    try {
      await this.loop()
    } finally {
      this.loopEnded = true
      this.processMailNow()
    }
  }

  /**
   * The coordinator started a checkpoint. A running subtask waits for its barrier (sources inject it); one that
   * finished at the end of its input snapshots its final state at once, without sending the barrier on (its
   * downstream channels ended, which aligners count as having delivered every later barrier).
   */
  onTrigger(barrier: Barrier): void {
    if (barrier.checkpointId <= this.lastSnapshot) return
    if (this.finishedNormally) void this.snapshotFinished(barrier)
    else if (!this.loopEnded) this.expected.set(barrier.checkpointId, barrier)
  }

  private async snapshotFinished(barrier: Barrier): Promise<void> {
    try {
      await this.takeSnapshot(barrier, this.finalSplits(barrier.checkpointId), false)
    } catch (e) {
      this.env.checkpoints.decline(barrier.checkpointId, `${this.name}: ${e instanceof Error ? e.message : String(e)}`)
    }
  }

  /** A finished source's split states (all consumed); null for other subtasks. */
  protected finalSplits(_checkpointId: number): readonly SplitState[] | null {
    return null
  }

  /** Split states of the source reader at a barrier; null for subtasks without a reader. */
  protected restoredSplits(): readonly SplitState[] | null {
    const head = this.head
    return this.env.restore?.operators[head.operator.uid]?.subtasks[this.subtaskIndex]?.splits ?? null
  }

  /** Runs `work` in the loop between two elements; resolves when it ran (at once when the loop has ended). */
  protected postMail(work: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.mail.push({ work, resolve, reject })
      if (this.loopEnded) this.processMailNow()
      else this.wake()
    })
  }

  /** After the loop: a finished subtask runs the mail in order; a failed or cancelled one has nothing to do. */
  private processMailNow(): void {
    const mail = this.mail
    this.mail = []
    for (const m of mail) {
      if (!this.finishedNormally || this.closing) {
        m.resolve()
        continue
      }
      this.afterLoop = this.afterLoop
        .then(() => (this.closing ? undefined : m.work()))
        .then(
          () => m.resolve(),
          (e: unknown) => m.reject(e),
        )
    }
  }

  /** Runs the queued mail; the loops call it between elements. A failing piece of mail fails the subtask. */
  protected async processMail(): Promise<void> {
    while (this.mail.length > 0) {
      const m = this.mail.shift()!
      try {
        await m.work()
        m.resolve()
      } catch (e) {
        m.reject(e)
        throw e
      }
    }
  }

  protected get hasMail(): boolean {
    return this.mail.length > 0
  }

  /** Delivers a checkpoint notification to every operator of the chain (sinks commit), in the loop. */
  notifyCheckpoint(n: CheckpointNotification): Promise<void> {
    return this.postMail(async () => {
      for (const node of this.nodes) {
        const op = node.operator
        try {
          if (isCommittingOperator(op)) await op.notifyCheckpoint(n.checkpointId, n.kind, n.commit)
          else if (n.kind === 'complete') await op.notifyCheckpointComplete?.(n.checkpointId)
        } catch (e) {
          throw operatorFailure(node.name, e)
        }
        const b = node.backend
        if (b !== null && isKeyedOperator(op)) {
          if (n.kind === 'complete') notifyKeyedStateCheckpointComplete(b, n.checkpointId)
          else notifyKeyedStateCheckpointAborted(b, n.checkpointId)
        }
      }
    })
  }

  /**
   * At an (aligned) barrier: the synchronous cut of every operator of the chain, sinks pre-commit, the barrier
   * moves on downstream; the state files are written in the background and then acknowledged.
   */
  protected async takeSnapshot(barrier: Barrier, splits: readonly SplitState[] | null, forward = true): Promise<void> {
    const id = barrier.checkpointId
    if (id <= this.lastSnapshot) return
    this.lastSnapshot = id
    this.expected.delete(id)
    const nodes = this.nodes
    const cuts = nodes.map((n) => n.cutState(id, barrier.savepoint, barrier.incremental ?? false))
    const committables: (readonly unknown[] | null)[] = []
    for (const n of nodes) {
      const op = n.operator
      try {
        committables.push(isCommittingOperator(op) ? await op.prepareCommit(id) : null)
      } catch (e) {
        // A RocksDB cut's discard rejects when its snapshot failed: never an unhandled rejection.
        for (const c of cuts) void c.cut?.discard().catch(() => undefined)
        throw operatorFailure(n.name, e)
      }
    }
    if (forward) for (const w of this.writers) w.pushBarrier(barrier)
    const encoded = nodes.map((_, i) => {
      const operatorState = cuts[i]!.operatorState
      const c = committables[i]
      return encodeOperatorLevelState({
        ...(operatorState === undefined ? {} : { operatorState }),
        ...(i === 0 && splits !== null ? { splits } : {}),
        ...(c === null || c === undefined ? {} : { committables: c }),
      })
    })
    void this.writeAndAcknowledge(barrier, cuts.map((c) => c.cut), encoded)
  }

  private async writeAndAcknowledge(barrier: Barrier, cuts: (KeyedSnapshotCut | null)[], encoded: (Uint8Array | null)[]): Promise<void> {
    const id = barrier.checkpointId
    const operators: OperatorAck[] = []
    try {
      for (let i = 0; i < this.nodes.length; i++) {
        const uid = this.nodes[i]!.operator.uid
        const cut = cuts[i]
        cuts[i] = null
        const keyed =
          cut === null || cut === undefined
            ? null
            : await cut.write(
                createSnapshotTarget({
                  checkpointId: id,
                  isSavepoint: barrier.savepoint,
                  exclusiveDir: barrier.exclusiveDir!,
                  sharedDir: barrier.sharedDir ?? barrier.exclusiveDir!,
                  filePrefix: `${safeFileName(uid)}-${this.subtaskIndex}`,
                }),
              )
        operators.push({ uid, keyed, operator: encoded[i] ?? null })
      }
      this.env.checkpoints.acknowledge({ checkpointId: id, taskId: this.task.id, subtaskIndex: this.subtaskIndex, operators })
    } catch (e) {
      for (const c of cuts) void c?.discard().catch(() => undefined)
      this.env.checkpoints.decline(id, `${this.name}: ${e instanceof Error ? e.message : String(e)}`)
    }
  }

  protected abstract loop(): Promise<void>

  /** Stops the loop at the next element boundary; releases waits on channels. */
  cancel(): void {
    this.cancelled = true
    for (const w of this.writers) w.close()
    this.resolveCancelled()
    const waiters = [...this.cancelWaiters]
    this.cancelWaiters.clear()
    for (const w of waiters) w()
    this.wake()
  }

  protected abstract wake(): void

  /** Awaits `p` unless the subtask is cancelled first (then undefined); a later rejection of `p` is ignored. */
  protected unlessCancelled<T>(p: Promise<T>): Promise<T | undefined> {
    if (this.cancelled) {
      p.catch(() => {})
      return Promise.resolve(undefined)
    }
    // Not a race against cancelledSignal: each race would leave a reaction (holding `p`) on that signal until the
    // subtask is cancelled, one per poll or sink write for the whole life of the job.
    return new Promise<T | undefined>((resolve, reject) => {
      const onCancel = (): void => {
        p.catch(() => {})
        resolve(undefined)
      }
      this.cancelWaiters.add(onCancel)
      p.then(
        (v) => {
          this.cancelWaiters.delete(onCancel)
          resolve(v)
        },
        (e: unknown) => {
          this.cancelWaiters.delete(onCancel)
          reject(e)
        },
      )
    })
  }

  /** Closes every operator (and reader); errors are logged, not thrown: close runs after failures too. */
  async close(): Promise<void> {
    this.closing = true
    await this.afterLoop
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

  /** Hook before the head's watermark advances (RocksDB: load the keys of the due timers). */
  protected async beforeWatermark(_watermark: number): Promise<void> {}

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
    this.env.checkpoints.subtaskFinished(this.task.id, this.subtaskIndex)
    await this.beforeWatermark(MAX_WATERMARK)
    this.head.advanceWatermark(MAX_WATERMARK)
    await this.afterElement()
    for (const n of this.nodes) {
      await n.finish()
      await this.afterElement()
    }
    for (const w of this.writers) w.endOfInput()
    this.finishedNormally = true
    // Checkpoints started while this subtask drained its input: its final state is their part.
    const expected = [...this.expected.values()].sort((a, b) => a.checkpointId - b.checkpointId)
    this.expected.clear()
    for (const b of expected) void this.snapshotFinished(b)
  }
}

