/**
 * The operator contract. Operators are batch-shaped and synchronous on the hot path; the task loop around them
 * handles channels, barriers (a BarrierAligner, not the operator), watermark minimums and timers.
 */
import type { KeyGroupRange } from '../state/key-groups.js'
import type { KeyedStateBackend } from '../state/keyed-state.js'
import type { RowBatch } from './row-batch.js'

export type TimeDomain = 'event' | 'processing'

/** Timers belong to the current key (set by the task) and are part of the keyed state snapshot. */
export interface TimerService {
  currentWatermark(): number
  currentProcessingTime(): number
  registerEventTimeTimer(timestamp: number): void
  deleteEventTimeTimer(timestamp: number): void
  registerProcessingTimeTimer(timestamp: number): void
  deleteProcessingTimeTimer(timestamp: number): void
}

export interface Output {
  /** Hands the batch downstream; the receiver owns it afterwards. */
  emit(batch: RowBatch): void
}

export interface Counter {
  inc(n?: number): void
  readonly count: number
}

export interface OperatorContext {
  readonly jobId: string
  readonly subtaskIndex: number
  readonly parallelism: number
  readonly maxParallelism: number
  readonly keyGroupRange: KeyGroupRange
  readonly output: Output
  /** Keyed state; operators without keyed input may ignore it. */
  readonly state: KeyedStateBackend
  readonly timers: TimerService
  /** The job's configuration (SET keys), for options such as table.exec.state.ttl. */
  readonly config: Readonly<Record<string, string>>
  counter(name: string): Counter
}

/** Non-keyed operator state (for example a LIMIT's count); on rescale every subtask sees all old subtasks' states. */
export interface OperatorSnapshot {
  readonly operatorState?: unknown
}

/**
 * Called from one task loop, never concurrently.
 * restore? -> open -> (processBatch | processWatermark | onTimer)* -> finish -> close,
 * with snapshot() between any two calls when a checkpoint's barriers have aligned.
 * Before each event-time timer the runtime sets the current key; after firing the due timers it calls
 * processWatermark and then forwards the watermark downstream itself.
 */
export interface Operator {
  /** Stable across plan changes that keep the operator (from the physical node's uid). */
  readonly uid: string
  /** Version of the operator's state layout; bumped with a migration when it changes. */
  readonly stateVersion: number
  open(ctx: OperatorContext): Promise<void>
  /** Synchronous; emits via ctx.output. `input` is 0 for single-input operators, 0 = left / 1 = right for joins. */
  processBatch(input: number, batch: RowBatch): void
  /** Keys the next batch will touch, so a disk-backed state backend can prefetch them; absent for stateless ones. */
  keysOf?(input: number, batch: RowBatch): readonly { key: string; keyGroup: number }[]
  /** The minimum over inputs, called only when it advances, after due event-time timers fired. */
  processWatermark(watermark: number): void
  onTimer?(timestamp: number, domain: TimeDomain): void
  snapshot(checkpointId: number): OperatorSnapshot
  restore?(snapshots: readonly OperatorSnapshot[], writtenWithVersion: number): void
  /** Two-phase-commit sinks commit here. */
  notifyCheckpointComplete?(checkpointId: number): Promise<void>
  /** End of bounded input (after the final watermark): flush what is buffered. */
  finish(): Promise<void>
  /** After success, failure or cancel; releases resources. */
  close(): Promise<void>
}

/** Watermark that makes every event-time window and timer fire: sent at the end of bounded input. */
export const MAX_WATERMARK = Number.MAX_SAFE_INTEGER
export const MIN_WATERMARK = Number.MIN_SAFE_INTEGER
