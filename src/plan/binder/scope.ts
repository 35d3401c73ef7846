/**
 * Name resolution for one FROM clause: the columns of the combined input row, each with the table alias that
 * qualifies it. Resolves `a`, `t.a`, `t.a.b` (nested ROW fields) with 'did you mean' and ambiguity errors.
 */
import type { ColumnRef } from '../../sql/ast.js'
import type { DataType } from '../../sql/data-type.js'
import { withNullable } from '../../sql/data-type.js'
import type { Span } from '../../sql/span.js'
import { didYouMean } from '../../catalog/did-you-mean.js'
import type { ColumnResolver } from '../../catalog/expression-binder.js'
import { planError } from '../../catalog/plan-errors.js'
import type { RexNode } from '../rex.js'
import { inputRef } from '../rex.js'

export interface ScopeColumn {
  readonly name: string
  readonly type: DataType
  /** The table alias (or table name) that qualifies the column; null for derived columns without one. */
  readonly qualifier: string | null
  /** Not expanded by `*` and not found unqualified (the right-hand copy of a USING/NATURAL join column). */
  readonly hidden?: boolean
}

/** Where each column ref came from, so later checks (GROUP BY) can name and point at it. */
export const REF_ORIGIN = new WeakMap<RexNode, { readonly name: string; readonly span: Span }>()

export class Scope implements ColumnResolver {
  constructor(
    readonly columns: readonly ScopeColumn[],
    private readonly sql: string,
  ) {}

  qualifiers(): Set<string> {
    const s = new Set<string>()
    for (const c of this.columns) if (c.qualifier !== null) s.add(c.qualifier)
    return s
  }

  /** Index of the column a reference names, plus how many leading parts it consumed. */
  private find(ref: ColumnRef): { index: number; used: number } {
    const parts = ref.parts
    const first = parts[0]
    if (first === undefined) throw planError('PLAN_COLUMN_NOT_FOUND', 'empty column reference', ref.span, this.sql)
    if (parts.length >= 2 && this.qualifiers().has(first.value)) {
      const second = parts[1]!
      const matches = this.columns.flatMap((c, i) => (c.qualifier === first.value && c.name === second.value ? [i] : []))
      if (matches.length === 0) {
        const names = this.columns.filter((c) => c.qualifier === first.value).map((c) => c.name)
        throw planError('PLAN_COLUMN_NOT_FOUND', `column '${second.value}' not found in table '${first.value}'`, second.span, this.sql, didYouMean(second.value, names))
      }
      if (matches.length > 1) throw planError('PLAN_AMBIGUOUS_COLUMN', `column '${first.value}.${second.value}' is ambiguous`, ref.span, this.sql)
      return { index: matches[0] as number, used: 2 }
    }
    const matches = this.columns.flatMap((c, i) => (c.name === first.value && c.hidden !== true ? [i] : []))
    if (matches.length > 1) {
      const tables = matches.map((i) => this.columns[i]?.qualifier).filter((q) => q !== null && q !== undefined)
      const hint = tables.length > 0 ? `qualify it with one of: ${[...new Set(tables)].join(', ')}` : undefined
      throw planError('PLAN_AMBIGUOUS_COLUMN', `column '${first.value}' is ambiguous`, first.span, this.sql, hint)
    }
    if (matches.length === 0) {
      if (parts.length >= 2) {
        throw planError('PLAN_TABLE_NOT_FOUND', `table '${first.value}' not found in the FROM clause`, first.span, this.sql, didYouMean(first.value, this.qualifiers()))
      }
      const names = this.columns.filter((c) => c.hidden !== true).map((c) => c.name)
      throw planError('PLAN_COLUMN_NOT_FOUND', `column '${first.value}' not found in any table`, first.span, this.sql, didYouMean(first.value, names))
    }
    return { index: matches[0] as number, used: 1 }
  }

  resolveColumn(ref: ColumnRef): RexNode {
    const { index, used } = this.find(ref)
    const col = this.columns[index] as ScopeColumn
    let r: RexNode = inputRef(index, col.type)
    REF_ORIGIN.set(r, { name: ref.parts.slice(0, used).map((p) => p.value).join('.'), span: ref.span })
    for (const p of ref.parts.slice(used)) {
      if (r.type.kind !== 'ROW') {
        throw planError('PLAN_COLUMN_NOT_FOUND', `column '${col.name}' is not a ROW and has no field '${p.value}'`, p.span, this.sql)
      }
      const rt: import('../../sql/data-type.js').RowType = r.type
      const i: number = rt.fields.findIndex((x) => x.name === p.value)
      const f: import('../../sql/data-type.js').RowField | undefined = rt.fields[i]
      if (f === undefined) {
        throw planError('PLAN_COLUMN_NOT_FOUND', `field '${p.value}' not found`, p.span, this.sql, didYouMean(p.value, rt.fields.map((x) => x.name)))
      }
      r = { kind: 'FieldAccess', operand: r, index: i, name: f.name, type: withNullable(f.type, f.type.nullable || rt.nullable) }
    }
    return r
  }
}
