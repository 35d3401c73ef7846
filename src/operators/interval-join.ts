/**
 * Interval join (Flink's TimeIntervalJoin, row time and processing time): a left row at lt and a right row at rt
 * with equal keys match when lt + lowerBound <= rt <= lt + upperBound and the condition holds. Each side caches
 * its rows per key (time -> [row, matched?]) for as long as the other side's time (the watermark, or the clock)
 * can still bring a match; expired rows are dropped by cleanup timers, and for outer joins unmatched rows are then
 * emitted padded with nulls. A row the other side's time has already passed is not cached: it joins what is
 * cached and, unmatched on an outer side, is padded at once. Insert-only output: left fields then right fields.
 */
import type { StreamIntervalJoin } from '../plan/physical/stream-nodes.js'
import type { OperatorContext, TimeDomain } from '../runtime/operator.js'
import type { Row, RowBatch } from '../runtime/row-batch.js'
import { compileJoinPredicate } from '../runtime/expr/compile.js'
import type { MapState, ValueState } from '../state/keyed-state.js'
import { OperatorBase } from './operator-base.js'
import { batchKeys, keySelector, setCurrentKey } from './row-utils.js'
import { timeOf } from './window-assigner.js'

/** [row, has it been joined at least once]. */
type Cached = [Row, boolean]
type Cache = MapState<number, Cached[]>

export class IntervalJoinOperator extends OperatorBase {
  readonly uid: string
  readonly stateVersion = 1
  private readonly leftKey: (row: Row) => string
  private readonly rightKey: (row: Row) => string
  private readonly cond: ((l: Row, r: Row) => boolean) | null
  private readonly leftArity: number
  private readonly rightArity: number
  private readonly leftOuter: boolean
  private readonly rightOuter: boolean
  /** How far a left row reaches forward (upperBound) and a right row reaches forward (-lowerBound), Flink's names. */
  private readonly leftRelativeSize: number
  private readonly rightRelativeSize: number
  private readonly minCleanUpInterval: number
  private readonly domain: TimeDomain
  private leftCache!: Cache
  private rightCache!: Cache
  /** Pending cleanup timer of each cache. */
  private leftCleanup!: ValueState<number>
  private rightCleanup!: ValueState<number>

  constructor(private readonly node: StreamIntervalJoin) {
    super()
    this.uid = node.uid
    this.leftArity = node.inputs[0]!.node.fields.length
    this.rightArity = node.inputs[1]!.node.fields.length
    this.leftKey = keySelector(node.leftKeys)
    this.rightKey = keySelector(node.rightKeys)
    this.cond = node.condition === null ? null : compileJoinPredicate(node.condition, this.leftArity)
    this.leftOuter = node.joinType === 'LEFT' || node.joinType === 'FULL'
    this.rightOuter = node.joinType === 'RIGHT' || node.joinType === 'FULL'
    this.leftRelativeSize = node.upperBound
    this.rightRelativeSize = -node.lowerBound
    this.minCleanUpInterval = Math.floor((this.leftRelativeSize + this.rightRelativeSize) / 2)
    this.domain = node.isRowtime ? 'event' : 'processing'
  }

  override async open(ctx: OperatorContext): Promise<void> {
    await super.open(ctx)
    // Cleaned by time, not by TTL (as in Flink).
    this.leftCache = ctx.state.getMapState<number, Cached[]>('left')
    this.rightCache = ctx.state.getMapState<number, Cached[]>('right')
    this.leftCleanup = ctx.state.getValueState<number>('left-cleanup')
    this.rightCleanup = ctx.state.getValueState<number>('right-cleanup')
  }

  keysOf(input: number, batch: RowBatch): readonly { key: string; keyGroup: number }[] {
    return batchKeys(batch.rows, input === 0 ? this.leftKey : this.rightKey, this.ctx.maxParallelism)
  }

  /** Both sides share one notion of time: the watermark (row time) or the clock (processing time). */
  private operatorTime(): number {
    return this.domain === 'event' ? this.ctx.timers.currentWatermark() : this.ctx.timers.currentProcessingTime()
  }

  private padLeft(row: Row): Row {
    return [...row, ...new Array<unknown>(this.rightArity).fill(null)]
  }

  private padRight(row: Row): Row {
    return [...new Array<unknown>(this.leftArity).fill(null), ...row]
  }

  processBatch(input: number, batch: RowBatch): void {
    const isLeft = input === 0
    const keyOf = isLeft ? this.leftKey : this.rightKey
    const keyFields = isLeft ? this.node.leftKeys : this.node.rightKeys
    const timeIndex = isLeft ? this.node.leftTimeIndex : this.node.rightTimeIndex
    for (const row of batch.rows) {
      setCurrentKey(this.ctx, keyOf(row))
      const time = this.domain === 'event' ? timeOf(row, timeIndex) : this.ctx.timers.currentProcessingTime()
      const nullKey = keyFields.some((k) => row[k] === null || row[k] === undefined)
      this.processRow(row, time, isLeft, nullKey)
    }
    this.flush()
  }

  private processRow(row: Row, time: number, isLeft: boolean, nullKey: boolean): void {
    const opTime = this.operatorTime()
    // The other side's rows this row can match lie in [lower, upper].
    const lower = isLeft ? time - this.rightRelativeSize : time - this.leftRelativeSize
    const upper = isLeft ? time + this.leftRelativeSize : time + this.rightRelativeSize
    const other = isLeft ? this.rightCache : this.leftCache
    const otherOuter = isLeft ? this.rightOuter : this.leftOuter
    const otherExpiration = opTime - (isLeft ? this.rightRelativeSize : this.leftRelativeSize) - 1
    let emitted = false
    const expired: number[] = []
    for (const [t, rows] of other.entries()) {
      if (!nullKey && t >= lower && t <= upper) {
        let updated = false
        for (const cached of rows) {
          const l = isLeft ? row : cached[0]
          const r = isLeft ? cached[0] : row
          if (this.cond !== null && !this.cond(l, r)) continue
          this.out.push([...l, ...r])
          emitted = true
          if (!cached[1]) {
            cached[1] = true
            updated = true
          }
        }
        if (updated) other.put(t, rows)
      }
      if (t <= otherExpiration) {
        if (otherOuter) for (const [r, joined] of rows) if (!joined) this.out.push(isLeft ? this.padRight(r) : this.padLeft(r))
        expired.push(t)
      }
    }
    for (const t of expired) other.remove(t)

    if (opTime < upper) {
      const mine = isLeft ? this.leftCache : this.rightCache
      const list = mine.get(time)
      if (list === undefined) mine.put(time, [[row, emitted]])
      else {
        list.push([row, emitted])
        mine.put(time, list)
      }
      const timerState = isLeft ? this.leftCleanup : this.rightCleanup
      if (timerState.value() === undefined) this.registerCleanup(time, isLeft)
    } else if (!emitted && (isLeft ? this.leftOuter : this.rightOuter)) {
      this.out.push(isLeft ? this.padLeft(row) : this.padRight(row))
    }
  }

  private registerCleanup(rowTime: number, left: boolean): void {
    const at = rowTime + (left ? this.leftRelativeSize : this.rightRelativeSize) + this.minCleanUpInterval + 1
    if (this.domain === 'event') this.ctx.timers.registerEventTimeTimer(at)
    else this.ctx.timers.registerProcessingTimeTimer(at)
    ;(left ? this.leftCleanup : this.rightCleanup).update(at)
  }

  onTimer(timestamp: number, domain: TimeDomain): void {
    if (domain !== this.domain) return
    const opTime = this.operatorTime()
    if (this.rightCleanup.value() === timestamp) this.removeExpired(opTime - this.rightRelativeSize - 1, false)
    if (this.leftCleanup.value() === timestamp) this.removeExpired(opTime - this.leftRelativeSize - 1, true)
    if (domain === 'processing') this.flush()
  }

  private removeExpired(expiration: number, left: boolean): void {
    const cache = left ? this.leftCache : this.rightCache
    const outer = left ? this.leftOuter : this.rightOuter
    let earliest: number | null = null
    const expired: number[] = []
    for (const [t, rows] of cache.entries()) {
      if (t <= expiration) {
        if (outer) for (const [r, joined] of rows) if (!joined) this.out.push(left ? this.padLeft(r) : this.padRight(r))
        expired.push(t)
      } else if (earliest === null || t < earliest) earliest = t
    }
    for (const t of expired) cache.remove(t)
    if (earliest !== null) this.registerCleanup(earliest, left)
    else (left ? this.leftCleanup : this.rightCleanup).clear()
  }
}
