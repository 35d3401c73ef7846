/**
 * Implicit casts between typed expressions: the common type of compared operands, and CASTs inserted (or folded
 * into literals) to reach a target type.
 */
import type { DataType } from '../sql/data-type.js'
import { withNullable } from '../sql/data-type.js'
import type { RexNode } from '../plan/rex.js'
import { call, literal } from '../plan/rex.js'
import { parseDate, parseTime, parseTimestamp } from './literals.js'
import {
  dropTimeAttribute,
  isCharacterString,
  isDatetime,
  isNumeric,
  isTimestamp,
  leastRestrictive,
  sameTypeIgnoringNull,
} from './type-inference.js'

/**
 * The type both sides of a comparison (or all members of an IN list) are cast to, or undefined when they cannot
 * be compared. Numerics widen; a string meets a date/time/number/boolean as that type; DATE meets TIMESTAMP as
 * the timestamp; TIMESTAMP meets TIMESTAMP_LTZ as TIMESTAMP_LTZ.
 */
export function commonComparisonType(types: readonly DataType[]): DataType | undefined {
  const real = types.filter((t) => t.kind !== 'NULL').map(dropTimeAttribute)
  if (real.length === 0) return withNullable(types[0] ?? { kind: 'NULL', nullable: true }, true)
  const nonString = real.filter((t) => !isCharacterString(t))
  if (nonString.length > 0 && nonString.length < real.length) {
    // Strings are cast to the other family (all non-string members must agree among themselves).
    const t = commonComparisonType(nonString)
    if (t === undefined) return undefined
    if (!(isDatetime(t) || isNumeric(t) || t.kind === 'BOOLEAN')) return undefined
    return t
  }
  const ts = real.filter(isTimestamp)
  if (ts.length > 0 && ts.length < real.length) {
    if (!real.every((t) => isTimestamp(t) || t.kind === 'DATE')) return undefined
  }
  if (ts.length > 0) {
    const ltz = ts.some((t) => t.kind === 'TIMESTAMP_LTZ')
    const precision = Math.max(...ts.map((t) => t.precision))
    return { kind: ltz ? 'TIMESTAMP_LTZ' : 'TIMESTAMP', precision, nullable: true }
  }
  return leastRestrictive(real)
}

/** `x` as `target` (nullability of x kept): x itself when no conversion is needed, a folded literal, or a CAST. */
export function coerce(x: RexNode, target: DataType): RexNode {
  if (target.kind === 'NULL') return x
  if (x.type.kind !== 'NULL' && sameTypeIgnoringNull(x.type, target)) return x
  return castRex(x, withNullable(dropTimeAttribute(target), x.type.nullable))
}

/** CAST(x AS type), folded when x is a literal whose conversion is exact and simple. */
export function castRex(x: RexNode, type: DataType): RexNode {
  if (x.kind === 'Literal') {
    const folded = foldCast(x.value, x.type, type)
    if (folded !== NOT_FOLDED) return literal(folded, type)
  }
  const keepsAttribute = isTimestamp(x.type) && x.type.timeAttribute !== undefined && !(isTimestamp(type) && type.timeAttribute !== undefined)
  if (x.type.kind !== 'NULL' && sameTypeIgnoringNull(x.type, type) && x.type.nullable === type.nullable && !keepsAttribute) return x
  return call('CAST', [x], type)
}

const NOT_FOLDED = Symbol('not folded')

function foldCast(v: unknown, from: DataType, to: DataType): unknown {
  if (v === null) return null
  if (isNumeric(from) && isNumeric(to)) {
    const asNumber = from.kind === 'DECIMAL' ? Number(v as bigint) / 10 ** from.scale : Number(v)
    switch (to.kind) {
      case 'TINYINT':
      case 'SMALLINT':
      case 'INT':
      case 'BIGINT':
        if (from.kind === 'DECIMAL' || from.kind === 'FLOAT' || from.kind === 'DOUBLE') return NOT_FOLDED
        return typeof v === 'bigint' && !Number.isSafeInteger(Number(v)) ? v : Number(v)
      case 'FLOAT':
      case 'DOUBLE':
        return asNumber
      case 'DECIMAL':
        if (from.kind === 'DECIMAL') {
          if (to.scale < from.scale) return NOT_FOLDED
          return (v as bigint) * 10n ** BigInt(to.scale - from.scale)
        }
        if (from.kind === 'FLOAT' || from.kind === 'DOUBLE') return NOT_FOLDED
        return BigInt(v as number | bigint) * 10n ** BigInt(to.scale)
      default:
        return NOT_FOLDED
    }
  }
  if (isCharacterString(from) && typeof v === 'string') {
    switch (to.kind) {
      case 'VARCHAR':
        return v.length <= to.length ? v : NOT_FOLDED
      case 'CHAR':
        return v.length === to.length ? v : NOT_FOLDED
      case 'DATE':
        return parseDate(v) ?? NOT_FOLDED
      case 'TIME':
        return parseTime(v)?.value ?? NOT_FOLDED
      case 'TIMESTAMP':
        return parseTimestamp(v)?.value ?? NOT_FOLDED
      default:
        return NOT_FOLDED
    }
  }
  if (from.kind === 'TIMESTAMP' && to.kind === 'TIMESTAMP') return v
  if (from.kind === 'DATE' && to.kind === 'TIMESTAMP' && typeof v === 'number') return v * 86400000
  if (from.kind === to.kind && (from.kind === 'BOOLEAN' || from.kind === 'DATE' || from.kind === 'INTERVAL_DAY_TIME' || from.kind === 'INTERVAL_YEAR_MONTH')) return v
  return NOT_FOLDED
}

const RANGES: Record<string, readonly [bigint, bigint]> = {
  TINYINT: [-128n, 127n],
  SMALLINT: [-32768n, 32767n],
  INT: [-2147483648n, 2147483647n],
  BIGINT: [-9223372036854775808n, 9223372036854775807n],
}

/** Whether a numeric literal converts to `t` without loss (so a comparison can cast the literal, not the column). */
export function literalFits(x: RexNode, t: DataType): boolean {
  if (x.kind !== 'Literal' || x.value === null || !isNumeric(x.type) || !isNumeric(t)) return false
  const from = x.type
  if (t.kind === 'FLOAT' || t.kind === 'DOUBLE') return true
  if (from.kind === 'FLOAT' || from.kind === 'DOUBLE') return false
  const scale = from.kind === 'DECIMAL' ? from.scale : 0
  const unscaled = BigInt(x.value as number | bigint)
  const range = RANGES[t.kind]
  if (range !== undefined) return scale === 0 && unscaled >= range[0] && unscaled <= range[1]
  if (t.kind !== 'DECIMAL' || scale > t.scale) return false
  const abs = unscaled < 0n ? -unscaled : unscaled
  const intDigits = Math.max(0, abs.toString().length - scale)
  return intDigits <= t.precision - t.scale
}
