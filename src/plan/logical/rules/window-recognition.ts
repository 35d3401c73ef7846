/** (stub, filled in next) */
import type { LogicalNode } from '../nodes.js'

export function recognizeWindows(root: LogicalNode): LogicalNode {
  return root
}
