/**
 * Sources that emit an upsert stream ([I, UA, D] keyed by the table's primary key) get a ChangelogNormalize right
 * above the table read (scan, computed columns, watermark), turning it into a retract stream later operators can
 * consume. Runs before Calcs merge, so the table read is still recognisable and no filter sits below it.
 */
import { RowKind } from '../../../sql/row-kind.js'
import type { ConnectorRegistry } from '../../../catalog/connector-registry.js'
import { sourceMode } from '../changelog.js'
import type { LogicalNode, LogicalTableScan } from '../nodes.js'
import { inputsOf, withInputs } from '../nodes.js'

function chainScan(n: LogicalNode): LogicalTableScan | undefined {
  if (n.kind === 'LogicalTableScan') return n
  if (n.kind === 'LogicalWatermarkAssigner') return chainScan(n.input)
  if (n.kind === 'LogicalCalc' && n.condition === null && n.input.kind === 'LogicalTableScan') return n.input
  return undefined
}

export function insertChangelogNormalize(root: LogicalNode, connectors: ConnectorRegistry): LogicalNode {
  const visit = (n: LogicalNode): LogicalNode => {
    const scan = chainScan(n)
    if (scan !== undefined) {
      const pk = scan.table.primaryKey
      if (pk === null) return n
      const m = sourceMode(scan, connectors)
      const upsert = m.kinds.includes(RowKind.UPDATE_AFTER) && !m.kinds.includes(RowKind.UPDATE_BEFORE)
      if (!upsert) return n
      const keys = pk.columns.map((c) => n.fields.findIndex((f) => f.name === c))
      return { kind: 'LogicalChangelogNormalize', input: n, keys, fields: n.fields }
    }
    const ins = inputsOf(n)
    const next = ins.map(visit)
    return next.some((x, i) => x !== ins[i]) ? withInputs(n, next) : n
  }
  return visit(root)
}
