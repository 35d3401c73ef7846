export { planStatement, explainStatement, planCreateTableAs, createCatalogManager, installViewSchemaDeriver } from './planner.js'
export type { PlannerEnv, PlannedStatement, PlannableStatement } from './planner.js'
export type * from './physical/stream-nodes.js'
export type { RexNode, RexCall, RexInputRef, RexLiteral, RexFieldAccess } from './rex.js'
