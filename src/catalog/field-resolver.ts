/** Resolves column references against one flat list of fields (DDL expressions: computed columns, watermarks). */
import type { ColumnRef } from '../sql/ast.js'
import type { Field } from '../plan/physical/stream-nodes.js'
import type { RexNode } from '../plan/rex.js'
import { inputRef } from '../plan/rex.js'
import { didYouMean } from './did-you-mean.js'
import type { ColumnResolver } from './expression-binder.js'
import { planError } from './plan-errors.js'
import { withNullable } from '../sql/data-type.js'
import type { DataType } from '../sql/data-type.js'

export class FieldListResolver implements ColumnResolver {
  constructor(
    private readonly fields: readonly (Field | undefined)[],
    private readonly sql: string,
    /** Names that exist but may not be referenced here, with the reason. */
    private readonly forbidden: ReadonlyMap<string, string> = new Map(),
  ) {}

  resolveColumn(ref: ColumnRef): RexNode {
    const [first, ...rest] = ref.parts
    if (first === undefined) throw planError('PLAN_COLUMN_NOT_FOUND', 'empty column reference', ref.span, this.sql)
    const why = this.forbidden.get(first.value)
    if (why !== undefined) throw planError('PLAN_INVALID_COLUMN_REFERENCE', why, ref.span, this.sql)
    const idx = this.fields.findIndex((f) => f !== undefined && f.name === first.value)
    const f = this.fields[idx]
    if (f === undefined) {
      const names = this.fields.flatMap((x) => (x === undefined ? [] : [x.name]))
      throw planError('PLAN_COLUMN_NOT_FOUND', `column '${first.value}' not found`, first.span, this.sql, didYouMean(first.value, names))
    }
    let r: RexNode = inputRef(idx, f.type)
    for (const p of rest) {
      if (r.type.kind !== 'ROW') throw planError('PLAN_COLUMN_NOT_FOUND', `column '${first.value}' has no field '${p.value}'`, p.span, this.sql)
      const i = r.type.fields.findIndex((x) => x.name === p.value)
      const rf: { name: string; type: DataType } | undefined = r.type.fields[i]
      if (rf === undefined) throw planError('PLAN_COLUMN_NOT_FOUND', `field '${p.value}' not found`, p.span, this.sql)
      r = { kind: 'FieldAccess', operand: r, index: i, name: rf.name, type: withNullable(rf.type, rf.type.nullable || r.type.nullable) }
    }
    return r
  }
}
