/**
 * Arbitraries for expressions, queries and table references, in the shapes the parser produces
 * (e.g. no `(a).b` FieldAccess on a column, TRIM always with three arguments). Depth-limited by hand.
 */
import fc from 'fast-check'
import type {
  AfterMatch, BinaryOp, Case, DerivedTable, Join, JsonValue, LateralTable, Like, SelectExpr, TableFunction, TableName, Unnest, WindowFrame, Expr, FrameBound, FunctionCall, GroupingElement, Hint, Ident, IntervalLiteral, MatchRecognize, OrderItem,
  Pattern, Query, QueryBody, Select, SelectItem, TableAlias, TableRef, TimeUnit, TvfArg, WindowSpec,
} from '../../../src/sql/ast.js'
import { RESERVED_FUNCTION_NAMES } from '../../../src/sql/keywords.js'
import { anyText, compact, ident, identAfterDot, identList, optional, partsArb, plainIdent, plainName, properties, qualifiedName, span, typeRef } from './base.js'

const UNITS: TimeUnit[] = ['YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAY', 'HOUR', 'MINUTE', 'SECOND']
const BINARY_OPS: BinaryOp[] = ['+', '-', '*', '/', '%', '||', '=', '<>', '<', '<=', '>', '>=', 'AND', 'OR', 'IS DISTINCT FROM', 'IS NOT DISTINCT FROM']
const NILADIC = ['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME', 'LOCALTIME', 'LOCALTIMESTAMP']
const KEYWORD_FUNCTIONS = [...RESERVED_FUNCTION_NAMES].filter((n) => n !== 'FLOOR' && n !== 'CEIL' && n !== 'CEILING')

function kwName(name: string): FunctionCall['name'] {
  return { kind: 'QualifiedName', span, parts: [{ kind: 'Ident', span, value: name, quoted: false }] }
}

function call(name: string, args: Expr[]): FunctionCall {
  return { kind: 'FunctionCall', span, name: kwName(name), args, distinct: false, star: false, niladic: false }
}

const sym = (name: string): Expr => ({ kind: 'Symbol', span, name })

export const intervalLiteral: fc.Arbitrary<IntervalLiteral> = fc
  .record({
    negative: fc.boolean(),
    value: fc.constantFrom('1', '10', '1:30', '-2', '0.5', '1 10:00:00'),
    from: fc.constantFrom(...UNITS),
    fromPrecision: optional(fc.integer({ min: 0, max: 9 })),
    to: optional(fc.constantFrom<TimeUnit>('MONTH', 'HOUR', 'MINUTE', 'SECOND')),
    toPrecision: optional(fc.integer({ min: 0, max: 9 })),
  })
  .map((r) => compact<IntervalLiteral>({ kind: 'IntervalLiteral' as const, span, ...r, toPrecision: r.to === undefined ? undefined : r.toPrecision }))

const leafExpr: fc.Arbitrary<Expr> = fc.oneof(
  partsArb(3).map((parts): Expr => ({ kind: 'ColumnRef', span, parts })),
  fc.oneof(fc.nat().map(String), fc.constantFrom('1.5', '.5', '1.', '1e3', '2.5E-3', '007')).map((text): Expr => ({ kind: 'NumericLiteral', span, text })),
  anyText.map((value): Expr => ({ kind: 'StringLiteral', span, value })),
  fc.boolean().map((value): Expr => ({ kind: 'BooleanLiteral', span, value })),
  fc.constant<Expr>({ kind: 'NullLiteral', span }),
  intervalLiteral,
  fc.record({ type: fc.constantFrom('DATE' as const, 'TIME' as const, 'TIMESTAMP' as const, 'TIMESTAMP_LTZ' as const), value: anyText }).map((r): Expr => ({ kind: 'TypedLiteral', span, ...r })),
  fc.stringMatching(/^[0-9a-fA-F]{0,6}$/).map((hex): Expr => ({ kind: 'BinaryStringLiteral', span, hex })),
  fc.constantFrom(...NILADIC).map((n): Expr => ({ ...call(n, []), niladic: true })),
)

const memo = new Map<string, fc.Arbitrary<unknown>>()
function memoized<T>(key: string, make: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
  let a = memo.get(key)
  if (a === undefined) {
    a = make()
    memo.set(key, a)
  }
  return a as fc.Arbitrary<T>
}

export function orderItem(d: number): fc.Arbitrary<OrderItem> {
  return fc
    .record({ expr: expr(d), direction: fc.constantFrom('ASC' as const, 'DESC' as const), nulls: optional(fc.constantFrom('FIRST' as const, 'LAST' as const)) })
    .map((r) => compact<OrderItem>({ kind: 'OrderItem' as const, span, ...r }))
}

function frameBound(d: number): fc.Arbitrary<FrameBound> {
  return fc.oneof(
    fc.constantFrom<FrameBound>({ kind: 'UnboundedPreceding' }, { kind: 'UnboundedFollowing' }, { kind: 'CurrentRow' }),
    fc.record({ kind: fc.constantFrom('Preceding' as const, 'Following' as const), offset: expr(d) }),
  )
}

export function windowSpec(d: number): fc.Arbitrary<WindowSpec> {
  return fc
    .record({
      base: optional(plainIdent, 1),
      partitionBy: fc.array(expr(d), { maxLength: 2 }),
      orderBy: fc.array(orderItem(d), { maxLength: 2 }),
      frame: optional(
        fc.record({ unit: fc.constantFrom('ROWS' as const, 'RANGE' as const), start: frameBound(d), end: optional(frameBound(d)) }).map((f) => compact<WindowFrame>({ kind: 'WindowFrame' as const, span, ...f })),
      ),
    })
    .map((r) => compact<WindowSpec>({ kind: 'WindowSpec' as const, span, ...r }))
}

function genericCall(d: number): fc.Arbitrary<FunctionCall> {
  const name = fc.oneof(
    qualifiedName(2),
    fc.constantFrom(...KEYWORD_FUNCTIONS).map(kwName),
  )
  return fc
    .record({
      name,
      args: fc.array(expr(d), { maxLength: 3 }),
      distinct: fc.boolean(),
      star: fc.boolean(),
      filter: optional(expr(d), 1),
      over: optional(fc.oneof(windowSpec(d), plainIdent), 1),
      nullTreatment: optional(fc.constantFrom('IGNORE' as const, 'RESPECT' as const), 1),
    })
    .map((r) => compact<FunctionCall>({ kind: 'FunctionCall' as const, span, ...r, args: r.star ? [] : r.args, niladic: false }))
}

function specialCall(d: number): fc.Arbitrary<Expr> {
  const e = expr(d)
  return fc.oneof(
    fc.tuple(fc.constantFrom('YEAR', 'DAY', 'DOW', 'EPOCH', 'MILLISECOND'), e).map(([u, x]) => call('EXTRACT', [sym(u), x])),
    fc.tuple(fc.constantFrom('FLOOR', 'CEIL'), e, fc.constantFrom('HOUR', 'DAY', 'MINUTE')).map(([n, x, u]) => call(n, [x, sym(u)])),
    fc.tuple(fc.constantFrom('BOTH', 'LEADING', 'TRAILING'), e, e).map(([s, c, x]) => call('TRIM', [sym(s), c, x])),
    fc.tuple(e, e, optional(e)).map(([a, b, c]) => call('POSITION', c === undefined ? [a, b] : [a, b, c])),
    fc.tuple(e, e, e, optional(e)).map(([a, b, c, x]) => call('OVERLAY', x === undefined ? [a, b, c] : [a, b, c, x])),
    fc.tuple(fc.constantFrom('TIMESTAMPADD', 'TIMESTAMPDIFF'), fc.constantFrom('DAY', 'HOUR', 'SECOND', 'MICROSECOND'), e, e).map(([n, u, a, b]) => call(n, [sym(u), a, b])),
  )
}

const jsonBehavior = (d: number) =>
  fc.oneof(fc.constantFrom({ kind: 'NULL' as const }, { kind: 'ERROR' as const }), expr(d).map((value) => ({ kind: 'DEFAULT' as const, value })))

/** An expression of at most `d` levels. */
export function expr(d: number): fc.Arbitrary<Expr> {
  if (d <= 0) return leafExpr
  return memoized(`expr${d}`, () => {
    const e = expr(d - 1)
    const q = query(d - 1)
    const nonColumn = e.filter((x) => x.kind !== 'ColumnRef')
    return fc.oneof(
      { depthSize: 'small' },
      leafExpr,
      fc.record({ op: fc.constantFrom('-' as const, '+' as const, 'NOT' as const), operand: e }).map((r): Expr => ({ kind: 'Unary', span, ...r })),
      fc.record({ op: fc.constantFrom(...BINARY_OPS), left: e, right: e }).map((r): Expr => ({ kind: 'Binary', span, ...r })),
      fc.record({ operand: e, negated: fc.boolean() }).map((r): Expr => ({ kind: 'IsNull', span, ...r })),
      fc.record({ operand: e, value: fc.constantFrom('TRUE' as const, 'FALSE' as const, 'UNKNOWN' as const), negated: fc.boolean() }).map((r): Expr => ({ kind: 'IsBoolean', span, ...r })),
      fc.record({ operand: e, low: e, high: e, negated: fc.boolean(), symmetric: fc.boolean() }).map((r): Expr => ({ kind: 'Between', span, ...r })),
      fc.record({ operand: e, pattern: e, escape: optional(e), negated: fc.boolean(), similar: fc.boolean() }).map((r) => compact<Like>({ kind: 'Like' as const, span, ...r }) as Expr),
      // `x IN ((SELECT ...))` is a subquery test, so a one-element list never holds a scalar subquery.
      fc
        .record({ operand: e, list: fc.array(e, { minLength: 1, maxLength: 3 }), negated: fc.boolean() })
        .filter((r) => !(r.list.length === 1 && r.list[0]?.kind === 'ScalarSubquery'))
        .map((r): Expr => ({ kind: 'InList', span, ...r })),
      fc.record({ operand: e, query: q, negated: fc.boolean() }).map((r): Expr => ({ kind: 'InSubquery', span, ...r })),
      q.map((query): Expr => ({ kind: 'Exists', span, query })),
      q.map((query): Expr => ({ kind: 'ScalarSubquery', span, query })),
      fc
        .record({ operand: optional(e), whens: fc.array(fc.record({ when: e, then: e }).map((w) => ({ kind: 'WhenClause' as const, span, ...w })), { minLength: 1, maxLength: 2 }), else: optional(e) })
        .map((r) => compact<Case>({ kind: 'Case' as const, span, ...r }) as Expr),
      fc.record({ operand: e, type: typeRef, try: fc.boolean() }).map((r): Expr => ({ kind: 'Cast', span, ...r })),
      genericCall(d - 1),
      specialCall(d - 1),
      fc
        .record({ input: e, path: e, returning: optional(typeRef), onEmpty: optional(jsonBehavior(d - 1)), onError: optional(jsonBehavior(d - 1)) })
        .map((r) => compact<JsonValue>({ kind: 'JsonValue' as const, span, ...r }) as Expr),
      fc.oneof(
        fc.array(e, { maxLength: 3 }).map((fields): Expr => ({ kind: 'RowConstructor', span, fields, explicit: true })),
        fc.array(e, { minLength: 2, maxLength: 3 }).map((fields): Expr => ({ kind: 'RowConstructor', span, fields, explicit: false })),
      ),
      fc.array(e, { maxLength: 3 }).map((elements): Expr => ({ kind: 'ArrayConstructor', span, elements })),
      fc.array(e, { maxLength: 4 }).map((entries): Expr => ({ kind: 'MapConstructor', span, entries })),
      fc.record({ operand: e, index: e }).map((r): Expr => ({ kind: 'Subscript', span, ...r })),
      fc.record({ operand: nonColumn, field: identAfterDot }).map((r): Expr => ({ kind: 'FieldAccess', span, ...r })),
    )
  })
}

// ------------------------------------------------------------------------------------------- queries

const hint: fc.Arbitrary<Hint> = fc.oneof(
  fc.record({ name: fc.constantFrom('OPTIONS', 'STATE_TTL', 'LOOKUP'), options: properties.filter((p) => p.length > 0) }).map((r): Hint => ({ kind: 'Hint', span, ...r, values: [] })),
  fc.record({ name: fc.constantFrom('BROADCAST', 'SHUFFLE_HASH', 'X_HINT'), values: fc.array(anyText, { maxLength: 3 }) }).map((r): Hint => ({ kind: 'Hint', span, ...r, options: [] })),
)

export const hints: fc.Arbitrary<Hint[]> = fc.array(hint, { maxLength: 2 })

const tableAlias: fc.Arbitrary<TableAlias> = fc.record({ name: ident, columns: fc.array(ident, { maxLength: 2 }) }).map((r) => ({ kind: 'TableAlias', span, ...r }))

function pattern(d: number): fc.Arbitrary<Pattern> {
  const variable = plainIdent.map((name): Pattern => ({ kind: 'PatternVar', name }))
  const term: fc.Arbitrary<Pattern> = d <= 0 ? variable : fc.oneof(variable, pattern(d - 1).map((p): Pattern => ({ kind: 'PatternGroup', pattern: p })))
  const bounds = fc.oneof(
    fc.constantFrom<[number, number | null]>([0, null], [1, null], [0, 1], [2, 2], [3, null], [0, 4], [2, 5], [0, 0]),
    fc.tuple(fc.integer({ min: 0, max: 9 }), fc.option(fc.integer({ min: 0, max: 9 }), { nil: null })),
  )
  const quantified = fc.oneof(
    term,
    fc.record({ pattern: term, bounds, reluctant: fc.boolean() }).map(({ pattern: p, bounds: [min, max], reluctant }): Pattern => ({ kind: 'PatternQuant', pattern: p, min, max, reluctant })),
  )
  const seq = fc.array(quantified, { minLength: 1, maxLength: 3 }).map((items): Pattern => (items.length === 1 && items[0] !== undefined ? items[0] : { kind: 'PatternSeq', items }))
  return fc.array(seq, { minLength: 1, maxLength: 2 }).map((options): Pattern => (options.length === 1 && options[0] !== undefined ? options[0] : { kind: 'PatternAlt', options }))
}

const afterMatch: fc.Arbitrary<AfterMatch> = fc.oneof(
  fc.constantFrom<AfterMatch>({ kind: 'SkipToNextRow' }, { kind: 'SkipPastLastRow' }),
  fc.record({ kind: fc.constantFrom('SkipToFirst' as const, 'SkipToLast' as const), variable: plainIdent }),
)

function tvfArg(d: number): fc.Arbitrary<TvfArg> {
  const value = fc.oneof(
    fc.record({ name: qualifiedName(2), partitionBy: fc.array(partsArb(2).map((parts): Expr => ({ kind: 'ColumnRef', span, parts })), { maxLength: 2 }) }).map((r) => ({ kind: 'TableArg' as const, span, ...r })),
    identList.map((columns) => ({ kind: 'Descriptor' as const, span, columns })),
    query(d).map((q) => ({ kind: 'DerivedTable' as const, span, query: q, lateral: false })),
    expr(d).filter((e) => e.kind !== 'ScalarSubquery'),
  )
  return fc.record({ name: optional(identAfterDot), value }).map((r) => compact<TvfArg>({ kind: 'TvfArg' as const, span, ...r }))
}

export function tableRef(d: number): fc.Arbitrary<TableRef> {
  return memoized(`table${d}`, () => {
    const e = expr(Math.max(0, d - 1))
    const tableName = fc
      .record({ name: qualifiedName(3), hints, forSystemTime: optional(e, 1), alias: optional(tableAlias) })
      .map((r) => compact<TableName>({ kind: 'TableName' as const, span, ...r }) as TableRef)
    if (d <= 0) return tableName
    const q = query(d - 1)
    const sub = tableRef(d - 1)
    const joinKind = fc.constantFrom('INNER' as const, 'LEFT' as const, 'RIGHT' as const, 'FULL' as const)
    const join = fc.oneof(
      fc.record({ joinType: fc.constantFrom('CROSS' as const, 'COMMA' as const), left: sub, right: sub }).map((r): TableRef => ({ kind: 'Join', span, ...r, natural: false })),
      fc
        .record({
          joinType: joinKind,
          natural: fc.boolean(),
          left: sub,
          right: sub,
          condition: optional(fc.oneof(e.map((x) => ({ kind: 'On' as const, expr: x })), identList.map((columns) => ({ kind: 'Using' as const, columns })))),
        })
        .map((r) => compact<Join>({ kind: 'Join' as const, span, ...r }) as TableRef),
    )
    const matchRecognize = fc
      .record({
        input: sub,
        partitionBy: fc.array(e, { maxLength: 2 }),
        orderBy: fc.array(orderItem(Math.max(0, d - 1)), { maxLength: 2 }),
        measures: fc.array(fc.record({ expr: e, alias: ident }).map((m) => ({ kind: 'MeasureItem' as const, span, ...m })), { maxLength: 2 }),
        rowsPerMatch: optional(fc.constantFrom('ONE' as const, 'ALL' as const)),
        afterMatch: optional(afterMatch),
        pattern: pattern(2),
        within: optional(intervalLiteral),
        define: fc.array(fc.record({ variable: plainIdent, condition: e }).map((x) => ({ kind: 'PatternDefine' as const, span, ...x })), { minLength: 1, maxLength: 2 }),
        alias: optional(tableAlias),
      })
      .map((r) => compact<MatchRecognize>({ kind: 'MatchRecognize' as const, span, ...r }) as MatchRecognize)
    return fc.oneof(
      { depthSize: 'small' },
      tableName,
      fc.record({ query: q, lateral: fc.boolean(), alias: optional(tableAlias) }).map((r) => compact<DerivedTable>({ kind: 'DerivedTable' as const, span, ...r }) as TableRef),
      join,
      fc.record({ name: qualifiedName(2), args: fc.array(tvfArg(d - 1), { maxLength: 3 }), alias: optional(tableAlias) }).map((r) => compact<TableFunction>({ kind: 'TableFunction' as const, span, ...r }) as TableRef),
      fc.record({ exprs: fc.array(e, { minLength: 1, maxLength: 2 }), withOrdinality: fc.boolean(), alias: optional(tableAlias) }).map((r) => compact<Unnest>({ kind: 'Unnest' as const, span, ...r }) as TableRef),
      fc
        .record({ call: genericCall(d - 1).map((c) => compact<FunctionCall>({ ...c, niladic: false })), alias: optional(tableAlias) })
        .map((r) => compact<LateralTable>({ kind: 'LateralTable' as const, span, ...r }) as TableRef),
      matchRecognize,
    )
  })
}

function groupingElement(d: number): fc.Arbitrary<GroupingElement> {
  const e = expr(d)
  return fc.oneof(
    { weight: 3, arbitrary: e },
    fc.array(fc.array(e, { maxLength: 2 }), { minLength: 1, maxLength: 3 }).map((sets): GroupingElement => ({ kind: 'GroupingSets', span, sets })),
    fc.array(e, { minLength: 1, maxLength: 2 }).map((exprs): GroupingElement => ({ kind: 'Rollup', span, exprs })),
    fc.array(e, { minLength: 1, maxLength: 2 }).map((exprs): GroupingElement => ({ kind: 'Cube', span, exprs })),
  )
}

function select(d: number): fc.Arbitrary<Select> {
  const e = expr(Math.max(0, d - 1))
  const item: fc.Arbitrary<SelectItem> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ expr: e, alias: optional(ident) }).map((r) => compact<SelectExpr>({ kind: 'SelectExpr' as const, span, ...r })) },
    fc.oneof(fc.constant([] as Ident[]), partsArb(2)).map((qualifier): SelectItem => ({ kind: 'SelectStar', span, qualifier })),
  )
  return fc
    .record({
      hints,
      distinct: fc.boolean(),
      items: fc.array(item, { minLength: 1, maxLength: 3 }),
      from: optional(tableRef(Math.max(0, d - 1))),
      where: optional(e),
      groupBy: fc.array(groupingElement(Math.max(0, d - 1)), { maxLength: 2 }),
      having: optional(e, 1),
      windows: fc.array(fc.record({ name: plainIdent, spec: windowSpec(Math.max(0, d - 1)) }).map((w) => ({ kind: 'NamedWindow' as const, span, ...w })), { maxLength: 1 }),
      qualify: optional(e, 1),
    })
    .map((r) => compact<Select>({ kind: 'Select' as const, span, ...r }))
}

function isTrivial(q: Query): boolean {
  return q.with.length === 0 && q.orderBy.length === 0 && q.limit === undefined && q.offset === undefined
}

function queryBody(d: number): fc.Arbitrary<QueryBody> {
  const e = expr(Math.max(0, d - 1))
  const values = fc.array(fc.array(e, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }).map((rows): QueryBody => ({ kind: 'Values', span, rows }))
  const leaf = fc.oneof({ weight: 3, arbitrary: select(d) as fc.Arbitrary<QueryBody> }, values)
  if (d <= 0) return leaf
  const sub: fc.Arbitrary<QueryBody> = fc.oneof(leaf, queryBody(d - 1), query(d - 1).filter((q) => !isTrivial(q)))
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    fc.record({ op: fc.constantFrom('UNION' as const, 'INTERSECT' as const, 'EXCEPT' as const), all: fc.boolean(), left: sub, right: sub }).map((r): QueryBody => ({ kind: 'SetOperation', span, ...r })),
  )
}

/** A query of at most `d` levels of nesting. */
export function query(d: number): fc.Arbitrary<Query> {
  return memoized(`query${d}`, () => {
    const e = expr(Math.max(0, d - 1))
    const cte = fc
      .record({ name: ident, columns: fc.array(ident, { maxLength: 2 }), query: d <= 0 ? fc.constant(undefined) : query(d - 1) })
      .filter((c) => c.query !== undefined)
      .map((c) => ({ kind: 'Cte' as const, span, name: c.name, columns: c.columns, query: c.query as Query }))
    return fc
      .record({
        with: d <= 0 ? fc.constant([]) : fc.array(cte, { maxLength: 1 }),
        body: queryBody(d),
        orderBy: fc.array(orderItem(Math.max(0, d - 1)), { maxLength: 2 }),
        limit: optional(e, 3),
        offset: optional(e, 4),
      })
      .map((r) => compact<Query>({ kind: 'Query' as const, span, ...r }))
  })
}

export const anyName = plainName
