/**
 * The typed AST of Weir's Flink SQL dialect. Readonly tagged unions; every node has a source span.
 * Produced by the grammar (grammar/flink-sql.peggy), rendered back to SQL by print.ts, read by the planner.
 * Identifiers keep their spelling and whether they were quoted: Flink matches identifiers case-sensitively.
 */
import type { DataType } from './data-type.js'
import type { Span } from './span.js'

interface Node<K extends string> {
  readonly kind: K
  readonly span: Span
}

// ---------------------------------------------------------------------------------------------
// Names

export interface Ident extends Node<'Ident'> {
  readonly value: string
  readonly quoted: boolean
}

/** `a`, `db.t`, `cat.db.t`. */
export interface QualifiedName extends Node<'QualifiedName'> {
  readonly parts: readonly Ident[]
}

/** A `'key' = 'value'` pair of a WITH clause, a SET, or an OPTIONS hint. */
export interface Property extends Node<'Property'> {
  readonly key: string
  readonly value: string
}

/** A data type as written, with its span. */
export interface TypeRef extends Node<'TypeRef'> {
  readonly type: DataType
}

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

// ---------------------------------------------------------------------------------------------
// DDL

export type ColumnDef = PhysicalColumn | ComputedColumn | MetadataColumn

export interface PhysicalColumn extends Node<'PhysicalColumn'> {
  readonly name: Ident
  readonly type: TypeRef
  /** Inline `PRIMARY KEY NOT ENFORCED` on the column. */
  readonly primaryKey: boolean
  readonly comment?: string
}

/** `name AS expr` */
export interface ComputedColumn extends Node<'ComputedColumn'> {
  readonly name: Ident
  readonly expr: Expr
  readonly comment?: string
}

/** `name type METADATA [FROM 'key'] [VIRTUAL]` */
export interface MetadataColumn extends Node<'MetadataColumn'> {
  readonly name: Ident
  readonly type: TypeRef
  readonly key?: string
  readonly virtual: boolean
  readonly comment?: string
}

export interface WatermarkDef extends Node<'WatermarkDef'> {
  readonly column: Ident
  readonly expr: Expr
}

export interface PrimaryKeyDef extends Node<'PrimaryKeyDef'> {
  readonly constraintName?: Ident
  readonly columns: readonly Ident[]
  /** Flink only accepts NOT ENFORCED; the planner rejects `enforced: true` with a clear error. */
  readonly enforced: boolean
}

export type LikeOptionKind = 'ALL' | 'CONSTRAINTS' | 'GENERATED' | 'METADATA' | 'OPTIONS' | 'PARTITIONS' | 'WATERMARKS'

/** `INCLUDING ALL`, `EXCLUDING OPTIONS`, `OVERWRITING WATERMARKS`. */
export interface LikeOption extends Node<'LikeOption'> {
  readonly mode: 'INCLUDING' | 'EXCLUDING' | 'OVERWRITING'
  readonly what: LikeOptionKind
}

export interface LikeClause extends Node<'LikeClause'> {
  readonly table: QualifiedName
  readonly options: readonly LikeOption[]
}

export interface CreateTable extends Node<'CreateTable'> {
  readonly temporary: boolean
  readonly ifNotExists: boolean
  readonly name: QualifiedName
  readonly columns: readonly ColumnDef[]
  readonly watermark?: WatermarkDef
  readonly primaryKey?: PrimaryKeyDef
  readonly comment?: string
  readonly partitionedBy: readonly Ident[]
  readonly options: readonly Property[]
  readonly like?: LikeClause
  /** CREATE TABLE ... AS SELECT */
  readonly asQuery?: Query
}

export interface CreateView extends Node<'CreateView'> {
  readonly temporary: boolean
  readonly ifNotExists: boolean
  readonly name: QualifiedName
  readonly columns: readonly Ident[]
  readonly comment?: string
  readonly query: Query
}

export interface DropTable extends Node<'DropTable'> {
  readonly temporary: boolean
  readonly ifExists: boolean
  readonly name: QualifiedName
}

export interface DropView extends Node<'DropView'> {
  readonly temporary: boolean
  readonly ifExists: boolean
  readonly name: QualifiedName
}

export type AlterTableAction =
  | { readonly kind: 'SetOptions'; readonly options: readonly Property[] }
  | { readonly kind: 'ResetOptions'; readonly keys: readonly string[] }
  | { readonly kind: 'Rename'; readonly newName: QualifiedName }

export interface AlterTable extends Node<'AlterTable'> {
  readonly ifExists: boolean
  readonly name: QualifiedName
  readonly action: AlterTableAction
}

export interface CreateCatalog extends Node<'CreateCatalog'> {
  readonly ifNotExists: boolean
  readonly name: Ident
  readonly options: readonly Property[]
}

export interface DropCatalog extends Node<'DropCatalog'> {
  readonly ifExists: boolean
  readonly name: Ident
}

export interface CreateDatabase extends Node<'CreateDatabase'> {
  readonly ifNotExists: boolean
  readonly name: QualifiedName
  readonly comment?: string
  readonly options: readonly Property[]
}

export interface DropDatabase extends Node<'DropDatabase'> {
  readonly ifExists: boolean
  readonly name: QualifiedName
  readonly cascade: boolean
}

export interface UseCatalog extends Node<'UseCatalog'> {
  readonly name: Ident
}

/** `USE db` or `USE cat.db` */
export interface UseDatabase extends Node<'UseDatabase'> {
  readonly name: QualifiedName
}

// ---------------------------------------------------------------------------------------------
// DML

export interface Insert extends Node<'Insert'> {
  readonly overwrite: boolean
  readonly target: QualifiedName
  readonly hints: readonly Hint[]
  /** `PARTITION (k = 'v', ...)` */
  readonly partition: readonly Property[]
  readonly columns: readonly Ident[]
  readonly query: Query
}

/** `EXECUTE STATEMENT SET BEGIN INSERT ...; INSERT ...; END` */
export interface StatementSet extends Node<'StatementSet'> {
  readonly inserts: readonly Insert[]
}

/** The legacy form: `BEGIN STATEMENT SET;` ... `END;` arrive as separate statements; the executor groups them. */
export interface BeginStatementSet extends Node<'BeginStatementSet'> {}
export interface End extends Node<'End'> {}

/** A query run on its own: SELECT, VALUES, WITH ... (results shown to the user). */
export interface QueryStatement extends Node<'QueryStatement'> {
  readonly query: Query
}

// ---------------------------------------------------------------------------------------------
// Session, inspection and job statements

export type ExplainDetail = 'ESTIMATED_COST' | 'CHANGELOG_MODE' | 'JSON_EXECUTION_PLAN' | 'PLAN_ADVICE'

export interface Explain extends Node<'Explain'> {
  readonly details: readonly ExplainDetail[]
  /** `EXPLAIN PLAN FOR ...` */
  readonly planFor: boolean
  readonly statement: QueryStatement | Insert | StatementSet
}

/** `SET` (list all), `SET 'k' = 'v'`, and `SET 'k'` (show one). */
export interface SetStatement extends Node<'Set'> {
  readonly key?: string
  readonly value?: string
}

/** `RESET` (all) or `RESET 'k'`. */
export interface Reset extends Node<'Reset'> {
  readonly key?: string
}

export type ShowWhat =
  | 'CATALOGS'
  | 'CURRENT_CATALOG'
  | 'DATABASES'
  | 'CURRENT_DATABASE'
  | 'TABLES'
  | 'VIEWS'
  | 'FUNCTIONS'
  | 'USER_FUNCTIONS'
  | 'JOBS'
  | 'MODULES'
  | 'FULL_MODULES'
  | 'JARS'

export interface Show extends Node<'Show'> {
  readonly what: ShowWhat
  /** `SHOW TABLES FROM db` / `IN db` */
  readonly from?: QualifiedName
  /** `[NOT] LIKE 'pattern'` / `ILIKE` */
  readonly like?: { readonly pattern: string; readonly negated: boolean; readonly caseInsensitive: boolean }
}

export interface ShowCreate extends Node<'ShowCreate'> {
  readonly objectType: 'TABLE' | 'VIEW'
  readonly name: QualifiedName
}

export interface ShowColumns extends Node<'ShowColumns'> {
  readonly table: QualifiedName
  readonly like?: { readonly pattern: string; readonly negated: boolean; readonly caseInsensitive: boolean }
}

export interface Describe extends Node<'Describe'> {
  readonly name: QualifiedName
  readonly extended: boolean
}

/** `STOP JOB '<id>' [WITH SAVEPOINT] [WITH DRAIN]` */
export interface StopJob extends Node<'StopJob'> {
  readonly jobId: string
  readonly withSavepoint: boolean
  readonly withDrain: boolean
}

export interface Help extends Node<'Help'> {}
export interface Quit extends Node<'Quit'> {}
export interface Clear extends Node<'Clear'> {}

export type Statement =
  | CreateTable
  | CreateView
  | DropTable
  | DropView
  | AlterTable
  | CreateCatalog
  | DropCatalog
  | CreateDatabase
  | DropDatabase
  | UseCatalog
  | UseDatabase
  | Insert
  | StatementSet
  | BeginStatementSet
  | End
  | QueryStatement
  | Explain
  | SetStatement
  | Reset
  | Show
  | ShowCreate
  | ShowColumns
  | Describe
  | StopJob
  | Help
  | Quit
  | Clear

export type StatementKind = Statement['kind']

/** A parsed script: its statements, each with the exact text it came from (for messages and job names). */
export interface Script {
  readonly statements: readonly Statement[]
}
