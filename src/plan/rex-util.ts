/** Helpers over RexNode trees: digests, input-ref rewriting, conjunctions, and SQL-ish rendering for EXPLAIN. */
import { formatType } from '../sql/data-type.js'
import type { DataType } from '../sql/data-type.js'
import type { RexNode } from './rex.js'
import { call, inputRef, literal } from './rex.js'
import type { Field } from './physical/stream-nodes.js'

/** A structural key: equal digests mean equal expressions. */
export function rexDigest(e: RexNode): string {
  switch (e.kind) {
    case 'InputRef':
      return `$${e.index}`
    case 'Literal':
      return `lit(${literalKey(e.value)}:${formatType(e.type)})`
    case 'Call':
      return `${e.op}(${e.operands.map(rexDigest).join(',')}):${formatType(e.type)}`
    case 'FieldAccess':
      return `${rexDigest(e.operand)}.${e.name}`
  }
}

function literalKey(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`
  if (v instanceof Uint8Array) return `x${Buffer.from(v).toString('hex')}`
  return JSON.stringify(v) ?? 'undefined'
}

/** Rewrites every input ref through `f` (which may return a whole expression). */
export function mapRefs(e: RexNode, f: (index: number, type: DataType) => RexNode): RexNode {
  switch (e.kind) {
    case 'InputRef':
      return f(e.index, e.type)
    case 'Literal':
      return e
    case 'Call':
      return { ...e, operands: e.operands.map((o) => mapRefs(o, f)) }
    case 'FieldAccess':
      return { ...e, operand: mapRefs(e.operand, f) }
  }
}

export function shiftRefs(e: RexNode, by: number): RexNode {
  return by === 0 ? e : mapRefs(e, (i, t) => inputRef(i + by, t))
}

/** Replaces refs to a projection's output by the projection's expressions (inlining the projection). */
export function inline(e: RexNode, exprs: readonly RexNode[]): RexNode {
  return mapRefs(e, (i) => {
    const x = exprs[i]
    if (x === undefined) throw new Error(`inline: no expression ${i}`)
    return x
  })
}

export function refsOf(e: RexNode, out: Set<number> = new Set()): Set<number> {
  switch (e.kind) {
    case 'InputRef':
      out.add(e.index)
      break
    case 'Literal':
      break
    case 'Call':
      for (const o of e.operands) refsOf(o, out)
      break
    case 'FieldAccess':
      refsOf(e.operand, out)
      break
  }
  return out
}

export function conjunctions(e: RexNode | null): RexNode[] {
  if (e === null) return []
  if (e.kind === 'Call' && e.op === 'AND') return e.operands.flatMap((o) => conjunctions(o))
  if (isTrueLiteral(e)) return []
  return [e]
}

export function and(parts: readonly RexNode[]): RexNode | null {
  if (parts.length === 0) return null
  if (parts.length === 1) return parts[0] as RexNode
  return call('AND', parts, { kind: 'BOOLEAN', nullable: parts.some((p) => p.type.nullable) })
}

export function isTrueLiteral(e: RexNode): boolean {
  return e.kind === 'Literal' && e.value === true
}

export const TRUE: RexNode = literal(true, { kind: 'BOOLEAN', nullable: false })

export function isIdentityProjection(exprs: readonly RexNode[], inputArity: number): boolean {
  return exprs.length === inputArity && exprs.every((e, i) => e.kind === 'InputRef' && e.index === i)
}

const INFIX = new Set(['+', '-', '*', '/', '%', '=', '<>', '<', '<=', '>', '>=', 'AND', 'OR', '||', 'IS DISTINCT FROM', 'IS NOT DISTINCT FROM', 'LIKE', 'SIMILAR TO'])
const POSTFIX = new Set(['IS NULL', 'IS NOT NULL', 'IS TRUE', 'IS NOT TRUE', 'IS FALSE', 'IS NOT FALSE'])

/** Renders an expression for EXPLAIN with field names: `(amount > 10)`, `CAST(ts AS TIMESTAMP(3))`. */
export function formatRex(e: RexNode, fields: readonly Field[]): string {
  switch (e.kind) {
    case 'InputRef':
      return fields[e.index]?.name ?? `$${e.index}`
    case 'Literal':
      return formatLiteral(e.value, e.type)
    case 'FieldAccess':
      return `${formatRex(e.operand, fields)}.${e.name}`
    case 'Call': {
      const ops = e.operands.map((o) => formatRex(o, fields))
      if (INFIX.has(e.op) && ops.length >= 2) return `(${ops.join(` ${e.op} `)})`
      if (POSTFIX.has(e.op)) return `${ops[0]} ${e.op}`
      switch (e.op) {
        case 'NEGATE':
          return `-${ops[0]}`
        case 'NOT':
          return `NOT(${ops[0]})`
        case 'CAST':
        case 'TRY_CAST':
          return `${e.op}(${ops[0]} AS ${formatType({ ...e.type, nullable: true })})`
        case 'CASE':
          return `CASE(${ops.join(', ')})`
        case 'IN':
          return `IN(${ops.join(', ')})`
        default:
          return `${e.op}(${ops.join(', ')})`
      }
    }
  }
}

export function formatLiteral(v: unknown, t: DataType): string {
  if (v === null) return 'null'
  switch (t.kind) {
    case 'CHAR':
    case 'VARCHAR':
      return `'${String(v).replace(/'/g, "''")}'`
    case 'DECIMAL': {
      const b = v as bigint
      if (t.scale === 0) return b.toString()
      const neg = b < 0n
      const s = (neg ? -b : b).toString().padStart(t.scale + 1, '0')
      return `${neg ? '-' : ''}${s.slice(0, s.length - t.scale)}.${s.slice(s.length - t.scale)}`
    }
    case 'INTERVAL_DAY_TIME':
      return `${String(v)}:INTERVAL SECOND`
    case 'INTERVAL_YEAR_MONTH':
      return `${String(v)}:INTERVAL MONTH`
    case 'DATE':
      return `${new Date((v as number) * 86400000).toISOString().slice(0, 10)}`
    case 'TIMESTAMP':
      return `${new Date(v as number).toISOString().replace('T', ' ').replace('Z', '')}`
    case 'TIMESTAMP_LTZ':
      return `${new Date(v as number).toISOString()}`
    case 'BINARY':
    case 'VARBINARY':
      return `X'${Buffer.from(v as Uint8Array).toString('hex').toUpperCase()}'`
    default:
      return typeof v === 'bigint' ? v.toString() : typeof v === 'object' ? JSON.stringify(v) : String(v)
  }
}
