/**
 * The planner's entry points: statement -> bound logical plan -> optimised logical plan (with changelog modes)
 * -> physical StreamPlan; and EXPLAIN of the same pipeline. Also CREATE TABLE ... AS SELECT and the view schema
 * derivation the catalog uses for CREATE VIEW.
 */
import type { CreateTable, CreateView, Explain, Insert, QueryStatement, StatementSet } from '../sql/ast.js'
import type { Span } from '../sql/span.js'
import { EngineError, SqlError, assertNever } from '../errors.js'
import type { CatalogManager } from '../catalog/catalog-manager.js'
import { CatalogManager as CatalogManagerClass } from '../catalog/catalog-manager.js'
import type { CatalogTable } from '../catalog/catalog-table.js'
import { formatPath } from '../catalog/catalog-table.js'
import type { ConnectorRegistry } from '../catalog/connector-registry.js'
import { planError } from '../catalog/plan-errors.js'
import { validateTableOptions } from '../catalog/table-builder.js'
import { dropTimeAttribute } from '../catalog/type-inference.js'
import type { Field, StreamPlan } from './physical/stream-nodes.js'
import { QueryBinder } from './binder/query-binder.js'
import { bindCollect, bindInsert } from './binder/sink-binder.js'
import type { ChangelogInfo } from './logical/changelog.js'
import { inferChangelog } from './logical/changelog.js'
import type { LogicalSink } from './logical/nodes.js'
import { optimize } from './logical/optimizer.js'
import { mergeCalcs } from './logical/rules/calc-rules.js'
import { shareScans } from './logical/rules/share-scans.js'
import { PhysicalPlanner } from './physical/physical-planner.js'
import { renderExplain } from './explain.js'

export interface PlannerEnv {
  readonly catalog: CatalogManager
  readonly connectors: ConnectorRegistry
  readonly config: Readonly<Record<string, string>>
  /** The text the statement's spans point into. */
  readonly sql: string
}

export interface PlannedStatement {
  readonly plan: StreamPlan
  /** A SELECT's result columns (empty for DML). */
  readonly resultFields: readonly Field[]
  readonly sinkTables: readonly string[]
  /** `insert-into_<sink path>` (several sinks joined by commas), `collect` for a SELECT. */
  readonly defaultJobName: string
}

export type PlannableStatement = QueryStatement | Insert | StatementSet | CreateTable

interface PlannedPipeline {
  readonly ast: LogicalSink[]
  readonly optimized: LogicalSink[]
  readonly infos: ChangelogInfo[]
  readonly plan: StreamPlan
}

/** Engine errors without a position (connector, changelog checks) get the statement's span. */
function positioned<T>(span: Span, sql: string, f: () => T): T {
  try {
    return f()
  } catch (e) {
    if (e instanceof SqlError) {
      if (e.source === undefined) e.source = sql
      throw e
    }
    if (e instanceof EngineError && e.domain === 'user') {
      throw new SqlError(e.code, e.message, span, e.hint === undefined ? { source: sql } : { source: sql, hint: e.hint })
    }
    throw e
  }
}

function bind(stmt: QueryStatement | Insert | StatementSet, env: PlannerEnv): LogicalSink[] {
  const qb = new QueryBinder(env)
  switch (stmt.kind) {
    case 'QueryStatement':
      return [bindCollect(qb, stmt.query)]
    case 'Insert':
      return [bindInsert(qb, stmt)]
    case 'StatementSet':
      if (stmt.inserts.length === 0) throw planError('PLAN_EMPTY_STATEMENT_SET', 'a statement set must contain at least one INSERT', stmt.span, env.sql)
      return stmt.inserts.map((i) => bindInsert(new QueryBinder(env), i))
    default:
      return assertNever(stmt, 'statement')
  }
}

function pipeline(stmt: QueryStatement | Insert | StatementSet, env: PlannerEnv): PlannedPipeline {
  return positioned(stmt.span, env.sql, () => {
    installViewSchemaDeriver(env.catalog, env.connectors, env.config)
    const ast = bind(stmt, env)
    const optimized = shareScans(ast.map((s) => optimize(s, { connectors: env.connectors }))).map((s) => mergeCalcs(s) as LogicalSink)
    const infos = optimized.map((s) => inferChangelog(s, env.connectors))
    const plan = new PhysicalPlanner({ config: env.config, connectors: env.connectors }).plan(optimized, infos)
    return { ast, optimized, infos, plan }
  })
}

export function planStatement(stmt: PlannableStatement, env: PlannerEnv): PlannedStatement {
  if (stmt.kind === 'CreateTable') return planCreateTableAs(stmt, env)
  const p = pipeline(stmt, env)
  const sinkTables = p.optimized.flatMap((s) => (s.target.kind === 'table' ? [formatPath(s.target.table.path)] : []))
  const resultFields = stmt.kind === 'QueryStatement' ? (p.ast[0] as LogicalSink).fields.map((f) => ({ name: f.name, type: dropTimeAttribute(f.type) })) : []
  return {
    plan: p.plan,
    resultFields,
    sinkTables,
    defaultJobName: sinkTables.length === 0 ? 'collect' : `insert-into_${sinkTables.join(',')}`,
  }
}

export function explainStatement(stmt: Explain, env: PlannerEnv): string {
  const p = pipeline(stmt.statement, env)
  return renderExplain({ ast: p.ast, optimized: p.optimized, infos: p.infos, physical: p.plan, details: stmt.details })
}

/**
 * CREATE TABLE t WITH (...) AS SELECT ...: derives the table's columns from the query, registers the table, then
 * plans the INSERT into it. The table stays registered even if the job later fails (as in Flink).
 */
export function planCreateTableAs(stmt: CreateTable, env: PlannerEnv): PlannedStatement {
  const query = stmt.asQuery
  if (query === undefined) throw planError('PLAN_INVALID_STATEMENT', 'CREATE TABLE without AS SELECT is DDL; run it with executeDdl', stmt.span, env.sql)
  return positioned(stmt.span, env.sql, () => {
    if (stmt.like !== undefined) throw planError('PLAN_UNSUPPORTED', 'CREATE TABLE ... LIKE ... AS SELECT is not supported', stmt.like.span, env.sql)
    if (stmt.columns.length > 0 || stmt.watermark !== undefined || stmt.primaryKey !== undefined) {
      throw planError('PLAN_UNSUPPORTED', 'column definitions, watermarks and primary keys in CREATE TABLE ... AS SELECT are not supported yet', stmt.span, env.sql)
    }
    const path = env.catalog.resolvePath(stmt.name, env.sql)
    const existing = env.catalog.lookup(path)
    const insert: Insert = { kind: 'Insert', overwrite: false, target: stmt.name, hints: [], partition: [], columns: [], query, span: stmt.span }
    if (existing !== undefined) {
      // IF NOT EXISTS: the table is kept as it is and the query's rows go into it.
      if (stmt.ifNotExists) return planStatement(insert, env)
      throw planError('PLAN_TABLE_ALREADY_EXISTS', `table (or view) '${formatPath(path)}' already exists`, stmt.name.span, env.sql)
    }
    const r = new QueryBinder(env).bindQuery(query, new Map())
    const options: Record<string, string> = {}
    for (const p of stmt.options) options[p.key] = p.value
    for (const k of stmt.partitionedBy) {
      if (!r.columns.some((c) => c.name === k.value)) throw planError('PLAN_INVALID_PARTITION', `partition column '${k.value}' is not a column of the query`, k.span, env.sql)
    }
    const table: CatalogTable = {
      kind: 'table',
      path,
      temporary: stmt.temporary,
      columns: r.node.fields.map((f) => ({ kind: 'physical', name: f.name, type: dropTimeAttribute(f.type) })),
      watermark: null,
      primaryKey: null,
      partitionKeys: stmt.partitionedBy.map((k) => k.value),
      options,
      ...(stmt.comment === undefined ? {} : { comment: stmt.comment }),
    }
    validateTableOptions(table, env.connectors, 'sink')
    env.catalog.registerTable(table, stmt.name.span, env.sql, false)
    try {
      return planStatement(insert, env)
    } catch (e) {
      env.catalog.unregister(path, stmt.temporary)
      throw e
    }
  })
}

/** Lets CREATE VIEW derive (and so validate) the view's columns by binding its query. */
export function installViewSchemaDeriver(catalog: CatalogManager, connectors: ConnectorRegistry, config: Readonly<Record<string, string>>): void {
  catalog.viewSchemaDeriver = (view: CreateView, sql: string) => {
    const r = new QueryBinder({ catalog, connectors, config, sql }).bindQuery(view.query, new Map())
    return r.node.fields.map((f) => ({ name: f.name, type: f.type }))
  }
}

/** A CatalogManager wired to the planner (CREATE VIEW validates and types its query). */
export function createCatalogManager(connectors: ConnectorRegistry, config: Readonly<Record<string, string>> = {}): CatalogManager {
  const c = new CatalogManagerClass(connectors)
  installViewSchemaDeriver(c, connectors, config)
  return c
}
