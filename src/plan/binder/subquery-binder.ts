/**
 * WHERE clauses, including IN / EXISTS subqueries at the top level of the condition, planned as semi and anti
 * joins. A subquery may be correlated through its WHERE conjuncts (`EXISTS (SELECT 1 FROM b WHERE b.k = a.k)`).
 */
import type { Expr, Query } from '../../sql/ast.js'
import { SqlError } from '../../errors.js'
import { unsupported } from '../../catalog/plan-errors.js'
import type { Field } from '../physical/stream-nodes.js'
import type { RexNode } from '../rex.js'
import { call, inputRef } from '../rex.js'
import { and, shiftRefs } from '../rex-util.js'
import { T } from '../../catalog/type-inference.js'
import { filter, join, project } from '../logical/builders.js'
import type { LogicalNode } from '../logical/nodes.js'
import type { BoundRelation, CteScope } from './binder-context.js'
import { bindFrom } from './from-binder.js'
import type { QueryBinder } from './query-binder.js'
import { Scope } from './scope.js'
import { containsAggregate } from './ast-utils.js'

function splitAnd(e: Expr): Expr[] {
  if (e.kind === 'Binary' && e.op === 'AND') return [...splitAnd(e.left), ...splitAnd(e.right)]
  return [e]
}

type SubqueryPredicate =
  | { readonly kind: 'exists'; readonly query: Query; readonly negated: boolean; readonly span: Expr['span'] }
  | { readonly kind: 'in'; readonly operand: Expr; readonly query: Query; readonly negated: boolean; readonly span: Expr['span'] }

function asSubqueryPredicate(e: Expr): SubqueryPredicate | undefined {
  let negated = false
  let x = e
  while (x.kind === 'Unary' && x.op === 'NOT') {
    negated = !negated
    x = x.operand
  }
  if (x.kind === 'Exists') return { kind: 'exists', query: x.query, negated, span: e.span }
  if (x.kind === 'InSubquery') return { kind: 'in', operand: x.operand, query: x.query, negated: negated !== x.negated, span: e.span }
  return undefined
}

export function bindWhere(qb: QueryBinder, input: BoundRelation, where: Expr, ctes: CteScope): BoundRelation {
  let node = input.node
  const plain: RexNode[] = []
  const scope = new Scope(input.columns, qb.sql)
  const b = qb.exprBinder(scope, 'WHERE clause', {
    subquery: (e) => {
      throw unsupported(e.kind === 'ScalarSubquery' ? 'a scalar subquery' : 'a subquery nested inside an expression (only top-level [NOT] IN / [NOT] EXISTS conditions are supported)', e.span, qb.sql)
    },
  })
  for (const conj of splitAnd(where)) {
    const sp = asSubqueryPredicate(conj)
    if (sp === undefined) {
      plain.push(b.bindCondition(conj))
      continue
    }
    node = semiJoin(qb, { node, columns: input.columns }, sp, ctes)
  }
  const cond = and(plain)
  if (cond !== null) node = filter(node, cond)
  return { node, columns: input.columns }
}

function semiJoin(qb: QueryBinder, outer: BoundRelation, sp: SubqueryPredicate, ctes: CteScope): LogicalNode {
  const nl = outer.columns.length
  const q = sp.query
  const sel = q.body.kind === 'Select' && q.with.length === 0 && q.orderBy.length === 0 && q.limit === undefined ? q.body : undefined
  const simple = sel !== undefined && sel.from !== undefined && sel.groupBy.length === 0 && sel.having === undefined && !sel.distinct && !sel.items.some((i) => i.kind === 'SelectExpr' && containsAggregate(i.expr))
  let right: LogicalNode
  const conds: RexNode[] = []
  let value: RexNode | undefined
  if (simple && sel !== undefined && sel.from !== undefined) {
    const inner = bindFrom(qb, sel.from, ctes)
    const innerScope = new Scope(inner.columns, qb.sql)
    const combined = new Scope([...outer.columns, ...inner.columns], qb.sql)
    const local: RexNode[] = []
    for (const c of sel.where === undefined ? [] : splitAnd(sel.where)) {
      try {
        local.push(qb.exprBinder(innerScope, 'WHERE clause').bindCondition(c))
      } catch (e) {
        if (!(e instanceof SqlError) || (e.code !== 'PLAN_COLUMN_NOT_FOUND' && e.code !== 'PLAN_TABLE_NOT_FOUND')) throw e
        conds.push(qb.exprBinder(combined, 'WHERE clause').bindCondition(c))
      }
    }
    right = inner.node
    const lc = and(local)
    if (lc !== null) right = filter(right, lc)
    if (sp.kind === 'in') {
      const item = sel.items[0]
      if (sel.items.length !== 1 || item === undefined || item.kind !== 'SelectExpr') {
        throw unsupported('IN with a subquery that does not select exactly one column', q.span, qb.sql)
      }
      const v = qb.exprBinder(innerScope, 'SELECT clause').bind(item.expr)
      const exprs = [...right.fields.map((f, i) => inputRef(i, f.type)), v]
      right = project(right, exprs, [...right.fields.map((f) => f.name), '$in'])
      value = inputRef(right.fields.length - 1, v.type)
    }
  } else {
    const r = qb.bindQuery(q, ctes)
    right = r.node
    if (sp.kind === 'in') {
      if (r.columns.length !== 1) throw unsupported('IN with a subquery that does not select exactly one column', q.span, qb.sql)
      value = inputRef(0, (right.fields[0] as Field).type)
    }
  }
  if (sp.kind === 'in' && value !== undefined) {
    const ob = qb.exprBinder(new Scope(outer.columns, qb.sql), 'WHERE clause')
    const x = ob.bind(sp.operand)
    const combinedB = qb.exprBinder(new Scope([...outer.columns, ...right.fields.map((f) => ({ name: f.name, type: f.type, qualifier: null }))], qb.sql), 'IN')
    const y = shiftRefs(value, nl)
    const eq = combinedB.compare('=', x, y, sp.span)
    if (sp.negated) {
      // NOT IN: a NULL on either side makes the predicate unknown, so such pairs also disqualify the row.
      const bool = T.boolean(false)
      conds.push(call('OR', [eq, call('IS NULL', [x], bool), call('IS NULL', [y], bool)], bool))
    } else conds.push(eq)
  }
  const cond = and(conds) ?? { kind: 'Literal', value: true, type: T.boolean(false) }
  return join(outer.node, right, sp.negated ? 'ANTI' : 'SEMI', cond)
}
