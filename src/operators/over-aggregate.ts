/**
 * OVER aggregation (Flink's RowTime... and ProcTime... over functions): for each row, the aggregates over its partition's
 * rows ordered by the time attribute, from `lower` preceding up to the current row; output = input + aggregates,
 * insert-only.
 * - Event time: rows wait in state until the watermark passes their timestamp (a timer per timestamp), then are
 *   processed in timestamp order, ties in arrival order; rows at or below the watermark on arrival are dropped
 *   as late (numLateRecordsDropped). In RANGE mode rows with equal timestamps share one result.
 * - Processing time: ROWS frames and unbounded frames emit at once; bounded RANGE frames collect the rows of one
 *   millisecond and emit them together 1 ms later, as Flink does.
 * Bounded frames keep the rows inside the frame (ROWS: the last N + 1; RANGE: those within the interval) and
 * retract rows as they leave it.
 */
import type { StreamOverAggregate } from '../plan/physical/stream-nodes.js'
import type { Counter, OperatorContext, TimeDomain } from '../runtime/operator.js'
import type { Row, RowBatch } from '../runtime/row-batch.js'
import type { MapState, ValueState } from '../state/keyed-state.js'
import { AggsHandle } from './aggregates/aggs-handle.js'
import { OperatorBase } from './operator-base.js'
import { batchKeys, keySelector, setCurrentKey } from './row-utils.js'
import { ttlOptions } from './state-ttl.js'
import { timeOf } from './window-assigner.js'

/** Rows inside a bounded frame, oldest first: [time, row]. */
type Frame = [number, Row][]

export class OverAggregateOperator extends OperatorBase {
  readonly uid: string
  readonly stateVersion = 1
  private readonly key: (row: Row) => string
  private readonly handle: AggsHandle
  private readonly domain: TimeDomain
  private pending!: MapState<number, Row[]>
  private acc!: ValueState<unknown[]>
  private frame!: ValueState<Frame>
  private lateDropped!: Counter

  constructor(private readonly node: StreamOverAggregate) {
    super()
    this.uid = node.uid
    this.key = keySelector(node.partitionKeys)
    const inputTypes = node.inputs[0]!.node.fields.map((f) => f.type)
    this.handle = new AggsHandle(node.aggCalls, inputTypes, { retractable: node.lower !== 'UNBOUNDED', embeddedDistinct: true })
    this.domain = node.isRowtime ? 'event' : 'processing'
  }

  override async open(ctx: OperatorContext): Promise<void> {
    await super.open(ctx)
    this.pending = ctx.state.getMapState<number, Row[]>('pending')
    // Unbounded processing-time frames have no time-based cleanup: idle-state TTL applies to them.
    const accOpts = this.node.isRowtime || this.node.lower !== 'UNBOUNDED' ? {} : ttlOptions(ctx.config)
    this.acc = ctx.state.getValueState<unknown[]>('acc', accOpts)
    this.frame = ctx.state.getValueState<Frame>('frame')
    this.lateDropped = ctx.counter('numLateRecordsDropped')
  }

  keysOf(_input: number, batch: RowBatch): readonly { key: string; keyGroup: number }[] {
    return batchKeys(batch.rows, this.key, this.ctx.maxParallelism)
  }

  processBatch(_input: number, batch: RowBatch): void {
    const timers = this.ctx.timers
    const bufferProcTime = !this.node.isRowtime && this.node.unit === 'RANGE' && this.node.lower !== 'UNBOUNDED'
    for (const row of batch.rows) {
      setCurrentKey(this.ctx, this.key(row))
      if (this.node.isRowtime) {
        const ts = timeOf(row, this.node.timeIndex)
        if (ts <= timers.currentWatermark()) {
          this.lateDropped.inc()
          continue
        }
        this.buffer(ts, row)
        timers.registerEventTimeTimer(ts)
      } else if (bufferProcTime) {
        const now = timers.currentProcessingTime()
        this.buffer(now, row)
        timers.registerProcessingTimeTimer(now + 1)
      } else {
        this.processRows(timers.currentProcessingTime(), [row])
      }
    }
    this.flush()
  }

  private buffer(ts: number, row: Row): void {
    const rows = this.pending.get(ts)
    if (rows === undefined) this.pending.put(ts, [row])
    else {
      rows.push(row)
      this.pending.put(ts, rows)
    }
  }

  onTimer(timestamp: number, domain: TimeDomain): void {
    if (domain !== this.domain) return
    const ts = domain === 'event' ? timestamp : timestamp - 1
    const rows = this.pending.get(ts)
    if (rows !== undefined) {
      this.pending.remove(ts)
      this.processRows(ts, rows)
    }
    if (domain === 'processing') this.flush()
  }

  /** Processes the rows of one timestamp (in arrival order) for the current key. */
  private processRows(ts: number, rows: readonly Row[]): void {
    const { unit, lower } = this.node
    const handle = this.handle
    const accs = this.acc.value() ?? handle.createAccs()
    if (lower === 'UNBOUNDED') {
      if (unit === 'ROWS') {
        for (const row of rows) {
          handle.accumulate(accs, row)
          this.emit(row, handle.getValues(accs))
        }
      } else {
        for (const row of rows) handle.accumulate(accs, row)
        const values = handle.getValues(accs)
        for (const row of rows) this.emit(row, values)
      }
      this.acc.update(accs)
      return
    }
    const frame = this.frame.value() ?? []
    if (unit === 'ROWS') {
      for (const row of rows) {
        handle.accumulate(accs, row)
        frame.push([ts, row])
        if (frame.length > lower + 1) handle.retract(accs, frame.shift()![1])
        this.emit(row, handle.getValues(accs))
      }
    } else {
      const limit = ts - lower
      let drop = 0
      while (drop < frame.length && frame[drop]![0] < limit) handle.retract(accs, frame[drop++]![1])
      if (drop > 0) frame.splice(0, drop)
      for (const row of rows) {
        handle.accumulate(accs, row)
        frame.push([ts, row])
      }
      const values = handle.getValues(accs)
      for (const row of rows) this.emit(row, values)
    }
    this.frame.update(frame)
    this.acc.update(accs)
  }

  private emit(row: Row, values: readonly unknown[]): void {
    this.out.push([...row, ...values])
  }
}
