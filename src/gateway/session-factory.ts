/**
 * Builds a Session on the real engine: the planner's catalog manager, the planner, the runtime's job runner.
 * The connector registry comes from the entry point (the CLI, the gateway, a test), which imports connectors/.
 */
import type { ConnectorRegistry } from '../catalog/connector-registry.js'
import { createCatalogManager, explainStatement, installViewSchemaDeriver, planStatement } from '../plan/planner.js'
import { startJob } from '../runtime/job-runner.js'
import { Session, type SessionOptions, type SessionServices } from './session.js'

export interface CreateSessionOptions extends SessionOptions {
  readonly connectors: ConnectorRegistry
}

export function createSession(options: CreateSessionOptions): Session {
  const { connectors } = options
  const catalog = createCatalogManager(connectors)
  const services: SessionServices = {
    catalog,
    connectors,
    plan: (stmt, sql, config) => planStatement(stmt, { catalog, connectors, config, sql }),
    explain: (stmt, sql, config) => explainStatement(stmt, { catalog, connectors, config, sql }),
    startJob,
    configure: (config) => {
      // DDL expressions (computed columns, watermarks) and CREATE VIEW see the session's current settings.
      catalog.timeZone = config['table.local-time-zone'] ?? 'UTC'
      installViewSchemaDeriver(catalog, connectors, config)
    },
  }
  return new Session(services, options)
}
