/** (stub, filled in next) */
import type { LogicalNode } from '../nodes.js'

export function recognizeRanks(root: LogicalNode): LogicalNode {
  return root
}
