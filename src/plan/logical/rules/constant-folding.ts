/** Simple constant folding: boolean connectives with literal operands, NOT of a literal, IS [NOT] NULL of literals. */
import type { RexNode } from '../../rex.js'
import { literal } from '../../rex.js'

const BOOL = { kind: 'BOOLEAN', nullable: false } as const

export function foldConstants(e: RexNode): RexNode {
  if (e.kind === 'FieldAccess') return { ...e, operand: foldConstants(e.operand) }
  if (e.kind !== 'Call') return e
  const ops = e.operands.map(foldConstants)
  const lit = (x: RexNode): unknown => (x.kind === 'Literal' ? x.value : undefined)
  switch (e.op) {
    case 'AND': {
      if (ops.some((o) => lit(o) === false)) return literal(false, BOOL)
      const rest = ops.filter((o) => lit(o) !== true)
      if (rest.length === 0) return literal(true, BOOL)
      if (rest.length === 1) return rest[0] as RexNode
      return { ...e, operands: rest }
    }
    case 'OR': {
      if (ops.some((o) => lit(o) === true)) return literal(true, BOOL)
      const rest = ops.filter((o) => lit(o) !== false)
      if (rest.length === 0) return literal(false, BOOL)
      if (rest.length === 1) return rest[0] as RexNode
      return { ...e, operands: rest }
    }
    case 'NOT': {
      const v = lit(ops[0] as RexNode)
      if (typeof v === 'boolean') return literal(!v, BOOL)
      break
    }
    case 'IS NULL':
    case 'IS NOT NULL': {
      const o = ops[0] as RexNode
      if (o.kind === 'Literal') return literal((o.value === null) === (e.op === 'IS NULL'), BOOL)
      if (!o.type.nullable) return literal(e.op === 'IS NOT NULL', BOOL)
      break
    }
  }
  return { ...e, operands: ops }
}
