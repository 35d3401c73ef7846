/**
 * Window join over two window TVF outputs (Flink's WindowJoinOperator): rows of both sides are buffered per
 * (join key, window end); when the watermark reaches window_time (end - 1) the window's rows are joined and
 * dropped. INNER/LEFT/RIGHT/FULL emit left fields then right fields (unmatched outer rows padded with nulls);
 * SEMI/ANTI emit the left rows with / without a match. Rows for a window that already fired are dropped and
 * counted (numLateRecordsDropped, and per side left/rightNumLateRecordsDropped). Insert-only output.
 */
import type { StreamWindowJoin } from '../plan/physical/stream-nodes.js'
import type { Counter, OperatorContext, TimeDomain } from '../runtime/operator.js'
import type { Row, RowBatch } from '../runtime/row-batch.js'
import { compileJoinPredicate } from '../runtime/expr/compile.js'
import type { MapState } from '../state/keyed-state.js'
import { OperatorBase } from './operator-base.js'
import { batchKeys, keySelector, setCurrentKey } from './row-utils.js'
import { isWindowFired, timeOf } from './window-assigner.js'

export class WindowJoinOperator extends OperatorBase {
  readonly uid: string
  readonly stateVersion = 1
  private readonly leftKey: (row: Row) => string
  private readonly rightKey: (row: Row) => string
  private readonly cond: (l: Row, r: Row) => boolean
  private readonly leftArity: number
  private readonly rightArity: number
  private left!: MapState<number, Row[]>
  private right!: MapState<number, Row[]>
  private lateDropped!: Counter
  private sideLateDropped!: [Counter, Counter]

  constructor(private readonly node: StreamWindowJoin) {
    super()
    this.uid = node.uid
    this.leftArity = node.inputs[0]!.node.fields.length
    this.rightArity = node.inputs[1]!.node.fields.length
    this.leftKey = keySelector(node.leftKeys)
    this.rightKey = keySelector(node.rightKeys)
    const extra = node.condition === null ? null : compileJoinPredicate(node.condition, this.leftArity)
    const lk = node.leftKeys
    // A NULL join key never matches (equality on NULL is not TRUE).
    const hasNull = (row: Row, keys: readonly number[]): boolean => keys.some((k) => row[k] === null || row[k] === undefined)
    this.cond = (l, r) => !hasNull(l, lk) && (extra === null || extra(l, r))
  }

  override async open(ctx: OperatorContext): Promise<void> {
    await super.open(ctx)
    this.left = ctx.state.getMapState<number, Row[]>('left')
    this.right = ctx.state.getMapState<number, Row[]>('right')
    this.lateDropped = ctx.counter('numLateRecordsDropped')
    this.sideLateDropped = [ctx.counter('leftNumLateRecordsDropped'), ctx.counter('rightNumLateRecordsDropped')]
  }

  keysOf(input: number, batch: RowBatch): readonly { key: string; keyGroup: number }[] {
    return batchKeys(batch.rows, input === 0 ? this.leftKey : this.rightKey, this.ctx.maxParallelism)
  }

  processBatch(input: number, batch: RowBatch): void {
    const isLeft = input === 0
    const keyOf = isLeft ? this.leftKey : this.rightKey
    const endIndex = isLeft ? this.node.leftWindow.endIndex : this.node.rightWindow.endIndex
    const state = isLeft ? this.left : this.right
    for (const row of batch.rows) {
      setCurrentKey(this.ctx, keyOf(row))
      const end = timeOf(row, endIndex)
      if (isWindowFired(end, this.ctx.timers.currentWatermark())) {
        this.lateDropped.inc()
        this.sideLateDropped[input]!.inc()
        continue
      }
      const rows = state.get(end)
      if (rows === undefined) state.put(end, [row])
      else {
        rows.push(row)
        state.put(end, rows)
      }
      this.ctx.timers.registerEventTimeTimer(end - 1)
    }
  }

  onTimer(timestamp: number, domain: TimeDomain): void {
    if (domain !== 'event') return
    const end = timestamp + 1
    const lefts = this.left.get(end)
    const rights = this.right.get(end)
    this.left.remove(end)
    this.right.remove(end)
    this.join(lefts ?? [], rights ?? [])
  }

  private join(lefts: readonly Row[], rights: readonly Row[]): void {
    const t = this.node.joinType
    const out = this.out
    const nullsRight = new Array<unknown>(this.rightArity).fill(null)
    const nullsLeft = new Array<unknown>(this.leftArity).fill(null)
    if (t === 'SEMI' || t === 'ANTI') {
      for (const l of lefts) if (rights.some((r) => this.cond(l, r)) === (t === 'SEMI')) out.push(l)
      return
    }
    if (t === 'RIGHT') {
      for (const r of rights) {
        let matched = false
        for (const l of lefts) {
          if (!this.cond(l, r)) continue
          out.push([...l, ...r])
          matched = true
        }
        if (!matched) out.push([...nullsLeft, ...r])
      }
      return
    }
    const rightMatched = t === 'FULL' ? new Array<boolean>(rights.length).fill(false) : null
    for (const l of lefts) {
      let matched = false
      for (let i = 0; i < rights.length; i++) {
        const r = rights[i]!
        if (!this.cond(l, r)) continue
        out.push([...l, ...r])
        matched = true
        if (rightMatched !== null) rightMatched[i] = true
      }
      if (!matched && t !== 'INNER') out.push([...l, ...nullsRight])
    }
    if (rightMatched !== null) for (let i = 0; i < rights.length; i++) if (!rightMatched[i]) out.push([...nullsLeft, ...rights[i]!])
  }
}
