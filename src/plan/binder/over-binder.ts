/**
 * SELECTs with OVER calls: aggregates over a time-ordered window (ROWS/RANGE ... PRECEDING to CURRENT ROW) and the
 * ranking functions (ROW_NUMBER, RANK, DENSE_RANK) that rank recognition later turns into Top-N or deduplication.
 * Plan shape: [Project(input ++ computed keys/args)] -> LogicalOver per distinct window -> Project(select items).
 */
import type { FunctionCall, OrderItem, Select, WindowSpec as AstWindowSpec } from '../../sql/ast.js'
import type { Span } from '../../sql/span.js'
import type { ExpressionBinder } from '../../catalog/expression-binder.js'
import type { AggregateFunctionDef } from '../../catalog/functions.js'
import { RUNTIME_AGGREGATES } from '../../catalog/functions.js'
import { planError, unsupported } from '../../catalog/plan-errors.js'
import { T, isTimeAttribute } from '../../catalog/type-inference.js'
import type { AggCall, Field, SortKey } from '../physical/stream-nodes.js'
import type { RexNode } from '../rex.js'
import { call, inputRef, literal } from '../rex.js'
import { rexDigest } from '../rex-util.js'
import { project } from '../logical/builders.js'
import type { LogicalNode, LogicalOver } from '../logical/nodes.js'
import type { BoundRelation } from './binder-context.js'
import type { ExpandedItem, QueryBinder, SelectResult } from './query-binder.js'
import { sortKey } from './query-binder.js'
import { Scope } from './scope.js'

const OVER_PLACEHOLDER = '$OVER'
const RANKING = new Set(['ROW_NUMBER', 'RANK', 'DENSE_RANK'])

interface OverGroup {
  readonly partitionKeys: number[]
  readonly orderBy: SortKey[]
  readonly unit: 'ROWS' | 'RANGE'
  readonly lower: number | 'UNBOUNDED'
  readonly calls: AggCall[]
  readonly placeholders: number[]
  readonly origin: Span
}

export function bindOverSelect(qb: QueryBinder, sel: Select, input: BoundRelation, items: readonly ExpandedItem[], orderBy: readonly OrderItem[]): SelectResult {
  const scope = new Scope(input.columns, qb.sql)
  const n = input.node.fields.length
  const extras: RexNode[] = []
  const extraDigests: string[] = []
  const typeAt = (i: number): Field['type'] => (i < n ? (input.node.fields[i] as Field).type : (extras[i - n] as RexNode).type)
  const addCol = (e: RexNode): number => {
    if (e.kind === 'InputRef') return e.index
    const d = rexDigest(e)
    const j = extraDigests.indexOf(d)
    if (j >= 0) return n + j
    extras.push(e)
    extraDigests.push(d)
    return n + extras.length - 1
  }
  const groups = new Map<string, OverGroup>()
  let placeholders = 0
  const inner = qb.exprBinder(scope, 'OVER window')

  const resolveSpec = (c: FunctionCall): AstWindowSpec => {
    const over = c.over!
    if (over.kind === 'Ident') {
      const w = sel.windows.find((x) => x.name.value === over.value)
      if (w === undefined) throw planError('PLAN_INVALID_OVER', `window '${over.value}' is not defined in the WINDOW clause`, over.span, qb.sql)
      return w.spec
    }
    if (over.base === undefined) return over
    const base = sel.windows.find((x) => x.name.value === over.base!.value)
    if (base === undefined) throw planError('PLAN_INVALID_OVER', `window '${over.base.value}' is not defined in the WINDOW clause`, over.base.span, qb.sql)
    return { ...base.spec, ...(over.partitionBy.length > 0 ? { partitionBy: over.partitionBy } : {}), ...(over.orderBy.length > 0 ? { orderBy: over.orderBy } : {}), ...(over.frame === undefined ? {} : { frame: over.frame }) }
  }

  const onOver = (c: FunctionCall, d: AggregateFunctionDef, _b: ExpressionBinder): RexNode => {
    const spec = resolveSpec(c)
    const partitionKeys = spec.partitionBy.map((e) => addCol(inner.bind(e)))
    const order = spec.orderBy.map((o) => sortKey(addCol(inner.bind(o.expr)), o))
    let unit: 'ROWS' | 'RANGE' = 'RANGE'
    let lower: number | 'UNBOUNDED' = 'UNBOUNDED'
    if (RANKING.has(d.name)) {
      if (order.length === 0) throw planError('PLAN_INVALID_OVER', `${d.name}() requires ORDER BY in its OVER clause`, c.span, qb.sql)
      if (spec.frame !== undefined) throw planError('PLAN_INVALID_OVER', `${d.name}() does not take a window frame`, spec.frame.span, qb.sql)
      unit = 'ROWS'
    } else {
      if (!RUNTIME_AGGREGATES.includes(d.name)) throw unsupported(`'${d.name}' in an OVER window`, c.span, qb.sql)
      if (order.length !== 1) {
        throw planError('PLAN_INVALID_OVER', 'OVER windows must be ordered by exactly one time attribute', spec.span, qb.sql)
      }
      const o = order[0] as SortKey
      if (o.descending || !isTimeAttribute(typeAt(o.index))) {
        throw unsupported('OVER windows that are not ordered ascending by a time attribute', spec.orderBy[0]!.span, qb.sql)
      }
      if (spec.frame !== undefined) {
        unit = spec.frame.unit
        const end = spec.frame.end
        if (end !== undefined && end.kind !== 'CurrentRow') throw unsupported('OVER window frames ending after the current row', spec.frame.span, qb.sql)
        const start = spec.frame.start
        switch (start.kind) {
          case 'UnboundedPreceding':
            lower = 'UNBOUNDED'
            break
          case 'CurrentRow':
            lower = 0
            break
          case 'Preceding': {
            const x = inner.bind(start.offset)
            if (unit === 'ROWS') {
              if (x.kind !== 'Literal' || typeof x.value !== 'number' || !Number.isInteger(x.value) || x.value < 0) {
                throw planError('PLAN_INVALID_OVER', 'ROWS ... PRECEDING needs a non-negative integer literal', start.offset.span, qb.sql)
              }
              lower = x.value
            } else {
              if (x.kind !== 'Literal' || x.type.kind !== 'INTERVAL_DAY_TIME' || typeof x.value !== 'number') {
                throw planError('PLAN_INVALID_OVER', 'RANGE ... PRECEDING needs a day-time INTERVAL literal', start.offset.span, qb.sql)
              }
              lower = x.value
            }
            break
          }
          default:
            throw unsupported('OVER window frames starting after the current row', spec.frame.span, qb.sql)
        }
      }
    }
    const args = c.args.map((a) => inner.bind(a))
    const inferred = d.infer({ types: args.map((a) => a.type), literals: args.map((a) => (a.kind === 'Literal' ? a.value : undefined)) })
    if (typeof inferred === 'string') throw planError('PLAN_TYPE_MISMATCH', inferred, c.span, qb.sql)
    let filterArg: number | null = null
    if (c.filter !== undefined) filterArg = addCol(inner.inClause('FILTER clause').bindCondition(c.filter))
    const key = JSON.stringify([partitionKeys, order, unit, lower])
    let g = groups.get(key)
    if (g === undefined) {
      g = { partitionKeys, orderBy: order, unit, lower, calls: [], placeholders: [], origin: spec.orderBy[0]?.span ?? c.span }
      groups.set(key, g)
    }
    const p = placeholders++
    g.calls.push({
      fn: d.name,
      args: args.map(addCol),
      constants: [],
      distinct: c.distinct,
      filterArg,
      ignoreNulls: c.nullTreatment === 'IGNORE',
      type: d.name === 'COUNT' || RANKING.has(d.name) ? T.bigint(false) : inferred,
      name: `w${groups.size - 1}$o${g.calls.length}`,
    })
    g.placeholders.push(p)
    return call(OVER_PLACEHOLDER, [literal(p, T.int(false))], g.calls[g.calls.length - 1]!.type)
  }

  const selB = qb.exprBinder(scope, 'SELECT clause', { over: onOver })
  const bound = items.map((i) => (i.kind === 'column' ? inputRef(i.index, (input.node.fields[i.index] as Field).type) : selB.bind(i.expr)))
  // Name calls after the select items that are exactly that call.
  for (const [k, r] of bound.entries()) {
    if (r.kind !== 'Call' || r.op !== OVER_PLACEHOLDER) continue
    const p = (r.operands[0] as { value: number }).value
    for (const g of groups.values()) {
      const j = g.placeholders.indexOf(p)
      if (j >= 0) g.calls[j] = { ...(g.calls[j] as AggCall), name: (items[k] as ExpandedItem).name }
    }
  }
  const ordB = qb.exprBinder(scope, 'ORDER BY clause', { over: onOver })
  const orderExprs = new Map<OrderItem, RexNode>()
  for (const o of orderBy) orderExprs.set(o, ordB.bind(o.expr))

  let node: LogicalNode = input.node
  if (extras.length > 0) {
    const ids = input.node.fields.map((f, i) => inputRef(i, f.type))
    node = project(node, [...ids, ...extras], [...input.node.fields.map((f) => f.name), ...extras.map((_, j) => `$f${n + j}`)])
  }
  const position = new Map<number, number>()
  for (const g of groups.values()) {
    const base = node.fields.length
    g.placeholders.forEach((p, j) => position.set(p, base + j))
    const over: LogicalOver = {
      kind: 'LogicalOver',
      input: node,
      partitionKeys: g.partitionKeys,
      orderBy: g.orderBy,
      unit: g.unit,
      lower: g.lower,
      aggCalls: g.calls,
      origin: g.origin,
      fields: [...node.fields, ...g.calls.map((c) => ({ name: c.name, type: c.type }))],
    }
    node = over
  }
  const rewrite = (e: RexNode): RexNode => {
    switch (e.kind) {
      case 'InputRef':
      case 'Literal':
        return e
      case 'FieldAccess':
        return { ...e, operand: rewrite(e.operand) }
      case 'Call': {
        if (e.op === OVER_PLACEHOLDER) {
          const idx = position.get((e.operands[0] as { value: number }).value) as number
          return inputRef(idx, (node.fields[idx] as Field).type)
        }
        return { ...e, operands: e.operands.map(rewrite) }
      }
    }
  }
  return qb.withOrderBy(node, bound.map(rewrite), items.map((i) => i.name), orderBy, (e) => {
    const o = orderBy.find((x) => x.expr === e)
    return rewrite(o === undefined ? ordB.bind(e) : (orderExprs.get(o) as RexNode))
  })
}
