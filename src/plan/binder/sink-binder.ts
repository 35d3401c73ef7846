/**
 * INSERT INTO / OVERWRITE: the target table's physical columns, an optional column list (missing columns get
 * NULL), static PARTITION values, and implicit casts from the query's types to the sink's (only assignable ones).
 */
import type { Insert, Query } from '../../sql/ast.js'
import { withNullable } from '../../sql/data-type.js'
import type { Span } from '../../sql/span.js'
import { formatPath, physicalColumns } from '../../catalog/catalog-table.js'
import { didYouMean } from '../../catalog/did-you-mean.js'
import { planError, typeName } from '../../catalog/plan-errors.js'
import { castRex, coerce } from '../../catalog/rex-coercion.js'
import { validateTableOptions } from '../../catalog/table-builder.js'
import { isAssignable, sameTypeIgnoringNull, dropTimeAttribute } from '../../catalog/type-inference.js'
import { numericLiteral, parseDate, parseTimestamp } from '../../catalog/literals.js'
import type { Field } from '../physical/stream-nodes.js'
import type { RexNode } from '../rex.js'
import { inputRef, literal } from '../rex.js'
import { project } from '../logical/builders.js'
import type { LogicalNode, LogicalSink } from '../logical/nodes.js'
import { atSpan, hintOptions } from './from-binder.js'
import type { QueryBinder } from './query-binder.js'

/** Where a query's i-th column was written (for pointing at the offending expression). */
function itemSpan(q: Query, i: number): Span | undefined {
  let body = q.body
  while (body.kind === 'Query') body = body.body
  if (body.kind !== 'Select') return undefined
  const item = body.items[i]
  return item?.kind === 'SelectExpr' ? item.span : undefined
}

export function bindInsert(qb: QueryBinder, ins: Insert): LogicalSink {
  const sql = qb.sql
  const obj = qb.env.catalog.getObject(ins.target, sql)
  if (obj.kind !== 'table') throw planError('PLAN_NOT_A_TABLE', `cannot insert into view '${formatPath(obj.path)}'`, ins.target.span, sql)
  const options = { ...obj.options, ...hintOptions(ins.hints) }
  const table = { ...obj, options }
  try {
    validateTableOptions(table, qb.env.connectors, 'sink')
  } catch (e) {
    throw atSpan(e, ins.target, sql)
  }
  const path = formatPath(obj.path)
  if (ins.overwrite && options['connector'] !== 'filesystem') {
    throw planError('PLAN_UNSUPPORTED', `INSERT OVERWRITE requires a sink that supports overwriting, but table '${path}' uses connector '${options['connector']}'`, ins.span, sql, 'only the filesystem connector supports INSERT OVERWRITE')
  }
  const sinkFields = physicalColumns(obj).map((f) => ({ name: f.name, type: dropTimeAttribute(f.type) }))
  const sinkNames = sinkFields.map((f) => f.name)

  // Static partition values: PARTITION (k = 'v').
  const staticPartition: Record<string, string> = {}
  for (const p of ins.partition) {
    if (!obj.partitionKeys.includes(p.key)) {
      throw planError('PLAN_INVALID_PARTITION', `'${p.key}' is not a partition column of table '${path}'`, p.span, sql, `partition columns: ${obj.partitionKeys.join(', ') || '(none)'}`)
    }
    staticPartition[p.key] = p.value
  }

  const q = qb.bindQuery(ins.query, new Map())
  // Target columns the query provides, in query order.
  let targets: number[]
  if (ins.columns.length > 0) {
    targets = ins.columns.map((c) => {
      const i = sinkNames.indexOf(c.value)
      if (i < 0) throw planError('PLAN_COLUMN_NOT_FOUND', `column '${c.value}' not found in table '${path}'`, c.span, sql, didYouMean(c.value, sinkNames))
      if (staticPartition[c.value] !== undefined) throw planError('PLAN_INVALID_PARTITION', `column '${c.value}' is given a static partition value and cannot also be inserted`, c.span, sql)
      return i
    })
    const dup = targets.find((t, i) => targets.indexOf(t) !== i)
    if (dup !== undefined) throw planError('PLAN_DUPLICATE_COLUMN', `column '${sinkNames[dup]}' is listed twice`, ins.span, sql)
  } else {
    targets = sinkNames.flatMap((n, i) => (staticPartition[n] === undefined ? [i] : []))
  }
  const qFields = q.node.fields
  if (qFields.length !== targets.length) {
    const qs = qFields.map((f) => `${f.name}: ${typeName(f.type)}`).join(', ')
    const ss = targets.map((i) => `${sinkNames[i]}: ${typeName((sinkFields[i] as Field).type)}`).join(', ')
    throw planError(
      'PLAN_COLUMN_COUNT_MISMATCH',
      `Column types of query result and sink for '${path}' do not match.\nCause: Different number of columns.\n\nQuery schema: [${qs}]\nSink schema:  [${ss}]`,
      ins.query.span,
      sql,
    )
  }
  const exprs: RexNode[] = sinkFields.map((f, i) => {
    const pos = targets.indexOf(i)
    if (pos >= 0) {
      const qf = qFields[pos] as Field
      const src = inputRef(pos, qf.type)
      if (!isAssignable(qf.type, f.type)) {
        throw planError(
          'PLAN_TYPE_MISMATCH',
          `Column types of query result and sink for '${path}' do not match: column '${f.name}' is ${typeName(qf.type)} in the query but ${typeName(f.type)} in the sink`,
          itemSpan(ins.query, pos) ?? ins.query.span,
          sql,
          `cast it explicitly: CAST(... AS ${typeName(f.type)})`,
        )
      }
      return sameTypeIgnoringNull(qf.type, f.type) ? src : coerce(src, f.type)
    }
    const sv = staticPartition[f.name]
    if (sv !== undefined) return staticValue(sv, f)
    return literal(null, withNullable(f.type, true))
  })
  const identity = exprs.every((e, i) => e.kind === 'InputRef' && e.index === i) && qFields.length === sinkFields.length
  const input: LogicalNode = identity ? q.node : project(q.node, exprs, sinkNames)
  return {
    kind: 'LogicalSink',
    input,
    target: { kind: 'table', table, options, overwrite: ins.overwrite, staticPartition },
    fields: sinkFields.map((f, i) => ({ name: f.name, type: (input.fields[i] as Field).type })),
  }
}

/** A static partition value ('2024-01-01') as a literal of the column's type. */
function staticValue(v: string, f: Field): RexNode {
  const t = f.type
  switch (t.kind) {
    case 'CHAR':
    case 'VARCHAR':
      return literal(v, t)
    case 'DATE': {
      const d = parseDate(v)
      if (d !== undefined) return literal(d, t)
      break
    }
    case 'TIMESTAMP': {
      const d = parseTimestamp(v)
      if (d !== undefined) return literal(d.value, t)
      break
    }
    case 'BOOLEAN':
      return literal(v.toLowerCase() === 'true', t)
    default: {
      const n = numericLiteral(v)
      if (n !== undefined) return castRex(literal(n.value, n.type), t)
    }
  }
  return castRex(literal(v, { kind: 'VARCHAR', length: v.length, nullable: false }), t)
}

/** A SELECT shown to the user: the query into a collect sink. */
export function bindCollect(qb: QueryBinder, q: Query): LogicalSink {
  const r = qb.bindQuery(q, new Map())
  return { kind: 'LogicalSink', input: r.node, target: { kind: 'collect' }, fields: r.node.fields.map((f) => ({ ...f })) }
}
