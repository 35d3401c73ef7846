/** (stub, filled in next) */
import type { LogicalNode } from '../nodes.js'

export function pruneColumns(root: LogicalNode): LogicalNode {
  return root
}
