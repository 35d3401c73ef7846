/**
 * The typed AST of Weir's Flink SQL dialect. Readonly tagged unions; every node has a source span.
 * Produced by the grammar (grammar/flink-sql.peggy), rendered back to SQL by print.ts, read by the planner.
 * Identifiers keep their spelling and whether they were quoted: Flink matches identifiers case-sensitively.
 */
export type * from './ast-node.js'
export type * from './ast-expressions.js'
export type * from './ast-queries.js'
export type * from './ast-statements.js'
