/** Small AST queries the binder needs: does an expression hold an aggregate / OVER call, what is its default name. */
import type { Expr, FunctionCall, SelectItem } from '../../sql/ast.js'
import { lookupFunction } from '../../catalog/functions.js'

/** Direct sub-expressions (not descending into subqueries). */
export function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'ColumnRef':
    case 'NumericLiteral':
    case 'StringLiteral':
    case 'BooleanLiteral':
    case 'NullLiteral':
    case 'IntervalLiteral':
    case 'TypedLiteral':
    case 'BinaryStringLiteral':
    case 'Symbol':
    case 'Exists':
    case 'ScalarSubquery':
      return []
    case 'Unary':
      return [e.operand]
    case 'Binary':
      return [e.left, e.right]
    case 'IsNull':
    case 'IsBoolean':
      return [e.operand]
    case 'Between':
      return [e.operand, e.low, e.high]
    case 'Like':
      return e.escape === undefined ? [e.operand, e.pattern] : [e.operand, e.pattern, e.escape]
    case 'InList':
      return [e.operand, ...e.list]
    case 'InSubquery':
      return [e.operand]
    case 'Case':
      return [...(e.operand === undefined ? [] : [e.operand]), ...e.whens.flatMap((w) => [w.when, w.then]), ...(e.else === undefined ? [] : [e.else])]
    case 'Cast':
      return [e.operand]
    case 'FunctionCall':
      return [...e.args, ...(e.filter === undefined ? [] : [e.filter])]
    case 'JsonValue':
      return [e.input, e.path]
    case 'RowConstructor':
      return [...e.fields]
    case 'ArrayConstructor':
      return [...e.elements]
    case 'MapConstructor':
      return [...e.entries]
    case 'Subscript':
      return [e.operand, e.index]
    case 'FieldAccess':
      return [e.operand]
  }
}

export function someExpr(e: Expr, pred: (e: Expr) => boolean): boolean {
  if (pred(e)) return true
  return children(e).some((c) => someExpr(c, pred))
}

export function isAggregateCall(e: Expr): e is FunctionCall {
  if (e.kind !== 'FunctionCall' || e.over !== undefined || e.name.parts.length !== 1) return false
  const def = lookupFunction(e.name.parts[0]!.value)
  return def?.kind === 'aggregate'
}

export function isOverCall(e: Expr): e is FunctionCall {
  return e.kind === 'FunctionCall' && e.over !== undefined
}

export function isGroupWindowCall(e: Expr): e is FunctionCall {
  if (e.kind !== 'FunctionCall' || e.name.parts.length !== 1) return false
  const def = lookupFunction(e.name.parts[0]!.value)
  return def?.kind === 'window-helper' && def.property === null
}

export function containsAggregate(e: Expr): boolean {
  return someExpr(e, isAggregateCall)
}

export function containsOver(e: Expr): boolean {
  return someExpr(e, isOverCall)
}

/** Flink's default column name for a select item: the alias, a column's (last) name, or EXPR$<position>. */
export function itemName(item: SelectItem, position: number): string {
  if (item.kind === 'SelectStar') return `EXPR$${position}`
  if (item.alias !== undefined) return item.alias.value
  const e = item.expr
  if (e.kind === 'ColumnRef') return e.parts[e.parts.length - 1]!.value
  if (e.kind === 'FieldAccess') return e.field.value
  return `EXPR$${position}`
}

/** Makes names unique as Calcite does: a, a0, a1, ... */
export function uniquify(names: readonly string[]): string[] {
  const seen = new Set<string>()
  return names.map((n) => {
    let name = n
    let i = 0
    while (seen.has(name)) name = `${n}${i++}`
    seen.add(name)
    return name
  })
}
