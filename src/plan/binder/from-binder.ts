/** FROM clause binding: tables (scan + computed columns + watermark), views, CTEs, derived tables, joins, UNNEST. */
import type { Expr, Hint, Ident, Join, TableName, TableRef, Unnest } from '../../sql/ast.js'
import type { DataType } from '../../sql/data-type.js'
import { withNullable } from '../../sql/data-type.js'
import { EngineError, SqlError, assertNever } from '../../errors.js'
import type { CatalogTable, CatalogView } from '../../catalog/catalog-table.js'
import { formatPath } from '../../catalog/catalog-table.js'
import { ExpressionBinder } from '../../catalog/expression-binder.js'
import { FieldListResolver } from '../../catalog/field-resolver.js'
import { planError, typeName, unsupported } from '../../catalog/plan-errors.js'
import { validateTableOptions } from '../../catalog/table-builder.js'
import { T, dropTimeAttribute } from '../../catalog/type-inference.js'
import type { Field } from '../physical/stream-nodes.js'
import type { RexNode } from '../rex.js'
import { inputRef } from '../rex.js'
import { and } from '../rex-util.js'
import { join, project } from '../logical/builders.js'
import type { LogicalCorrelate, LogicalNode, LogicalTableScan, LogicalValues } from '../logical/nodes.js'
import type { BoundRelation, CteScope } from './binder-context.js'
import { requalify } from './binder-context.js'
import type { QueryBinder } from './query-binder.js'
import { Scope } from './scope.js'
import type { ScopeColumn } from './scope.js'
import { bindWindowTvf } from './tvf-binder.js'

export function bindFrom(qb: QueryBinder, ref: TableRef, ctes: CteScope): BoundRelation {
  switch (ref.kind) {
    case 'TableName':
      return bindTableName(qb, ref, ctes)
    case 'DerivedTable':
      if (ref.lateral) throw unsupported('LATERAL subqueries', ref.span, qb.sql)
      return qb.bindDerived(ref.query, ctes, ref.alias?.name.value ?? null, aliasNames(ref.alias?.columns))
    case 'Join':
      return bindJoin(qb, ref, ctes)
    case 'TableFunction':
      return bindWindowTvf(qb, ref, ctes)
    case 'Unnest': {
      const base = qb.oneRow()
      return bindUnnest(qb, base, ref, 'INNER', null)
    }
    case 'LateralTable':
      throw unsupported('LATERAL TABLE with user-defined table functions', ref.span, qb.sql)
    case 'MatchRecognize':
      throw unsupported('MATCH_RECOGNIZE', ref.span, qb.sql)
    default:
      return assertNever(ref, 'table reference')
  }
}

function aliasNames(cols: readonly Ident[] | undefined): string[] | undefined {
  return cols === undefined || cols.length === 0 ? undefined : cols.map((c) => c.value)
}

/** OPTIONS hints as a map (`/*+ OPTIONS('k'='v') *\/`); other hints are accepted and ignored. */
export function hintOptions(hints: readonly Hint[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const h of hints) if (h.name.toUpperCase() === 'OPTIONS') for (const p of h.options) out[p.key] = p.value
  return out
}

function bindTableName(qb: QueryBinder, ref: TableName, ctes: CteScope): BoundRelation {
  const parts = ref.name.parts
  const alias = ref.alias?.name.value
  const colAliases = aliasNames(ref.alias?.columns)
  if (ref.forSystemTime !== undefined) {
    throw unsupported('FOR SYSTEM_TIME AS OF (temporal table joins)', ref.forSystemTime.span, qb.sql)
  }
  if (parts.length === 1) {
    const cte = ctes.get(parts[0]!.value)
    if (cte !== undefined) {
      const r = qb.bindQuery(cte.query, cte.scope)
      const names = colAliases ?? (cte.columns.length > 0 ? cte.columns : undefined)
      return { node: r.node, columns: requalify(r.columns, alias ?? parts[0]!.value, names) }
    }
  }
  const obj = qb.env.catalog.getObject(ref.name, qb.sql)
  if (obj.kind === 'view') return expandView(qb, obj, ref, alias ?? obj.path.object, colAliases)
  const options = { ...obj.options, ...hintOptions(ref.hints) }
  const table: CatalogTable = { ...obj, options }
  try {
    validateTableOptions(table, qb.env.connectors, 'source')
  } catch (e) {
    throw atSpan(e, ref, qb.sql)
  }
  const node = scanTable(qb, obj, options)
  const columns = requalify(
    node.fields.map((f) => ({ name: f.name, type: f.type, qualifier: null })),
    alias ?? obj.path.object,
    colAliases,
  )
  return { node, columns }
}

/** Turns a connector/option EngineError into a SqlError pointing at the table reference. */
export function atSpan(e: unknown, ref: { readonly span: import('../../sql/span.js').Span }, sql: string): unknown {
  if (e instanceof EngineError && !(e instanceof SqlError)) {
    return new SqlError(e.code, e.message, ref.span, e.hint === undefined ? { source: sql, domain: e.domain } : { source: sql, hint: e.hint, domain: e.domain })
  }
  return e
}

function expandView(qb: QueryBinder, view: CatalogView, ref: TableName, qualifier: string, colAliases: string[] | undefined): BoundRelation {
  const key = formatPath(view.path)
  if (qb.expanding.has(key)) throw planError('PLAN_RECURSIVE_VIEW', `view '${key}' refers to itself`, ref.span, qb.sql)
  qb.expanding.add(key)
  try {
    // The view's query is bound against its own text (spans inside it refer to it).
    const inner = qb.withSql(view.querySql)
    const shifted = view.query
    let r: BoundRelation
    try {
      r = inner.bindQuery(shifted, new Map())
    } catch (e) {
      if (e instanceof SqlError) {
        throw planError(e.code, `in view '${key}': ${e.message}`, ref.span, qb.sql, e.hint)
      }
      throw e
    }
    const names = colAliases ?? (view.columnAliases.length > 0 ? view.columnAliases : undefined)
    return { node: r.node, columns: requalify(r.columns, qualifier, names) }
  } finally {
    qb.expanding.delete(key)
  }
}

/**
 * The scan of a table as the abstract syntax tree shows it: a LogicalTableScan of physical ++ metadata fields,
 * a LogicalProject putting columns in declared order with computed columns, and a LogicalWatermarkAssigner.
 */
export function scanTable(qb: QueryBinder, table: CatalogTable, options: Readonly<Record<string, string>>): LogicalNode {
  const physical = table.columns.filter((c) => c.kind === 'physical')
  const metadata = table.columns.filter((c) => c.kind === 'metadata')
  const scanFields: Field[] = [
    ...physical.map((c) => ({ name: c.name, type: c.type })),
    ...metadata.map((c) => ({ name: c.name, type: dropTimeAttribute(c.type) })),
  ]
  const scan: LogicalTableScan = {
    kind: 'LogicalTableScan',
    table,
    readFields: physical.map((_, i) => i),
    metadata: metadata.map((c) => ({ key: c.kind === 'metadata' ? c.key : c.name, type: dropTimeAttribute(c.type), column: c.name })),
    projection: null,
    watermark: null,
    options,
    fields: scanFields,
  }
  let node: LogicalNode = scan
  const inDeclaredOrder = table.columns.every((c, i) => c.kind === 'physical' && physical.indexOf(c) === i) || (metadata.length > 0 && table.columns.every((c) => c.kind !== 'computed') && isPhysicalThenMetadata(table))
  if (!inDeclaredOrder) {
    const exprs: RexNode[] = []
    for (const c of table.columns) {
      if (c.kind === 'physical') exprs.push(inputRef(physical.findIndex((p) => p.name === c.name), scanFields[physical.findIndex((p) => p.name === c.name)]!.type))
      else if (c.kind === 'metadata') {
        const i = physical.length + metadata.findIndex((m) => m.name === c.name)
        exprs.push(inputRef(i, scanFields[i]!.type))
      } else {
        // Computed columns are bound against the stored expression's own text.
        const inner = new ExpressionBinder(new FieldListResolver(scanFields, c.sql), {}, { sql: c.sql, timeZone: qb.timeZone, clause: 'computed column' })
        exprs.push(inner.bind(reSpan(c.expr)))
      }
    }
    const p = project(node, exprs, table.columns.map((c) => c.name))
    // Declared types: a computed rowtime column carries its ROWTIME attribute (the expression itself does not).
    node = { ...p, fields: table.columns.map((c) => ({ name: c.name, type: c.type })) }
  }
  if (table.watermark !== null) {
    const wm = table.watermark
    const idx = node.fields.findIndex((f) => f.name === wm.column)
    const b = new ExpressionBinder(new FieldListResolver(node.fields, wm.sql), {}, { sql: wm.sql, timeZone: qb.timeZone, clause: 'watermark expression' })
    const expr = b.bind(reSpan(wm.expr))
    node = { kind: 'LogicalWatermarkAssigner', input: node, rowtimeIndex: idx, expr, fields: node.fields }
  }
  return node
}

function isPhysicalThenMetadata(t: CatalogTable): boolean {
  let seenMeta = false
  for (const c of t.columns) {
    if (c.kind === 'metadata') seenMeta = true
    else if (seenMeta) return false
  }
  return true
}

/** Stored DDL expressions keep their spans into the CREATE statement; errors are rare there, so spans are kept as is. */
function reSpan(e: Expr): Expr {
  return e
}

function bindJoin(qb: QueryBinder, j: Join, ctes: CteScope): BoundRelation {
  const left = bindFrom(qb, j.left, ctes)
  if (j.right.kind === 'Unnest') {
    if (j.joinType !== 'CROSS' && j.joinType !== 'COMMA' && j.joinType !== 'INNER' && j.joinType !== 'LEFT') {
      throw unsupported(`${j.joinType} JOIN UNNEST`, j.span, qb.sql)
    }
    const type = j.joinType === 'LEFT' ? 'LEFT' : 'INNER'
    return bindUnnest(qb, left, j.right, type, j.condition?.kind === 'On' ? j.condition.expr : null)
  }
  if (j.right.kind === 'DerivedTable' && j.right.lateral) throw unsupported('LATERAL subqueries', j.right.span, qb.sql)
  const right = bindFrom(qb, j.right, ctes)
  const joinType = j.joinType === 'CROSS' || j.joinType === 'COMMA' ? 'INNER' : j.joinType
  let columns: ScopeColumn[] = [...left.columns, ...right.columns]
  const nl = left.columns.length
  let condition: RexNode | null = null
  let usingNames: string[] | undefined
  if (j.natural) {
    const rightNames = new Set(right.columns.filter((c) => c.hidden !== true).map((c) => c.name))
    usingNames = left.columns.filter((c) => c.hidden !== true && rightNames.has(c.name)).map((c) => c.name)
  } else if (j.condition?.kind === 'Using') usingNames = j.condition.columns.map((c) => c.value)
  if (usingNames !== undefined) {
    const eqs: RexNode[] = []
    const hide = new Set<number>()
    for (const [k, name] of usingNames.entries()) {
      const li = left.columns.findIndex((c) => c.name === name && c.hidden !== true)
      const ri = right.columns.findIndex((c) => c.name === name && c.hidden !== true)
      const span = j.condition?.kind === 'Using' ? (j.condition.columns[k]?.span ?? j.span) : j.span
      if (li < 0 || ri < 0) throw planError('PLAN_COLUMN_NOT_FOUND', `column '${name}' of USING is not in both joined tables`, span, qb.sql)
      const scope = new Scope(columns, qb.sql)
      const b = qb.exprBinder(scope, 'USING clause')
      eqs.push(b.compare('=', inputRef(li, left.columns[li]!.type), inputRef(nl + ri, right.columns[ri]!.type), span))
      hide.add(nl + ri)
    }
    columns = columns.map((c, i) => (hide.has(i) ? { ...c, hidden: true } : c))
    condition = and(eqs)
  } else if (j.condition?.kind === 'On') {
    const scope = new Scope(columns, qb.sql)
    condition = qb.exprBinder(scope, 'ON clause').bindCondition(j.condition.expr)
  }
  const node = join(left.node, right.node, joinType, condition ?? { kind: 'Literal', value: true, type: T.boolean(false) })
  columns = columns.map((c, i) => ({ ...c, type: (node.fields[i] as Field).type }))
  return { node, columns }
}

function bindUnnest(qb: QueryBinder, left: BoundRelation, u: Unnest, joinType: 'INNER' | 'LEFT', on: Expr | null): BoundRelation {
  if (u.exprs.length !== 1) throw unsupported('UNNEST of several collections at once', u.span, qb.sql)
  const scope = new Scope(left.columns, qb.sql)
  const expr = qb.exprBinder(scope, 'UNNEST').bind(u.exprs[0] as Expr)
  const t = expr.type
  let elementFields: Field[]
  if (t.kind === 'ARRAY' || t.kind === 'MULTISET') {
    const el = t.element
    elementFields = el.kind === 'ROW' ? el.fields.map((f) => ({ name: f.name, type: withNullable(f.type, f.type.nullable || joinType === 'LEFT') })) : [{ name: 'EXPR$0', type: withNullable(el, el.nullable || joinType === 'LEFT') }]
  } else if (t.kind === 'MAP') {
    elementFields = [
      { name: 'KEY', type: withNullable(t.key, t.key.nullable || joinType === 'LEFT') },
      { name: 'VALUE', type: withNullable(t.value, t.value.nullable || joinType === 'LEFT') },
    ]
  } else {
    throw planError('PLAN_TYPE_MISMATCH', `UNNEST requires an ARRAY, MAP or MULTISET, but got ${typeName(t)}`, u.exprs[0]!.span, qb.sql)
  }
  if (u.withOrdinality) elementFields.push({ name: 'ORDINALITY', type: T.int(false) })
  const names = aliasNames(u.alias?.columns)
  if (names !== undefined && names.length !== elementFields.length) {
    throw planError('PLAN_INVALID_ALIAS', `UNNEST produces ${elementFields.length} columns but ${names.length} names were given`, u.alias?.span ?? u.span, qb.sql)
  }
  const named = elementFields.map((f, i) => ({ name: names?.[i] ?? f.name, type: f.type as DataType }))
  const fields = [...left.node.fields, ...named]
  const columns: ScopeColumn[] = [...left.columns, ...named.map((f) => ({ name: f.name, type: f.type, qualifier: u.alias?.name.value ?? null }))]
  let condition: RexNode | null = null
  if (on !== null) {
    condition = qb.exprBinder(new Scope(columns, qb.sql), 'ON clause').bindCondition(on)
    if (condition.kind === 'Literal' && condition.value === true) condition = null
  }
  const node: LogicalCorrelate = { kind: 'LogicalCorrelate', input: left.node, expr, withOrdinality: u.withOrdinality, joinType, condition, fields }
  return { node, columns }
}

export type { LogicalValues }
