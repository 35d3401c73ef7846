/**
 * The rewrite pipeline from the bound plan to the optimised logical plan. Order matters: predicates move first
 * (so recognition sees filters where they belong), then the streaming patterns are recognised, then Calcs are
 * merged and pushed into scans.
 */
import type { ConnectorRegistry } from '../../catalog/connector-registry.js'
import type { LogicalNode, LogicalSink } from './nodes.js'
import { mergeCalcs, pushIntoScans, toCalcs } from './rules/calc-rules.js'
import { pushDownPredicates } from './rules/predicate-pushdown.js'
import { recognizeRanks } from './rules/rank-recognition.js'
import { recognizeWindows } from './rules/window-recognition.js'
import { recognizeIntervalJoins } from './rules/interval-join-recognition.js'
import { insertChangelogNormalize } from './rules/changelog-normalize.js'
import { pruneColumns } from './rules/column-pruning.js'
import { checkTimeAttributes } from './rules/time-attributes.js'

export interface OptimizeContext {
  readonly connectors: ConnectorRegistry
}

export function optimize(sink: LogicalSink, ctx: OptimizeContext): LogicalSink {
  let n: LogicalNode = sink
  n = toCalcs(n)
  n = insertChangelogNormalize(n, ctx.connectors)
  n = mergeCalcs(n)
  n = pushDownPredicates(n)
  n = mergeCalcs(n)
  n = recognizeWindows(n)
  n = mergeCalcs(n)
  n = recognizeRanks(n)
  n = recognizeIntervalJoins(n)
  checkTimeAttributes(n)
  n = mergeCalcs(n)
  n = pruneColumns(n)
  n = mergeCalcs(n)
  n = pushIntoScans(n)
  n = mergeCalcs(n)
  return n as LogicalSink
}
