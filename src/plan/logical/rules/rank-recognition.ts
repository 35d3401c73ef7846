/**
 * Top-N and deduplication from ROW_NUMBER/RANK/DENSE_RANK() OVER (PARTITION BY .. ORDER BY ..) filtered by the
 * rank (rn <= N, rn < N, rn = N, rn BETWEEN a AND b):
 * - ROW_NUMBER, rank 1 only, ordered by one time attribute -> Deduplicate (ASC keeps the first row, DESC the last);
 * - partitioned by the window_start/window_end of a windowed input -> WindowRank;
 * - otherwise -> Rank. ORDER BY ... LIMIT n (a LogicalSort with fetch) becomes a Rank without partition keys.
 */
import { isRowtime, isTimeAttribute } from '../../../catalog/type-inference.js'
import type { Field, SortKey } from '../../physical/stream-nodes.js'
import type { RexNode } from '../../rex.js'
import { and, conjunctions, refsOf } from '../../rex-util.js'
import { calc } from '../builders.js'
import type { LogicalCalc, LogicalNode, LogicalOver } from '../nodes.js'
import { transformUp } from '../nodes.js'
import { windowBoundsOf } from './window-bounds.js'
import { regularJoinOrigin } from './time-attributes.js'

const RANKING = new Set(['ROW_NUMBER', 'RANK', 'DENSE_RANK'])

export function recognizeRanks(root: LogicalNode): LogicalNode {
  return transformUp(root, (n) => {
    if (n.kind === 'LogicalCalc' && n.condition !== null && n.input.kind === 'LogicalOver') return rankFromFilter(n, n.input) ?? n
    return n
  })
}

function intLiteral(e: RexNode): number | undefined {
  return e.kind === 'Literal' && typeof e.value === 'number' && Number.isInteger(e.value) ? e.value : undefined
}

/** rn <op> N in either operand order, normalised to bounds on rn. */
function rankBound(c: RexNode, rn: number): { lo?: number; hi?: number } | undefined {
  if (c.kind !== 'Call' || c.operands.length !== 2) return undefined
  const [a, b] = c.operands as [RexNode, RexNode]
  let op = c.op
  let lit: number | undefined
  if (a.kind === 'InputRef' && a.index === rn) lit = intLiteral(b)
  else if (b.kind === 'InputRef' && b.index === rn) {
    lit = intLiteral(a)
    op = ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' } as Record<string, string>)[op] ?? op
  }
  if (lit === undefined) return undefined
  switch (op) {
    case '<=':
      return { hi: lit }
    case '<':
      return { hi: lit - 1 }
    case '>=':
      return { lo: lit }
    case '>':
      return { lo: lit + 1 }
    case '=':
      return { lo: lit, hi: lit }
    default:
      return undefined
  }
}

function rankFromFilter(c: LogicalCalc, over: LogicalOver): LogicalNode | null {
  if (over.aggCalls.length !== 1) return null
  const call = over.aggCalls[0]!
  if (!RANKING.has(call.fn)) return null
  const n = over.input.fields.length
  let lo = 1
  let hi: number | undefined
  const rest: RexNode[] = []
  for (const cj of conjunctions(c.condition)) {
    const b = rankBound(cj, n)
    if (b === undefined) {
      rest.push(cj)
      continue
    }
    if (b.lo !== undefined) lo = Math.max(lo, b.lo)
    if (b.hi !== undefined) hi = hi === undefined ? b.hi : Math.min(hi, b.hi)
  }
  if (hi === undefined) return null
  const usesRank = c.exprs.some((e) => refsOf(e).has(n)) || rest.some((e) => refsOf(e).has(n))
  const rankType = call.fn as 'ROW_NUMBER' | 'RANK' | 'DENSE_RANK'
  const input = over.input
  const fieldsWith = (extra: boolean): Field[] => (extra ? [...input.fields, { name: call.name, type: call.type }] : [...input.fields])
  let node: LogicalNode
  const bounds = windowBoundsOf(input)
  const partition = over.partitionKeys
  if (bounds !== null && partition.includes(bounds.startIndex) && partition.includes(bounds.endIndex)) {
    node = {
      kind: 'LogicalWindowRank',
      input,
      window: bounds,
      partitionKeys: partition.filter((p) => p !== bounds.startIndex && p !== bounds.endIndex),
      orderBy: over.orderBy,
      rankType,
      rankStart: lo,
      rankEnd: hi,
      outputRankNumber: usesRank,
      fields: fieldsWith(usesRank),
    }
  } else if (rankType === 'ROW_NUMBER' && lo === 1 && hi === 1 && isDedupOrder(over.orderBy, input.fields) && regularJoinOrigin(input, over.orderBy[0]!.index) === null) {
    const o = over.orderBy[0] as SortKey
    node = {
      kind: 'LogicalDeduplicate',
      input,
      keys: partition,
      keepLastRow: o.descending,
      timeIndex: o.index,
      isRowtime: isRowtime((input.fields[o.index] as Field).type),
      outputRankNumber: usesRank,
      ...(over.origin === undefined ? {} : { origin: over.origin }),
      fields: fieldsWith(usesRank),
    }
  } else {
    node = { kind: 'LogicalRank', input, partitionKeys: partition, orderBy: over.orderBy, rankType, rankStart: lo, rankEnd: hi, outputRankNumber: usesRank, fields: fieldsWith(usesRank) }
  }
  // The rank column keeps its index (input fields + rank), so the Calc above reads the same positions.
  return calc(node, c.exprs, c.fields.map((f) => f.name), and(rest))
}

function isDedupOrder(order: readonly SortKey[], fields: readonly Field[]): boolean {
  if (order.length !== 1) return false
  return isTimeAttribute((fields[(order[0] as SortKey).index] as Field).type)
}
