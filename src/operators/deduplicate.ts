/**
 * Deduplication: ROW_NUMBER() OVER (PARTITION BY k ORDER BY time ASC|DESC) = 1, Flink's Deduplicate functions.
 * - Processing time, first row: the first row per key is emitted (+I), later ones dropped. Insert-only.
 * - Processing time, last row: every row replaces the previous one: +I, then -U(previous)/+U(new).
 *   A -U/-D input (changelog input) retracts the stored row as -D.
 * - Event time: a row replaces the stored one when its time is <= (last row) or < (first row) the stored one's,
 *   emitting -U/+U; so keep-first may update when an earlier row arrives.
 * -U rows are emitted when the node's changelog mode has UPDATE_BEFORE. With outputRankNumber a constant 1 is
 * appended. State obeys table.exec.state.ttl.
 */
import type { StreamDeduplicate } from '../plan/physical/stream-nodes.js'
import type { OperatorContext } from '../runtime/operator.js'
import type { Row, RowBatch } from '../runtime/row-batch.js'
import { RowKind } from '../sql/row-kind.js'
import type { ValueState } from '../state/keyed-state.js'
import { OperatorBase } from './operator-base.js'
import { batchKeys, keySelector, setCurrentKey } from './row-utils.js'
import { ttlOptions } from './state-ttl.js'
import { timeOf } from './window-assigner.js'

export class DeduplicateOperator extends OperatorBase {
  readonly uid: string
  readonly stateVersion = 1
  private readonly key: (row: Row) => string
  private readonly generateUpdateBefore: boolean
  private seen!: ValueState<boolean>
  private last!: ValueState<Row>

  constructor(private readonly node: StreamDeduplicate) {
    super()
    this.uid = node.uid
    this.key = keySelector(node.keys)
    this.generateUpdateBefore = node.changelogMode.kinds.includes(RowKind.UPDATE_BEFORE)
  }

  override async open(ctx: OperatorContext): Promise<void> {
    await super.open(ctx)
    const opts = ttlOptions(ctx.config)
    this.seen = ctx.state.getValueState<boolean>('seen', opts)
    this.last = ctx.state.getValueState<Row>('row', opts)
  }

  keysOf(_input: number, batch: RowBatch): readonly { key: string; keyGroup: number }[] {
    return batchKeys(batch.rows, this.key, this.ctx.maxParallelism)
  }

  private emit(row: Row, kind: RowKind): void {
    this.out.push(this.node.outputRankNumber ? [...row, 1] : row, kind)
  }

  processBatch(_input: number, batch: RowBatch): void {
    const { rows, kinds } = batch
    const { keepLastRow, isRowtime, timeIndex } = this.node
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!
      const kind = kinds === null ? RowKind.INSERT : (kinds[i]! as RowKind)
      setCurrentKey(this.ctx, this.key(row))
      if (!isRowtime && !keepLastRow) {
        if (kind !== RowKind.INSERT && kind !== RowKind.UPDATE_AFTER) continue
        if (this.seen.value() === true) continue
        this.seen.update(true)
        this.emit(row, RowKind.INSERT)
        continue
      }
      const prev = this.last.value()
      if (kind === RowKind.UPDATE_BEFORE || kind === RowKind.DELETE) {
        if (prev !== undefined) {
          this.emit(prev, RowKind.DELETE)
          this.last.clear()
        }
        continue
      }
      if (isRowtime && prev !== undefined) {
        const t = timeOf(row, timeIndex)
        const p = timeOf(prev, timeIndex)
        if (keepLastRow ? p > t : t >= p) continue
      }
      this.last.update(row)
      if (prev === undefined) this.emit(row, RowKind.INSERT)
      else {
        if (this.generateUpdateBefore) this.emit(prev, RowKind.UPDATE_BEFORE)
        this.emit(row, RowKind.UPDATE_AFTER)
      }
    }
    this.flush()
  }
}
