/** Query expressions and table references. */
import type { Expr, FunctionCall, IntervalLiteral, NamedWindow, OrderItem } from './ast-expressions.js'
import type { Ident, Node, Property, QualifiedName } from './ast-node.js'

// ---------------------------------------------------------------------------------------------
// Queries

/** A full query expression: optional WITH, a body, ORDER BY, LIMIT/OFFSET/FETCH. */
export interface Query extends Node<'Query'> {
  readonly with: readonly Cte[]
  readonly body: QueryBody
  readonly orderBy: readonly OrderItem[]
  readonly limit?: Expr
  readonly offset?: Expr
}

export interface Cte extends Node<'Cte'> {
  readonly name: Ident
  readonly columns: readonly Ident[]
  readonly query: Query
}

export type QueryBody = Select | SetOperation | Values | Query

export interface SetOperation extends Node<'SetOperation'> {
  readonly op: 'UNION' | 'INTERSECT' | 'EXCEPT'
  readonly all: boolean
  readonly left: QueryBody
  readonly right: QueryBody
}

export interface Values extends Node<'Values'> {
  readonly rows: readonly (readonly Expr[])[]
}

export type SelectItem = SelectExpr | SelectStar

export interface SelectExpr extends Node<'SelectExpr'> {
  readonly expr: Expr
  readonly alias?: Ident
}

/** `*` or `t.*` */
export interface SelectStar extends Node<'SelectStar'> {
  readonly qualifier: readonly Ident[]
}

export type GroupingElement = Expr | GroupingSets | Rollup | Cube

export interface GroupingSets extends Node<'GroupingSets'> {
  readonly sets: readonly (readonly Expr[])[]
}

export interface Rollup extends Node<'Rollup'> {
  readonly exprs: readonly Expr[]
}

export interface Cube extends Node<'Cube'> {
  readonly exprs: readonly Expr[]
}

/** `/*+ OPTIONS('k'='v') *\/` or another hint after a table name or SELECT. */
export interface Hint extends Node<'Hint'> {
  readonly name: string
  /** OPTIONS-style hints carry properties; others (STATE_TTL, BROADCAST, ...) carry plain values. */
  readonly options: readonly Property[]
  readonly values: readonly string[]
}

export interface Select extends Node<'Select'> {
  readonly hints: readonly Hint[]
  readonly distinct: boolean
  readonly items: readonly SelectItem[]
  readonly from?: TableRef
  readonly where?: Expr
  readonly groupBy: readonly GroupingElement[]
  readonly having?: Expr
  readonly windows: readonly NamedWindow[]
  readonly qualify?: Expr
}

export type TableRef = TableName | DerivedTable | Join | TableFunction | Unnest | LateralTable | MatchRecognize

export interface TableAlias extends Node<'TableAlias'> {
  readonly name: Ident
  readonly columns: readonly Ident[]
}

export interface TableName extends Node<'TableName'> {
  readonly name: QualifiedName
  readonly hints: readonly Hint[]
  /** `FOR SYSTEM_TIME AS OF expr` */
  readonly forSystemTime?: Expr
  readonly alias?: TableAlias
}

/** `(SELECT ...) [AS] t(a, b)`, optionally LATERAL. */
export interface DerivedTable extends Node<'DerivedTable'> {
  readonly query: Query
  readonly lateral: boolean
  readonly alias?: TableAlias
}

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS' | 'COMMA'

export type JoinCondition =
  | { readonly kind: 'On'; readonly expr: Expr }
  | { readonly kind: 'Using'; readonly columns: readonly Ident[] }

export interface Join extends Node<'Join'> {
  readonly joinType: JoinType
  readonly natural: boolean
  readonly left: TableRef
  readonly right: TableRef
  readonly condition?: JoinCondition
}

/** `TABLE t` or `TABLE t PARTITION BY k` as a table-valued function argument. */
export interface TableArg extends Node<'TableArg'> {
  readonly name: QualifiedName
  readonly partitionBy: readonly Expr[]
}

/** `DESCRIPTOR(ts)` */
export interface Descriptor extends Node<'Descriptor'> {
  readonly columns: readonly Ident[]
}

/** One argument of a table function call, positional or named (`SIZE => INTERVAL '1' MINUTE`). */
export interface TvfArg extends Node<'TvfArg'> {
  readonly name?: Ident
  readonly value: TableArg | Descriptor | DerivedTable | Expr
}

/** `TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) [AS] w` and the other window TVFs. */
export interface TableFunction extends Node<'TableFunction'> {
  readonly name: QualifiedName
  readonly args: readonly TvfArg[]
  readonly alias?: TableAlias
}

/** `UNNEST(arr) [WITH ORDINALITY] [AS] t(x)`, usually on the right of CROSS JOIN. */
export interface Unnest extends Node<'Unnest'> {
  readonly exprs: readonly Expr[]
  readonly withOrdinality: boolean
  readonly alias?: TableAlias
}

/** `LATERAL TABLE(fn(x)) [AS] t(a, b)` */
export interface LateralTable extends Node<'LateralTable'> {
  readonly call: FunctionCall
  readonly alias?: TableAlias
}

export interface MeasureItem extends Node<'MeasureItem'> {
  readonly expr: Expr
  readonly alias: Ident
}

export interface PatternDefine extends Node<'PatternDefine'> {
  readonly variable: Ident
  readonly condition: Expr
}

/** The row pattern of MATCH_RECOGNIZE. */
export type Pattern =
  | { readonly kind: 'PatternVar'; readonly name: Ident }
  | { readonly kind: 'PatternSeq'; readonly items: readonly Pattern[] }
  | { readonly kind: 'PatternAlt'; readonly options: readonly Pattern[] }
  | { readonly kind: 'PatternQuant'; readonly pattern: Pattern; readonly min: number; readonly max: number | null; readonly reluctant: boolean }
  | { readonly kind: 'PatternGroup'; readonly pattern: Pattern }

export type AfterMatch =
  | { readonly kind: 'SkipToNextRow' }
  | { readonly kind: 'SkipPastLastRow' }
  | { readonly kind: 'SkipToFirst'; readonly variable: Ident }
  | { readonly kind: 'SkipToLast'; readonly variable: Ident }

export interface MatchRecognize extends Node<'MatchRecognize'> {
  readonly input: TableRef
  readonly partitionBy: readonly Expr[]
  readonly orderBy: readonly OrderItem[]
  readonly measures: readonly MeasureItem[]
  readonly rowsPerMatch?: 'ONE' | 'ALL'
  readonly afterMatch?: AfterMatch
  readonly pattern: Pattern
  readonly within?: IntervalLiteral
  readonly define: readonly PatternDefine[]
  readonly alias?: TableAlias
}
