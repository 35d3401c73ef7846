/**
 * Planner test helpers: the real connector registry plus small fakes for shapes the embedded connectors do not
 * have (an upsert source and sink, an insert-only "append" sink, a source with metadata, a retracting CDC source).
 */
import { createConnectorRegistry } from '../../connectors/index.js'
import { CatalogManager } from '../../src/catalog/catalog-manager.js'
import type { ConnectorFactory } from '../../src/catalog/connector.js'
import type { ConnectorRegistry } from '../../src/catalog/connector-registry.js'
import { EngineError } from '../../src/errors.js'
import { installViewSchemaDeriver, planStatement, explainStatement } from '../../src/plan/planner.js'
import type { PlannedStatement } from '../../src/plan/planner.js'
import { INSERT_ONLY, RETRACT, upsertMode } from '../../src/sql/row-kind.js'
import type { Statement } from '../../src/sql/ast.js'
import { parseScript } from '../../src/sql/parser.js'

const unused = (): never => {
  throw new Error('fake connector: not for running')
}

const common = [{ key: 'topic', type: 'string' as const, description: 'a name' }]

/** `upsert`: source emitting [I,UA,D] keyed by the primary key; sink accepting [I,UA,D]. */
export const upsertConnector: ConnectorFactory = {
  identifier: 'upsert',
  description: 'fake upsert source and sink',
  options: [...common, { key: 'format', type: 'string', description: 'format' }],
  source: { changelogMode: (ctx) => upsertMode(ctx.primaryKey ?? []), isBounded: () => false, createSource: unused },
  sink: { acceptedChangelogMode: (ctx) => upsertMode(ctx.primaryKey ?? []), createSink: unused },
  validate: (ctx) => {
    if (ctx.primaryKey === null) throw new EngineError('CONNECTOR_MISSING_PRIMARY_KEY', `'upsert' tables require a PRIMARY KEY (table ${ctx.path})`)
  },
}

/** `append`: an insert-only sink (like a plain Kafka or file sink). */
export const appendConnector: ConnectorFactory = {
  identifier: 'append',
  description: 'fake insert-only sink',
  options: common,
  sink: { acceptedChangelogMode: () => INSERT_ONLY, createSink: unused },
}

/** `events`: an insert-only source with Kafka-like metadata keys. */
export const eventsConnector: ConnectorFactory = {
  identifier: 'events',
  description: 'fake source with metadata',
  options: [
    ...common,
    { key: 'scan.startup.mode', type: 'enum', enumValues: ['earliest-offset', 'latest-offset'], description: 'start' },
    { key: 'poll.interval', type: 'duration', description: 'poll' },
    { key: 'buffer', type: 'memory', description: 'buffer size' },
    { key: 'password', type: 'string', description: 'secret' },
    { key: 'format', type: 'string', description: 'format' },
  ],
  optionPrefixes: ['properties.'],
  formatOptionKeys: ['format'],
  source: {
    changelogMode: () => INSERT_ONLY,
    isBounded: () => false,
    metadata: [
      { key: 'timestamp', type: 'TIMESTAMP_LTZ(3) NOT NULL', description: 'record time' },
      { key: 'partition', type: 'INT NOT NULL', description: 'partition' },
      { key: 'headers', type: 'MAP<STRING, BYTES> NOT NULL', description: 'headers' },
    ],
    createSource: unused,
  },
}

/** `cdc`: a source emitting a full retract changelog. */
export const cdcConnector: ConnectorFactory = {
  identifier: 'cdc',
  description: 'fake retracting source',
  options: common,
  source: { changelogMode: () => RETRACT, isBounded: () => false, createSource: unused },
}

export function testRegistry(): ConnectorRegistry {
  return createConnectorRegistry().register(upsertConnector).register(appendConnector).register(eventsConnector).register(cdcConnector)
}

export interface TestEnv {
  readonly connectors: ConnectorRegistry
  readonly catalog: CatalogManager
  config: Record<string, string>
}

export function newEnv(config: Record<string, string> = {}): TestEnv {
  const connectors = testRegistry()
  const catalog = new CatalogManager(connectors)
  installViewSchemaDeriver(catalog, connectors, config)
  return { connectors, catalog, config }
}

/** Runs DDL of a script; returns the remaining statements with the script text. */
export function run(env: TestEnv, sql: string): { statements: Statement[]; sql: string } {
  const rest: Statement[] = []
  for (const s of parseScript(sql).statements) {
    if (isDdl(s)) env.catalog.executeDdl(s, sql)
    else rest.push(s)
  }
  return { statements: rest, sql }
}

export function isDdl(s: Statement): boolean {
  return (
    (s.kind === 'CreateTable' && s.asQuery === undefined) ||
    ['CreateView', 'DropTable', 'DropView', 'AlterTable', 'CreateCatalog', 'DropCatalog', 'CreateDatabase', 'DropDatabase', 'UseCatalog', 'UseDatabase'].includes(s.kind)
  )
}

/** Plans the last statement of a script (after running its DDL). */
export function plan(env: TestEnv, sql: string): PlannedStatement {
  const { statements } = run(env, sql)
  return planLast(env, statements, sql)
}

function planLast(env: TestEnv, statements: readonly Statement[], sql: string): PlannedStatement {
  const s = statements[statements.length - 1]
  if (s === undefined || !(s.kind === 'Insert' || s.kind === 'QueryStatement' || s.kind === 'StatementSet' || s.kind === 'CreateTable')) throw new Error('no plannable statement')
  return planStatement(s, { catalog: env.catalog, connectors: env.connectors, config: env.config, sql })
}

export function explain(env: TestEnv, sql: string): string {
  const { statements } = run(env, sql)
  const s = statements[statements.length - 1]
  if (s === undefined || s.kind !== 'Explain') throw new Error('no EXPLAIN')
  return explainStatement(s, { catalog: env.catalog, connectors: env.connectors, config: env.config, sql })
}

/** The rendered error of running a script (DDL and the last statement), or a failure when nothing failed. */
export function errorOf(env: TestEnv, sql: string): string {
  try {
    const { statements } = run(env, sql)
    const s = statements[statements.length - 1]
    if (s !== undefined && s.kind === 'Explain') explainStatement(s, { catalog: env.catalog, connectors: env.connectors, config: env.config, sql })
    else if (s !== undefined) planLast(env, statements, sql)
  } catch (e) {
    if (e instanceof EngineError) return e.render()
    throw e
  }
  throw new Error('expected an error')
}
