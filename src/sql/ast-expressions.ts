/** Expressions and OVER windows. */
import type { Ident, Node, QualifiedName, TypeRef } from './ast-node.js'
import type { Query } from './ast-queries.js'

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expr =
  | ColumnRef
  | NumericLiteral
  | StringLiteral
  | BooleanLiteral
  | NullLiteral
  | IntervalLiteral
  | TypedLiteral
  | BinaryStringLiteral
  | Unary
  | Binary
  | IsNull
  | IsBoolean
  | Between
  | Like
  | InList
  | InSubquery
  | Exists
  | ScalarSubquery
  | Case
  | Cast
  | FunctionCall
  | JsonValue
  | Symbol
  | RowConstructor
  | ArrayConstructor
  | MapConstructor
  | Subscript
  | FieldAccess

/** `a`, `t.a`, `t.a.b` (the binder decides which parts name a table, a column or a nested field). */
export interface ColumnRef extends Node<'ColumnRef'> {
  readonly parts: readonly Ident[]
}

/** The literal's text is kept exactly; its type follows Flink: INT/BIGINT/DECIMAL(p,s) for exact, DOUBLE with an exponent. */
export interface NumericLiteral extends Node<'NumericLiteral'> {
  readonly text: string
}

export interface StringLiteral extends Node<'StringLiteral'> {
  readonly value: string
}

export interface BooleanLiteral extends Node<'BooleanLiteral'> {
  readonly value: boolean
}

export interface NullLiteral extends Node<'NullLiteral'> {}

export type TimeUnit = 'YEAR' | 'QUARTER' | 'MONTH' | 'WEEK' | 'DAY' | 'HOUR' | 'MINUTE' | 'SECOND' | 'MILLISECOND' | 'MICROSECOND' | 'NANOSECOND'

/** `INTERVAL '5' SECOND`, `INTERVAL '1:30' MINUTE TO SECOND`, `INTERVAL '10' MINUTE(3)`, `-INTERVAL '1' DAY`. */
export interface IntervalLiteral extends Node<'IntervalLiteral'> {
  readonly negative: boolean
  readonly value: string
  readonly from: TimeUnit
  readonly fromPrecision?: number
  readonly to?: TimeUnit
  readonly toPrecision?: number
}

/** `DATE '2020-01-01'`, `TIME '10:00:00'`, `TIMESTAMP '2020-01-01 10:00:00.123'`, `TIMESTAMP_LTZ '...'`. */
export interface TypedLiteral extends Node<'TypedLiteral'> {
  readonly type: 'DATE' | 'TIME' | 'TIMESTAMP' | 'TIMESTAMP_LTZ'
  readonly value: string
}

/** `X'0A1B'` */
export interface BinaryStringLiteral extends Node<'BinaryStringLiteral'> {
  readonly hex: string
}

export interface Unary extends Node<'Unary'> {
  readonly op: '-' | '+' | 'NOT'
  readonly operand: Expr
}

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%' | '||'
  | '=' | '<>' | '<' | '<=' | '>' | '>='
  | 'AND' | 'OR'
  | 'IS DISTINCT FROM' | 'IS NOT DISTINCT FROM'

export interface Binary extends Node<'Binary'> {
  readonly op: BinaryOp
  readonly left: Expr
  readonly right: Expr
}

export interface IsNull extends Node<'IsNull'> {
  readonly operand: Expr
  readonly negated: boolean
}

/** `x IS [NOT] TRUE | FALSE | UNKNOWN` */
export interface IsBoolean extends Node<'IsBoolean'> {
  readonly operand: Expr
  readonly value: 'TRUE' | 'FALSE' | 'UNKNOWN'
  readonly negated: boolean
}

export interface Between extends Node<'Between'> {
  readonly operand: Expr
  readonly low: Expr
  readonly high: Expr
  readonly negated: boolean
  readonly symmetric: boolean
}

/** LIKE, or SIMILAR TO when `similar` is set. */
export interface Like extends Node<'Like'> {
  readonly operand: Expr
  readonly pattern: Expr
  readonly escape?: Expr
  readonly negated: boolean
  readonly similar: boolean
}

export interface InList extends Node<'InList'> {
  readonly operand: Expr
  readonly list: readonly Expr[]
  readonly negated: boolean
}

export interface InSubquery extends Node<'InSubquery'> {
  readonly operand: Expr
  readonly query: Query
  readonly negated: boolean
}

export interface Exists extends Node<'Exists'> {
  readonly query: Query
}

export interface ScalarSubquery extends Node<'ScalarSubquery'> {
  readonly query: Query
}

export interface WhenClause extends Node<'WhenClause'> {
  readonly when: Expr
  readonly then: Expr
}

/** Searched (`CASE WHEN c THEN ...`) or simple (`CASE x WHEN 1 THEN ...`) when `operand` is set. */
export interface Case extends Node<'Case'> {
  readonly operand?: Expr
  readonly whens: readonly WhenClause[]
  readonly else?: Expr
}

export interface Cast extends Node<'Cast'> {
  readonly operand: Expr
  readonly type: TypeRef
  readonly try: boolean
}

/**
 * Any call: scalar, aggregate (with DISTINCT, FILTER, OVER), window helpers such as TUMBLE_START, niladic
 * functions written without parentheses (CURRENT_TIMESTAMP: `niladic`), and calls with special syntax that
 * parse into plain arguments: EXTRACT(DAY FROM ts) -> EXTRACT(Symbol DAY, ts); FLOOR(ts TO HOUR) ->
 * FLOOR(ts, Symbol HOUR); TRIM(BOTH 'x' FROM s) -> TRIM(Symbol BOTH, 'x', s);
 * SUBSTRING(s FROM 2 FOR 3) -> SUBSTRING(s, 2, 3); POSITION(a IN b) -> POSITION(a, b);
 * TIMESTAMPADD(DAY, 1, ts) -> TIMESTAMPADD(Symbol DAY, 1, ts). print.ts renders each back in its own syntax.
 */
export interface FunctionCall extends Node<'FunctionCall'> {
  readonly name: QualifiedName
  readonly args: readonly Expr[]
  readonly distinct: boolean
  /** COUNT(*) */
  readonly star: boolean
  readonly niladic: boolean
  readonly filter?: Expr
  readonly over?: WindowSpec | Ident
  /** `IGNORE NULLS` / `RESPECT NULLS` after the call (FIRST_VALUE, LAST_VALUE). */
  readonly nullTreatment?: 'IGNORE' | 'RESPECT'
}

export type JsonBehavior =
  | { readonly kind: 'NULL' }
  | { readonly kind: 'ERROR' }
  | { readonly kind: 'DEFAULT'; readonly value: Expr }

/** JSON_VALUE(input, path [RETURNING type] [behavior ON EMPTY] [behavior ON ERROR]) */
export interface JsonValue extends Node<'JsonValue'> {
  readonly input: Expr
  readonly path: Expr
  readonly returning?: TypeRef
  readonly onEmpty?: JsonBehavior
  readonly onError?: JsonBehavior
}

/** A keyword used as an argument: a time unit (DAY, HOUR, ...) or a TRIM side (BOTH, LEADING, TRAILING). */
export interface Symbol extends Node<'Symbol'> {
  readonly name: string
}

/** `ROW(a, b)` or `(a, b)`. */
export interface RowConstructor extends Node<'RowConstructor'> {
  readonly fields: readonly Expr[]
  readonly explicit: boolean
}

export interface ArrayConstructor extends Node<'ArrayConstructor'> {
  readonly elements: readonly Expr[]
}

/** `MAP[k1, v1, k2, v2]` */
export interface MapConstructor extends Node<'MapConstructor'> {
  readonly entries: readonly Expr[]
}

/** `arr[1]`, `m['key']` */
export interface Subscript extends Node<'Subscript'> {
  readonly operand: Expr
  readonly index: Expr
}

/** `(expr).field` where the operand is not a plain column path. */
export interface FieldAccess extends Node<'FieldAccess'> {
  readonly operand: Expr
  readonly field: Ident
}

// ---------------------------------------------------------------------------------------------
// OVER windows

export type FrameBound =
  | { readonly kind: 'UnboundedPreceding' }
  | { readonly kind: 'Preceding'; readonly offset: Expr }
  | { readonly kind: 'CurrentRow' }
  | { readonly kind: 'Following'; readonly offset: Expr }
  | { readonly kind: 'UnboundedFollowing' }

export interface WindowFrame extends Node<'WindowFrame'> {
  readonly unit: 'ROWS' | 'RANGE'
  readonly start: FrameBound
  /** Absent for the short form `ROWS 5 PRECEDING` (which means BETWEEN 5 PRECEDING AND CURRENT ROW). */
  readonly end?: FrameBound
}

export interface WindowSpec extends Node<'WindowSpec'> {
  /** `OVER (w ORDER BY ...)`: extends a named window. */
  readonly base?: Ident
  readonly partitionBy: readonly Expr[]
  readonly orderBy: readonly OrderItem[]
  readonly frame?: WindowFrame
}

export interface NamedWindow extends Node<'NamedWindow'> {
  readonly name: Ident
  readonly spec: WindowSpec
}

export interface OrderItem extends Node<'OrderItem'> {
  readonly expr: Expr
  readonly direction: 'ASC' | 'DESC'
  readonly nulls?: 'FIRST' | 'LAST'
}
