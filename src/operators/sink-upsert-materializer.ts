/**
 * Flink's SinkUpsertMaterializer, in front of an upsert sink keyed by the sink's primary key: when the input's
 * changes for one sink key arrive out of order (several upstream rows map to one sink key), it keeps every live
 * row of that key in arrival order, so that retracting one of them re-emits the one that is now latest instead of
 * deleting the key. Adds emit +I (the key's only row) or +U; retracting the latest row emits +U of the row before
 * it, retracting the last row emits -D; retracting an unknown row is ignored. Rows are matched by the input's
 * upsert key when it has one, else by all fields.
 */
import type { StreamSink } from '../plan/physical/stream-nodes.js'
import type { OperatorContext } from '../runtime/operator.js'
import type { Row, RowBatch } from '../runtime/row-batch.js'
import { EngineError } from '../errors.js'
import { RowKind } from '../sql/row-kind.js'
import type { ValueState } from '../state/keyed-state.js'
import { OperatorBase } from './operator-base.js'
import { batchKeys, keySelector, rowsEqual, setCurrentKey, valuesEqual } from './row-utils.js'
import { ttlOptions } from './state-ttl.js'

export class SinkUpsertMaterializerOperator extends OperatorBase {
  readonly uid: string
  readonly stateVersion = 1
  private readonly key: (row: Row) => string
  private readonly same: (a: Row, b: Row) => boolean
  private state!: ValueState<Row[]>

  constructor(node: StreamSink) {
    super()
    if (node.upsertMaterializeKeys === null) {
      throw new EngineError('INTERNAL', 'SinkUpsertMaterializerOperator needs upsertMaterializeKeys', { domain: 'internal' })
    }
    // Distinct from the sink writer's own uid: both may hold state in one checkpoint.
    this.uid = `${node.uid}-upsert-materializer`
    this.key = keySelector(node.upsertMaterializeKeys)
    const upsertKey = node.inputs[0]?.node.changelogMode.upsertKey
    this.same = upsertKey === undefined || upsertKey.length === 0 ? rowsEqual : (a, b) => upsertKey.every((i) => valuesEqual(a[i], b[i]))
  }

  override async open(ctx: OperatorContext): Promise<void> {
    await super.open(ctx)
    this.state = ctx.state.getValueState<Row[]>('rows', ttlOptions(ctx.config))
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
      const values = this.state.value() ?? []
      const index = values.findIndex((v) => this.same(v, row))
      if (kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER) {
        if (index < 0) values.push(row)
        else values[index] = row
        this.out.push(row, values.length === 1 ? RowKind.INSERT : RowKind.UPDATE_AFTER)
        this.state.update(values)
        continue
      }
      if (index < 0) continue // state expired or never seen: nothing to retract
      const last = values[values.length - 1]!
      values.splice(index, 1)
      if (values.length === 0) {
        this.out.push(last, RowKind.DELETE)
        this.state.clear()
        continue
      }
      if (index === values.length) this.out.push(values[values.length - 1]!, RowKind.UPDATE_AFTER)
      this.state.update(values)
    }
    this.flush()
  }
}
