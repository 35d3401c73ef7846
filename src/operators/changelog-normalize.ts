/**
 * ChangelogNormalize (Flink's processLastRowOnChangelog): materialises the last row per key so an upsert stream
 * (or a CDC stream with duplicates) becomes a proper changelog: the first row of a key is +I, a different later
 * row -U(previous)/+U(new), an identical one nothing (unless state TTL is on: then the refresh is sent so
 * downstream state does not expire early), and -U/-D emit -D of the stored full row (a delete may carry only the
 * key, e.g. a Kafka tombstone) and only for keys that exist.
 */
import type { StreamChangelogNormalize } from '../plan/physical/stream-nodes.js'
import type { OperatorContext } from '../runtime/operator.js'
import type { Row, RowBatch } from '../runtime/row-batch.js'
import { RowKind } from '../sql/row-kind.js'
import type { ValueState } from '../state/keyed-state.js'
import { OperatorBase } from './operator-base.js'
import { batchKeys, keySelector, rowsEqual, setCurrentKey } from './row-utils.js'
import { stateTtlMs } from './state-ttl.js'

export class ChangelogNormalizeOperator extends OperatorBase {
  readonly uid: string
  readonly stateVersion = 1
  private readonly key: (row: Row) => string
  private readonly updateBefore: boolean
  private ttlEnabled = false
  private state!: ValueState<Row>

  constructor(node: StreamChangelogNormalize) {
    super()
    this.uid = node.uid
    this.key = keySelector(node.keys)
    this.updateBefore = node.changelogMode.kinds.includes(RowKind.UPDATE_BEFORE)
  }

  override async open(ctx: OperatorContext): Promise<void> {
    await super.open(ctx)
    const ttl = stateTtlMs(ctx.config)
    this.ttlEnabled = ttl !== undefined
    this.state = ctx.state.getValueState<Row>('row', ttl === undefined ? {} : { ttlMs: ttl })
  }

  keysOf(_input: number, batch: RowBatch): readonly { key: string; keyGroup: number }[] {
    return batchKeys(batch.rows, this.key, this.ctx.maxParallelism)
  }

  processBatch(_input: number, batch: RowBatch): void {
    const { rows, kinds } = batch
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!
      const kind = kinds === null ? RowKind.INSERT : kinds[i]!
      setCurrentKey(this.ctx, this.key(row))
      const prev = this.state.value()
      if (kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER) {
        if (prev === undefined) this.out.push(row, RowKind.INSERT)
        else {
          if (!this.ttlEnabled && rowsEqual(prev, row)) continue
          if (this.updateBefore) this.out.push(prev, RowKind.UPDATE_BEFORE)
          this.out.push(row, RowKind.UPDATE_AFTER)
        }
        this.state.update(row)
      } else if (prev !== undefined) {
        this.out.push(prev, RowKind.DELETE)
        this.state.clear()
      }
    }
    this.flush()
  }
}
