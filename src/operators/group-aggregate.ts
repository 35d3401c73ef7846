/**
 * Unbounded GROUP BY (Flink's GroupAggFunction): per key, an accumulator array in a ValueState. A new key emits
 * +I; a changed result emits -U/+U (only +U without generateUpdateBefore); an unchanged result emits nothing
 * unless state TTL is on (then the refresh is sent, as Flink does, so downstream TTL stays in step); the last row
 * of a key retracted emits -D. A retraction for a key without state (never seen, or expired) is ignored.
 *
 * With `table.exec.mini-batch.enabled` (Flink's MiniBatchGroupAggFunction) the rows of a bundle (one input batch,
 * at most `table.exec.mini-batch.size` rows, see mini-batch.ts) are grouped by key in first-seen order; each key's
 * accumulator is read once, all its rows are applied, and only the net change is emitted: +I for a new key, -U/+U
 * (+U alone without generateUpdateBefore) when the result changed, -D when its rows were all retracted, nothing
 * when unchanged or when a key appears and disappears within the bundle. Within the bundle a key whose count
 * reaches zero starts from a fresh accumulator, exactly as row-at-a-time processing would, so the materialised
 * result is the same with and without mini-batch.
 */
import type { StreamGroupAggregate } from '../plan/physical/stream-nodes.js'
import type { OperatorContext } from '../runtime/operator.js'
import type { Row, RowBatch } from '../runtime/row-batch.js'
import { RowKind } from '../sql/row-kind.js'
import type { MapState, ValueState } from '../state/keyed-state.js'
import { AggsHandle, type DistinctStore } from './aggregates/aggs-handle.js'
import { OperatorBase } from './operator-base.js'
import { batchKeys, keySelector, rowsEqual, setCurrentKey } from './row-utils.js'
import { miniBatchSize } from './mini-batch.js'
import { stateTtlMs } from './state-ttl.js'

export class GroupAggregateOperator extends OperatorBase {
  readonly uid: string
  readonly stateVersion = 1
  private readonly handle: AggsHandle
  private readonly key: (row: Row) => string
  private accState!: ValueState<unknown[]>
  private distinctState: MapState<string, number> | null = null
  private distinct: DistinctStore | undefined
  private ttlMs: number | undefined
  /** Bundle size in rows when mini-batch is on. */
  private bundleSize: number | undefined

  constructor(private readonly node: StreamGroupAggregate) {
    super()
    this.uid = node.uid
    const inputTypes = node.inputs[0]!.node.fields.map((f) => f.type)
    this.handle = new AggsHandle(node.aggCalls, inputTypes, { retractable: node.needRetraction, countRows: true })
    this.key = keySelector(node.groupKeys)
  }

  override async open(ctx: OperatorContext): Promise<void> {
    await super.open(ctx)
    this.ttlMs = stateTtlMs(ctx.config)
    this.bundleSize = miniBatchSize(ctx.config)
    const opts = this.ttlMs === undefined ? {} : { ttlMs: this.ttlMs }
    this.accState = ctx.state.getValueState<unknown[]>('acc', opts)
    if (this.handle.hasDistinct) {
      const ds = ctx.state.getMapState<string, number>('distinct', opts)
      this.distinctState = ds
      this.distinct = {
        add(agg, key) {
          const k = `${agg}|${key}`
          const n = ds.get(k)
          ds.put(k, (n ?? 0) + 1)
          return n === undefined
        },
        remove(agg, key) {
          const k = `${agg}|${key}`
          const n = ds.get(k)
          if (n === undefined) return false
          if (n <= 1) {
            ds.remove(k)
            return true
          }
          ds.put(k, n - 1)
          return false
        },
      }
    }
  }

  keysOf(_input: number, batch: RowBatch): readonly { key: string; keyGroup: number }[] {
    return batchKeys(batch.rows, this.key, this.ctx.maxParallelism)
  }

  processBatch(_input: number, batch: RowBatch): void {
    if (this.bundleSize !== undefined) {
      const n = batch.rows.length
      for (let start = 0; start < n; start += this.bundleSize) this.processBundle(batch, start, Math.min(n, start + this.bundleSize))
      this.flush()
      return
    }
    const { rows, kinds } = batch
    const handle = this.handle
    const groupKeys = this.node.groupKeys
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!
      const kind = kinds === null ? RowKind.INSERT : kinds[i]!
      const isAccumulate = kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER
      setCurrentKey(this.ctx, this.key(row))
      let accs = this.accState.value()
      const firstRow = accs === undefined
      if (accs === undefined) {
        if (!isAccumulate) continue
        accs = handle.createAccs()
      }
      const prev = firstRow ? null : handle.getValues(accs)
      if (isAccumulate) handle.accumulate(accs, row, this.distinct)
      else handle.retract(accs, row, this.distinct)

      if (handle.rowCount(accs) <= 0) {
        if (prev !== null) this.out.push(this.outputRow(row, groupKeys, prev), RowKind.DELETE)
        this.accState.clear()
        this.distinctState?.clear()
        continue
      }
      const next = handle.getValues(accs)
      this.accState.update(accs)
      if (prev === null) {
        this.out.push(this.outputRow(row, groupKeys, next), RowKind.INSERT)
        continue
      }
      if (this.ttlMs === undefined && rowsEqual(prev, next)) continue
      if (this.node.generateUpdateBefore) this.out.push(this.outputRow(row, groupKeys, prev), RowKind.UPDATE_BEFORE)
      this.out.push(this.outputRow(row, groupKeys, next), RowKind.UPDATE_AFTER)
    }
    this.flush()
  }

  /** Rows [start, end) of a batch as one mini-batch bundle: one state read/write and at most one change per key. */
  private processBundle(batch: RowBatch, start: number, end: number): void {
    const { rows, kinds } = batch
    const handle = this.handle
    const groupKeys = this.node.groupKeys
    // Row indices per key; Map iteration order is insertion order, so keys go in first-seen order.
    const byKey = new Map<string, number[]>()
    for (let i = start; i < end; i++) {
      const k = this.key(rows[i]!)
      const list = byKey.get(k)
      if (list === undefined) byKey.set(k, [i])
      else list.push(i)
    }
    for (const [key, indices] of byKey) {
      setCurrentKey(this.ctx, key)
      const stored = this.accState.value()
      const prev = stored === undefined ? null : handle.getValues(stored)
      let accs = stored
      let cleared = false
      for (const i of indices) {
        const kind = kinds === null ? RowKind.INSERT : kinds[i]!
        const isAccumulate = kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER
        if (accs === undefined) {
          if (!isAccumulate) continue
          accs = handle.createAccs()
        }
        if (isAccumulate) handle.accumulate(accs, rows[i]!, this.distinct)
        else handle.retract(accs, rows[i]!, this.distinct)
        if (handle.rowCount(accs) <= 0) {
          // As row-at-a-time: the key is gone, a later row of the bundle starts afresh (DISTINCT counts too).
          accs = undefined
          if (!cleared) {
            this.accState.clear()
            cleared = true
          }
          this.distinctState?.clear()
        }
      }
      const row = rows[indices[0]!]!
      if (accs === undefined) {
        if (prev !== null) this.out.push(this.outputRow(row, groupKeys, prev), RowKind.DELETE)
        continue
      }
      const next = handle.getValues(accs)
      this.accState.update(accs)
      if (prev === null) {
        this.out.push(this.outputRow(row, groupKeys, next), RowKind.INSERT)
        continue
      }
      if (this.ttlMs === undefined && rowsEqual(prev, next)) continue
      if (this.node.generateUpdateBefore) this.out.push(this.outputRow(row, groupKeys, prev), RowKind.UPDATE_BEFORE)
      this.out.push(this.outputRow(row, groupKeys, next), RowKind.UPDATE_AFTER)
    }
  }

  private outputRow(row: Row, groupKeys: readonly number[], values: readonly unknown[]): Row {
    const out = new Array<unknown>(groupKeys.length + values.length)
    for (let k = 0; k < groupKeys.length; k++) out[k] = row[groupKeys[k]!]
    for (let v = 0; v < values.length; v++) out[groupKeys.length + v] = values[v]
    return out
  }
}
