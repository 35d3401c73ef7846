/**
 * Predicate pushdown: filter conjuncts move through projections (inlined), into the inputs of joins (the side
 * they reference, where the join type allows), below aggregates when they only read group keys, into every input
 * of a union, and below window TVFs and UNNEST when they do not read the columns those add. Conjuncts reading
 * both join sides join the join condition (inner joins). Nothing moves below watermark assigners, changelog
 * normalisation, OVER, ranks or sorts (their results depend on every row).
 */
import type { Field } from '../../physical/stream-nodes.js'
import type { RexNode } from '../../rex.js'
import { inputRef } from '../../rex.js'
import { and, conjunctions, inline, mapRefs, refsOf, shiftRefs } from '../../rex-util.js'
import { calc, join } from '../builders.js'
import type { LogicalNode } from '../nodes.js'
import { transformUp, withInputs } from '../nodes.js'

const NON_DETERMINISTIC = /^(RAND|RAND_INTEGER|UUID|NOW|CURRENT_TIMESTAMP|CURRENT_ROW_TIMESTAMP|LOCALTIMESTAMP|PROCTIME|UNIX_TIMESTAMP)$/

function deterministic(e: RexNode): boolean {
  if (e.kind === 'Call') return !NON_DETERMINISTIC.test(e.op) && e.operands.every(deterministic)
  if (e.kind === 'FieldAccess') return deterministic(e.operand)
  return true
}

function filterOver(input: LogicalNode, conds: readonly RexNode[]): LogicalNode {
  const c = and(conds)
  if (c === null) return input
  return calc(input, input.fields.map((f, i) => inputRef(i, f.type)), input.fields.map((f) => f.name), c)
}

const only = (e: RexNode, pred: (i: number) => boolean): boolean => [...refsOf(e)].every(pred)

/** `input` filtered by `conds`, with the conjuncts pushed as deep as they may go. */
export function pushFilter(input: LogicalNode, conds: readonly RexNode[]): LogicalNode {
  if (conds.length === 0) return input
  switch (input.kind) {
    case 'LogicalCalc': {
      const inlined = conds.map((c) => inline(c, input.exprs))
      if (!inlined.every(deterministic) || !conds.every(deterministic)) break
      const below = pushFilter(input.input, [...conjunctions(input.condition), ...inlined])
      return calc(below, input.exprs, input.fields.map((f) => f.name), null)
    }
    case 'LogicalJoin': {
      const nl = input.left.fields.length
      const t = input.joinType
      const toLeft: RexNode[] = []
      const toRight: RexNode[] = []
      const toJoin: RexNode[] = []
      const stay: RexNode[] = []
      for (const c of conds) {
        if (!deterministic(c)) stay.push(c)
        else if (only(c, (i) => i < nl) && (t === 'INNER' || t === 'LEFT' || t === 'SEMI' || t === 'ANTI')) toLeft.push(c)
        else if (only(c, (i) => i >= nl) && (t === 'INNER' || t === 'RIGHT')) toRight.push(shiftRefs(c, -nl))
        else if (t === 'INNER') toJoin.push(c)
        else stay.push(c)
      }
      if (toLeft.length + toRight.length + toJoin.length === 0) break
      const l = pushFilter(input.left, toLeft)
      const r = pushFilter(input.right, toRight)
      const joined = pushJoinCondition(join(l, r, t, and([...conjunctions(input.condition), ...toJoin]) ?? input.condition))
      return filterOver(joined, stay)
    }
    case 'LogicalAggregate': {
      const nk = input.groupKeys.length
      const below: RexNode[] = []
      const stay: RexNode[] = []
      for (const c of conds) {
        if (only(c, (i) => i < nk) && deterministic(c)) below.push(mapRefs(c, (i, ty) => inputRef(input.groupKeys[i] as number, ty)))
        else stay.push(c)
      }
      if (below.length === 0) break
      return filterOver(withInputs(input, [pushFilter(input.input, below)]), stay)
    }
    case 'LogicalUnion':
      if (!conds.every(deterministic)) break
      return withInputs(
        input,
        input.inputs.map((i) => pushFilter(i, conds.map((c) => mapRefs(c, (k) => inputRef(k, (i.fields[k] as Field).type))))),
      )
    case 'LogicalWindowTableFunction':
    case 'LogicalCorrelate': {
      const k = input.input.fields.length
      const below = conds.filter((c) => only(c, (i) => i < k) && deterministic(c))
      if (below.length === 0) break
      const stay = conds.filter((c) => !below.includes(c))
      return filterOver(withInputs(input, [pushFilter(input.input, below)]), stay)
    }
    default:
      break
  }
  return filterOver(input, conds)
}

/** Single-side conjuncts of an inner (or one-sided outer) join's own condition move into that input. */
function pushJoinCondition(j: LogicalNode): LogicalNode {
  if (j.kind !== 'LogicalJoin') return j
  const nl = j.left.fields.length
  const t = j.joinType
  const toLeft: RexNode[] = []
  const toRight: RexNode[] = []
  const keep: RexNode[] = []
  for (const c of conjunctions(j.condition)) {
    const refs = refsOf(c)
    if (refs.size > 0 && deterministic(c) && [...refs].every((i) => i < nl) && (t === 'INNER' || t === 'RIGHT' || t === 'SEMI')) toLeft.push(c)
    else if (refs.size > 0 && deterministic(c) && [...refs].every((i) => i >= nl) && (t === 'INNER' || t === 'LEFT' || t === 'SEMI' || t === 'ANTI')) toRight.push(shiftRefs(c, -nl))
    else keep.push(c)
  }
  if (toLeft.length === 0 && toRight.length === 0) return j
  const cond = and(keep) ?? { kind: 'Literal' as const, value: true, type: { kind: 'BOOLEAN' as const, nullable: false } }
  return join(pushFilter(j.left, toLeft), pushFilter(j.right, toRight), t, cond)
}

export function pushDownPredicates(root: LogicalNode): LogicalNode {
  return transformUp(root, (n) => {
    if (n.kind === 'LogicalJoin') return pushJoinCondition(n)
    if (n.kind !== 'LogicalCalc' || n.condition === null) return n
    if (!conjunctions(n.condition).every(deterministic)) return n
    const below = pushFilter(n.input, conjunctions(n.condition))
    return calc(below, n.exprs, n.fields.map((f) => f.name), null)
  })
}
