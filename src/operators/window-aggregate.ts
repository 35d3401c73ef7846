/**
 * Window aggregation over TUMBLE, HOP, CUMULATE and SESSION windows, event or processing time (Flink's window
 * TVF aggregation and legacy group windows). Per key, a MapState holds one accumulator array per open window
 * (window end -> [start, accumulators, group key values]); a timer at window_time (end - 1) emits the window's
 * row [groupKeys..., aggs..., window properties...] once and drops its state. Insert-only output.
 *
 * Windows read from input bounds (`inputWindowBounds`, a window TVF's output, including a SESSION TVF whose rows
 * arrive with their final bounds) are fixed windows.
 *
 * Event-time lateness follows Flink's slicing operator: a row still counts in those of its windows that have not
 * fired; it is dropped (counted in numLateRecordsDropped) only when all of them have.
 *
 * Slicing (HOP and CUMULATE, as Flink's SlicingWindowOperator; geometry and state in window-slices.ts): instead
 * of updating every window a row falls in (size/slide accumulators for HOP), a row updates one slice
 * accumulator. Slices are [a, a + s) with s = gcd(size, slide) for HOP (every window start and end is a slice
 * boundary) and s = step for CUMULATE. A window's timer merges the accumulators of the slices it spans; a slice
 * is dropped when the last window spanning it (its "last end") fires. Per key, state "slices" maps slice start
 * -> [accs, group key values, creation number] and "sliceMeta" holds [closedUpTo, next creation number, live
 * entries]; it is cleared with the key's last slice, so idle keys keep no state.
 * Exactly the unsliced results: a row counts in the windows that have not fired, and when it lands in a slice
 * whose earlier windows had already fired (late rows), closedUpTo moves past those windows so they never read
 * the slice. A window that was closed for the key but receives a row again (processing time within the same
 * millisecond as its timer, or event time after a restore before the watermark is re-sent) is "reopened": it
 * gets a per-window accumulator in "windows", as the unsliced path would give it a fresh one. The group key
 * values come from the window's first row (the spanned slice created first), as before.
 * Slicing is used only when merging is exact and order-free (isSliceMergeable: COUNT, SUM/SUM0/AVG of exact
 * numerics, MIN/MAX of totally ordered scalars, with DISTINCT and FILTER), HOP size >= slide and at most
 * MAX_SLICES_PER_WINDOW slices per window; otherwise, and for input window bounds, TUMBLE and SESSION, each
 * window keeps its own accumulator as before. TUMBLE/SESSION state is unchanged (stateVersion stays 1).
 */
import type { StreamWindowAggregate, WindowProperty } from '../plan/physical/stream-nodes.js'
import type { Counter, OperatorContext, TimeDomain } from '../runtime/operator.js'
import type { Row, RowBatch } from '../runtime/row-batch.js'
import type { DataType } from '../sql/data-type.js'
import { RowKind } from '../sql/row-kind.js'
import type { MapState } from '../state/keyed-state.js'
import { AggsHandle } from './aggregates/aggs-handle.js'
import { OperatorBase } from './operator-base.js'
import { batchKeys, keySelector, project, setCurrentKey } from './row-utils.js'
import { addToSession, takeFiredSessions, type SessionState } from './session-windows.js'
import { forEachWindow, isWindowFired, timeOf, validateWindowSpec } from './window-assigner.js'
import { isSliceMergeable, MAX_SLICES_PER_WINDOW, SlicedWindows, sliceGeometry, type SliceEntry, type SliceGeometry, type SliceMeta, type WindowEntry } from './window-slices.js'
/** Session payload: [accumulators, group key values]. */
type SessionPayload = [unknown[], Row]

export function windowPropertyValues(props: readonly WindowProperty[], start: number, end: number): unknown[] {
  return props.map((p) => (p === 'window_start' ? start : p === 'window_end' ? end : end - 1))
}

export class WindowAggregateOperator extends OperatorBase {
  readonly uid: string
  readonly stateVersion = 1
  private readonly handle: AggsHandle
  private readonly key: (row: Row) => string
  private readonly domain: TimeDomain
  private windows!: MapState<number, WindowEntry>
  private sessions!: SessionState<SessionPayload>
  private lateDropped!: Counter
  /** Non-null when this query aggregates over slices (see the top of the file); public for tests. */
  readonly geometry: SliceGeometry | null
  private sliced: SlicedWindows | null = null

  /** `options.slicing: false` forces per-window accumulators (tests compare both paths). */
  constructor(
    private readonly node: StreamWindowAggregate,
    options: { readonly slicing?: boolean } = {},
  ) {
    super()
    this.uid = node.uid
    validateWindowSpec(node.window.spec)
    const inputTypes = node.inputs[0]!.node.fields.map((f) => f.type)
    this.handle = new AggsHandle(node.aggCalls, inputTypes, { retractable: false, embeddedDistinct: true })
    this.key = keySelector(node.groupKeys)
    this.domain = node.window.isRowtime ? 'event' : 'processing'
    this.geometry = options.slicing === false ? null : slicingGeometry(node, inputTypes)
  }

  override async open(ctx: OperatorContext): Promise<void> {
    await super.open(ctx)
    // Windows are cleaned up by time, so state TTL does not apply (as in Flink).
    this.windows = ctx.state.getMapState<number, WindowEntry>('windows')
    this.sessions = ctx.state.getMapState<number, [number, SessionPayload]>('sessions')
    this.lateDropped = ctx.counter('numLateRecordsDropped')
    if (this.geometry !== null) {
      this.sliced = new SlicedWindows(this.geometry, this.handle, this.node.groupKeys, this.domain === 'event', {
        slices: ctx.state.getMapState<number, SliceEntry>('slices'),
        meta: ctx.state.getValueState<SliceMeta>('sliceMeta'),
        windows: this.windows,
        register: (ts) => this.register(ts),
        emit: (keyRow, accs, start, end) => this.emitWindow(keyRow, accs, start, end),
        lateDropped: this.lateDropped,
      })
    }
  }

  keysOf(_input: number, batch: RowBatch): readonly { key: string; keyGroup: number }[] {
    return batchKeys(batch.rows, this.key, this.ctx.maxParallelism)
  }

  private progress(): number {
    return this.domain === 'event' ? this.ctx.timers.currentWatermark() : this.ctx.timers.currentProcessingTime()
  }

  private register(ts: number): void {
    if (this.domain === 'event') this.ctx.timers.registerEventTimeTimer(ts)
    else this.ctx.timers.registerProcessingTimeTimer(ts)
  }

  processBatch(_input: number, batch: RowBatch): void {
    const { rows } = batch
    const spec = this.node.window.spec
    const bounds = this.node.inputWindowBounds
    const timeIndex = this.node.window.timeIndex
    const isEvent = this.domain === 'event'
    const sliced = this.sliced
    if (sliced !== null) {
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!
        setCurrentKey(this.ctx, this.key(row))
        const progress = this.progress()
        sliced.add(row, isEvent ? timeOf(row, timeIndex) : progress, progress)
      }
      return
    }
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!
      setCurrentKey(this.ctx, this.key(row))
      const progress = this.progress()
      if (bounds !== null) {
        const start = timeOf(row, bounds.startIndex)
        const end = timeOf(row, bounds.endIndex)
        if (isEvent && isWindowFired(end, progress)) this.lateDropped.inc()
        else this.addToWindow(row, start, end)
        continue
      }
      const ts = isEvent ? timeOf(row, timeIndex) : progress
      if (spec.kind === 'SESSION') {
        const added = addToSession(this.sessions, ts, spec.gap, isEvent ? progress : Number.MIN_SAFE_INTEGER, this.ctx.timers, this.domain, this.sessionOps, (p) => {
          this.handle.accumulate(p[0], row)
          if (p[1].length !== this.node.groupKeys.length) p[1] = project(row, this.node.groupKeys)
          return p
        })
        if (!added) this.lateDropped.inc()
        continue
      }
      let added = false
      forEachWindow(spec, ts, (start, end) => {
        if (isEvent && isWindowFired(end, progress)) return
        this.addToWindow(row, start, end)
        added = true
      })
      if (!added) this.lateDropped.inc()
    }
  }

  private readonly sessionOps = {
    create: (): SessionPayload => [this.handle.createAccs(), []],
    merge: (into: SessionPayload, from: SessionPayload): SessionPayload => {
      this.handle.merge(into[0], from[0])
      return into
    },
  }

  private addToWindow(row: Row, start: number, end: number): void {
    let entry = this.windows.get(end)
    if (entry === undefined) {
      entry = [start, this.handle.createAccs(), project(row, this.node.groupKeys)]
      this.register(end - 1)
    }
    this.handle.accumulate(entry[1], row)
    this.windows.put(end, entry)
  }

  onTimer(timestamp: number, domain: TimeDomain): void {
    if (domain !== this.domain) return
    if (this.sliced !== null) {
      this.sliced.fire(timestamp + 1)
    } else if (this.node.window.spec.kind === 'SESSION' && this.node.inputWindowBounds === null) {
      for (const [start, end, [accs, keyRow]] of takeFiredSessions(this.sessions, timestamp)) {
        this.emitWindow(keyRow, accs, start, end)
      }
    } else {
      const end = timestamp + 1
      const entry = this.windows.get(end)
      if (entry !== undefined) {
        this.windows.remove(end)
        this.emitWindow(entry[2], entry[1], entry[0], end)
      }
    }
    if (domain === 'processing') this.flush()
  }

  private emitWindow(keyRow: Row, accs: unknown[], start: number, end: number): void {
    this.out.push([...keyRow, ...this.handle.getValues(accs), ...windowPropertyValues(this.node.windowProperties, start, end)], RowKind.INSERT)
  }
}

/** The slice geometry when this aggregation can run over slices with exactly the per-window results, else null. */
function slicingGeometry(node: StreamWindowAggregate, inputTypes: readonly DataType[]): SliceGeometry | null {
  const spec = node.window.spec
  if (node.inputWindowBounds !== null) return null
  // size < slide leaves gaps between windows; the per-window path keeps its own handling of those rows.
  if (spec.kind === 'HOP' && spec.size < spec.slide) return null
  if (!node.aggCalls.every((c) => isSliceMergeable(c, inputTypes))) return null
  const geo = sliceGeometry(spec)
  return geo !== null && geo.slicesPerWindow <= MAX_SLICES_PER_WINDOW ? geo : null
}
