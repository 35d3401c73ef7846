/** (stub, filled in next) */
import type { LogicalNode } from '../nodes.js'

export function recognizeIntervalJoins(root: LogicalNode): LogicalNode {
  return root
}
