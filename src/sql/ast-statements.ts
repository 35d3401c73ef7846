/** DDL, DML, session, inspection and job statements. */
import type { Expr } from './ast-expressions.js'
import type { Ident, Node, Property, QualifiedName, TypeRef } from './ast-node.js'
import type { Hint, Query } from './ast-queries.js'

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
