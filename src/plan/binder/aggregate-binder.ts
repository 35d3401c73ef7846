/**
 * Aggregating SELECTs: GROUP BY (including legacy GROUP BY TUMBLE/HOP/SESSION windows), aggregate calls with
 * DISTINCT and FILTER, HAVING, and the check that every selected column is grouped.
 *
 * Plan shape: Project(group exprs ++ window time ++ agg args) -> Aggregate | WindowAggregate -> Filter(HAVING)
 * -> Project(select items). Select expressions are bound against the FROM row first, then rewritten onto the
 * aggregate's output; a column left over is a column that is not grouped.
 */
import type { Expr, FunctionCall, OrderItem, Select } from '../../sql/ast.js'
import type { ExpressionBinder } from '../../catalog/expression-binder.js'
import type { AggregateFunctionDef, WindowHelperDef } from '../../catalog/functions.js'
import { RUNTIME_AGGREGATES, lookupFunction } from '../../catalog/functions.js'
import { planError, typeName, unsupported } from '../../catalog/plan-errors.js'
import { T, isRowtime, isTimeAttribute } from '../../catalog/type-inference.js'
import type { AggCall, Field, WindowProperty, WindowSpec } from '../physical/stream-nodes.js'
import type { RexNode } from '../rex.js'
import { call, inputRef, literal } from '../rex.js'
import { rexDigest } from '../rex-util.js'
import { aggregate, filter, project, windowAggregate } from '../logical/builders.js'
import type { LogicalNode } from '../logical/nodes.js'
import { isGroupWindowCall } from './ast-utils.js'
import { windowBoundsOf } from '../logical/rules/window-bounds.js'
import type { BoundRelation } from './binder-context.js'
import type { ExpandedItem, QueryBinder, SelectResult } from './query-binder.js'
import { REF_ORIGIN, Scope } from './scope.js'

interface GroupWindow {
  readonly def: WindowHelperDef
  readonly spec: WindowSpec
  readonly isRowtime: boolean
  /** Digests of the bound arguments, to match TUMBLE_START(...) etc. against the grouping call. */
  readonly argDigests: readonly string[]
  readonly timeExpr: RexNode
  readonly span: Expr['span']
}

const AGG_PLACEHOLDER = '$AGG'
const WPROP_PLACEHOLDER = '$WPROP'

export function bindAggregateSelect(qb: QueryBinder, sel: Select, input: BoundRelation, items: readonly ExpandedItem[], orderBy: readonly OrderItem[]): SelectResult {
  const scope = new Scope(input.columns, qb.sql)
  const noAgg = qb.exprBinder(scope, 'GROUP BY clause')
  const pre: RexNode[] = []
  const preDigests: string[] = []
  const addPre = (e: RexNode): number => {
    const d = rexDigest(e)
    const i = preDigests.indexOf(d)
    if (i >= 0) return i
    pre.push(e)
    preDigests.push(d)
    return pre.length - 1
  }
  // ---- GROUP BY
  let window: GroupWindow | undefined
  const aliasExprs = new Map(items.flatMap((i) => (i.kind === 'expr' ? [[i.name, i.expr] as const] : [])))
  const groupExprs: RexNode[] = []
  for (const g of sel.groupBy) {
    if (g.kind === 'GroupingSets' || g.kind === 'Rollup' || g.kind === 'Cube') {
      throw unsupported(g.kind === 'GroupingSets' ? 'GROUPING SETS' : g.kind.toUpperCase(), g.span, qb.sql)
    }
    if (isGroupWindowCall(g)) {
      if (window !== undefined) throw planError('PLAN_INVALID_WINDOW', 'only one group window is allowed in GROUP BY', g.span, qb.sql)
      window = groupWindow(qb, noAgg, g)
      continue
    }
    let e: RexNode
    try {
      e = noAgg.bind(g)
    } catch (err) {
      // GROUP BY may name a select alias when no input column has that name.
      const alias = g.kind === 'ColumnRef' && g.parts.length === 1 ? aliasExprs.get(g.parts[0]!.value) : undefined
      if (alias === undefined) throw err
      e = noAgg.bind(alias)
    }
    groupExprs.push(e)
  }
  const keyDigests = new Map<string, number>()
  for (const e of groupExprs) {
    const d = rexDigest(e)
    if (!keyDigests.has(d)) keyDigests.set(d, addPre(e))
  }
  const nKeys = pre.length
  const timeIndex = window === undefined ? -1 : addPre(window.timeExpr)

  // ---- aggregate calls (collected while binding the select list, HAVING and ORDER BY)
  const calls: AggCall[] = []
  const callDigests: string[] = []
  const nested = (c: FunctionCall, d: AggregateFunctionDef): RexNode => {
    throw planError('PLAN_NESTED_AGGREGATE', `aggregate function '${d.name}' cannot be nested inside another aggregate`, c.span, qb.sql)
  }
  const argBinder = qb.exprBinder(scope, 'aggregate argument', { aggregate: nested })
  const onAggregate = (c: FunctionCall, d: AggregateFunctionDef): RexNode => {
    const agg = bindAggCall(qb, argBinder, c, d, addPre)
    const digest = JSON.stringify([agg.fn, agg.args, agg.distinct, agg.filterArg, agg.constants.map(String), agg.ignoreNulls])
    let i = callDigests.indexOf(digest)
    if (i < 0) {
      calls.push({ ...agg, name: `EXPR$${calls.length}` })
      callDigests.push(digest)
      i = calls.length - 1
    }
    return call(AGG_PLACEHOLDER, [literal(i, T.int(false))], agg.type)
  }
  const onHelper = (c: FunctionCall, d: WindowHelperDef, b: ExpressionBinder): RexNode => {
    if (window === undefined || d.property === null || d.window !== window.def.window) {
      throw planError('PLAN_INVALID_WINDOW', `'${d.name}' requires a GROUP BY ${d.window}(...) window`, c.span, qb.sql)
    }
    const args = c.args.map((a) => rexDigest(b.bind(a)))
    if (args.length !== window.argDigests.length || args.some((a, i) => a !== window!.argDigests[i])) {
      throw planError('PLAN_INVALID_WINDOW', `the arguments of '${d.name}' must match the GROUP BY ${d.window}(...) window`, c.span, qb.sql)
    }
    if (d.property === 'proctime' && window.isRowtime) throw planError('PLAN_INVALID_WINDOW', `'${d.name}' requires a processing-time window`, c.span, qb.sql)
    if (d.property === 'rowtime' && !window.isRowtime) throw planError('PLAN_INVALID_WINDOW', `'${d.name}' requires an event-time window`, c.span, qb.sql)
    const prop = d.property === 'start' ? 0 : d.property === 'end' ? 1 : 2
    return call(WPROP_PLACEHOLDER, [literal(prop, T.int(false))], T.timestamp(3, false))
  }
  const hooks = { aggregate: onAggregate, windowHelper: onHelper }
  const selB = qb.exprBinder(scope, 'SELECT clause', hooks)
  const boundItems = items.map((i) => (i.kind === 'column' ? withOrigin(inputRef(i.index, (input.node.fields[i.index] as Field).type), i.name, i.span) : selB.bind(i.expr)))
  const having = sel.having === undefined ? undefined : qb.exprBinder(scope, 'HAVING clause', hooks).bindCondition(sel.having)

  // Name aggregate calls after the select items that are exactly that call (as Flink names them in plans).
  const named = new Set<number>()
  for (const [k, r] of boundItems.entries()) {
    if (r.kind === 'Call' && r.op === AGG_PLACEHOLDER) {
      const idx = (r.operands[0] as { value: number }).value
      if (named.has(idx)) continue
      named.add(idx)
      calls[idx] = { ...(calls[idx] as AggCall), name: (items[k] as ExpandedItem).name }
    }
  }
  for (const [i, c] of calls.entries()) if (!named.has(i)) calls[i] = { ...c, name: `$f${nKeys + i}` }

  // ---- plan
  const preNames = pre.map((e, i) => keyName(e, input, i))
  const preNode = project(input.node, pre, uniqueNames(preNames))
  const keys = [...Array(nKeys).keys()]
  let aggNode: LogicalNode
  const nAgg = calls.length
  if (window !== undefined) {
    const props: WindowProperty[] = ['window_start', 'window_end', 'window_time']
    const spec: WindowSpec = window.spec.kind === 'SESSION' ? { ...window.spec, partitionKeys: keys } : window.spec
    aggNode = { ...windowAggregate(preNode, { spec, timeIndex, isRowtime: window.isRowtime }, keys, calls, props, null), origin: window.span }
  } else {
    aggNode = aggregate(preNode, keys, calls)
    // Grouping by window_start and window_end of a window TVF is a window aggregation: window_time stays a time attribute.
    const bounds = windowBoundsOf(preNode)
    if (bounds !== null && keys.includes(bounds.startIndex) && keys.includes(bounds.endIndex)) {
      aggNode = { ...aggNode, fields: aggNode.fields.map((f, i) => (i < nKeys ? { name: f.name, type: (preNode.fields[i] as Field).type } : f)) }
    }
  }
  const rewrite = (e: RexNode): RexNode => {
    const k = keyDigests.get(rexDigest(e))
    if (k !== undefined) return inputRef(k, (aggNode.fields[k] as Field).type)
    switch (e.kind) {
      case 'InputRef': {
        const origin = REF_ORIGIN.get(e)
        const name = origin?.name ?? input.columns[e.index]?.name ?? `$${e.index}`
        throw planError('PLAN_NOT_GROUPED', `expression '${name}' is not being grouped`, origin?.span ?? sel.span, qb.sql, `add '${name}' to the GROUP BY clause, or use it inside an aggregate function`)
      }
      case 'Literal':
        return e
      case 'FieldAccess':
        return { ...e, operand: rewrite(e.operand) }
      case 'Call': {
        if (e.op === AGG_PLACEHOLDER) {
          const idx = nKeys + (e.operands[0] as { value: number }).value
          return inputRef(idx, (aggNode.fields[idx] as Field).type)
        }
        if (e.op === WPROP_PLACEHOLDER) {
          const idx = nKeys + nAgg + (e.operands[0] as { value: number }).value
          return inputRef(idx, (aggNode.fields[idx] as Field).type)
        }
        return { ...e, operands: e.operands.map(rewrite) }
      }
    }
  }
  let node: LogicalNode = aggNode
  if (having !== undefined) node = filter(node, rewrite(having))
  const exprs = boundItems.map(rewrite)
  const ordB = qb.exprBinder(scope, 'ORDER BY clause', hooks)
  return qb.withOrderBy(node, exprs, items.map((i) => i.name), orderBy, (e) => rewrite(ordB.bind(e)))
}

function withOrigin(r: RexNode, name: string, span: Expr['span']): RexNode {
  REF_ORIGIN.set(r, { name, span })
  return r
}

function keyName(e: RexNode, input: BoundRelation, i: number): string {
  if (e.kind === 'InputRef') return input.columns[e.index]?.name ?? `$f${i}`
  return `$f${i}`
}

function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>()
  return names.map((n) => {
    let x = n
    let k = 0
    while (seen.has(x)) x = `${n}${k++}`
    seen.add(x)
    return x
  })
}

function bindAggCall(qb: QueryBinder, b: ExpressionBinder, c: FunctionCall, d: AggregateFunctionDef, addPre: (e: RexNode) => number): AggCall {
  if (!RUNTIME_AGGREGATES.includes(d.name === '$SUM0' ? 'SUM0' : d.name)) throw unsupported(`aggregate function '${d.name}'`, c.span, qb.sql)
  if (c.star && d.name !== 'COUNT') throw planError('PLAN_INVALID_AGGREGATE', `'*' is only allowed in COUNT(*)`, c.span, qb.sql)
  const bound = c.args.map((a) => b.bind(a))
  const constants: unknown[] = []
  // COUNT(1) counts rows, like COUNT(*).
  let args = d.name === 'COUNT' && !c.distinct && bound.length === 1 && bound[0]!.kind === 'Literal' && bound[0]!.value !== null ? [] : bound
  if (d.name === 'LISTAGG' && bound.length === 2) {
    const sep = bound[1] as RexNode
    if (sep.kind !== 'Literal') throw planError('PLAN_INVALID_AGGREGATE', 'the separator of LISTAGG must be a string literal', c.args[1]!.span, qb.sql)
    constants.push(sep.value)
    args = [bound[0] as RexNode]
  }
  if (d.name === 'COUNT' && args.length > 1 && !c.distinct) {
    throw planError('PLAN_WRONG_ARGUMENT_COUNT', 'COUNT with several arguments requires DISTINCT', c.span, qb.sql)
  }
  if (args.length < d.minArgs || args.length > d.maxArgs && !(d.name === 'LISTAGG')) {
    throw planError('PLAN_WRONG_ARGUMENT_COUNT', `invalid number of arguments to function '${d.name}'`, c.span, qb.sql)
  }
  const inferred = d.infer({ types: bound.map((x) => x.type), literals: bound.map((x) => (x.kind === 'Literal' ? x.value : undefined)) })
  if (typeof inferred === 'string') throw planError('PLAN_TYPE_MISMATCH', inferred, c.span, qb.sql)
  let filterArg: number | null = null
  if (c.filter !== undefined) {
    const f = b.inClause('FILTER clause').bindCondition(c.filter)
    filterArg = addPre(f)
  }
  return {
    fn: d.name === '$SUM0' ? 'SUM0' : d.name,
    args: args.map((a) => addPre(a)),
    constants,
    distinct: c.distinct,
    filterArg,
    ignoreNulls: c.nullTreatment === 'IGNORE',
    type: d.name === 'COUNT' ? T.bigint(false) : inferred,
    name: '',
  }
}

function groupWindow(qb: QueryBinder, b: ExpressionBinder, g: FunctionCall): GroupWindow {
  const def = lookupFunction(g.name.parts[0]!.value) as WindowHelperDef
  if (g.args.length < def.minArgs || g.args.length > def.maxArgs) {
    throw planError('PLAN_WRONG_ARGUMENT_COUNT', `invalid number of arguments to group window '${def.name}'`, g.span, qb.sql)
  }
  const args = g.args.map((a) => b.bind(a))
  const timeExpr = args[0] as RexNode
  if (!isTimeAttribute(timeExpr.type) || timeExpr.kind !== 'InputRef') {
    throw planError(
      'PLAN_INVALID_WINDOW',
      `the first argument of ${def.name} must be a time attribute column, but is ${typeName(timeExpr.type)}`,
      g.args[0]!.span,
      qb.sql,
      'declare a WATERMARK for the column, or use a PROCTIME() column',
    )
  }
  const ms = (i: number): number => {
    const x = args[i] as RexNode
    if (x.kind !== 'Literal' || x.type.kind !== 'INTERVAL_DAY_TIME' || typeof x.value !== 'number' || x.value <= 0) {
      throw planError('PLAN_INVALID_WINDOW', `argument ${i + 1} of ${def.name} must be a positive day-time INTERVAL literal`, g.args[i]!.span, qb.sql)
    }
    return x.value
  }
  let spec: WindowSpec
  switch (def.window) {
    case 'TUMBLE':
      spec = { kind: 'TUMBLE', size: ms(1), offset: args.length > 2 ? ms(2) : 0 }
      break
    case 'HOP':
      spec = { kind: 'HOP', slide: ms(1), size: ms(2), offset: args.length > 3 ? ms(3) : 0 }
      if (spec.size % spec.slide !== 0) throw planError('PLAN_INVALID_WINDOW', 'HOP window size must be an integral multiple of the slide', g.span, qb.sql)
      break
    case 'SESSION':
      spec = { kind: 'SESSION', gap: ms(1), partitionKeys: [] }
      break
  }
  return { def, spec, isRowtime: isRowtime(timeExpr.type), argDigests: args.map(rexDigest), timeExpr, span: g.span }
}
