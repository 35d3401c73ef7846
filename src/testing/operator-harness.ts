/**
 * Drives one operator the way a task loop would, without threads or channels: push batches (written as changelog
 * literals), advance the watermark and a controllable processing-time clock, read what the operator emitted as
 * Flink-style changelog lines (`+I[a, 1]`), and snapshot/restore operator state, keyed state and timers at any
 * point, at the same or a different parallelism (ParallelHarness splits key groups across subtasks).
 */
import { ROW_KIND_SHORT, RowKind } from '../sql/row-kind.js'
import type { DataType } from '../sql/data-type.js'
import { EngineError } from '../errors.js'
import type { Counter, Operator, OperatorContext, OperatorSnapshot } from '../runtime/operator.js'
import type { Row, RowBatch } from '../runtime/row-batch.js'
import { kindAt, RowBatchBuilder } from '../runtime/row-batch.js'
import { DEFAULT_MAX_PARALLELISM, encodeKey, keyGroupOf, keyGroupRangeFor, subtaskForKeyGroup } from '../state/key-groups.js'
import type { KeyedStateSnapshot } from '../state/keyed-state.js'
import { MemoryStateBackend } from '../state/memory-backend.js'
import type { TimerSnapshot } from '../state/timer-service.js'
import { InternalTimerService } from '../state/timer-service.js'
import { formatLiteralValue, parseLiteralValue, splitLiteralTokens } from './changelog-literal.js'

export interface HarnessOptions {
  /** Field types per input, used to parse changelog literals (input 0 first). */
  readonly inputTypes?: readonly (readonly DataType[])[]
  /** Output field types, used to render DECIMAL values with their scale. */
  readonly outputTypes?: readonly DataType[]
  /** Job configuration as SET keys (e.g. table.exec.state.ttl). */
  readonly config?: Readonly<Record<string, string>>
  readonly maxParallelism?: number
  readonly parallelism?: number
  readonly subtaskIndex?: number
  /** Initial processing time (ms); the clock moves only when the test moves it. */
  readonly startTime?: number
  /** Per input, the fields rows are hash-partitioned by (ParallelHarness routing); absent means all to subtask 0. */
  readonly inputKeys?: readonly (readonly number[])[]
}

/** Everything a checkpoint holds for one operator, per subtask; restore hands all of it to every new subtask. */
export interface HarnessSnapshot {
  readonly stateVersion: number
  readonly operator: readonly OperatorSnapshot[]
  readonly keyed: readonly KeyedStateSnapshot[]
  readonly timers: readonly TimerSnapshot[]
}

/** Parses `+I a 1` style lines into a batch; a line without a row kind is an insert. */
export function changelog(types: readonly DataType[] | null, ...lines: string[]): RowBatch {
  const b = new RowBatchBuilder()
  for (const line of lines) {
    const { kind, row } = parseChangelogLine(line, types)
    b.push(row, kind)
  }
  return b.build()
}

export function parseChangelogLine(line: string, types: readonly DataType[] | null): { kind: RowKind; row: Row } {
  const tokens = splitLiteralTokens(line.trim())
  let kind: RowKind = RowKind.INSERT
  const k = ROW_KIND_SHORT.indexOf(tokens[0]?.text ?? '')
  if (k >= 0 && tokens[0]?.quoted === false) {
    kind = k as RowKind
    tokens.shift()
  }
  if (types !== null && tokens.length !== types.length) {
    throw new EngineError('INTERNAL', `changelog literal '${line}' has ${tokens.length} fields, expected ${types.length}`, { domain: 'internal' })
  }
  const row = tokens.map((t, i) => parseLiteralValue(t, types === null ? null : types[i]!))
  return { kind, row }
}

/** Renders a batch as `+I[a, 1]` lines. */
export function formatBatch(batch: RowBatch, types?: readonly DataType[]): string[] {
  const out: string[] = []
  for (let i = 0; i < batch.rows.length; i++) {
    const row = batch.rows[i]!
    const fields = row.map((v, j) => formatLiteralValue(v, types?.[j]))
    out.push(`${ROW_KIND_SHORT[kindAt(batch, i)]}[${fields.join(', ')}]`)
  }
  return out
}

/**
 * The memory backend, plus a check that a batch only touches the keys the operator announced in keysOf (a
 * disk-backed backend prefetches exactly those, so a missing key would be a cache miss on the hot path).
 */
class CheckingBackend extends MemoryStateBackend {
  allowed: Set<string> | null = null

  override setCurrentKey(key: string, keyGroup: number): void {
    if (this.allowed !== null && !this.allowed.has(key)) {
      throw new EngineError('INTERNAL', `operator set key ${JSON.stringify(key)} that keysOf did not announce for this batch`, { domain: 'internal' })
    }
    super.setCurrentKey(key, keyGroup)
  }
}

class SimpleCounter implements Counter {
  count = 0
  inc(n = 1): void {
    this.count += n
  }
}

/** One operator subtask with its own memory backend and timer service. */
export class OperatorHarness {
  readonly operator: Operator
  readonly backend: CheckingBackend
  readonly timers: InternalTimerService
  readonly options: HarnessOptions
  /** Every batch emitted since the harness started (never cleared). */
  readonly emitted: RowBatch[] = []
  private cursor = 0
  private now: number
  private wm = Number.MIN_SAFE_INTEGER
  private readonly counters = new Map<string, SimpleCounter>()
  private readonly ctx: OperatorContext
  /** Extra listener for emitted batches (ParallelHarness merges outputs through it). */
  onEmit: ((batch: RowBatch) => void) | null = null

  private constructor(operator: Operator, options: HarnessOptions) {
    this.operator = operator
    this.options = options
    this.now = options.startTime ?? 0
    const maxParallelism = options.maxParallelism ?? DEFAULT_MAX_PARALLELISM
    const parallelism = options.parallelism ?? 1
    const subtaskIndex = options.subtaskIndex ?? 0
    const range = keyGroupRangeFor(subtaskIndex, parallelism, maxParallelism)
    this.backend = new CheckingBackend(range, maxParallelism, () => this.now)
    this.timers = new InternalTimerService(this.backend, () => this.now)
    const self = this
    this.ctx = {
      jobId: '0'.repeat(32),
      subtaskIndex,
      parallelism,
      maxParallelism,
      keyGroupRange: range,
      output: {
        emit(batch: RowBatch): void {
          if (batch.rows.length === 0) return
          self.emitted.push(batch)
          self.onEmit?.(batch)
        },
      },
      state: this.backend,
      timers: this.timers,
      config: options.config ?? {},
      counter(name: string): Counter {
        let c = self.counters.get(name)
        if (c === undefined) self.counters.set(name, (c = new SimpleCounter()))
        return c
      },
    }
  }

  /** Creates the operator, restores it from `from` (when given) and opens it. */
  static async open(factory: () => Operator, options: HarnessOptions = {}, from?: HarnessSnapshot): Promise<OperatorHarness> {
    const h = new OperatorHarness(factory(), options)
    if (from !== undefined) {
      const copy = structuredClone(from)
      h.operator.restore?.(copy.operator, copy.stateVersion)
      h.backend.restore(copy.keyed)
      h.timers.restore(copy.timers)
    }
    await h.operator.open(h.ctx)
    return h
  }

  get context(): OperatorContext {
    return this.ctx
  }

  get processingTime(): number {
    return this.now
  }

  get currentWatermark(): number {
    return this.wm
  }

  /** Pushes changelog lines into input 0. */
  push(...lines: string[]): this {
    return this.pushTo(0, ...lines)
  }

  pushTo(input: number, ...lines: string[]): this {
    return this.processBatch(input, changelog(this.options.inputTypes?.[input] ?? null, ...lines))
  }

  processBatch(input: number, batch: RowBatch): this {
    if (batch.rows.length === 0) return this
    const keys = this.operator.keysOf?.(input, batch)
    if (keys !== undefined) {
      for (const k of keys) {
        if (k.keyGroup < this.backend.keyGroupRange.start || k.keyGroup >= this.backend.keyGroupRange.end) {
          throw new EngineError('INTERNAL', `keysOf returned key group ${k.keyGroup} outside this subtask's range`, { domain: 'internal' })
        }
      }
      this.backend.allowed = new Set(keys.map((k) => k.key))
    }
    try {
      this.operator.processBatch(input, batch)
    } finally {
      this.backend.allowed = null
    }
    return this
  }

  /** Advances the watermark (ignored unless it advances): fires due event-time timers, then processWatermark. */
  watermark(wm: number): this {
    if (wm <= this.wm) return this
    this.wm = wm
    this.timers.advanceWatermark(wm, (ts) => this.operator.onTimer?.(ts, 'event'))
    this.operator.processWatermark(wm)
    return this
  }

  /** Moves the processing-time clock (never backwards) and fires due processing-time timers. */
  setProcessingTime(t: number): this {
    if (t > this.now) this.now = t
    this.timers.advanceProcessingTime(this.now, (ts) => this.operator.onTimer?.(ts, 'processing'))
    return this
  }

  advanceProcessingTime(ms: number): this {
    return this.setProcessingTime(this.now + ms)
  }

  counter(name: string): number {
    return this.counters.get(name)?.count ?? 0
  }

  /** All output so far as changelog lines. */
  output(): string[] {
    return this.emitted.flatMap((b) => formatBatch(b, this.options.outputTypes))
  }

  /** Output emitted since the previous take(). */
  take(): string[] {
    const lines = this.emitted.slice(this.cursor).flatMap((b) => formatBatch(b, this.options.outputTypes))
    this.cursor = this.emitted.length
    return lines
  }

  /** All output rows with their kinds, unformatted. */
  outputRows(): { kind: RowKind; row: Row }[] {
    const out: { kind: RowKind; row: Row }[] = []
    for (const b of this.emitted) for (let i = 0; i < b.rows.length; i++) out.push({ kind: kindAt(b, i), row: b.rows[i]! })
    return out
  }

  /** A deep copy of the operator's, the keyed state's and the timers' snapshots (safe to keep across calls). */
  snapshot(checkpointId = 1): HarnessSnapshot {
    return structuredClone({
      stateVersion: this.operator.stateVersion,
      operator: [this.operator.snapshot(checkpointId)],
      keyed: [this.backend.snapshot()],
      timers: [this.timers.snapshot()],
    })
  }

  async finish(): Promise<void> {
    await this.operator.finish()
  }

  async close(): Promise<void> {
    await this.operator.close()
    await this.backend.dispose()
  }
}

/**
 * N subtasks of one operator, each owning its key-group range; rows are routed by the key group of
 * `inputKeys[input]`, as a hash edge would. Output of all subtasks is merged in emission order.
 */
export class ParallelHarness {
  private readonly merged: RowBatch[] = []
  private cursor = 0

  private constructor(
    readonly subtasks: readonly OperatorHarness[],
    readonly options: HarnessOptions,
  ) {
    for (const h of subtasks) h.onEmit = (b) => this.merged.push(b)
  }

  static async open(factory: () => Operator, parallelism: number, options: HarnessOptions = {}, from?: HarnessSnapshot): Promise<ParallelHarness> {
    const subtasks: OperatorHarness[] = []
    for (let i = 0; i < parallelism; i++) {
      subtasks.push(await OperatorHarness.open(factory, { ...options, parallelism, subtaskIndex: i }, from))
    }
    return new ParallelHarness(subtasks, options)
  }

  get parallelism(): number {
    return this.subtasks.length
  }

  push(...lines: string[]): this {
    return this.pushTo(0, ...lines)
  }

  pushTo(input: number, ...lines: string[]): this {
    return this.processBatch(input, changelog(this.options.inputTypes?.[input] ?? null, ...lines))
  }

  /** Splits the batch by target subtask (preserving order per subtask) and processes each part. */
  processBatch(input: number, batch: RowBatch): this {
    const keys = this.options.inputKeys?.[input]
    const maxP = this.options.maxParallelism ?? DEFAULT_MAX_PARALLELISM
    const parts = this.subtasks.map(() => new RowBatchBuilder())
    for (let i = 0; i < batch.rows.length; i++) {
      const row = batch.rows[i]!
      let target = 0
      if (keys !== undefined) {
        const kg = keyGroupOf(encodeKey(keys.map((k) => row[k])), maxP)
        target = subtaskForKeyGroup(kg, this.subtasks.length, maxP)
      }
      parts[target]!.push(row, kindAt(batch, i))
    }
    parts.forEach((p, i) => {
      if (p.size > 0) this.subtasks[i]!.processBatch(input, p.build())
    })
    return this
  }

  watermark(wm: number): this {
    for (const h of this.subtasks) h.watermark(wm)
    return this
  }

  setProcessingTime(t: number): this {
    for (const h of this.subtasks) h.setProcessingTime(t)
    return this
  }

  advanceProcessingTime(ms: number): this {
    for (const h of this.subtasks) h.advanceProcessingTime(ms)
    return this
  }

  counter(name: string): number {
    return this.subtasks.reduce((n, h) => n + h.counter(name), 0)
  }

  output(): string[] {
    return this.merged.flatMap((b) => formatBatch(b, this.options.outputTypes))
  }

  take(): string[] {
    const lines = this.merged.slice(this.cursor).flatMap((b) => formatBatch(b, this.options.outputTypes))
    this.cursor = this.merged.length
    return lines
  }

  /** The union of every subtask's snapshot (each new subtask keeps the key groups it owns). */
  snapshot(checkpointId = 1): HarnessSnapshot {
    const parts = this.subtasks.map((h) => h.snapshot(checkpointId))
    return {
      stateVersion: parts[0]?.stateVersion ?? 1,
      operator: parts.flatMap((p) => p.operator),
      keyed: parts.flatMap((p) => p.keyed),
      timers: parts.flatMap((p) => p.timers),
    }
  }

  async finish(): Promise<void> {
    for (const h of this.subtasks) await h.finish()
  }

  async close(): Promise<void> {
    for (const h of this.subtasks) await h.close()
  }
}
