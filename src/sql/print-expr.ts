/** Rendering of expressions, OVER windows and ORDER BY items; parenthesises only where precedence needs it. */
import { assertNever } from '../errors.js'
import type { Expr, FrameBound, FunctionCall, IntervalLiteral, JsonBehavior, OrderItem, WindowSpec } from './ast.js'
import { printDataType, printFunctionName, printIdent, printParts, printString } from './print-names.js'
import { printQuery } from './print-query.js'

/** Binding strength, lowest first, as in the grammar. */
const enum Prec {
  Or = 1,
  And = 2,
  Not = 3,
  Is = 4,
  Comparison = 5,
  Predicate = 6,
  Additive = 7,
  Multiplicative = 8,
  Unary = 9,
  Postfix = 10,
  Atom = 11,
}

function binaryPrec(op: string): Prec {
  switch (op) {
    case 'OR':
      return Prec.Or
    case 'AND':
      return Prec.And
    case '+':
    case '-':
      return Prec.Additive
    case '*':
    case '/':
    case '%':
    case '||':
      return Prec.Multiplicative
    default:
      return Prec.Comparison
  }
}

function precOf(e: Expr): Prec {
  switch (e.kind) {
    case 'Binary':
      return binaryPrec(e.op)
    case 'Unary':
      return e.op === 'NOT' ? Prec.Not : Prec.Unary
    case 'IsNull':
    case 'IsBoolean':
      return Prec.Is
    case 'Between':
    case 'Like':
    case 'InList':
    case 'InSubquery':
      return Prec.Predicate
    case 'Subscript':
    case 'FieldAccess':
      return Prec.Postfix
    default:
      return Prec.Atom
  }
}

/** `e`, in parentheses unless it binds at least as tightly as `min`. */
function operand(e: Expr, min: Prec): string {
  return precOf(e) >= min ? printExpr(e) : `(${printExpr(e)})`
}

function list(es: readonly Expr[]): string {
  return es.map(printExpr).join(', ')
}

export function printInterval(e: IntervalLiteral): string {
  const from = e.fromPrecision === undefined ? e.from : `${e.from}(${e.fromPrecision})`
  const to = e.to === undefined ? '' : ` TO ${e.toPrecision === undefined ? e.to : `${e.to}(${e.toPrecision})`}`
  return `INTERVAL ${e.negative ? '-' : ''}${printString(e.value)} ${from}${to}`
}

function printJsonBehavior(b: JsonBehavior): string {
  return b.kind === 'DEFAULT' ? `DEFAULT ${printExpr(b.value)}` : b.kind
}

function printUnary(op: '-' | '+', e: Expr): string {
  let inner = operand(e, Prec.Unary)
  // `-INTERVAL ...` would read as a negative interval literal, so a minus applied to anything that
  // starts with an interval keeps its operand in parentheses.
  if (op === '-' && /^INTERVAL\b/.test(inner)) inner = `(${inner})`
  return inner.startsWith('-') || inner.startsWith('+') ? `${op} ${inner}` : `${op}${inner}`
}

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'ColumnRef':
      return printParts(e.parts)
    case 'NumericLiteral':
      return e.text
    case 'StringLiteral':
      return printString(e.value)
    case 'BooleanLiteral':
      return e.value ? 'TRUE' : 'FALSE'
    case 'NullLiteral':
      return 'NULL'
    case 'IntervalLiteral':
      return printInterval(e)
    case 'TypedLiteral':
      return `${e.type} ${printString(e.value)}`
    case 'BinaryStringLiteral':
      return `X'${e.hex}'`
    case 'Unary':
      return e.op === 'NOT' ? `NOT ${operand(e.operand, Prec.Not)}` : printUnary(e.op, e.operand)
    case 'Binary': {
      const p = binaryPrec(e.op)
      return `${operand(e.left, p)} ${e.op} ${operand(e.right, p + 1)}`
    }
    case 'IsNull':
      return `${operand(e.operand, Prec.Is)} IS ${e.negated ? 'NOT ' : ''}NULL`
    case 'IsBoolean':
      return `${operand(e.operand, Prec.Is)} IS ${e.negated ? 'NOT ' : ''}${e.value}`
    case 'Between':
      return `${operand(e.operand, Prec.Additive)} ${e.negated ? 'NOT ' : ''}BETWEEN ${e.symmetric ? 'SYMMETRIC ' : ''}${operand(e.low, Prec.Additive)} AND ${operand(e.high, Prec.Additive)}`
    case 'Like': {
      const escape = e.escape === undefined ? '' : ` ESCAPE ${operand(e.escape, Prec.Additive)}`
      return `${operand(e.operand, Prec.Additive)} ${e.negated ? 'NOT ' : ''}${e.similar ? 'SIMILAR TO' : 'LIKE'} ${operand(e.pattern, Prec.Additive)}${escape}`
    }
    case 'InList':
      return `${operand(e.operand, Prec.Additive)} ${e.negated ? 'NOT ' : ''}IN (${list(e.list)})`
    case 'InSubquery':
      return `${operand(e.operand, Prec.Additive)} ${e.negated ? 'NOT ' : ''}IN (${printQuery(e.query)})`
    case 'Exists':
      return `EXISTS (${printQuery(e.query)})`
    case 'ScalarSubquery':
      return `(${printQuery(e.query)})`
    case 'Case': {
      const parts = ['CASE']
      if (e.operand !== undefined) parts.push(printExpr(e.operand))
      for (const w of e.whens) parts.push(`WHEN ${printExpr(w.when)} THEN ${printExpr(w.then)}`)
      if (e.else !== undefined) parts.push(`ELSE ${printExpr(e.else)}`)
      parts.push('END')
      return parts.join(' ')
    }
    case 'Cast':
      return `${e.try ? 'TRY_CAST' : 'CAST'}(${printExpr(e.operand)} AS ${printDataType(e.type.type)})`
    case 'FunctionCall':
      return printCall(e)
    case 'JsonValue': {
      let s = `JSON_VALUE(${printExpr(e.input)}, ${printExpr(e.path)}`
      if (e.returning !== undefined) s += ` RETURNING ${printDataType(e.returning.type)}`
      if (e.onEmpty !== undefined) s += ` ${printJsonBehavior(e.onEmpty)} ON EMPTY`
      if (e.onError !== undefined) s += ` ${printJsonBehavior(e.onError)} ON ERROR`
      return `${s})`
    }
    case 'Symbol':
      return e.name
    case 'RowConstructor':
      return e.explicit ? `ROW(${list(e.fields)})` : `(${list(e.fields)})`
    case 'ArrayConstructor':
      return `ARRAY[${list(e.elements)}]`
    case 'MapConstructor':
      return `MAP[${list(e.entries)}]`
    case 'Subscript':
      return `${postfixOperand(e.operand)}[${printExpr(e.index)}]`
    case 'FieldAccess':
      return `${postfixOperand(e.operand, true)}.${printIdent(e.field, true)}`
    default:
      return assertNever(e, 'expression')
  }
}

function postfixOperand(e: Expr, field = false): string {
  const parens =
    precOf(e) < Prec.Postfix ||
    (e.kind === 'FunctionCall' && (e.over !== undefined || e.filter !== undefined)) ||
    (field && (e.kind === 'NumericLiteral' || e.kind === 'ColumnRef'))
  return parens ? `(${printExpr(e)})` : printExpr(e)
}

/** Calls parsed from special syntax are printed in that syntax; everything else as `name(args)`. */
function printSpecialCall(e: FunctionCall): string | undefined {
  if (e.name.parts.length !== 1 || e.distinct || e.star || e.filter !== undefined || e.over !== undefined || e.nullTreatment !== undefined) return undefined
  const name = e.name.parts[0]?.value.toUpperCase()
  const [a, b, c, d] = e.args
  switch (name) {
    case 'EXTRACT':
      if (e.args.length === 2 && a?.kind === 'Symbol' && b !== undefined) return `EXTRACT(${a.name} FROM ${printExpr(b)})`
      return undefined
    case 'FLOOR':
    case 'CEIL':
      // The operand is parenthesised unless it is closed, so that a trailing interval's qualifier cannot take the `TO`.
      if (e.args.length === 2 && a !== undefined && b?.kind === 'Symbol') {
        const closed = precOf(a) === Prec.Atom && a.kind !== 'IntervalLiteral'
        return `${name}(${closed ? printExpr(a) : `(${printExpr(a)})`} TO ${b.name})`
      }
      return undefined
    case 'TRIM':
      if (e.args.length === 3 && a?.kind === 'Symbol' && b !== undefined && c !== undefined) return `TRIM(${a.name} ${printExpr(b)} FROM ${printExpr(c)})`
      return undefined
    case 'POSITION':
      if (a !== undefined && b !== undefined && (e.args.length === 2 || e.args.length === 3)) {
        return `POSITION(${operand(a, Prec.Additive)} IN ${printExpr(b)}${c === undefined ? '' : ` FROM ${printExpr(c)}`})`
      }
      return undefined
    case 'OVERLAY':
      if (a !== undefined && b !== undefined && c !== undefined && (e.args.length === 3 || e.args.length === 4)) {
        return `OVERLAY(${printExpr(a)} PLACING ${printExpr(b)} FROM ${printExpr(c)}${d === undefined ? '' : ` FOR ${printExpr(d)}`})`
      }
      return undefined
    default:
      return undefined
  }
}

function printCall(e: FunctionCall): string {
  const special = printSpecialCall(e)
  if (special !== undefined) return special
  const name = printFunctionName(e.name)
  if (e.niladic && e.args.length === 0) return name
  const args = e.star ? '*' : list(e.args)
  let s = `${name}(${e.distinct ? 'DISTINCT ' : ''}${args})`
  if (e.nullTreatment !== undefined) s += ` ${e.nullTreatment} NULLS`
  if (e.filter !== undefined) s += ` FILTER (WHERE ${printExpr(e.filter)})`
  if (e.over !== undefined) s += ` OVER ${e.over.kind === 'Ident' ? printIdent(e.over) : printWindowSpec(e.over)}`
  return s
}

export function printOrderItem(o: OrderItem): string {
  const dir = o.direction === 'DESC' ? ' DESC' : ''
  const nulls = o.nulls === undefined ? '' : ` NULLS ${o.nulls}`
  return `${printExpr(o.expr)}${dir}${nulls}`
}

export function printOrderBy(items: readonly OrderItem[]): string {
  return `ORDER BY ${items.map(printOrderItem).join(', ')}`
}

function printFrameBound(b: FrameBound): string {
  switch (b.kind) {
    case 'UnboundedPreceding':
      return 'UNBOUNDED PRECEDING'
    case 'UnboundedFollowing':
      return 'UNBOUNDED FOLLOWING'
    case 'CurrentRow':
      return 'CURRENT ROW'
    case 'Preceding':
      return `${operand(b.offset, Prec.Additive)} PRECEDING`
    case 'Following':
      return `${operand(b.offset, Prec.Additive)} FOLLOWING`
    default:
      return assertNever(b, 'frame bound')
  }
}

export function printWindowSpec(w: WindowSpec): string {
  const parts: string[] = []
  if (w.base !== undefined) parts.push(printIdent(w.base))
  if (w.partitionBy.length > 0) parts.push(`PARTITION BY ${list(w.partitionBy)}`)
  if (w.orderBy.length > 0) parts.push(printOrderBy(w.orderBy))
  if (w.frame !== undefined) {
    const f = w.frame
    parts.push(f.end === undefined ? `${f.unit} ${printFrameBound(f.start)}` : `${f.unit} BETWEEN ${printFrameBound(f.start)} AND ${printFrameBound(f.end)}`)
  }
  return `(${parts.join(' ')})`
}
