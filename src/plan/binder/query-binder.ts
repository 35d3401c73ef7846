/**
 * Query -> logical plan: WITH, set operations, VALUES, SELECT (projection, WHERE, DISTINCT, grouping and OVER
 * handed to their binders), ORDER BY / LIMIT. FROM clauses are bound by from-binder.ts.
 */
import type { Expr, OrderItem, Query, QueryBody, Select, SelectItem, Values } from '../../sql/ast.js'
import type { DataType } from '../../sql/data-type.js'
import { withNullable } from '../../sql/data-type.js'
import type { Span } from '../../sql/span.js'
import { assertNever } from '../../errors.js'
import { ExpressionBinder } from '../../catalog/expression-binder.js'
import type { BinderHooks } from '../../catalog/expression-binder.js'
import { planError, typeName, unsupported } from '../../catalog/plan-errors.js'
import { coerce } from '../../catalog/rex-coercion.js'
import { T, leastRestrictive } from '../../catalog/type-inference.js'
import type { Field, SortKey } from '../physical/stream-nodes.js'
import type { RexNode } from '../rex.js'
import { inputRef, literal } from '../rex.js'
import { rexDigest } from '../rex-util.js'
import { aggregate, filter, project, projectFields } from '../logical/builders.js'
import type { LogicalNode, LogicalUnion, LogicalValues } from '../logical/nodes.js'
import { bindAggregateSelect } from './aggregate-binder.js'
import { containsAggregate, containsOver, itemName, uniquify } from './ast-utils.js'
import type { BinderEnv, BoundRelation, CteScope } from './binder-context.js'
import { requalify, timeZoneOf } from './binder-context.js'
import { bindFrom } from './from-binder.js'
import { bindOverSelect } from './over-binder.js'
import { Scope } from './scope.js'
import type { ScopeColumn } from './scope.js'
import { bindWhere } from './subquery-binder.js'

/** A select list entry after `*` expansion: either an expression or a column of the input taken as is. */
export type ExpandedItem =
  | { readonly kind: 'expr'; readonly expr: Expr; readonly name: string; readonly span: Span }
  | { readonly kind: 'column'; readonly index: number; readonly name: string; readonly span: Span }

/** What a SELECT binder hands back: the plan (visible columns first, then hidden ORDER BY columns). */
export interface SelectResult {
  readonly node: LogicalNode
  readonly names: readonly string[]
  readonly visible: number
  readonly sortKeys: readonly SortKey[]
}

export class QueryBinder {
  readonly timeZone: string
  /** Views being expanded (guards against a view that refers to itself). */
  readonly expanding = new Set<string>()

  constructor(readonly env: BinderEnv) {
    this.timeZone = timeZoneOf(env.config)
  }

  /** A binder for another text (a view's query), sharing the view-expansion guard. */
  withSql(sql: string): QueryBinder {
    const b = new QueryBinder({ ...this.env, sql })
    for (const k of this.expanding) b.expanding.add(k)
    return b
  }

  get sql(): string {
    return this.env.sql
  }

  exprBinder(scope: Scope, clause: string, hooks: BinderHooks = {}): ExpressionBinder {
    return new ExpressionBinder(scope, hooks, { sql: this.sql, timeZone: this.timeZone, clause })
  }

  bindQuery(q: Query, ctes: CteScope): BoundRelation {
    let scope = ctes
    if (q.with.length > 0) {
      const m = new Map(ctes)
      for (const c of q.with) m.set(c.name.value, { query: c.query, columns: c.columns.map((x) => x.value), scope: new Map(m) })
      scope = m
    }
    const offset = q.offset === undefined ? 0 : this.constantInt(q.offset, 'OFFSET')
    const fetch = q.limit === undefined ? null : this.constantInt(q.limit, 'LIMIT')
    const wantsSort = q.orderBy.length > 0 || fetch !== null || offset > 0
    if (q.body.kind === 'Select') {
      const r = this.bindSelect(q.body, scope, q.orderBy)
      return this.finishSort(r, offset, fetch, wantsSort, q)
    }
    const body = this.bindBody(q.body, scope)
    if (!wantsSort) return body
    // ORDER BY over a set operation / VALUES refers to output columns by name or position.
    const s = new Scope(body.columns, this.sql)
    const sortKeys = q.orderBy.map((o) => {
      const r = this.orderByOutput(o, body.columns.map((c) => c.name))
      if (r !== undefined) return sortKey(r, o)
      const x = this.exprBinder(s, 'ORDER BY clause').bind(o.expr)
      if (x.kind !== 'InputRef') throw unsupported('ORDER BY an expression over a set operation', o.span, this.sql)
      return sortKey(x.index, o)
    })
    const names = body.columns.map((c) => c.name)
    return this.finishSort({ node: body.node, names, visible: names.length, sortKeys }, offset, fetch, wantsSort, q)
  }

  private finishSort(r: SelectResult, offset: number, fetch: number | null, wantsSort: boolean, q: Query): BoundRelation {
    let node = r.node
    if (wantsSort) {
      if (r.sortKeys.length > 0 && fetch === null) {
        throw unsupported('ORDER BY without LIMIT on an unbounded stream', q.orderBy[0]?.span ?? q.span, this.sql, 'add a LIMIT (Top-N), or remove the ORDER BY')
      }
      node = { kind: 'LogicalSort', input: node, orderBy: r.sortKeys, offset, fetch, fields: node.fields }
    }
    if (r.visible < node.fields.length) node = projectFields(node, [...Array(r.visible).keys()])
    return { node, columns: r.names.slice(0, r.visible).map((n, i) => ({ name: n, type: (node.fields[i] as Field).type, qualifier: null })) }
  }

  bindBody(body: QueryBody, ctes: CteScope): BoundRelation {
    switch (body.kind) {
      case 'Query':
        return this.bindQuery(body, ctes)
      case 'Select': {
        const r = this.bindSelect(body, ctes, [])
        return { node: r.node, columns: r.names.map((n, i) => ({ name: n, type: (r.node.fields[i] as Field).type, qualifier: null })) }
      }
      case 'Values':
        return this.bindValues(body)
      case 'SetOperation': {
        if (body.op !== 'UNION') throw unsupported(`${body.op}${body.all ? ' ALL' : ''}`, body.span, this.sql)
        const inputs = [...this.unionInputs(body, body.all, ctes)]
        const arity = inputs[0]!.columns.length
        for (const [i, r] of inputs.entries()) {
          if (r.columns.length !== arity) {
            throw planError('PLAN_SET_OPERATION_MISMATCH', `UNION inputs have different column counts: ${arity} and ${r.columns.length}`, body.span, this.sql, i === 0 ? undefined : undefined)
          }
        }
        const types: DataType[] = []
        for (let c = 0; c < arity; c++) {
          const t = leastRestrictive(inputs.map((r) => (r.node.fields[c] as Field).type))
          if (t === undefined) {
            const ts = inputs.map((r) => typeName((r.node.fields[c] as Field).type)).join(' and ')
            throw planError('PLAN_TYPE_MISMATCH', `type mismatch in column ${c + 1} of UNION: ${ts}`, body.span, this.sql)
          }
          types.push(t)
        }
        const names = inputs[0]!.columns.map((c) => c.name)
        const aligned = inputs.map((r) => this.castTo(r.node, types, names))
        const union: LogicalUnion = { kind: 'LogicalUnion', inputs: aligned, fields: names.map((n, i) => ({ name: n, type: types[i] as DataType })) }
        const node: LogicalNode = body.all ? union : aggregate(union, [...Array(arity).keys()], [])
        return { node, columns: names.map((n, i) => ({ name: n, type: types[i] as DataType, qualifier: null })) }
      }
      default:
        return assertNever(body, 'query body')
    }
  }

  /** Flattens a chain of UNION ALL (or of UNION) into its inputs. */
  private *unionInputs(body: QueryBody, all: boolean, ctes: CteScope): Generator<BoundRelation> {
    if (body.kind === 'SetOperation' && body.op === 'UNION' && body.all === all) {
      yield* this.unionInputs(body.left, all, ctes)
      yield* this.unionInputs(body.right, all, ctes)
      return
    }
    yield this.bindBody(body, ctes)
  }

  /** A projection casting each column to `types` (nothing when already equal). */
  castTo(node: LogicalNode, types: readonly DataType[], names: readonly string[]): LogicalNode {
    const exprs = node.fields.map((f, i) => coerce(inputRef(i, f.type), withNullable(types[i] as DataType, f.type.nullable)))
    const same = exprs.every((e, i) => e.kind === 'InputRef' && e.index === i) && node.fields.every((f, i) => f.name === names[i])
    return same ? node : project(node, exprs, names)
  }

  private bindValues(v: Values): BoundRelation {
    const empty = new Scope([], this.sql)
    const b = this.exprBinder(empty, 'VALUES clause')
    const rows = v.rows.map((r) => r.map((e) => b.bind(e)))
    const arity = rows[0]?.length ?? 0
    for (const [i, r] of rows.entries()) {
      if (r.length !== arity) throw planError('PLAN_SET_OPERATION_MISMATCH', `VALUES rows have different numbers of columns: ${arity} and ${r.length}`, v.rows[i]?.[0]?.span ?? v.span, this.sql)
    }
    const types: DataType[] = []
    for (let c = 0; c < arity; c++) {
      const t = leastRestrictive(rows.map((r) => (r[c] as RexNode).type))
      if (t === undefined) throw planError('PLAN_TYPE_MISMATCH', `type mismatch in column ${c + 1} of VALUES: ${rows.map((r) => typeName((r[c] as RexNode).type)).join(', ')}`, v.span, this.sql)
      types.push(t.kind === 'NULL' ? T.null() : t)
    }
    const names = types.map((_, i) => `EXPR$${i}`)
    const coerced = rows.map((r) => r.map((x, c) => coerce(x, types[c] as DataType)))
    const fields = names.map((n, i) => ({ name: n, type: types[i] as DataType }))
    if (coerced.every((r) => r.every((x) => x.kind === 'Literal'))) {
      const node: LogicalValues = { kind: 'LogicalValues', rows: coerced.map((r) => r.map((x) => (x as { value: unknown }).value)), fields }
      return { node, columns: fields.map((f) => ({ ...f, qualifier: null })) }
    }
    // Non-literal rows: one projection over a single empty row per row, unioned.
    const one: LogicalValues = { kind: 'LogicalValues', rows: [[]], fields: [] }
    const parts = coerced.map((r) => project(one, r, names))
    const node: LogicalNode = parts.length === 1 ? (parts[0] as LogicalNode) : { kind: 'LogicalUnion', inputs: parts, fields }
    return { node, columns: fields.map((f) => ({ ...f, qualifier: null })) }
  }

  oneRow(): BoundRelation {
    return { node: { kind: 'LogicalValues', rows: [[]], fields: [] }, columns: [] }
  }

  /** `*` and `t.*` expanded against the FROM clause's columns. */
  expandItems(items: readonly SelectItem[], columns: readonly ScopeColumn[]): ExpandedItem[] {
    const out: ExpandedItem[] = []
    for (const [pos, item] of items.entries()) {
      if (item.kind === 'SelectStar') {
        const q = item.qualifier.map((p) => p.value)
        const qual = q[q.length - 1]
        const cols = columns.flatMap((c, i) => (c.hidden !== true && (qual === undefined || c.qualifier === qual) ? [{ c, i }] : []))
        if (qual !== undefined && cols.length === 0) {
          throw planError('PLAN_TABLE_NOT_FOUND', `table '${q.join('.')}' not found in the FROM clause`, item.span, this.sql)
        }
        if (cols.length === 0 && columns.length === 0) throw planError('PLAN_INVALID_SELECT', "'SELECT *' requires a FROM clause", item.span, this.sql)
        for (const { c, i } of cols) out.push({ kind: 'column', index: i, name: c.name, span: item.span })
        continue
      }
      out.push({ kind: 'expr', expr: item.expr, name: itemName(item, pos), span: item.span })
    }
    return out
  }

  bindSelect(sel: Select, ctes: CteScope, orderBy: readonly OrderItem[]): SelectResult {
    if (sel.qualify !== undefined) throw unsupported('QUALIFY', sel.qualify.span, this.sql)
    let input = sel.from === undefined ? this.oneRow() : bindFrom(this, sel.from, ctes)
    if (sel.where !== undefined) input = bindWhere(this, input, sel.where, ctes)
    const items = this.expandItems(sel.items, input.columns)
    const exprs = items.flatMap((i) => (i.kind === 'expr' ? [i.expr] : []))
    const aggregated =
      sel.groupBy.length > 0 || sel.having !== undefined || exprs.some(containsAggregate) || orderBy.some((o) => containsAggregate(o.expr))
    if (aggregated) {
      if (exprs.some(containsOver)) throw unsupported('OVER windows in an aggregating query', sel.span, this.sql)
      return this.distinct(sel, bindAggregateSelect(this, sel, input, items, orderBy))
    }
    if (exprs.some(containsOver) || orderBy.some((o) => containsOver(o.expr))) return this.distinct(sel, bindOverSelect(this, sel, input, items, orderBy))
    // Plain projection.
    const scope = new Scope(input.columns, this.sql)
    const b = this.exprBinder(scope, 'SELECT clause')
    const bound = items.map((i) => (i.kind === 'column' ? inputRef(i.index, (input.node.fields[i.index] as Field).type) : b.bind(i.expr)))
    const names = items.map((i) => i.name)
    return this.distinct(sel, this.withOrderBy(input.node, bound, names, orderBy, (e) => this.exprBinder(scope, 'ORDER BY clause').bind(e)))
  }

  /**
   * The final projection plus ORDER BY keys: an ORDER BY item names an output column (alias or position), or is
   * an expression over the input, added as a hidden trailing column.
   */
  withOrderBy(input: LogicalNode, exprs: readonly RexNode[], names: readonly string[], orderBy: readonly OrderItem[], bindOrder: (e: Expr) => RexNode): SelectResult {
    const all = [...exprs]
    const keys: SortKey[] = []
    const digests = all.map(rexDigest)
    for (const o of orderBy) {
      const byName = this.orderByOutput(o, names)
      if (byName !== undefined) {
        keys.push(sortKey(byName, o))
        continue
      }
      const x = bindOrder(o.expr)
      const d = rexDigest(x)
      let idx = digests.indexOf(d)
      if (idx < 0) {
        all.push(x)
        digests.push(d)
        idx = all.length - 1
      }
      keys.push(sortKey(idx, o))
    }
    const allNames = uniquify([...names, ...all.slice(names.length).map((_, i) => `$order${i}`)])
    const node = project(input, all, allNames)
    return { node, names: allNames, visible: names.length, sortKeys: keys }
  }

  /** ORDER BY <alias> or ORDER BY <position>: the output column index, or undefined for an expression. */
  private orderByOutput(o: OrderItem, names: readonly string[]): number | undefined {
    if (o.expr.kind === 'NumericLiteral') {
      const n = Number(o.expr.text)
      if (!Number.isInteger(n) || n < 1 || n > names.length) {
        throw planError('PLAN_INVALID_ORDER_BY', `ORDER BY position ${o.expr.text} is not in the select list (1..${names.length})`, o.expr.span, this.sql)
      }
      return n - 1
    }
    if (o.expr.kind === 'ColumnRef' && o.expr.parts.length === 1) {
      const i = names.indexOf(o.expr.parts[0]!.value)
      if (i >= 0 && names.indexOf(o.expr.parts[0]!.value, i + 1) < 0) return i
    }
    return undefined
  }

  private distinct(sel: Select, r: SelectResult): SelectResult {
    if (!sel.distinct) return r
    if (r.visible < r.node.fields.length) {
      throw planError('PLAN_INVALID_ORDER_BY', 'with SELECT DISTINCT, ORDER BY expressions must appear in the select list', sel.span, this.sql)
    }
    return { ...r, node: aggregate(r.node, [...Array(r.visible).keys()], []) }
  }

  /** A constant non-negative integer (LIMIT, OFFSET, Top-N bounds). */
  constantInt(e: Expr, what: string): number {
    const x = this.exprBinder(new Scope([], this.sql), `${what} clause`).bind(e)
    if (x.kind !== 'Literal' || typeof x.value !== 'number' || !Number.isInteger(x.value) || x.value < 0) {
      throw planError('PLAN_INVALID_LIMIT', `${what} must be a non-negative integer literal`, e.span, this.sql)
    }
    return x.value
  }

  /** Binds a subquery in FROM/IN/EXISTS position and requalifies its columns. */
  bindDerived(q: Query, ctes: CteScope, alias: string | null, names?: readonly string[]): BoundRelation {
    const r = this.bindQuery(q, ctes)
    return { node: r.node, columns: requalify(r.columns, alias, names) }
  }

  filterNode(input: LogicalNode, cond: RexNode): LogicalNode {
    return filter(input, cond)
  }
}

export function sortKey(index: number, o: OrderItem): SortKey {
  const descending = o.direction === 'DESC'
  // Flink's default null ordering: NULLS FIRST for ASC, NULLS LAST for DESC.
  const nullsFirst = o.nulls === undefined ? !descending : o.nulls === 'FIRST'
  return { index, descending, nullsFirst }
}

export { literal }
