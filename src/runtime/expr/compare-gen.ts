/**
 * Comparison code generation across types: numbers of different kinds meet in a common domain (DOUBLE if either
 * is approximate, DECIMAL at the larger scale if either is DECIMAL, plain JS comparison for integers: BIGINT values
 * are canonical so number/bigint mixes compare correctly), strings by UTF-16 code units, structured values through
 * compareValues/valuesEqual.
 */
import type { DataType } from '../../sql/data-type.js'
import type { CodeGen } from './codegen.js'
import { isApprox, isCharacter, isIntegral, isNumeric, decimalType, DOUBLE } from './type-utils.js'
import { compareValues, valuesEqual } from './values.js'

export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>='

export interface Operand {
  readonly ref: string
  readonly type: DataType
  readonly nullable: boolean
}

/** Coerces both operands to a common comparable representation; returns the refs and whether JS operators apply. */
export function coerceForComparison(g: CodeGen, a: Operand, b: Operand): { a: string; b: string; direct: boolean } {
  const ka = a.type.kind
  const kb = b.type.kind
  const conv = (o: Operand, to: DataType): string => g.convert(o.ref, o.type, to, o.nullable, 'cast')
  if (isNumeric(ka) && isNumeric(kb)) {
    if (isApprox(ka) || isApprox(kb)) return { a: conv(a, DOUBLE), b: conv(b, DOUBLE), direct: true }
    if (ka === 'DECIMAL' || kb === 'DECIMAL') {
      const scale = Math.max(ka === 'DECIMAL' ? (a.type as { scale: number }).scale : 0, kb === 'DECIMAL' ? (b.type as { scale: number }).scale : 0)
      const t = decimalType(120, scale)
      return { a: conv(a, t), b: conv(b, t), direct: true }
    }
    return { a: a.ref, b: b.ref, direct: true }
  }
  // A string compared with a number or a temporal value is converted to the other side's type.
  if (isCharacter(ka) && !isCharacter(kb) && (isNumeric(kb) || isTemporal(kb) || kb === 'BOOLEAN')) {
    return coerceForComparison(g, { ...a, ref: conv(a, b.type), type: b.type }, b)
  }
  if (isCharacter(kb) && !isCharacter(ka) && (isNumeric(ka) || isTemporal(ka) || ka === 'BOOLEAN')) {
    return coerceForComparison(g, a, { ...b, ref: conv(b, a.type), type: a.type })
  }
  if (ka === 'DATE' && (kb === 'TIMESTAMP' || kb === 'TIMESTAMP_LTZ')) return { a: conv(a, b.type), b: b.ref, direct: true }
  if (kb === 'DATE' && (ka === 'TIMESTAMP' || ka === 'TIMESTAMP_LTZ')) return { a: a.ref, b: conv(b, a.type), direct: true }
  if (ka === 'TIMESTAMP' && kb === 'TIMESTAMP_LTZ') return { a: conv(a, b.type), b: b.ref, direct: true }
  if (ka === 'TIMESTAMP_LTZ' && kb === 'TIMESTAMP') return { a: a.ref, b: conv(b, a.type), direct: true }
  const direct = isPrimitive(ka) && isPrimitive(kb)
  return { a: a.ref, b: b.ref, direct }
}

function isTemporal(k: string): boolean {
  return k === 'DATE' || k === 'TIME' || k === 'TIMESTAMP' || k === 'TIMESTAMP_LTZ'
}

function isPrimitive(k: string): boolean {
  return (
    isNumeric(k as DataType['kind']) ||
    isCharacter(k as DataType['kind']) ||
    isTemporal(k) ||
    k === 'BOOLEAN' ||
    k === 'INTERVAL_DAY_TIME' ||
    k === 'INTERVAL_YEAR_MONTH' ||
    k === 'NULL'
  )
}

/** Boolean expression comparing two non-null operands. */
export function emitCompare(g: CodeGen, op: CompareOp, a: Operand, b: Operand): string {
  const c = coerceForComparison(g, a, b)
  if (c.direct) {
    // BIGINT values are canonical, but loose equality also tolerates a stray bigint for a safe value.
    const loose = a.type.kind === 'BIGINT' || b.type.kind === 'BIGINT'
    const jsOp = op === '=' ? (loose ? '==' : '===') : op === '<>' ? (loose ? '!=' : '!==') : op
    return `(${c.a} ${jsOp} ${c.b})`
  }
  if (op === '=') return `${g.helper(valuesEqual)}(${c.a}, ${c.b})`
  if (op === '<>') return `!${g.helper(valuesEqual)}(${c.a}, ${c.b})`
  return `(${g.helper(compareValues)}(${c.a}, ${c.b}) ${op} 0)`
}

/** Whether values of this type can go into a JS Set/Map as keys with SQL equality (IN-list fast path). */
export function hashableKind(t: DataType): boolean {
  return isIntegral(t.kind) || isCharacter(t.kind) || t.kind === 'BOOLEAN' || t.kind === 'DATE' || t.kind === 'TIME' || t.kind === 'DECIMAL'
}
