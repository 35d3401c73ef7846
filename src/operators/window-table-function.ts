/**
 * A window TVF on its own (TUMBLE/HOP/CUMULATE/SESSION(TABLE t, DESCRIPTOR(ts), ...)): appends window_start,
 * window_end and window_time to each row. TUMBLE/HOP/CUMULATE are stateless, as Flink's
 * WindowTableFunctionOperator: a row is emitted at once, one copy per window, and rows are never dropped as late
 * (rows with a NULL rowtime are dropped and counted). SESSION windows are only known when they close, so rows are
 * buffered per partition key and emitted, with their merged session's bounds, when the session fires; rows of an
 * already closed session are dropped as late, as in Flink's unaligned window TVF.
 */
import type { StreamWindowTableFunction } from '../plan/physical/stream-nodes.js'
import type { Counter, OperatorContext, TimeDomain } from '../runtime/operator.js'
import type { Row, RowBatch } from '../runtime/row-batch.js'
import { kindAt, RowBatchBuilder } from '../runtime/row-batch.js'
import { RowKind } from '../sql/row-kind.js'
import { OperatorBase } from './operator-base.js'
import { batchKeys, keySelector, setCurrentKey } from './row-utils.js'
import { addToSession, takeFiredSessions, type SessionState } from './session-windows.js'
import { forEachWindow, validateWindowSpec } from './window-assigner.js'

export class WindowTableFunctionOperator extends OperatorBase {
  readonly uid: string
  readonly stateVersion = 1
  private readonly domain: TimeDomain
  private readonly sessionKey: ((row: Row) => string) | null
  private sessions: SessionState<Row[]> | null = null
  private lateDropped!: Counter
  private nullTimeDropped!: Counter
  private static readonly ROWS_OPS = {
    create: (): Row[] => [],
    merge: (into: Row[], from: Row[]): Row[] => {
      for (const r of from) into.push(r)
      return into
    },
  }

  constructor(private readonly node: StreamWindowTableFunction) {
    super()
    this.uid = node.uid
    validateWindowSpec(node.window.spec)
    this.domain = node.window.isRowtime ? 'event' : 'processing'
    const spec = node.window.spec
    this.sessionKey = spec.kind === 'SESSION' ? keySelector(spec.partitionKeys) : null
  }

  override async open(ctx: OperatorContext): Promise<void> {
    await super.open(ctx)
    if (this.sessionKey !== null) this.sessions = ctx.state.getMapState<number, [number, Row[]]>('sessions')
    this.lateDropped = ctx.counter('numLateRecordsDropped')
    this.nullTimeDropped = ctx.counter('numNullRowTimeRecordsDropped')
  }

  keysOf(_input: number, batch: RowBatch): readonly { key: string; keyGroup: number }[] {
    return this.sessionKey === null ? [] : batchKeys(batch.rows, this.sessionKey, this.ctx.maxParallelism)
  }

  processBatch(_input: number, batch: RowBatch): void {
    const spec = this.node.window.spec
    const timeIndex = this.node.window.timeIndex
    const isEvent = this.domain === 'event'
    for (let i = 0; i < batch.rows.length; i++) {
      const row = batch.rows[i]!
      let ts: number
      if (isEvent) {
        const v = row[timeIndex]
        if (v === null || v === undefined) {
          this.nullTimeDropped.inc()
          continue
        }
        ts = Number(v)
      } else {
        ts = this.ctx.timers.currentProcessingTime()
      }
      if (spec.kind === 'SESSION') {
        setCurrentKey(this.ctx, this.sessionKey!(row))
        const progress = isEvent ? this.ctx.timers.currentWatermark() : Number.MIN_SAFE_INTEGER
        const added = addToSession(this.sessions!, ts, spec.gap, progress, this.ctx.timers, this.domain, WindowTableFunctionOperator.ROWS_OPS, (rows) => {
          rows.push(row)
          return rows
        })
        if (!added) this.lateDropped.inc()
        continue
      }
      const kind = kindAt(batch, i)
      forEachWindow(spec, ts, (start, end) => this.out.push([...row, start, end, end - 1], kind))
    }
    this.flush()
  }

  onTimer(timestamp: number, domain: TimeDomain): void {
    if (this.sessions === null || domain !== this.domain) return
    for (const [start, end, rows] of takeFiredSessions(this.sessions, timestamp)) {
      for (const row of rows) this.out.push([...row, start, end, end - 1], RowKind.INSERT)
    }
    if (domain === 'processing') this.flush()
  }
}
