/**
 * Slicing for HOP and CUMULATE window aggregation (Flink's SlicingWindowOperator idea), used by
 * WindowAggregateOperator; see the comment at the top of window-aggregate.ts for the model. This module holds
 * the slice geometry (which slice a row lands in, which windows cover a slice, which slices a window covers),
 * the per-key slice state, and the check that an aggregate call merges exactly like per-window accumulation.
 */
import type { AggCall, WindowSpec } from '../plan/physical/stream-nodes.js'
import type { Counter } from '../runtime/operator.js'
import type { Row } from '../runtime/row-batch.js'
import type { DataType } from '../sql/data-type.js'
import type { MapState, ValueState } from '../state/keyed-state.js'
import type { AggsHandle } from './aggregates/aggs-handle.js'
import { project } from './row-utils.js'
import { isWindowFired, windowStart } from './window-assigner.js'

/** Slice geometry of one HOP or CUMULATE spec; all times in ms, slices are [a, a + sliceSize). */
export interface SliceGeometry {
  readonly sliceSize: number
  /** Start of the slice holding `ts`. */
  sliceStart(ts: number): number
  /** Smallest end of a window covering slice `a` (may exceed lastEnd: no window covers the slice). */
  firstEnd(a: number): number
  /** Largest end of a window covering slice `a`: the slice is dropped once that window has fired. */
  lastEnd(a: number): number
  /** Distance between consecutive window ends covering one slice. */
  readonly endStep: number
  /** Start of the window ending at `end`. */
  windowStartOf(end: number): number
  /** [first, last) slice starts whose lastEnd is `end` (dropped when that window fires). */
  expiringSlices(end: number): [number, number]
  /** Slices one window spans at most (bounds the merge work per fired window). */
  readonly slicesPerWindow: number
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b]
  return a
}

export function sliceGeometry(spec: WindowSpec): SliceGeometry | null {
  switch (spec.kind) {
    case 'HOP': {
      const { size, slide, offset } = spec
      if (!Number.isSafeInteger(size) || !Number.isSafeInteger(slide) || !Number.isSafeInteger(offset)) return null
      // Window starts are offset + k*slide and ends offset + k*slide + size: gcd-aligned boundaries hold both.
      const g = gcd(size, slide)
      return {
        sliceSize: g,
        sliceStart: (ts) => windowStart(ts, g, offset),
        firstEnd: (a) => {
          const last = windowStart(a, slide, offset) + size
          // Windows covering [a, a+g) end at or after a + g.
          const n = Math.floor((last - (a + g)) / slide)
          return n < 0 ? last + slide : last - n * slide
        },
        lastEnd: (a) => windowStart(a, slide, offset) + size,
        endStep: slide,
        windowStartOf: (end) => end - size,
        expiringSlices: (end) => [end - size, Math.min(end, end - size + slide)],
        slicesPerWindow: size / g,
      }
    }
    case 'CUMULATE': {
      const { step, maxSize, offset } = spec
      if (!Number.isSafeInteger(step) || !Number.isSafeInteger(maxSize) || !Number.isSafeInteger(offset)) return null
      return {
        sliceSize: step,
        sliceStart: (ts) => windowStart(ts, step, offset),
        firstEnd: (a) => a + step,
        lastEnd: (a) => windowStart(a, maxSize, offset) + maxSize,
        endStep: step,
        windowStartOf: (end) => windowStart(end - 1, maxSize, offset),
        expiringSlices: (end) => {
          const start = windowStart(end - 1, maxSize, offset)
          return start + maxSize === end ? [start, end] : [end, end]
        },
        slicesPerWindow: maxSize / step,
      }
    }
    case 'TUMBLE':
    case 'SESSION':
      return null
  }
}

/** Beyond this many slices per window, merging on every fire costs more than per-window accumulation saves. */
export const MAX_SLICES_PER_WINDOW = 256

const EXACT_NUMERIC = new Set(['TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'DECIMAL'])
/** Types whose equal values (compareValues = 0) are indistinguishable, so which one MIN/MAX keeps is moot. */
const TOTAL_ORDER = new Set([...EXACT_NUMERIC, 'BOOLEAN', 'CHAR', 'VARCHAR', 'DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMP_LTZ'])

/**
 * True when merging slice accumulators gives exactly what accumulating the window's rows in arrival order gives.
 * Not so for order-sensitive aggregates (FIRST_VALUE, LAST_VALUE, LISTAGG, COLLECT's element order) nor for
 * floating-point sums (addition is not associative), nor MIN/MAX over doubles (-0.0 vs 0.0, NaN).
 */
export function isSliceMergeable(call: AggCall, inputTypes: readonly DataType[]): boolean {
  const arg = call.args[0] === undefined ? undefined : inputTypes[call.args[0]]
  switch (call.fn.toUpperCase()) {
    case 'COUNT':
      return true
    case 'SUM':
    case 'SUM0':
    case '$SUM0':
      return arg !== undefined && EXACT_NUMERIC.has(arg.kind) && EXACT_NUMERIC.has(call.type.kind)
    case 'AVG':
      // The sum is kept exactly (I64 or bigint) for exact inputs; the division happens once, at the end.
      return arg !== undefined && EXACT_NUMERIC.has(arg.kind)
    case 'MIN':
    case 'MAX':
      return arg !== undefined && TOTAL_ORDER.has(arg.kind)
    default:
      return false
  }
}

/** Slice state: [accumulators, group key values of its first row, creation number (arrival order of that row)]. */
export type SliceEntry = [unknown[], Row, number]
/**
 * Per-key bookkeeping, present while the key has slices or reopened windows:
 * [closedUpTo: windows ending at or before it are closed for this key, next creation number, live entries].
 */
export type SliceMeta = [number, number, number]
/** A per-window accumulator, as the unsliced path keeps: [window start, accumulators, group key values]. */
export type WindowEntry = [number, unknown[], Row]

export interface SlicedWindowsEnv {
  readonly slices: MapState<number, SliceEntry>
  readonly meta: ValueState<SliceMeta>
  /** Reopened windows (see window-aggregate.ts): per-window accumulators, keyed by window end. */
  readonly windows: MapState<number, WindowEntry>
  register(timestamp: number): void
  emit(keyRow: Row, accs: unknown[], start: number, end: number): void
  readonly lateDropped: Counter
}

const NONE = Number.MIN_SAFE_INTEGER

/** HOP/CUMULATE aggregation of one operator over slices, for the current key of the keyed backend. */
export class SlicedWindows {
  constructor(
    private readonly geo: SliceGeometry,
    private readonly handle: AggsHandle,
    private readonly groupKeys: readonly number[],
    private readonly isEvent: boolean,
    private readonly env: SlicedWindowsEnv,
  ) {}

  /** Adds a row with time `ts` (event time, or the processing time) given the watermark or processing time. */
  add(row: Row, ts: number, progress: number): void {
    const { geo, env } = this
    const a = geo.sliceStart(ts)
    const last = geo.lastEnd(a)
    const step = geo.endStep
    let meta = env.meta.value()
    const closedUpTo = meta === undefined ? NONE : meta[0]
    let lateUpTo = NONE
    let openFrom = NONE
    let added = false
    // Covering windows in increasing end order: fired by the watermark (skipped), then closed for this key
    // (reopened), then open (the slice path); each group is a prefix of what follows it.
    for (let end = geo.firstEnd(a); end <= last; end += step) {
      if (this.isEvent && isWindowFired(end, progress)) {
        lateUpTo = end
        continue
      }
      added = true
      if (end <= closedUpTo) {
        this.addToReopened(row, end, meta!)
        continue
      }
      openFrom = end
      break
    }
    if (!added) {
      env.lateDropped.inc()
      return
    }
    if (openFrom === NONE) return
    let changed = false
    if (meta === undefined) {
      meta = [NONE, 0, 0]
      changed = true
    }
    // The slice now holds a row the skipped windows did not count: they must never read this slice.
    if (lateUpTo > meta[0]) {
      meta[0] = lateUpTo
      changed = true
    }
    let entry = env.slices.get(a)
    if (entry === undefined) {
      entry = [this.handle.createAccs(), project(row, this.groupKeys), meta[1]++]
      meta[2]++
      changed = true
      for (let end = openFrom; end <= last; end += step) env.register(end - 1)
    }
    this.handle.accumulate(entry[0], row)
    env.slices.put(a, entry)
    if (changed) env.meta.update(meta)
  }

  private addToReopened(row: Row, end: number, meta: SliceMeta): void {
    const env = this.env
    let entry = env.windows.get(end)
    if (entry === undefined) {
      entry = [this.geo.windowStartOf(end), this.handle.createAccs(), project(row, this.groupKeys)]
      env.register(end - 1)
      meta[2]++
      env.meta.update(meta)
    }
    this.handle.accumulate(entry[1], row)
    env.windows.put(end, entry)
  }

  /** The timer of the window ending at `end` fired: emit it, then drop the slices no open window needs. */
  fire(end: number): void {
    const { geo, env } = this
    const meta = env.meta.value()
    const reopened = env.windows.get(end)
    if (reopened !== undefined) {
      env.windows.remove(end)
      if (meta !== undefined) meta[2]--
      env.emit(reopened[2], reopened[1], reopened[0], end)
    }
    if (meta === undefined) return
    if (reopened === undefined && end > meta[0]) {
      meta[0] = end
      this.emitMerged(end)
    }
    const [from, to] = geo.expiringSlices(end)
    for (let a = from; a < to; a += geo.sliceSize) {
      if (env.slices.contains(a)) {
        env.slices.remove(a)
        meta[2]--
      }
    }
    if (meta[2] <= 0) env.meta.clear()
    else env.meta.update(meta)
  }

  private emitMerged(end: number): void {
    const { geo, env, handle } = this
    const start = geo.windowStartOf(end)
    let first: SliceEntry | undefined
    let merged: unknown[] | undefined
    let keyRow: Row | undefined
    let seq = Infinity
    for (let a = start; a < end; a += geo.sliceSize) {
      const s = env.slices.get(a)
      if (s === undefined) continue
      if (first === undefined) first = s
      else {
        if (merged === undefined) {
          merged = handle.createAccs()
          handle.merge(merged, first[0])
        }
        handle.merge(merged, s[0])
      }
      // The unsliced path takes the group key values of the window's first row.
      if (s[2] < seq) {
        seq = s[2]
        keyRow = s[1]
      }
    }
    if (first !== undefined) env.emit(keyRow!, merged ?? first[0], start, end)
  }
}
