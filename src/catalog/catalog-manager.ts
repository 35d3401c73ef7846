/**
 * In-memory catalogs, databases, tables and views; DDL execution and the inspection statements (SHOW, DESCRIBE,
 * SHOW CREATE). `default_catalog.default_database` exists from the start. Temporary objects shadow permanent ones.
 */
import type {
  AlterTable,
  CreateCatalog,
  CreateDatabase,
  CreateTable,
  CreateView,
  Describe,
  DropCatalog,
  DropDatabase,
  DropTable,
  DropView,
  Ident,
  QualifiedName,
  Show,
  ShowColumns,
  ShowCreate,
  Statement,
  UseCatalog,
  UseDatabase,
} from '../sql/ast.js'
import { NO_SPAN } from '../sql/span.js'
import type { Span } from '../sql/span.js'
import { EngineError, internalError } from '../errors.js'
import type { Field } from '../plan/physical/stream-nodes.js'
import type { CatalogObject, CatalogTable, CatalogView, ObjectPath } from './catalog-table.js'
import { formatPath } from './catalog-table.js'
import { describeRows, showCreateTable, showCreateView, likeMatches } from './catalog-inspect.js'
import type { ConnectorRegistry } from './connector-registry.js'
import { didYouMean } from './did-you-mean.js'
import { userFunctionNames } from './functions.js'
import { planError } from './plan-errors.js'
import { buildTable, text, validateTableOptions } from './table-builder.js'

export const DEFAULT_CATALOG = 'default_catalog'
export const DEFAULT_DATABASE = 'default_database'
export const OK_MESSAGE = 'Execute statement succeeded.'

interface Database {
  readonly objects: Map<string, CatalogObject>
  readonly comment?: string
}

interface Catalog {
  readonly type: string
  readonly options: Readonly<Record<string, string>>
  readonly databases: Map<string, Database>
}

export interface TableResult {
  readonly columns: string[]
  readonly rows: string[][]
}

/** The derived schema of a view's query, computed by the planner (the catalog does not bind queries itself). */
export type ViewSchemaDeriver = (view: CreateView, sql: string) => readonly Field[]

export class CatalogManager {
  private readonly catalogs = new Map<string, Catalog>()
  private readonly temporary = new Map<string, CatalogObject>()
  private current = { catalog: DEFAULT_CATALOG, database: DEFAULT_DATABASE }
  /** Set by the planner so CREATE VIEW can derive the view's columns; views keep no columns without it. */
  viewSchemaDeriver: ViewSchemaDeriver | null = null
  /** table.local-time-zone, used when typing DDL expressions. */
  timeZone = 'UTC'

  constructor(readonly connectors: ConnectorRegistry) {
    this.catalogs.set(DEFAULT_CATALOG, { type: 'generic_in_memory', options: {}, databases: new Map([[DEFAULT_DATABASE, { objects: new Map() }]]) })
  }

  get currentCatalog(): string {
    return this.current.catalog
  }

  get currentDatabase(): string {
    return this.current.database
  }

  // ------------------------------------------------------------------------------------------------
  // Lookup

  /** `t` -> current catalog and database; `db.t` -> current catalog; `cat.db.t` as written. */
  resolvePath(name: QualifiedName, sql = ''): ObjectPath {
    const p = name.parts.map((x) => x.value)
    if (p.length === 1) return { catalog: this.current.catalog, database: this.current.database, object: p[0] as string }
    if (p.length === 2) return { catalog: this.current.catalog, database: p[0] as string, object: p[1] as string }
    if (p.length === 3) return { catalog: p[0] as string, database: p[1] as string, object: p[2] as string }
    throw planError('PLAN_INVALID_IDENTIFIER', `invalid object name '${p.join('.')}': expected [catalog.][database.]name`, name.span, sql)
  }

  /** The object at `path` (temporary first), or undefined. */
  lookup(path: ObjectPath): CatalogObject | undefined {
    return this.temporary.get(formatPath(path)) ?? this.catalogs.get(path.catalog)?.databases.get(path.database)?.objects.get(path.object)
  }

  /** Resolves a table or view by name; throws PLAN_TABLE_NOT_FOUND with a 'did you mean' over the database. */
  getObject(name: QualifiedName, sql = ''): CatalogObject {
    const path = this.resolvePath(name, sql)
    const obj = this.lookup(path)
    if (obj !== undefined) return obj
    const written = name.parts.map((p) => p.value).join('.')
    const candidates = this.objectNames(path.catalog, path.database)
    throw planError('PLAN_TABLE_NOT_FOUND', `table '${written}' not found`, name.span, sql, didYouMean(path.object, candidates))
  }

  getTable(name: QualifiedName, sql = ''): CatalogTable {
    const obj = this.getObject(name, sql)
    if (obj.kind !== 'table') throw planError('PLAN_NOT_A_TABLE', `'${formatPath(obj.path)}' is a view, not a table`, name.span, sql)
    return obj
  }

  /** Names of tables and views visible in a database (temporary included). */
  objectNames(catalog: string, database: string, kind?: 'table' | 'view'): string[] {
    const names = new Set<string>()
    for (const o of this.catalogs.get(catalog)?.databases.get(database)?.objects.values() ?? []) if (kind === undefined || o.kind === kind) names.add(o.path.object)
    for (const o of this.temporary.values()) {
      if (o.path.catalog === catalog && o.path.database === database && (kind === undefined || o.kind === kind)) names.add(o.path.object)
    }
    return [...names].sort()
  }

  catalogNames(): string[] {
    return [...this.catalogs.keys()].sort()
  }

  databaseNames(catalog: string): string[] {
    return [...(this.catalogs.get(catalog)?.databases.keys() ?? [])].sort()
  }

  // ------------------------------------------------------------------------------------------------
  // DDL

  /** Executes a DDL or USE statement; returns Flink's message. Throws SqlError/EngineError for the user. */
  executeDdl(stmt: Statement, sql: string): string {
    switch (stmt.kind) {
      case 'CreateTable':
        if (stmt.asQuery !== undefined) {
          throw planError('PLAN_UNSUPPORTED', 'CREATE TABLE ... AS SELECT must be planned with planCreateTableAs', stmt.span, sql)
        }
        this.createTable(stmt, sql)
        return OK_MESSAGE
      case 'CreateView':
        this.createView(stmt, sql)
        return OK_MESSAGE
      case 'DropTable':
      case 'DropView':
        this.dropObject(stmt, sql)
        return OK_MESSAGE
      case 'AlterTable':
        this.alterTable(stmt, sql)
        return OK_MESSAGE
      case 'CreateCatalog':
        this.createCatalog(stmt, sql)
        return OK_MESSAGE
      case 'DropCatalog':
        this.dropCatalog(stmt, sql)
        return OK_MESSAGE
      case 'CreateDatabase':
        this.createDatabase(stmt, sql)
        return OK_MESSAGE
      case 'DropDatabase':
        this.dropDatabase(stmt, sql)
        return OK_MESSAGE
      case 'UseCatalog':
        this.useCatalog(stmt, sql)
        return OK_MESSAGE
      case 'UseDatabase':
        this.useDatabase(stmt, sql)
        return OK_MESSAGE
      default:
        throw internalError(`executeDdl cannot run a ${stmt.kind} statement`)
    }
  }

  private database(catalog: string, database: string, span: Span, sql: string): Database {
    const cat = this.catalogs.get(catalog)
    if (cat === undefined) throw planError('PLAN_CATALOG_NOT_FOUND', `catalog '${catalog}' does not exist`, span, sql, didYouMean(catalog, this.catalogs.keys()))
    const db = cat.databases.get(database)
    if (db === undefined) {
      throw planError('PLAN_DATABASE_NOT_FOUND', `database '${database}' does not exist in catalog '${catalog}'`, span, sql, didYouMean(database, cat.databases.keys()))
    }
    return db
  }

  /** CREATE TABLE (not CTAS): builds, validates and registers the table. Returns false if it existed (IF NOT EXISTS). */
  createTable(stmt: CreateTable, sql: string): boolean {
    const path = this.resolvePath(stmt.name, sql)
    const db = this.database(path.catalog, path.database, stmt.name.span, sql)
    if (this.exists(path, stmt.temporary, db)) {
      if (stmt.ifNotExists) return false
      throw planError('PLAN_TABLE_ALREADY_EXISTS', `${stmt.temporary ? 'temporary table' : 'table (or view)'} '${formatPath(path)}' already exists`, stmt.name.span, sql)
    }
    const likeSource = stmt.like === undefined ? undefined : this.getTable(stmt.like.table, sql)
    const table = buildTable(stmt, path, likeSource === undefined ? { sql, timeZone: this.timeZone, connectors: this.connectors } : { sql, timeZone: this.timeZone, connectors: this.connectors, likeSource })
    this.register(table, db)
    return true
  }

  /** Registers an already-built table (CREATE TABLE AS SELECT). */
  registerTable(table: CatalogTable, span: Span, sql: string, ifNotExists: boolean): boolean {
    const db = this.database(table.path.catalog, table.path.database, span, sql)
    if (this.exists(table.path, table.temporary, db)) {
      if (ifNotExists) return false
      throw planError('PLAN_TABLE_ALREADY_EXISTS', `table (or view) '${formatPath(table.path)}' already exists`, span, sql)
    }
    this.register(table, db)
    return true
  }

  /** Removes a table or view registered by registerTable (a CREATE TABLE AS SELECT whose query did not plan). */
  unregister(path: ObjectPath, temporary: boolean): void {
    if (temporary) this.temporary.delete(formatPath(path))
    else this.catalogs.get(path.catalog)?.databases.get(path.database)?.objects.delete(path.object)
  }

  private exists(path: ObjectPath, temporary: boolean, db: Database): boolean {
    return temporary ? this.temporary.has(formatPath(path)) : db.objects.has(path.object)
  }

  private register(obj: CatalogObject, db: Database): void {
    if (obj.temporary) this.temporary.set(formatPath(obj.path), obj)
    else db.objects.set(obj.path.object, obj)
  }

  private createView(stmt: CreateView, sql: string): void {
    const path = this.resolvePath(stmt.name, sql)
    const db = this.database(path.catalog, path.database, stmt.name.span, sql)
    if (this.exists(path, stmt.temporary, db)) {
      if (stmt.ifNotExists) return
      throw planError('PLAN_TABLE_ALREADY_EXISTS', `${stmt.temporary ? 'temporary view' : 'table (or view)'} '${formatPath(path)}' already exists`, stmt.name.span, sql)
    }
    const derived = this.viewSchemaDeriver?.(stmt, sql) ?? []
    const aliases = stmt.columns.map((c) => c.value)
    if (aliases.length > 0 && derived.length > 0 && aliases.length !== derived.length) {
      throw planError('PLAN_INVALID_VIEW', `the view's column list has ${aliases.length} names but its query produces ${derived.length} columns`, stmt.name.span, sql)
    }
    const columns = derived.map((f, i) => ({ name: aliases[i] ?? f.name, type: f.type }))
    const view: CatalogView = {
      kind: 'view',
      path,
      temporary: stmt.temporary,
      query: stmt.query,
      querySql: text(sql, stmt.query.span),
      columns,
      columnAliases: aliases,
      ...(stmt.comment === undefined ? {} : { comment: stmt.comment }),
    }
    this.register(view, db)
  }

  private dropObject(stmt: DropTable | DropView, sql: string): void {
    const what = stmt.kind === 'DropTable' ? 'table' : 'view'
    const path = this.resolvePath(stmt.name, sql)
    const key = formatPath(path)
    if (stmt.temporary) {
      const t = this.temporary.get(key)
      if (t === undefined || t.kind !== what) {
        if (stmt.ifExists) return
        throw planError(what === 'table' ? 'PLAN_TABLE_NOT_FOUND' : 'PLAN_VIEW_NOT_FOUND', `temporary ${what} with identifier '${key}' does not exist`, stmt.name.span, sql)
      }
      this.temporary.delete(key)
      return
    }
    const db = this.catalogs.get(path.catalog)?.databases.get(path.database)
    const obj = db?.objects.get(path.object)
    if (obj === undefined || db === undefined) {
      if (stmt.ifExists) return
      const temp = this.temporary.get(key)
      const hint = temp !== undefined && temp.kind === what ? `'${key}' is a temporary ${what}; use DROP TEMPORARY ${what.toUpperCase()}` : didYouMean(path.object, this.objectNames(path.catalog, path.database, what))
      throw planError(what === 'table' ? 'PLAN_TABLE_NOT_FOUND' : 'PLAN_VIEW_NOT_FOUND', `${what === 'table' ? 'Table' : 'View'} with identifier '${key}' does not exist`, stmt.name.span, sql, hint)
    }
    if (obj.kind !== what) {
      throw planError('PLAN_WRONG_OBJECT_KIND', `'${key}' is a ${obj.kind}; use DROP ${obj.kind.toUpperCase()}`, stmt.name.span, sql)
    }
    db.objects.delete(path.object)
  }

  private alterTable(stmt: AlterTable, sql: string): void {
    const path = this.resolvePath(stmt.name, sql)
    const obj = this.lookup(path)
    if (obj === undefined) {
      if (stmt.ifExists) return
      throw planError('PLAN_TABLE_NOT_FOUND', `Table with identifier '${formatPath(path)}' does not exist`, stmt.name.span, sql, didYouMean(path.object, this.objectNames(path.catalog, path.database)))
    }
    if (obj.kind !== 'table') throw planError('PLAN_WRONG_OBJECT_KIND', `'${formatPath(path)}' is a view; ALTER TABLE applies to tables`, stmt.name.span, sql)
    const db = this.database(path.catalog, path.database, stmt.name.span, sql)
    const action = stmt.action
    switch (action.kind) {
      case 'SetOptions':
      case 'ResetOptions': {
        const options = { ...obj.options }
        if (action.kind === 'SetOptions') for (const p of action.options) options[p.key] = p.value
        else for (const k of action.keys) delete options[k]
        const updated: CatalogTable = { ...obj, options }
        if (options['connector'] !== undefined) {
          try {
            validateTableOptions(updated, this.connectors, null)
          } catch (e) {
            if (e instanceof EngineError) throw planError(e.code, e.message, stmt.span, sql, e.hint)
            throw e
          }
        }
        this.replace(obj, updated, db)
        return
      }
      case 'Rename': {
        const np = this.resolvePath(action.newName, sql)
        if (np.catalog !== path.catalog || np.database !== path.database) {
          throw planError('PLAN_INVALID_RENAME', 'a table can only be renamed within its catalog and database', action.newName.span, sql)
        }
        if (this.lookup(np) !== undefined) throw planError('PLAN_TABLE_ALREADY_EXISTS', `table (or view) '${formatPath(np)}' already exists`, action.newName.span, sql)
        if (obj.temporary) this.temporary.delete(formatPath(path))
        else db.objects.delete(path.object)
        this.register({ ...obj, path: np }, db)
        return
      }
    }
  }

  private replace(old: CatalogObject, updated: CatalogObject, db: Database): void {
    if (old.temporary) this.temporary.set(formatPath(old.path), updated)
    else db.objects.set(old.path.object, updated)
  }

  private createCatalog(stmt: CreateCatalog, sql: string): void {
    const name = stmt.name.value
    if (this.catalogs.has(name)) {
      if (stmt.ifNotExists) return
      throw planError('PLAN_CATALOG_ALREADY_EXISTS', `catalog '${name}' already exists`, stmt.name.span, sql)
    }
    const options: Record<string, string> = {}
    for (const p of stmt.options) options[p.key] = p.value
    const type = options['type']
    if (type === undefined) {
      throw planError('PLAN_INVALID_CATALOG', `catalog options do not contain an option key 'type' for discovering a catalog`, stmt.span, sql, `use WITH ('type' = 'generic_in_memory')`)
    }
    if (type !== 'generic_in_memory') {
      const prop = stmt.options.find((p) => p.key === 'type')
      throw planError('PLAN_INVALID_CATALOG', `catalog type '${type}' is not supported`, prop?.span ?? stmt.span, sql, `the only supported catalog type is 'generic_in_memory'`)
    }
    const unknown = Object.keys(options).filter((k) => k !== 'type' && k !== 'default-database')
    if (unknown.length > 0) {
      throw planError('PLAN_INVALID_CATALOG', `Unsupported options found for catalog 'generic_in_memory'.\n\nUnsupported options:\n\n${unknown.join('\n')}\n\nSupported options:\n\ndefault-database\ntype`, stmt.span, sql)
    }
    const defaultDb = options['default-database'] ?? DEFAULT_DATABASE
    this.catalogs.set(name, { type, options, databases: new Map([[defaultDb, { objects: new Map() }]]) })
  }

  private dropCatalog(stmt: DropCatalog, sql: string): void {
    const name = stmt.name.value
    if (!this.catalogs.has(name)) {
      if (stmt.ifExists) return
      throw planError('PLAN_CATALOG_NOT_FOUND', `catalog '${name}' does not exist`, stmt.name.span, sql, didYouMean(name, this.catalogs.keys()))
    }
    if (name === this.current.catalog) throw planError('PLAN_CATALOG_IN_USE', 'Cannot drop a catalog which is currently in use.', stmt.name.span, sql)
    this.catalogs.delete(name)
    for (const k of [...this.temporary.keys()]) if (this.temporary.get(k)?.path.catalog === name) this.temporary.delete(k)
  }

  private dbPath(name: QualifiedName, sql: string): { catalog: string; database: string; span: Span } {
    const p = name.parts
    if (p.length === 1) return { catalog: this.current.catalog, database: (p[0] as Ident).value, span: name.span }
    if (p.length === 2) return { catalog: (p[0] as Ident).value, database: (p[1] as Ident).value, span: name.span }
    throw planError('PLAN_INVALID_IDENTIFIER', 'invalid database name: expected [catalog.]database', name.span, sql)
  }

  private createDatabase(stmt: CreateDatabase, sql: string): void {
    const { catalog, database } = this.dbPath(stmt.name, sql)
    const cat = this.catalogs.get(catalog)
    if (cat === undefined) throw planError('PLAN_CATALOG_NOT_FOUND', `catalog '${catalog}' does not exist`, stmt.name.span, sql, didYouMean(catalog, this.catalogs.keys()))
    if (cat.databases.has(database)) {
      if (stmt.ifNotExists) return
      throw planError('PLAN_DATABASE_ALREADY_EXISTS', `database '${database}' already exists in catalog '${catalog}'`, stmt.name.span, sql)
    }
    cat.databases.set(database, stmt.comment === undefined ? { objects: new Map() } : { objects: new Map(), comment: stmt.comment })
  }

  private dropDatabase(stmt: DropDatabase, sql: string): void {
    const { catalog, database } = this.dbPath(stmt.name, sql)
    const cat = this.catalogs.get(catalog)
    const db = cat?.databases.get(database)
    if (cat === undefined || db === undefined) {
      if (stmt.ifExists) return
      throw planError('PLAN_DATABASE_NOT_FOUND', `database '${database}' does not exist in catalog '${catalog}'`, stmt.name.span, sql)
    }
    if (catalog === this.current.catalog && database === this.current.database) {
      throw planError('PLAN_DATABASE_IN_USE', 'Cannot drop a database which is currently in use.', stmt.name.span, sql)
    }
    if (db.objects.size > 0 && !stmt.cascade) {
      throw planError('PLAN_DATABASE_NOT_EMPTY', `Database ${database} in catalog ${catalog} is not empty.`, stmt.name.span, sql, 'use DROP DATABASE ... CASCADE to drop it with its tables and views')
    }
    cat.databases.delete(database)
  }

  private useCatalog(stmt: UseCatalog, sql: string): void {
    const name = stmt.name.value
    const cat = this.catalogs.get(name)
    if (cat === undefined) throw planError('PLAN_CATALOG_NOT_FOUND', `catalog '${name}' does not exist`, stmt.name.span, sql, didYouMean(name, this.catalogs.keys()))
    const db = cat.options['default-database'] ?? DEFAULT_DATABASE
    this.current = { catalog: name, database: cat.databases.has(db) ? db : ([...cat.databases.keys()][0] ?? db) }
  }

  private useDatabase(stmt: UseDatabase, sql: string): void {
    const { catalog, database } = this.dbPath(stmt.name, sql)
    this.database(catalog, database, stmt.name.span, sql)
    this.current = { catalog, database }
  }

  // ------------------------------------------------------------------------------------------------
  // Inspection

  describe(name: QualifiedName, sql = ''): TableResult {
    return describeRows(this.getObject(name, sql))
  }

  /** DESCRIBE / SHOW COLUMNS as one entry point (SHOW COLUMNS filters by LIKE). */
  describeStatement(stmt: Describe | ShowColumns, sql = ''): TableResult {
    if (stmt.kind === 'Describe') return this.describe(stmt.name, sql)
    const r = this.describe(stmt.table, sql)
    const like = stmt.like
    if (like === undefined) return r
    return { columns: r.columns, rows: r.rows.filter((row) => likeMatches(row[0] ?? '', like.pattern, like.caseInsensitive) !== like.negated) }
  }

  showCreate(stmt: ShowCreate, sql = ''): string {
    const obj = this.getObject(stmt.name, sql)
    if (stmt.objectType === 'TABLE') {
      if (obj.kind !== 'table') throw planError('PLAN_WRONG_OBJECT_KIND', `SHOW CREATE TABLE is only supported for tables, but '${formatPath(obj.path)}' is a view; use SHOW CREATE VIEW`, stmt.name.span, sql)
      return showCreateTable(obj)
    }
    if (obj.kind !== 'view') throw planError('PLAN_WRONG_OBJECT_KIND', `SHOW CREATE VIEW is only supported for views, but '${formatPath(obj.path)}' is a table; use SHOW CREATE TABLE`, stmt.name.span, sql)
    return showCreateView(obj)
  }

  show(stmt: Show, sql = ''): TableResult {
    const filter = (names: string[]): string[] => {
      const like = stmt.like
      if (like === undefined) return names
      return names.filter((n) => likeMatches(n, like.pattern, like.caseInsensitive) !== like.negated)
    }
    const one = (column: string, names: string[]): TableResult => ({ columns: [column], rows: filter(names).map((n) => [n]) })
    switch (stmt.what) {
      case 'CATALOGS':
        return one('catalog name', this.catalogNames())
      case 'CURRENT_CATALOG':
        return { columns: ['current catalog name'], rows: [[this.current.catalog]] }
      case 'DATABASES': {
        const cat = stmt.from === undefined ? this.current.catalog : (stmt.from.parts[0] as Ident).value
        if (!this.catalogs.has(cat)) throw planError('PLAN_CATALOG_NOT_FOUND', `catalog '${cat}' does not exist`, stmt.from?.span ?? stmt.span, sql)
        return one('database name', this.databaseNames(cat))
      }
      case 'CURRENT_DATABASE':
        return { columns: ['current database name'], rows: [[this.current.database]] }
      case 'TABLES':
      case 'VIEWS': {
        let catalog = this.current.catalog
        let database = this.current.database
        if (stmt.from !== undefined) {
          const p = this.dbPath(stmt.from, sql)
          catalog = p.catalog
          database = p.database
          this.database(catalog, database, stmt.from.span, sql)
        }
        const kind = stmt.what === 'VIEWS' ? 'view' : undefined
        return one(stmt.what === 'VIEWS' ? 'view name' : 'table name', this.objectNames(catalog, database, kind))
      }
      case 'FUNCTIONS':
        return one('function name', userFunctionNames().map((n) => n.toLowerCase()))
      case 'USER_FUNCTIONS':
        return one('function name', [])
      case 'MODULES':
        return one('module name', ['core'])
      case 'FULL_MODULES':
        return { columns: ['module name', 'used'], rows: [['core', 'true']] }
      case 'JARS':
        return one('jars', [])
      case 'JOBS':
        throw internalError('SHOW JOBS is answered by the session, not the catalog')
    }
  }
}

export { NO_SPAN }
