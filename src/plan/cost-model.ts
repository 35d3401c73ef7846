/**
 * A deliberately simple cost model for EXPLAIN ESTIMATED_COST: unknown tables have 1e8 rows (Flink's default),
 * filters keep a quarter per conjunct, aggregations keep a tenth, joins multiply by a small selectivity.
 * Numbers are only meant to compare shapes of plans, not to predict run times.
 */
import { conjunctions } from './rex-util.js'
import type { LogicalNode } from './logical/nodes.js'
import { inputsOf } from './logical/nodes.js'

export interface NodeCost {
  readonly rows: number
  readonly cpu: number
  readonly cumulative: number
}

export function estimateCost(root: LogicalNode): Map<LogicalNode, NodeCost> {
  const out = new Map<LogicalNode, NodeCost>()
  const visit = (n: LogicalNode): NodeCost => {
    const cached = out.get(n)
    if (cached !== undefined) return cached
    const ins = inputsOf(n).map(visit)
    const inRows = ins[0]?.rows ?? 0
    let rows: number
    switch (n.kind) {
      case 'LogicalTableScan':
        rows = 1e8
        break
      case 'LogicalValues':
        rows = Math.max(1, n.rows.length)
        break
      case 'LogicalFilter':
        rows = inRows * 0.25 ** conjunctions(n.condition).length
        break
      case 'LogicalCalc':
        rows = inRows * 0.25 ** conjunctions(n.condition).length
        break
      case 'LogicalAggregate':
      case 'LogicalWindowAggregate':
        rows = n.groupKeys.length === 0 ? 1 : inRows * 0.1
        break
      case 'LogicalJoin':
      case 'LogicalIntervalJoin':
      case 'LogicalWindowJoin':
        rows = Math.max(inRows, ins[1]?.rows ?? 0) * 0.5
        break
      case 'LogicalUnion':
        rows = ins.reduce((a, c) => a + c.rows, 0)
        break
      case 'LogicalSort':
        rows = n.fetch ?? inRows
        break
      case 'LogicalRank':
      case 'LogicalWindowRank':
        rows = inRows * 0.1
        break
      case 'LogicalDeduplicate':
        rows = inRows * 0.5
        break
      case 'LogicalCorrelate':
        rows = inRows * 3
        break
      case 'LogicalWindowTableFunction':
        rows = n.window.spec.kind === 'HOP' ? inRows * (n.window.spec.size / n.window.spec.slide) : inRows
        break
      default:
        rows = inRows
    }
    const cpu = rows + inRows
    const cumulative = rows + ins.reduce((a, c) => a + c.cumulative, 0)
    const c = { rows, cpu, cumulative }
    out.set(n, c)
    return c
  }
  visit(root)
  return out
}
