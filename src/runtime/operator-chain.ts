/**
 * Operators fused into one task. A ChainNode wraps one operator with its context (keyed state, timers, counters)
 * and its outputs; an output is either the next operator of the chain (called directly, synchronously) or a
 * RecordWriter that partitions batches onto the channels of a downstream task.
 */
import type { StreamNode } from '../plan/physical/stream-nodes.js'
import type { KeyedStateBackend } from '../state/keyed-state.js'
import { InternalTimerService } from '../state/timer-service.js'
import { batchElement, END_OF_INPUT_ELEMENT, idleElement, watermarkElement, type Barrier } from './channel-element.js'
import type { ChannelWriter } from './channel.js'
import { SimpleCounter, type OperatorMetricsSnapshot } from './metrics.js'
import { MAX_WATERMARK, MIN_WATERMARK, type Counter, type Operator, type OperatorContext } from './operator.js'
import { operatorFailure } from './operator-failure.js'
import { copyBatch, type Partitioner } from './partitioner.js'
import type { RowBatch } from './row-batch.js'
import type { KeyGroupRange } from '../state/key-groups.js'
import { cutKeyedState, restoreKeyedState, type KeyedSnapshotCut } from '../checkpoint/keyed-state-snapshots.js'
import type { SubtaskRestore } from '../checkpoint/restore-mapping.js'
import type { TimerGroupSnapshot } from '../state/timer-service.js'
import { failpointError, type Failpoint } from './failpoints.js'
import { isCommittingOperator } from './sink-operators.js'

/** Where a node's output goes. */
export interface OutputTarget {
  pushBatch(batch: RowBatch): void
  pushWatermark(watermark: number): void
  pushIdle(idle: boolean): void
}

/** Operators that make their own watermarks (the watermark assigner): the chain forwards theirs, not upstream's. */
export interface WatermarkGenerating {
  /** The watermark generated so far (MIN_WATERMARK before any). */
  outputWatermark(): number
}

/** Operators whose work continues asynchronously after processBatch (sinks whose write returned a promise). */
export interface AsyncCompletion {
  /** The outstanding work, awaited by the task once per element; null when there is none. */
  takePending(): Promise<void> | null
}

function isWatermarkGenerating(op: Operator): op is Operator & WatermarkGenerating {
  return typeof (op as Partial<WatermarkGenerating>).outputWatermark === 'function'
}

function isAsyncCompletion(op: Operator): op is Operator & AsyncCompletion {
  return typeof (op as Partial<AsyncCompletion>).takePending === 'function'
}

export interface ChainNodeContext {
  readonly jobId: string
  readonly subtaskIndex: number
  readonly parallelism: number
  readonly maxParallelism: number
  readonly keyGroupRange: KeyGroupRange
  readonly config: Readonly<Record<string, string>>
}

/** Operators with keyed state declare keysOf (the contract: absent for stateless ones). */
export function isKeyedOperator(op: Operator): boolean {
  return typeof op.keysOf === 'function'
}

/** What one chain node restores: its subtask's part of the restore plan. */
export interface NodeRestore {
  readonly subtask: SubtaskRestore
  readonly writtenWithVersion: number
  /** The restored checkpoint's id when the job owns it (CLAIM or a restart): incremental chains continue. */
  readonly claimedCheckpointId: number | null
}

export class ChainNode {
  /** Set by open(): the state backend (created asynchronously: RocksDB opens files), timers and context. */
  timers!: InternalTimerService
  ctx!: OperatorContext
  backend: KeyedStateBackend | null = null
  private targets: OutputTarget[] = []
  private readonly counters = new Map<string, SimpleCounter>()
  private readonly recordsIn: SimpleCounter
  private readonly recordsOut: SimpleCounter
  private watermark = MIN_WATERMARK
  private emittedWatermark = MIN_WATERMARK
  private readonly generator: (Operator & WatermarkGenerating) | null
  readonly async: (Operator & AsyncCompletion) | null
  /** A test failpoint armed for this run (failpoints.ts); null almost always. */
  failpoint: Failpoint | null = null

  constructor(
    readonly name: string,
    readonly node: StreamNode,
    readonly operator: Operator,
    readonly context: ChainNodeContext,
  ) {
    this.recordsIn = this.counter('numRecordsIn')
    this.recordsOut = this.counter('numRecordsOut')
    this.counter('numLateRecordsDropped')
    this.generator = isWatermarkGenerating(operator) ? operator : null
    this.async = isAsyncCompletion(operator) ? operator : null
  }

  counter(name: string): Counter & SimpleCounter {
    let c = this.counters.get(name)
    if (c === undefined) this.counters.set(name, (c = new SimpleCounter()))
    return c
  }

  addTarget(target: OutputTarget): void {
    this.targets.push(target)
  }

  /**
   * Takes the operator's state backend (disposed on close), restores what the checkpoint holds for this subtask
   * (keyed state and timers, operator state, a sink's writer state and committables), then opens the operator.
   * Restore errors (missing or corrupt files) keep their own code: they name the file and the operator.
   */
  async open(backend: KeyedStateBackend, restore: NodeRestore | null = null): Promise<void> {
    const context = this.context
    this.backend = backend
    this.timers = new InternalTimerService(backend)
    if (restore !== null) await this.restore(restore)
    const self = this
    this.ctx = {
      jobId: context.jobId,
      subtaskIndex: context.subtaskIndex,
      parallelism: context.parallelism,
      maxParallelism: context.maxParallelism,
      keyGroupRange: context.keyGroupRange,
      output: { emit: (batch) => self.emit(batch) },
      state: backend,
      timers: this.timers,
      config: context.config,
      counter: (name) => self.counter(name),
    }
    try {
      await this.operator.open(this.ctx)
    } catch (e) {
      throw operatorFailure(this.name, e)
    }
  }

  private async restore(r: NodeRestore): Promise<void> {
    const sub = r.subtask
    if (sub.keyed.length > 0) {
      const timers = await restoreKeyedState(this.backend!, sub.keyed, r.claimedCheckpointId === null ? {} : { claimedCheckpointId: r.claimedCheckpointId })
      this.timers.restore([{ groups: timers as Map<number, TimerGroupSnapshot> }])
    }
    const op = this.operator
    if (isCommittingOperator(op)) {
      const own = sub.operatorStates.length === 1 ? sub.operatorStates[0] : sub.operatorStates[this.context.subtaskIndex]
      op.setRestored({ state: own?.operatorState ?? null, committables: sub.committables })
    } else if (sub.operatorStates.length > 0) {
      try {
        op.restore?.(sub.operatorStates, r.writtenWithVersion)
      } catch (e) {
        throw operatorFailure(this.name, e)
      }
    }
  }

  /**
   * The synchronous cut of this operator's state at a barrier: keyed state with timers (the backend writes it
   * later, asynchronously) and the operator's own snapshot.
   */
  cutState(checkpointId: number, savepoint: boolean, incremental: boolean): { cut: KeyedSnapshotCut | null; operatorState: unknown } {
    try {
      let cut: KeyedSnapshotCut | null = null
      if (this.backend !== null && isKeyedOperator(this.operator)) {
        cut = cutKeyedState(this.backend, { checkpointId, type: savepoint ? 'savepoint' : 'checkpoint', incremental: incremental && !savepoint, timers: this.timers.snapshot().groups })
      }
      return { cut, operatorState: this.operator.snapshot(checkpointId).operatorState }
    } catch (e) {
      throw operatorFailure(this.name, e)
    }
  }

  /** Keys of the event-time timers `watermark` fires, loaded first when the backend is disk-backed; null if none. */
  prefetchTimers(watermark: number): Promise<void> | null {
    if (this.backend === null || watermark <= this.watermark || this.operator.keysOf === undefined) return null
    const keys = this.timers.dueEventTimerKeys(watermark)
    return keys.length === 0 ? null : this.backend.prefetch(keys)
  }

  /** The same for processing-time timers due at `now`. */
  prefetchProcessingTimers(now: number): Promise<void> | null {
    if (this.backend === null || this.operator.keysOf === undefined) return null
    const keys = this.timers.dueProcessingTimerKeys(now)
    return keys.length === 0 ? null : this.backend.prefetch(keys)
  }

  /** Loads the state of the keys `batch` touches when the backend needs it (disk); null when nothing to wait for. */
  prefetch(input: number, batch: RowBatch): Promise<void> | null {
    const op = this.operator
    if (this.backend === null || op.keysOf === undefined) return null
    return this.backend.prefetch(op.keysOf(input, batch))
  }

  processBatch(input: number, batch: RowBatch): void {
    this.recordsIn.count += batch.rows.length
    const fp = this.failpoint
    if (fp !== null && this.recordsIn.count >= fp.afterRecords) {
      this.failpoint = null
      throw operatorFailure(this.name, failpointError(fp, this.name))
    }
    try {
      this.operator.processBatch(input, batch)
    } catch (e) {
      throw operatorFailure(this.name, e)
    }
    if (this.generator !== null) {
      const wm = this.generator.outputWatermark()
      if (wm > this.emittedWatermark) this.forwardWatermark(wm)
    }
  }

  /** Receives the (combined) input watermark: fires due event-time timers, then processWatermark, then forwards. */
  advanceWatermark(watermark: number): void {
    if (watermark <= this.watermark) return
    this.watermark = watermark
    const op = this.operator
    try {
      this.timers.advanceWatermark(watermark, (ts) => op.onTimer?.(ts, 'event'))
      op.processWatermark(watermark)
    } catch (e) {
      throw operatorFailure(this.name, e)
    }
    // A watermark assigner replaces upstream watermarks with its own, except the final one.
    if (this.generator !== null && watermark !== MAX_WATERMARK) return
    if (watermark > this.emittedWatermark) this.forwardWatermark(watermark)
  }

  private forwardWatermark(watermark: number): void {
    this.emittedWatermark = watermark
    const ts = this.targets
    for (let i = 0; i < ts.length; i++) ts[i]!.pushWatermark(watermark)
  }

  forwardIdle(idle: boolean): void {
    for (const t of this.targets) t.pushIdle(idle)
  }

  /** Fires processing-time timers due at `now`. */
  fireProcessingTimers(now: number): void {
    const op = this.operator
    try {
      this.timers.advanceProcessingTime(now, (ts) => op.onTimer?.(ts, 'processing'))
    } catch (e) {
      throw operatorFailure(this.name, e)
    }
  }

  nextProcessingTimer(): number | null {
    return this.backend === null ? null : this.timers.nextProcessingTimer()
  }

  emit(batch: RowBatch): void {
    const n = batch.rows.length
    if (n === 0) return
    this.recordsOut.count += n
    const ts = this.targets
    const last = ts.length - 1
    // Receivers own what they get: every target but the last gets a copy.
    for (let i = 0; i < last; i++) ts[i]!.pushBatch(copyBatch(batch))
    if (last >= 0) ts[last]!.pushBatch(batch)
  }

  async finish(): Promise<void> {
    try {
      await this.operator.finish()
    } catch (e) {
      throw operatorFailure(this.name, e)
    }
  }

  async close(): Promise<void> {
    try {
      await this.operator.close()
    } finally {
      const b = this.backend
      this.backend = null
      if (b !== null) await b.dispose()
    }
  }

  metrics(): OperatorMetricsSnapshot {
    const counters: Record<string, number> = {}
    for (const [k, c] of this.counters) counters[k] = c.count
    return { name: this.name, counters }
  }
}

/** Output to the next operator of the chain. */
export class ChainedTarget implements OutputTarget {
  constructor(
    private readonly node: ChainNode,
    private readonly input: number,
  ) {}
  pushBatch(batch: RowBatch): void {
    this.node.processBatch(this.input, batch)
  }
  pushWatermark(watermark: number): void {
    this.node.advanceWatermark(watermark)
  }
  pushIdle(idle: boolean): void {
    this.node.forwardIdle(idle)
  }
}

/** Output to the subtasks of a downstream task: partitions batches, broadcasts control elements. */
export class RecordWriter implements OutputTarget {
  constructor(
    private readonly partitioner: Partitioner,
    readonly channels: readonly ChannelWriter[],
  ) {}

  pushBatch(batch: RowBatch): void {
    const parts = this.partitioner.split(batch)
    for (let t = 0; t < parts.length; t++) {
      const p = parts[t]
      if (p != null) this.channels[t]!.push(batchElement(p))
    }
  }

  pushWatermark(watermark: number): void {
    const el = watermarkElement(watermark)
    for (const c of this.channels) c.push(el)
  }

  pushIdle(idle: boolean): void {
    const el = idleElement(idle)
    for (const c of this.channels) c.push(el)
  }

  pushBarrier(barrier: Barrier): void {
    const el = { kind: 'barrier', barrier } as const
    for (const c of this.channels) c.push(el)
  }

  endOfInput(): void {
    for (const c of this.channels) c.push(END_OF_INPUT_ELEMENT)
  }

  isFull(): boolean {
    for (const c of this.channels) if (c.isFull()) return true
    return false
  }

  async whenWritable(): Promise<void> {
    for (const c of this.channels) if (c.isFull()) await c.whenWritable()
  }

  close(): void {
    for (const c of this.channels) c.close()
  }
}
