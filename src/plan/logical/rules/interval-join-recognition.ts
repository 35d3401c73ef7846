/**
 * Interval join recognition: a join whose condition bounds one side's time attribute by the other's, e.g.
 * `a.ts BETWEEN b.ts - INTERVAL '1' HOUR AND b.ts` or `a.ts >= b.ts AND a.ts < b.ts + INTERVAL '10' MINUTE`.
 * Bounds are normalised to leftTime + lower <= rightTime <= leftTime + upper (ms, inclusive).
 */
import { isProctime, isRowtime } from '../../../catalog/type-inference.js'
import type { Field } from '../../physical/stream-nodes.js'
import type { RexNode } from '../../rex.js'
import { and, conjunctions } from '../../rex-util.js'
import { splitEquiKeys } from '../../physical/physical-planner.js'
import type { LogicalJoin, LogicalNode } from '../nodes.js'
import { transformUp } from '../nodes.js'

interface TimeTerm {
  readonly side: 'left' | 'right'
  readonly index: number
  readonly offset: number
}

/** `t`, `t + INTERVAL`, `t - INTERVAL` where t is a time attribute field of one join input. */
function timeTerm(e: RexNode, left: readonly Field[], right: readonly Field[]): TimeTerm | undefined {
  const nl = left.length
  const ref = (x: RexNode): TimeTerm | undefined => {
    if (x.kind !== 'InputRef') return undefined
    const side = x.index < nl ? 'left' : 'right'
    const index = side === 'left' ? x.index : x.index - nl
    const f = (side === 'left' ? left : right)[index]
    if (f === undefined || !(isRowtime(f.type) || isProctime(f.type))) return undefined
    return { side, index, offset: 0 }
  }
  const direct = ref(e)
  if (direct !== undefined) return direct
  if (e.kind === 'Call' && (e.op === '+' || e.op === '-') && e.operands.length === 2) {
    const [a, b] = e.operands as [RexNode, RexNode]
    const t = ref(a)
    if (t !== undefined && b.kind === 'Literal' && b.type.kind === 'INTERVAL_DAY_TIME' && typeof b.value === 'number') {
      return { ...t, offset: e.op === '+' ? b.value : -b.value }
    }
  }
  return undefined
}

export function recognizeIntervalJoins(root: LogicalNode): LogicalNode {
  return transformUp(root, (n) => (n.kind === 'LogicalJoin' ? intervalJoin(n) ?? n : n))
}

function intervalJoin(j: LogicalJoin): LogicalNode | null {
  if (j.joinType === 'SEMI' || j.joinType === 'ANTI') return null
  const left = j.left.fields
  const right = j.right.fields
  let lower = -Infinity
  let upper = Infinity
  let lt: number | undefined
  let rt: number | undefined
  const rest: RexNode[] = []
  for (const c of conjunctions(j.condition)) {
    const b = c.kind === 'Call' && c.operands.length === 2 && ['<', '<=', '>', '>=', '='].includes(c.op) ? bound(c.op, c.operands[0] as RexNode, c.operands[1] as RexNode, left, right) : undefined
    if (b === undefined || (lt !== undefined && b.lt !== lt) || (rt !== undefined && b.rt !== rt)) {
      rest.push(c)
      continue
    }
    lt = b.lt
    rt = b.rt
    if (b.lo !== undefined) lower = Math.max(lower, b.lo)
    if (b.hi !== undefined) upper = Math.min(upper, b.hi)
  }
  if (lt === undefined || rt === undefined || lower === -Infinity || upper === Infinity) return null
  const ltType = (left[lt] as Field).type
  const rtType = (right[rt] as Field).type
  if (isRowtime(ltType) !== isRowtime(rtType)) return null
  const { leftKeys, rightKeys, rest: remaining } = splitEquiKeys(and(rest) ?? { kind: 'Literal', value: true, type: { kind: 'BOOLEAN', nullable: false } }, left.length)
  return {
    kind: 'LogicalIntervalJoin',
    left: j.left,
    right: j.right,
    joinType: j.joinType,
    leftKeys,
    rightKeys,
    leftTimeIndex: lt,
    rightTimeIndex: rt,
    isRowtime: isRowtime(ltType),
    lowerBound: lower,
    upperBound: upper,
    condition: remaining,
    fields: j.fields,
  }
}

/** A comparison of a left and a right time term as bounds on d = rightTime - leftTime. */
function bound(op: string, a: RexNode, b: RexNode, left: readonly Field[], right: readonly Field[]): { lt: number; rt: number; lo?: number; hi?: number } | undefined {
  const x = timeTerm(a, left, right)
  const y = timeTerm(b, left, right)
  if (x === undefined || y === undefined || x.side === y.side) return undefined
  // Rewrite as `d op k` with d = rightTime - leftTime.
  let k: number
  let o = op
  if (x.side === 'right') {
    // r + ox op l + oy  =>  d op oy - ox
    k = y.offset - x.offset
  } else {
    // l + ox op r + oy  =>  d (flipped op) ox - oy
    k = x.offset - y.offset
    o = ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' } as Record<string, string>)[op] ?? op
  }
  const lt = x.side === 'left' ? x.index : y.index
  const rt = x.side === 'right' ? x.index : y.index
  switch (o) {
    case '<':
      return { lt, rt, hi: k - 1 }
    case '<=':
      return { lt, rt, hi: k }
    case '>':
      return { lt, rt, lo: k + 1 }
    case '>=':
      return { lt, rt, lo: k }
    case '=':
      return { lt, rt, lo: k, hi: k }
    default:
      return undefined
  }
}
