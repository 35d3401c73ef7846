/**
 * Top-N per window over a window TVF's output (Flink's WindowRankOperator): rows are kept per (partition key,
 * window end), only as many as can still rank, and when the watermark reaches window_time (end - 1) the ranked
 * rows in [rankStart, rankEnd] are emitted once (+I, with the rank number when asked) and the window is dropped.
 * Rows of windows that already fired are dropped and counted (numLateRecordsDropped). Insert-only output.
 */
import type { StreamWindowRank } from '../plan/physical/stream-nodes.js'
import type { Counter, OperatorContext, TimeDomain } from '../runtime/operator.js'
import type { Row, RowBatch } from '../runtime/row-batch.js'
import type { MapState } from '../state/keyed-state.js'
import { OperatorBase } from './operator-base.js'
import { RankedList } from './rank.js'
import { batchKeys, keySelector, setCurrentKey } from './row-utils.js'
import { isWindowFired, timeOf } from './window-assigner.js'

export class WindowRankOperator extends OperatorBase {
  readonly uid: string
  readonly stateVersion = 1
  private readonly key: (row: Row) => string
  private readonly ranked: RankedList
  private windows!: MapState<number, Row[]>
  private lateDropped!: Counter

  constructor(private readonly node: StreamWindowRank) {
    super()
    this.uid = node.uid
    this.key = keySelector(node.partitionKeys)
    this.ranked = new RankedList(node)
  }

  override async open(ctx: OperatorContext): Promise<void> {
    await super.open(ctx)
    this.windows = ctx.state.getMapState<number, Row[]>('windows')
    this.lateDropped = ctx.counter('numLateRecordsDropped')
  }

  keysOf(_input: number, batch: RowBatch): readonly { key: string; keyGroup: number }[] {
    return batchKeys(batch.rows, this.key, this.ctx.maxParallelism)
  }

  processBatch(_input: number, batch: RowBatch): void {
    const endIndex = this.node.window.endIndex
    for (const row of batch.rows) {
      setCurrentKey(this.ctx, this.key(row))
      const end = timeOf(row, endIndex)
      if (isWindowFired(end, this.ctx.timers.currentWatermark())) {
        this.lateDropped.inc()
        continue
      }
      let rows = this.windows.get(end)
      if (rows === undefined) {
        rows = []
        this.ctx.timers.registerEventTimeTimer(end - 1)
      }
      this.ranked.insert(rows, row)
      rows.length = this.ranked.keepCount(rows)
      this.windows.put(end, rows)
    }
  }

  onTimer(timestamp: number, domain: TimeDomain): void {
    if (domain !== 'event') return
    const end = timestamp + 1
    const rows = this.windows.get(end)
    if (rows === undefined) return
    this.windows.remove(end)
    for (const [row, rank] of this.ranked.ranked(rows)) this.out.push(this.node.outputRankNumber ? [...row, rank] : row)
  }
}
