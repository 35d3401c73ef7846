/** (stub, filled in next) */
import type { LogicalNode } from '../nodes.js'

export function pushDownPredicates(root: LogicalNode): LogicalNode {
  return root
}
