/**
 * Top-N per partition (ROW_NUMBER/RANK/DENSE_RANK ... WHERE rn BETWEEN rankStart AND rankEnd), Flink's
 * AppendOnlyTopNFunction / RetractableTopNFunction. Per partition key a ValueState holds the rows sorted by the
 * ORDER BY keys (ties in arrival order). Each input row changes that list; the operator compares the ranked rows
 * in [rankStart, rankEnd] before and after and emits the change the way Flink does:
 * - with a rank number (or an offset), position by position: -U(old)/+U(new) where a position's row changed,
 *   +I for a newly filled position, -D for one that emptied (ROW_NUMBER);
 * - without, as sets: -D for rows that left the Top-N, then +I for rows that entered.
 * RANK and DENSE_RANK give tied rows the same rank and compare (row, rank) pairs as sets.
 * Append-only input keeps only rows that can still rank (rank <= rankEnd); updating input keeps every row,
 * since a retraction can bring a row back into the Top-N.
 */
import type { StreamRank } from '../plan/physical/stream-nodes.js'
import type { OperatorContext } from '../runtime/operator.js'
import type { Row, RowBatch } from '../runtime/row-batch.js'
import { RowBatchBuilder } from '../runtime/row-batch.js'
import { isInsertOnly, RowKind } from '../sql/row-kind.js'
import type { ValueState } from '../state/keyed-state.js'
import { encodeKey } from '../state/key-groups.js'
import { OperatorBase } from './operator-base.js'
import { batchKeys, keySelector, rowsEqual, setCurrentKey, sortKeyComparator, type RowComparator } from './row-utils.js'
import { ttlOptions } from './state-ttl.js'

type RankSpec = Pick<StreamRank, 'orderBy' | 'rankType' | 'rankStart' | 'rankEnd' | 'outputRankNumber'>

/** A rank-ordered list: sorting, insertion after ties, and the ranked rows within [rankStart, rankEnd]. */
export class RankedList {
  readonly cmp: RowComparator

  constructor(readonly spec: RankSpec) {
    this.cmp = sortKeyComparator(spec.orderBy)
  }

  /** Index after the last row that sorts <= `row` (ties keep arrival order). */
  upperBound(list: readonly Row[], row: Row): number {
    let lo = 0
    let hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.cmp(list[mid]!, row) <= 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  insert(list: Row[], row: Row): void {
    list.splice(this.upperBound(list, row), 0, row)
  }

  /** Ranks of rows in order (1-based), computed until they pass rankEnd; returns [row, rank] pairs in range. */
  ranked(list: readonly Row[]): [Row, number][] {
    const { rankType, rankStart, rankEnd } = this.spec
    const out: [Row, number][] = []
    let rank = 0
    let dense = 0
    for (let i = 0; i < list.length; i++) {
      const row = list[i]!
      const tie = i > 0 && this.cmp(list[i - 1]!, row) === 0
      if (rankType === 'ROW_NUMBER') rank = i + 1
      else if (rankType === 'RANK') rank = tie ? rank : i + 1
      else rank = tie ? dense : ++dense
      if (rank > rankEnd) break
      if (rank >= rankStart) out.push([row, rank])
    }
    return out
  }

  /** How many leading rows can still rank (rank <= rankEnd) under append-only input; the rest can be dropped. */
  keepCount(list: readonly Row[]): number {
    if (this.spec.rankType === 'ROW_NUMBER') return Math.min(list.length, this.spec.rankEnd)
    let rank = 0
    let dense = 0
    for (let i = 0; i < list.length; i++) {
      const tie = i > 0 && this.cmp(list[i - 1]!, list[i]!) === 0
      rank = this.spec.rankType === 'RANK' ? (tie ? rank : i + 1) : tie ? dense : ++dense
      if (rank > this.spec.rankEnd) return i
    }
    return list.length
  }

  private withRank(row: Row, rank: number): Row {
    return this.spec.outputRankNumber ? [...row, rank] : row
  }

  /** Emits the change from `before` to `after` (both from ranked()). */
  emitDiff(before: [Row, number][], after: [Row, number][], out: RowBatchBuilder, updateBefore: boolean): void {
    const positional = this.spec.rankType === 'ROW_NUMBER' && (this.spec.outputRankNumber || this.spec.rankStart > 1)
    if (positional) {
      const n = Math.max(before.length, after.length)
      for (let i = 0; i < n; i++) {
        const o = before[i]
        const a = after[i]
        if (o !== undefined && a !== undefined) {
          if (o[0] === a[0] || rowsEqual(o[0], a[0])) continue
          if (updateBefore) out.push(this.withRank(o[0], o[1]), RowKind.UPDATE_BEFORE)
          out.push(this.withRank(a[0], a[1]), RowKind.UPDATE_AFTER)
        } else if (a !== undefined) out.push(this.withRank(a[0], a[1]), RowKind.INSERT)
        else if (o !== undefined) out.push(this.withRank(o[0], o[1]), RowKind.DELETE)
      }
      return
    }
    // As multisets of output rows: deletes first, then inserts (Flink's order).
    const counts = new Map<string, number>()
    const enc = (p: [Row, number]): string => encodeKey(this.spec.outputRankNumber ? [...p[0], p[1]] : p[0])
    for (const p of after) counts.set(enc(p), (counts.get(enc(p)) ?? 0) + 1)
    const kept = new Map<string, number>()
    for (const p of before) {
      const k = enc(p)
      const n = counts.get(k) ?? 0
      if (n > 0) {
        counts.set(k, n - 1)
        kept.set(k, (kept.get(k) ?? 0) + 1)
      } else out.push(this.withRank(p[0], p[1]), RowKind.DELETE)
    }
    for (const p of after) {
      const k = enc(p)
      const n = kept.get(k) ?? 0
      if (n > 0) kept.set(k, n - 1)
      else out.push(this.withRank(p[0], p[1]), RowKind.INSERT)
    }
  }
}

export class RankOperator extends OperatorBase {
  readonly uid: string
  readonly stateVersion = 1
  private readonly key: (row: Row) => string
  private readonly list: RankedList
  private readonly appendOnly: boolean
  private readonly updateBefore: boolean
  private state!: ValueState<Row[]>

  constructor(private readonly node: StreamRank) {
    super()
    this.uid = node.uid
    this.key = keySelector(node.partitionKeys)
    this.list = new RankedList(node)
    this.appendOnly = isInsertOnly(node.inputs[0]!.node.changelogMode)
    this.updateBefore = node.changelogMode.kinds.includes(RowKind.UPDATE_BEFORE)
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
    const ranked = this.list
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!
      const kind = kinds === null ? RowKind.INSERT : kinds[i]!
      setCurrentKey(this.ctx, this.key(row))
      const list = this.state.value() ?? []
      const accumulate = kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER
      if (accumulate && this.appendOnly && this.node.rankType === 'ROW_NUMBER' && list.length >= this.node.rankEnd) {
        // The Top-N is full: a row sorting at or after its last row can never rank (Flink's buffer-range check).
        if (ranked.cmp(row, list[this.node.rankEnd - 1]!) >= 0) continue
      }
      const before = ranked.ranked(list)
      if (accumulate) ranked.insert(list, row)
      else {
        const at = list.findIndex((r) => rowsEqual(r, row))
        if (at < 0) continue // retraction of a row not in state (e.g. expired): ignored, as Flink does
        list.splice(at, 1)
      }
      if (this.appendOnly) list.length = ranked.keepCount(list)
      const after = ranked.ranked(list)
      ranked.emitDiff(before, after, this.out, this.updateBefore)
      if (list.length === 0) this.state.clear()
      else this.state.update(list)
    }
    this.flush()
  }
}
