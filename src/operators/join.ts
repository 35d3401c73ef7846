/**
 * Regular (unbounded) join over append or updating inputs, Flink's StreamingJoinOperator and
 * StreamingSemiAntiJoinOperator. Each side keeps, per join key, its rows with a count; an outer side also keeps
 * per row the number of matching rows on the other side, so that null-padded rows are emitted and retracted
 * exactly when a row gains its first or loses its last match:
 *   LEFT JOIN, left a arrives, no match   -> +I[a, null]
 *   right b arrives, matching a            -> -D[a, null], +I[a, b]
 *   b retracted                            -> -D[a, b], +I[a, null]
 * Inner-side updates keep their row kind (+U/-U) on joined rows; outer-side rows emit +I/-D. A row with a NULL
 * join key never matches. State obeys table.exec.state.ttl.
 */
import type { StreamJoin } from '../plan/physical/stream-nodes.js'
import type { OperatorContext } from '../runtime/operator.js'
import type { Row, RowBatch } from '../runtime/row-batch.js'
import { compileJoinPredicate } from '../runtime/expr/compile.js'
import { RowKind } from '../sql/row-kind.js'
import { encodeKey } from '../state/key-groups.js'
import type { MapState } from '../state/keyed-state.js'
import { OperatorBase } from './operator-base.js'
import { batchKeys, keySelector, setCurrentKey } from './row-utils.js'
import { ttlOptions } from './state-ttl.js'

/** [row, count of identical rows, number of matches on the other side (outer sides only)]. */
type JoinEntry = [Row, number, number]
type SideState = MapState<string, JoinEntry>

interface Match {
  readonly id: string
  readonly entry: JoinEntry
}

function isAccumulate(kind: number): boolean {
  return kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER
}

export class JoinOperator extends OperatorBase {
  readonly uid: string
  readonly stateVersion = 1
  private readonly leftKey: (row: Row) => string
  private readonly rightKey: (row: Row) => string
  private readonly cond: ((l: Row, r: Row) => boolean) | null
  private readonly leftArity: number
  private readonly rightArity: number
  private readonly leftOuter: boolean
  private readonly rightOuter: boolean
  private readonly semiAnti: 'SEMI' | 'ANTI' | null
  private left!: SideState
  private right!: SideState

  constructor(private readonly node: StreamJoin) {
    super()
    this.uid = node.uid
    this.leftArity = node.inputs[0]!.node.fields.length
    this.rightArity = node.inputs[1]!.node.fields.length
    this.leftKey = keySelector(node.leftKeys)
    this.rightKey = keySelector(node.rightKeys)
    this.cond = node.condition === null ? null : compileJoinPredicate(node.condition, this.leftArity)
    const t = node.joinType
    this.leftOuter = t === 'LEFT' || t === 'FULL'
    this.rightOuter = t === 'RIGHT' || t === 'FULL'
    this.semiAnti = t === 'SEMI' || t === 'ANTI' ? t : null
  }

  override async open(ctx: OperatorContext): Promise<void> {
    await super.open(ctx)
    const opts = ttlOptions(ctx.config)
    this.left = ctx.state.getMapState<string, JoinEntry>('left', opts)
    this.right = ctx.state.getMapState<string, JoinEntry>('right', opts)
  }

  keysOf(input: number, batch: RowBatch): readonly { key: string; keyGroup: number }[] {
    return batchKeys(batch.rows, input === 0 ? this.leftKey : this.rightKey, this.ctx.maxParallelism)
  }

  processBatch(input: number, batch: RowBatch): void {
    const isLeft = input === 0
    const keyOf = isLeft ? this.leftKey : this.rightKey
    const keyFields = isLeft ? this.node.leftKeys : this.node.rightKeys
    for (let i = 0; i < batch.rows.length; i++) {
      const row = batch.rows[i]!
      const kind = batch.kinds === null ? RowKind.INSERT : (batch.kinds[i]! as RowKind)
      setCurrentKey(this.ctx, keyOf(row))
      const nullKey = keyFields.some((k) => row[k] === null || row[k] === undefined)
      if (this.semiAnti !== null) {
        if (isLeft) this.semiLeft(row, kind, nullKey)
        else this.semiRight(row, kind, nullKey)
      } else {
        this.joinRow(row, kind, isLeft, nullKey)
      }
    }
    this.flush()
  }

  /** Rows of the other side that join with `row` (each with its multiplicity in entry[1]). */
  private matches(row: Row, isLeft: boolean, other: SideState, nullKey: boolean): Match[] {
    const found: Match[] = []
    if (nullKey) return found
    const cond = this.cond
    for (const [id, entry] of other.entries()) {
      if (cond === null || (isLeft ? cond(row, entry[0]) : cond(entry[0], row))) found.push({ id, entry })
    }
    return found
  }

  private joined(row: Row, other: Row, isLeft: boolean): Row {
    return isLeft ? [...row, ...other] : [...other, ...row]
  }

  private padded(row: Row, isLeft: boolean): Row {
    return isLeft ? [...row, ...new Array<unknown>(this.rightArity).fill(null)] : [...new Array<unknown>(this.leftArity).fill(null), ...row]
  }

  private static addRecord(state: SideState, row: Row, assoc: number): void {
    const id = encodeKey(row)
    const e = state.get(id)
    if (e === undefined) state.put(id, [row, 1, assoc])
    else {
      e[1]++
      e[2] = assoc
      state.put(id, e)
    }
  }

  private static retractRecord(state: SideState, row: Row): void {
    const id = encodeKey(row)
    const e = state.get(id)
    if (e === undefined) return
    if (e[1] > 1) {
      e[1]--
      state.put(id, e)
    } else state.remove(id)
  }

  private static setAssoc(state: SideState, m: Match, assoc: number): void {
    m.entry[2] = assoc
    state.put(m.id, m.entry)
  }

  private joinRow(row: Row, kind: RowKind, isLeft: boolean, nullKey: boolean): void {
    const mine = isLeft ? this.left : this.right
    const other = isLeft ? this.right : this.left
    const inputOuter = isLeft ? this.leftOuter : this.rightOuter
    const otherOuter = isLeft ? this.rightOuter : this.leftOuter
    const found = this.matches(row, isLeft, other, nullKey)
    let total = 0
    for (const m of found) total += m.entry[1]
    const out = this.out

    if (isAccumulate(kind)) {
      if (inputOuter && total === 0) {
        out.push(this.padded(row, isLeft), RowKind.INSERT)
        JoinOperator.addRecord(mine, row, 0)
        return
      }
      if (!inputOuter) JoinOperator.addRecord(mine, row, 0)
      if (total === 0) return
      if (otherOuter) {
        for (const m of found) {
          if (m.entry[2] === 0) for (let c = 0; c < m.entry[1]; c++) out.push(this.padded(m.entry[0], !isLeft), RowKind.DELETE)
          JoinOperator.setAssoc(other, m, m.entry[2] + 1)
        }
      }
      const outKind = inputOuter || otherOuter ? RowKind.INSERT : kind
      for (const m of found) for (let c = 0; c < m.entry[1]; c++) out.push(this.joined(row, m.entry[0], isLeft), outKind)
      if (inputOuter) JoinOperator.addRecord(mine, row, total)
      return
    }

    JoinOperator.retractRecord(mine, row)
    if (total === 0) {
      if (inputOuter) out.push(this.padded(row, isLeft), RowKind.DELETE)
      return
    }
    const outKind = inputOuter ? RowKind.DELETE : kind
    for (const m of found) for (let c = 0; c < m.entry[1]; c++) out.push(this.joined(row, m.entry[0], isLeft), outKind)
    if (otherOuter) {
      for (const m of found) {
        if (m.entry[2] === 1) for (let c = 0; c < m.entry[1]; c++) out.push(this.padded(m.entry[0], !isLeft), RowKind.INSERT)
        JoinOperator.setAssoc(other, m, m.entry[2] - 1)
      }
    }
  }

  /** SEMI/ANTI, left input: emit the row (with its kind) when it has matches (SEMI) or none (ANTI). */
  private semiLeft(row: Row, kind: RowKind, nullKey: boolean): void {
    const found = this.matches(row, true, this.right, nullKey)
    let total = 0
    for (const m of found) total += m.entry[1]
    if ((total === 0) === (this.semiAnti === 'ANTI')) this.out.push(row, kind)
    if (isAccumulate(kind)) JoinOperator.addRecord(this.left, row, total)
    else JoinOperator.retractRecord(this.left, row)
  }

  /** SEMI/ANTI, right input: a left row's first match (or last match's removal) flips whether it is emitted. */
  private semiRight(row: Row, kind: RowKind, nullKey: boolean): void {
    const found = this.matches(row, false, this.left, nullKey)
    const anti = this.semiAnti === 'ANTI'
    if (isAccumulate(kind)) {
      JoinOperator.addRecord(this.right, row, 0)
      for (const m of found) {
        if (m.entry[2] === 0) for (let c = 0; c < m.entry[1]; c++) this.out.push(m.entry[0], anti ? RowKind.DELETE : kind)
        JoinOperator.setAssoc(this.left, m, m.entry[2] + 1)
      }
      return
    }
    JoinOperator.retractRecord(this.right, row)
    for (const m of found) {
      if (m.entry[2] === 1) for (let c = 0; c < m.entry[1]; c++) this.out.push(m.entry[0], anti ? RowKind.INSERT : kind)
      JoinOperator.setAssoc(this.left, m, m.entry[2] - 1)
    }
  }
}
