/**
 * AST expression -> typed RexNode. Column references are resolved by the caller's resolver; aggregates, OVER
 * calls, legacy window helpers and subqueries are handed to hooks (the query binder decides what they become).
 * Used by the catalog (computed columns, watermarks) and by the planner (every clause of a query).
 */
import type { ColumnRef, Expr, FunctionCall, JsonBehavior, Exists, InSubquery, ScalarSubquery } from '../sql/ast.js'
import type { DataType } from '../sql/data-type.js'
import { withNullable } from '../sql/data-type.js'
import type { Span } from '../sql/span.js'
import { assertNever } from '../errors.js'
import type { RexNode } from '../plan/rex.js'
import { call, literal } from '../plan/rex.js'
import { didYouMean } from './did-you-mean.js'
import type { AggregateFunctionDef, WindowHelperDef } from './functions.js'
import { canonicalName, lookupFunction, userFunctionNames } from './functions.js'
import { hexToBytes, intervalLiteral, negateNumeric, numericLiteral, parseDate, parseTime, parseTimestamp, wallToEpoch } from './literals.js'
import { planError, typeName, unsupported } from './plan-errors.js'
import { castRex, coerce, commonComparisonType, literalFits } from './rex-coercion.js'
import {
  T,
  canCast,
  dropTimeAttribute,
  isApproximate,
  isCharacterString,
  isDatetime,
  isIntegral,
  isInterval,
  isNumeric,
  leastRestrictive,
} from './type-inference.js'

export interface ColumnResolver {
  resolveColumn(ref: ColumnRef): RexNode
}

export interface BinderHooks {
  aggregate?(call: FunctionCall, def: AggregateFunctionDef, binder: ExpressionBinder): RexNode
  over?(call: FunctionCall, def: AggregateFunctionDef, binder: ExpressionBinder): RexNode
  windowHelper?(call: FunctionCall, def: WindowHelperDef, binder: ExpressionBinder): RexNode
  subquery?(e: InSubquery | Exists | ScalarSubquery, binder: ExpressionBinder): RexNode
}

export interface ExprContext {
  /** The statement text, attached to errors. */
  readonly sql: string
  /** table.local-time-zone, for TIMESTAMP_LTZ literals. */
  readonly timeZone: string
  /** Where the expression stands, for messages: 'WHERE clause', 'computed column', ... */
  readonly clause: string
}

export class ExpressionBinder {
  constructor(
    readonly resolver: ColumnResolver,
    readonly hooks: BinderHooks,
    readonly ctx: ExprContext,
  ) {}

  /** The same binder for another clause (changes only the wording of errors). */
  inClause(clause: string, hooks: BinderHooks = this.hooks): ExpressionBinder {
    return new ExpressionBinder(this.resolver, hooks, { ...this.ctx, clause })
  }

  error(code: string, message: string, span: Span, hint?: string): Error {
    return planError(code, message, span, this.ctx.sql, hint)
  }

  /** Binds a condition and checks that it is BOOLEAN. */
  bindCondition(e: Expr): RexNode {
    const r = this.bind(e)
    if (r.type.kind !== 'BOOLEAN' && r.type.kind !== 'NULL') {
      throw this.error('PLAN_TYPE_MISMATCH', `${this.ctx.clause} must be a BOOLEAN expression, but is ${typeName(r.type)}`, e.span)
    }
    return r
  }

  bind(e: Expr): RexNode {
    switch (e.kind) {
      case 'ColumnRef':
        return this.resolver.resolveColumn(e)
      case 'NumericLiteral': {
        const lit = numericLiteral(e.text)
        if (lit === undefined) throw this.error('PLAN_INVALID_LITERAL', `numeric literal '${e.text}' is out of range`, e.span)
        return literal(lit.value, lit.type)
      }
      case 'StringLiteral':
        return literal(e.value, T.char(e.value.length, false))
      case 'BooleanLiteral':
        return literal(e.value, T.boolean(false))
      case 'NullLiteral':
        return literal(null, T.null())
      case 'IntervalLiteral': {
        const lit = intervalLiteral(e)
        if (lit === undefined) throw this.error('PLAN_INVALID_LITERAL', `invalid interval literal '${e.value}'`, e.span)
        return literal(lit.value, lit.type)
      }
      case 'TypedLiteral':
        return this.typedLiteral(e.type, e.value, e.span)
      case 'BinaryStringLiteral': {
        const bytes = hexToBytes(e.hex)
        if (bytes === undefined) throw this.error('PLAN_INVALID_LITERAL', `invalid binary literal X'${e.hex}'`, e.span)
        return literal(bytes, { kind: 'BINARY', length: bytes.length, nullable: false })
      }
      case 'Unary':
        return this.unary(e.op, e.operand, e.span)
      case 'Binary':
        return this.binary(e.op, e.left, e.right, e.span)
      case 'IsNull':
        return call(e.negated ? 'IS NOT NULL' : 'IS NULL', [this.bind(e.operand)], T.boolean(false))
      case 'IsBoolean': {
        const x = this.bind(e.operand)
        if (x.type.kind !== 'BOOLEAN' && x.type.kind !== 'NULL') {
          throw this.error('PLAN_TYPE_MISMATCH', `cannot apply 'IS ${e.value}' to ${typeName(x.type)}`, e.span)
        }
        if (e.value === 'UNKNOWN') return call(e.negated ? 'IS NOT NULL' : 'IS NULL', [x], T.boolean(false))
        const op = `IS ${e.negated ? 'NOT ' : ''}${e.value}`
        return call(op, [x], T.boolean(false))
      }
      case 'Between': {
        const x = this.bind(e.operand)
        const lo = this.bind(e.low)
        const hi = this.bind(e.high)
        const range = (a: RexNode, b: RexNode): RexNode =>
          e.negated
            ? this.logical('OR', [this.compare('<', x, a, e.span), this.compare('>', x, b, e.span)])
            : this.logical('AND', [this.compare('>=', x, a, e.span), this.compare('<=', x, b, e.span)])
        if (!e.symmetric) return range(lo, hi)
        return e.negated ? this.logical('AND', [range(lo, hi), range(hi, lo)]) : this.logical('OR', [range(lo, hi), range(hi, lo)])
      }
      case 'Like': {
        const ops = [this.bind(e.operand), this.bind(e.pattern)]
        if (e.escape !== undefined) ops.push(this.bind(e.escape))
        const op = e.similar ? 'SIMILAR TO' : 'LIKE'
        const r = this.scalar(op, ops, e.span)
        return e.negated ? call('NOT', [r], r.type) : r
      }
      case 'InList': {
        const x = this.bind(e.operand)
        const list = e.list.map((v) => this.bind(v))
        let target = commonComparisonType([x.type, ...list.map((l) => l.type)])
        if (x.kind !== 'Literal' && list.every((l) => l.kind === 'Literal' && (l.value === null || literalFits(l, x.type)))) target = dropTimeAttribute(x.type)
        if (target === undefined) {
          const bad = list.find((l) => commonComparisonType([x.type, l.type]) === undefined) ?? list[0]
          throw this.error('PLAN_TYPE_MISMATCH', `values in the IN list must be comparable with ${typeName(x.type)}, found ${typeName(bad?.type ?? x.type)}`, e.span)
        }
        const ops = [x, ...list].map((r) => coerce(r, target))
        const r = call('IN', ops, T.boolean(ops.some((o) => o.type.nullable)))
        return e.negated ? call('NOT', [r], r.type) : r
      }
      case 'InSubquery':
      case 'Exists':
      case 'ScalarSubquery':
        if (this.hooks.subquery === undefined) throw unsupported(`a subquery in the ${this.ctx.clause}`, e.span, this.ctx.sql)
        return this.hooks.subquery(e, this)
      case 'Case':
        return this.caseExpr(e.operand, e.whens, e.else, e.span)
      case 'Cast': {
        const x = this.bind(e.operand)
        const target = e.type.type
        if (!canCast(x.type, target)) {
          throw this.error('PLAN_TYPE_MISMATCH', `cannot cast ${typeName(x.type)} to ${typeName(target)}`, e.span)
        }
        const t = withNullable(target, e.try ? true : x.type.nullable || target.nullable && x.type.kind === 'NULL')
        if (e.try) return call('TRY_CAST', [x], t)
        return castRex(x, withNullable(target, x.type.nullable))
      }
      case 'FunctionCall':
        return this.functionCall(e)
      case 'JsonValue': {
        const input = this.bind(e.input)
        const path = this.bind(e.path)
        const behaviour = (b: JsonBehavior | undefined): RexNode[] => {
          if (b === undefined || b.kind === 'NULL') return [literal('NULL', T.char(4, false)), literal(null, T.null())]
          if (b.kind === 'ERROR') return [literal('ERROR', T.char(5, false)), literal(null, T.null())]
          return [literal('DEFAULT', T.char(7, false)), this.bind(b.value)]
        }
        const ret = e.returning?.type ?? T.string()
        return call('JSON_VALUE', [input, path, ...behaviour(e.onEmpty), ...behaviour(e.onError)], withNullable(ret, true))
      }
      case 'Symbol':
        return literal(e.name.toUpperCase(), T.char(e.name.length, false))
      case 'RowConstructor': {
        const ops = e.fields.map((f) => this.bind(f))
        return this.scalar('ROW', ops, e.span)
      }
      case 'ArrayConstructor': {
        const ops = e.elements.map((f) => this.bind(f))
        const t = this.scalar('ARRAY', ops, e.span)
        const el = t.type.kind === 'ARRAY' ? t.type.element : T.null()
        return call('ARRAY', ops.map((o) => coerce(o, el)), t.type)
      }
      case 'MapConstructor': {
        const ops = e.entries.map((f) => this.bind(f))
        const t = this.scalar('MAP', ops, e.span)
        if (t.type.kind !== 'MAP') return t
        const mt = t.type
        return call('MAP', ops.map((o, i) => coerce(o, i % 2 === 0 ? mt.key : mt.value)), mt)
      }
      case 'Subscript': {
        const x = this.bind(e.operand)
        const idx = this.bind(e.index)
        if (x.type.kind === 'ROW') {
          const rt = x.type
          const i = idx.kind === 'Literal' && typeof idx.value === 'string' ? rt.fields.findIndex((f) => f.name === idx.value) : idx.kind === 'Literal' && typeof idx.value === 'number' ? idx.value - 1 : -1
          const f = rt.fields[i]
          if (f === undefined) throw this.error('PLAN_COLUMN_NOT_FOUND', `no field ${JSON.stringify(idx.kind === 'Literal' ? idx.value : '?')} in ${typeName(x.type)}`, e.span)
          return { kind: 'FieldAccess', operand: x, index: i, name: f.name, type: withNullable(f.type, f.type.nullable || x.type.nullable) }
        }
        return this.scalar('ITEM', [x, idx], e.span)
      }
      case 'FieldAccess': {
        const x = this.bind(e.operand)
        return this.fieldAccess(x, e.field.value, e.span)
      }
      default:
        return assertNever(e, 'expression')
    }
  }

  fieldAccess(x: RexNode, name: string, span: Span): RexNode {
    if (x.type.kind !== 'ROW') throw this.error('PLAN_TYPE_MISMATCH', `cannot access field '${name}' of ${typeName(x.type)}`, span)
    const i = x.type.fields.findIndex((f) => f.name === name)
    const f = x.type.fields[i]
    if (f === undefined) {
      throw this.error('PLAN_COLUMN_NOT_FOUND', `field '${name}' not found in ${typeName(x.type)}`, span, didYouMean(name, x.type.fields.map((ff) => ff.name)))
    }
    return { kind: 'FieldAccess', operand: x, index: i, name: f.name, type: withNullable(f.type, f.type.nullable || x.type.nullable) }
  }

  private typedLiteral(kind: 'DATE' | 'TIME' | 'TIMESTAMP' | 'TIMESTAMP_LTZ', text: string, span: Span): RexNode {
    const bad = (): Error => this.error('PLAN_INVALID_LITERAL', `invalid ${kind} literal '${text}'`, span)
    switch (kind) {
      case 'DATE': {
        const d = parseDate(text)
        if (d === undefined) throw bad()
        return literal(d, T.date(false))
      }
      case 'TIME': {
        const t = parseTime(text)
        if (t === undefined) throw bad()
        return literal(t.value, T.time(t.precision, false))
      }
      case 'TIMESTAMP':
      case 'TIMESTAMP_LTZ': {
        const t = parseTimestamp(text)
        if (t === undefined) throw bad()
        if (kind === 'TIMESTAMP') return literal(t.value, T.timestamp(t.precision, false))
        return literal(wallToEpoch(t.value, this.ctx.timeZone), T.timestampLtz(t.precision, false))
      }
    }
  }

  private unary(op: '-' | '+' | 'NOT', operand: Expr, span: Span): RexNode {
    if (op === 'NOT') {
      const x = this.bind(operand)
      return this.scalar('NOT', [x], span)
    }
    if (op === '-' && operand.kind === 'NumericLiteral') {
      const lit = numericLiteral(operand.text)
      if (lit !== undefined) {
        const n = negateNumeric(lit)
        return literal(n.value, n.type)
      }
    }
    const x = this.bind(operand)
    if (op === '+') {
      if (!isNumeric(x.type) && !isInterval(x.type)) throw this.error('PLAN_TYPE_MISMATCH', `cannot apply '+' to ${typeName(x.type)}`, span)
      return x
    }
    if (x.kind === 'Literal' && typeof x.value === 'number' && (isApproximate(x.type) || isInterval(x.type))) return literal(-x.value, x.type)
    if (x.kind === 'Literal' && typeof x.value === 'bigint' && x.type.kind === 'DECIMAL') return literal(-x.value, x.type)
    return this.scalar('NEGATE', [x], span)
  }

  /** AND/OR with flattening of nested calls of the same operator. */
  logical(op: 'AND' | 'OR', ops: readonly RexNode[]): RexNode {
    const flat: RexNode[] = []
    for (const o of ops) {
      if (o.kind === 'Call' && o.op === op) flat.push(...o.operands)
      else flat.push(o)
    }
    return call(op, flat, T.boolean(flat.some((o) => o.type.nullable)))
  }

  compare(op: '=' | '<>' | '<' | '<=' | '>' | '>=' | 'IS DISTINCT FROM' | 'IS NOT DISTINCT FROM', l: RexNode, r: RexNode, span: Span): RexNode {
    let target = commonComparisonType([l.type, r.type])
    if (target === undefined) {
      throw this.error('PLAN_TYPE_MISMATCH', `cannot compare ${typeName(l.type)} with ${typeName(r.type)} using '${op}'`, span)
    }
    // A literal that fits the other side's type is cast instead of the column (`amount > 100`).
    if (r.kind === 'Literal' && l.kind !== 'Literal' && literalFits(r, l.type)) target = dropTimeAttribute(l.type)
    else if (l.kind === 'Literal' && r.kind !== 'Literal' && literalFits(l, r.type)) target = dropTimeAttribute(r.type)
    const a = coerce(l, target)
    const b = coerce(r, target)
    const distinct = op === 'IS DISTINCT FROM' || op === 'IS NOT DISTINCT FROM'
    return call(op, [a, b], T.boolean(distinct ? false : a.type.nullable || b.type.nullable))
  }

  private binary(op: string, le: Expr, re: Expr, span: Span): RexNode {
    switch (op) {
      case 'AND':
      case 'OR': {
        const ops = [this.bind(le), this.bind(re)]
        for (const [i, o] of ops.entries()) {
          if (o.type.kind !== 'BOOLEAN' && o.type.kind !== 'NULL') {
            throw this.error('PLAN_TYPE_MISMATCH', `cannot apply '${op}' to ${typeName(o.type)}`, (i === 0 ? le : re).span)
          }
        }
        return this.logical(op, ops)
      }
      case '=':
      case '<>':
      case '<':
      case '<=':
      case '>':
      case '>=':
      case 'IS DISTINCT FROM':
      case 'IS NOT DISTINCT FROM':
        return this.compare(op, this.bind(le), this.bind(re), span)
      case '||':
        return this.scalar('||', [this.bind(le), this.bind(re)], span)
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
        return this.arithmetic(op, this.bind(le), this.bind(re), span)
      default:
        throw this.error('PLAN_UNSUPPORTED', `operator '${op}' is not supported yet`, span)
    }
  }

  arithmetic(op: '+' | '-' | '*' | '/' | '%', l: RexNode, r: RexNode, span: Span): RexNode {
    const n = l.type.nullable || r.type.nullable
    const lt = l.type
    const rt = r.type
    const fail = (): Error => this.error('PLAN_TYPE_MISMATCH', `cannot apply '${op}' to ${typeName(lt)} and ${typeName(rt)}`, span)
    if (op === '+' || op === '-') {
      if (isDatetime(lt) && isInterval(rt)) {
        if (lt.kind === 'TIME' && rt.kind === 'INTERVAL_YEAR_MONTH') throw fail()
        return call(op, [l, r], withNullable(dropTimeAttribute(lt), n))
      }
      if (op === '+' && isInterval(lt) && isDatetime(rt)) return call(op, [l, r], withNullable(dropTimeAttribute(rt), n))
      if (isInterval(lt) && isInterval(rt)) {
        if (lt.kind !== rt.kind) throw fail()
        return call(op, [l, r], withNullable(lt, n))
      }
    }
    if ((op === '*' || op === '/') && isInterval(lt) && isNumeric(rt)) return call(op, [l, r], withNullable(lt, n))
    if (op === '*' && isNumeric(lt) && isInterval(rt)) return call(op, [r, l], withNullable(rt, n))
    const nl = lt.kind === 'NULL' ? T.int() : lt
    const nr = rt.kind === 'NULL' ? T.int() : rt
    if (!isNumeric(nl) || !isNumeric(nr)) throw fail()
    const res = this.scalar(op, [coerce(l, nl), coerce(r, nr)], span)
    // Operands meet in one representation: an exact integer with a DECIMAL becomes DECIMAL(p, 0); anything with an
    // approximate operand becomes DOUBLE (or FLOAT), so the runtime never mixes number and bigint decimals.
    const toCommon = (x: RexNode, other: DataType): RexNode => {
      if (isApproximate(res.type)) return isApproximate(x.type) && x.type.kind === res.type.kind ? x : coerce(x, res.type)
      if (x.type.kind !== 'DECIMAL' && other.kind === 'DECIMAL' && isIntegral(x.type)) return coerce(x, decimalOfIntegral(x.type))
      return x
    }
    const ops = res.kind === 'Call' ? res.operands : [l, r]
    const a = toCommon(ops[0] as RexNode, nr)
    const b = toCommon(ops[1] as RexNode, nl)
    return call(op, [a, b], res.type)
  }

  private caseExpr(operand: Expr | undefined, whens: readonly { when: Expr; then: Expr; span: Span }[], elseE: Expr | undefined, span: Span): RexNode {
    const x = operand === undefined ? undefined : this.bind(operand)
    const conds: RexNode[] = []
    const results: RexNode[] = []
    for (const w of whens) {
      if (x !== undefined) conds.push(this.compare('=', x, this.bind(w.when), w.when.span))
      else conds.push(this.bindCondition(w.when))
      results.push(this.bind(w.then))
    }
    const elseR = elseE === undefined ? literal(null, T.null()) : this.bind(elseE)
    results.push(elseR)
    const t = leastRestrictive(results.map((r) => r.type))
    if (t === undefined) {
      throw this.error('PLAN_TYPE_MISMATCH', `CASE branches have incompatible types: ${results.map((r) => typeName(r.type)).join(', ')}`, span)
    }
    const rt = t.kind === 'NULL' ? T.null() : t
    const ops: RexNode[] = []
    for (let i = 0; i < conds.length; i++) ops.push(conds[i] as RexNode, coerce(results[i] as RexNode, rt))
    ops.push(coerce(elseR, withNullable(rt, true)))
    const nullable = results.some((r) => r.type.nullable)
    return call('CASE', ops, withNullable(rt, nullable))
  }

  /** A scalar call by registry name with already-bound operands: arity and types checked, result inferred. */
  scalar(name: string, ops: readonly RexNode[], span: Span): RexNode {
    const def = lookupFunction(name)
    if (def === undefined || def.kind !== 'scalar') throw this.error('PLAN_FUNCTION_NOT_FOUND', `function '${name}' not found`, span)
    if (ops.length < def.minArgs || ops.length > def.maxArgs) {
      const expect = def.minArgs === def.maxArgs ? `${def.minArgs}` : def.maxArgs === Infinity ? `at least ${def.minArgs}` : `${def.minArgs} to ${def.maxArgs}`
      throw this.error('PLAN_WRONG_ARGUMENT_COUNT', `invalid number of arguments to function '${def.name}': expected ${expect}, got ${ops.length}`, span)
    }
    const types = ops.map((o) => o.type)
    const literals = ops.map((o) => (o.kind === 'Literal' ? o.value : undefined))
    const res = def.infer({ types, literals })
    if (typeof res === 'string') throw this.error('PLAN_TYPE_MISMATCH', res, span)
    return call(def.name, ops, res)
  }

  private functionCall(e: FunctionCall): RexNode {
    const written = e.name.parts.map((p) => p.value).join('.')
    const def = e.name.parts.length === 1 ? lookupFunction(written) : undefined
    if (def === undefined) {
      const hint = didYouMean(written.toUpperCase(), userFunctionNames())
      throw this.error('PLAN_FUNCTION_NOT_FOUND', `function '${written}' not found`, e.name.span, hint)
    }
    if (e.over !== undefined) {
      if (def.kind !== 'aggregate') throw this.error('PLAN_INVALID_OVER', `function '${def.name}' cannot be used with OVER`, e.span)
      if (this.hooks.over === undefined) throw this.error('PLAN_INVALID_OVER', `OVER windows are not allowed in the ${this.ctx.clause}`, e.span)
      return this.hooks.over(e, def, this)
    }
    switch (def.kind) {
      case 'aggregate':
        if (def.overOnly) throw this.error('PLAN_INVALID_OVER', `function '${def.name}' requires an OVER clause`, e.span)
        if (this.hooks.aggregate === undefined) {
          throw this.error('PLAN_INVALID_AGGREGATE', `aggregate function '${def.name}' is not allowed in the ${this.ctx.clause}`, e.span)
        }
        return this.hooks.aggregate(e, def, this)
      case 'window-helper':
        if (this.hooks.windowHelper === undefined) {
          const what = def.property === null ? `group window function '${def.name}' is only allowed in GROUP BY` : `'${def.name}' requires a GROUP BY ${def.window}(...) window`
          throw this.error('PLAN_INVALID_WINDOW', what, e.span)
        }
        return this.hooks.windowHelper(e, def, this)
      case 'scalar':
        break
    }
    if (e.distinct || e.star || e.filter !== undefined) {
      throw this.error('PLAN_INVALID_AGGREGATE', `DISTINCT, * and FILTER are only allowed with aggregate functions, not '${def.name}'`, e.span)
    }
    const ops = e.args.map((a) => this.bind(a))
    switch (def.name) {
      case 'TRIM': {
        const sides = ['BOTH', 'LEADING', 'TRAILING']
        const first = ops[0]
        const hasSide = first !== undefined && e.args[0]?.kind === 'Symbol' && sides.includes(String((first as { value?: unknown }).value))
        const rest = hasSide ? ops.slice(1) : ops
        const side = hasSide ? (first as RexNode) : literal('BOTH', T.char(4, false))
        const norm = rest.length === 1 ? [side, literal(' ', T.char(1, false)), rest[0] as RexNode] : [side, ...rest]
        return this.scalar('TRIM', norm, e.span)
      }
      case 'MOD':
        return this.arithmetic('%', ops[0] ?? literal(null, T.null()), ops[1] ?? literal(null, T.null()), e.span)
      case 'COALESCE':
      case 'IFNULL':
      case 'GREATEST':
      case 'LEAST': {
        const r = this.scalar(def.name, ops, e.span)
        return call(r.kind === 'Call' ? r.op : def.name, ops.map((o) => coerce(o, withNullable(r.type, o.type.nullable))), r.type)
      }
      case 'IF': {
        const r = this.scalar('IF', ops, e.span)
        return call('IF', [ops[0] as RexNode, ...ops.slice(1).map((o) => coerce(o, withNullable(r.type, o.type.nullable)))], r.type)
      }
      case 'NULLIF': {
        const r = this.scalar('NULLIF', ops, e.span)
        const target = commonComparisonType(ops.map((o) => o.type)) ?? r.type
        return call('NULLIF', ops.map((o) => coerce(o, target)), withNullable(target, true))
      }
      case 'DATE_FORMAT': {
        return this.scalar(def.name, ops, e.span)
      }
      default:
        return this.scalar(canonicalName(def.name), ops, e.span)
    }
  }
}

function decimalOfIntegral(t: DataType): DataType {
  const digits: Record<string, number> = { TINYINT: 3, SMALLINT: 5, INT: 10, BIGINT: 19 }
  return T.decimal(digits[t.kind] ?? 19, 0, t.nullable)
}

/** Checks used by other modules. */
export function isStringType(t: DataType): boolean {
  return isCharacterString(t)
}
