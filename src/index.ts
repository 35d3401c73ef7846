/**
 * Weir's public API for embedding: a Session executes Flink SQL statements and returns results shaped for shells
 * and gateways. Build one with createSession and the embedded connectors:
 *
 *   const session = createSession({ connectors: createConnectorRegistry() })
 *   const result = await session.executeStatement(parseStatement(sql), sql)
 */
export { createConnectorRegistry } from '../connectors/index.js'
export { ConnectorRegistry } from './catalog/connector-registry.js'
export type { ConnectorFactory, FormatFactory } from './catalog/connector.js'
export { EngineError, SqlError, type ErrorDomain } from './errors.js'
export { createSession, type CreateSessionOptions } from './gateway/session-factory.js'
export {
  Session,
  type ExecuteHooks,
  type PlannedStatement,
  type SessionCatalog,
  type SessionOptions,
  type SessionServices,
  type TableData,
} from './gateway/session.js'
export {
  CONFIG_KEYS,
  SessionConfig,
  canonicalConfigKey,
  isSensitiveKey,
  maskValue,
  parseDuration,
  type ConfigKeySpec,
} from './gateway/session-config.js'
export { ERROR_HEADER, renderError } from './gateway/session-errors.js'
export { JobManager, newJobId, type ManagedJob } from './gateway/job-manager.js'
export type { QueryResult, ResultRow, StatementResult } from './gateway/statement-result.js'
export { isInputComplete, parseScript, parseStatement, splitStatements, type StatementText } from './sql/parser.js'
export { ROW_KIND_NAME, ROW_KIND_SHORT, RowKind, type ChangelogMode } from './sql/row-kind.js'
export { formatType, type DataType } from './sql/data-type.js'
export type { Script, Statement } from './sql/ast.js'
export type { Field } from './plan/physical/stream-nodes.js'
export type { JobHandle, JobResult, JobStatus } from './runtime/job-api.js'
export { StreamingTableau, renderTable } from './cli/tableau.js'
