/** The SQL front end: parsing Flink SQL into the typed AST and printing it back. */
export type {
  AfterMatch, AlterTable, AlterTableAction, ArrayConstructor, BeginStatementSet, Between, Binary, BinaryOp,
  BinaryStringLiteral, BooleanLiteral, Case, Cast, Clear, ColumnDef, ColumnRef, ComputedColumn, CreateCatalog,
  CreateDatabase, CreateTable, CreateView, Cte, Cube, DerivedTable, Describe, Descriptor, DropCatalog,
  DropDatabase, DropTable, DropView, End, Exists, Explain, ExplainDetail, Expr, FieldAccess, FrameBound,
  FunctionCall, GroupingElement, GroupingSets, Help, Hint, Ident, InList, InSubquery, Insert, IntervalLiteral,
  IsBoolean, IsNull, Join, JoinCondition, JoinType, JsonBehavior, JsonValue, LateralTable, Like, LikeClause,
  LikeOption, LikeOptionKind, MapConstructor, MatchRecognize, MeasureItem, MetadataColumn, NamedWindow,
  NullLiteral, NumericLiteral, OrderItem, Pattern, PatternDefine, PhysicalColumn, PrimaryKeyDef, Property,
  QualifiedName, Query, QueryBody, QueryStatement, Quit, Reset, Rollup, RowConstructor, ScalarSubquery,
  Script, Select, SelectExpr, SelectItem, SelectStar, SetOperation, SetStatement, Show, ShowColumns,
  ShowCreate, ShowWhat, Statement, StatementKind, StatementSet, StopJob, StringLiteral, Subscript, Symbol,
  TableAlias, TableArg, TableFunction, TableName, TableRef, TimeUnit, TvfArg, TypeRef, TypedLiteral, Unary,
  Unnest, UseCatalog, UseDatabase, Values, WatermarkDef, WhenClause, WindowFrame, WindowSpec,
} from './ast.js'
export { formatType, MAX_LENGTH, withNullable } from './data-type.js'
export type {
  ArrayType, BinaryType, CharType, DataType, DecimalType, IntervalType, MapType, RowField, RowType, SimpleType, TimeAttribute,
  TimestampType, TimeType, TypeKind,
} from './data-type.js'
export { NO_SPAN, spanCovering } from './span.js'
export type { Position, Span } from './span.js'
export { parseDataType, parseExpression, parseScript, parseStatement } from './parser.js'
export { isInputComplete, splitStatements, scanSql, type StatementText } from './split-statements.js'
export { printDataType, printExpr, printQuery, printScript, printStatement, printTableRef, quoteIdentifier } from './print.js'
export { isPlainIdentifier, isReservedWord, RESERVED_WORDS } from './keywords.js'
