/**
 * Time attributes through joins: the binder keeps them on join outputs (an interval join preserves them), and
 * once joins are recognised this check rejects a time attribute that reaches a window, an OVER aggregate, an
 * interval join or an event-time deduplication through a regular join, whose output is not ordered by time.
 */
import { EngineError, SqlError } from '../../../errors.js'
import type { Span } from '../../../sql/span.js'
import type { Field } from '../../physical/stream-nodes.js'
import type { LogicalJoin, LogicalNode } from '../nodes.js'
import { inputsOf } from '../nodes.js'

/** The regular join a field's time attribute passes through, or null when it comes from a source or a window. */
export function regularJoinOrigin(n: LogicalNode, index: number): LogicalJoin | null {
  switch (n.kind) {
    case 'LogicalCalc':
    case 'LogicalProject': {
      const e = n.exprs[index]
      return e !== undefined && e.kind === 'InputRef' ? regularJoinOrigin(n.input, e.index) : null
    }
    case 'LogicalFilter':
    case 'LogicalWatermarkAssigner':
    case 'LogicalChangelogNormalize':
    case 'LogicalSort':
    case 'LogicalRank':
    case 'LogicalWindowRank':
    case 'LogicalDeduplicate':
    case 'LogicalCorrelate':
    case 'LogicalOver':
    case 'LogicalWindowTableFunction':
      return index < n.input.fields.length ? regularJoinOrigin(n.input, index) : null
    case 'LogicalJoin':
      return n
    case 'LogicalIntervalJoin':
    case 'LogicalWindowJoin': {
      const nl = n.left.fields.length
      return index < nl ? regularJoinOrigin(n.left, index) : regularJoinOrigin(n.right, index - nl)
    }
    case 'LogicalUnion': {
      for (const i of n.inputs) {
        const j = regularJoinOrigin(i, index)
        if (j !== null) return j
      }
      return null
    }
    default:
      return null
  }
}

function fail(what: string, field: Field | undefined, origin?: Span): never {
  const message = `${what} needs the time attribute '${field?.name ?? '?'}', but it comes out of a regular join, which does not keep time attributes`
  const hint = "use an interval join (bound one side's time by the other's) or a window join, or window the inputs before joining"
  if (origin !== undefined) throw new SqlError('PLAN_TIME_ATTRIBUTE_LOST', message, origin, { hint })
  throw new EngineError('PLAN_TIME_ATTRIBUTE_LOST', message, { hint })
}

export function checkTimeAttributes(root: LogicalNode): void {
  const visit = (n: LogicalNode): void => {
    for (const i of inputsOf(n)) visit(i)
    switch (n.kind) {
      case 'LogicalWindowTableFunction':
        if (regularJoinOrigin(n.input, n.window.timeIndex) !== null) fail('The window table function', n.input.fields[n.window.timeIndex], n.origin)
        break
      case 'LogicalWindowAggregate':
        if (n.inputWindowBounds === null && regularJoinOrigin(n.input, n.window.timeIndex) !== null) fail('The window aggregation', n.input.fields[n.window.timeIndex], n.origin)
        break
      case 'LogicalOver': {
        const o = n.orderBy[0]
        const ranking = n.aggCalls.some((c) => c.fn === 'ROW_NUMBER' || c.fn === 'RANK' || c.fn === 'DENSE_RANK')
        if (!ranking && o !== undefined && regularJoinOrigin(n.input, o.index) !== null) fail('The OVER window', n.input.fields[o.index], n.origin)
        break
      }
      case 'LogicalIntervalJoin':
        if (regularJoinOrigin(n.left, n.leftTimeIndex) !== null) fail('The interval join', n.left.fields[n.leftTimeIndex])
        if (regularJoinOrigin(n.right, n.rightTimeIndex) !== null) fail('The interval join', n.right.fields[n.rightTimeIndex])
        break
      case 'LogicalDeduplicate':
        if (n.isRowtime && regularJoinOrigin(n.input, n.timeIndex) !== null) fail('The deduplication', n.input.fields[n.timeIndex], n.origin)
        break
      default:
        break
    }
  }
  visit(root)
}
