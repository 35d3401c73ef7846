/**
 * Flink's type rules: arithmetic result types, comparability, least restrictive (common) types, implicit casts
 * for INSERT, and the constructors the planner uses. Everything here is pure and works on DataType values.
 */
import { MAX_LENGTH, formatType, withNullable } from '../sql/data-type.js'
import type { DataType, DecimalType, TimestampType } from '../sql/data-type.js'

export const MAX_DECIMAL_PRECISION = 38

export const T = {
  boolean: (nullable = true): DataType => ({ kind: 'BOOLEAN', nullable }),
  tinyint: (nullable = true): DataType => ({ kind: 'TINYINT', nullable }),
  smallint: (nullable = true): DataType => ({ kind: 'SMALLINT', nullable }),
  int: (nullable = true): DataType => ({ kind: 'INT', nullable }),
  bigint: (nullable = true): DataType => ({ kind: 'BIGINT', nullable }),
  float: (nullable = true): DataType => ({ kind: 'FLOAT', nullable }),
  double: (nullable = true): DataType => ({ kind: 'DOUBLE', nullable }),
  date: (nullable = true): DataType => ({ kind: 'DATE', nullable }),
  null: (): DataType => ({ kind: 'NULL', nullable: true }),
  string: (nullable = true): DataType => ({ kind: 'VARCHAR', length: MAX_LENGTH, nullable }),
  varchar: (length: number, nullable = true): DataType => ({ kind: 'VARCHAR', length, nullable }),
  char: (length: number, nullable = true): DataType => ({ kind: 'CHAR', length, nullable }),
  bytes: (nullable = true): DataType => ({ kind: 'VARBINARY', length: MAX_LENGTH, nullable }),
  decimal: (precision: number, scale: number, nullable = true): DecimalType => ({ kind: 'DECIMAL', precision, scale, nullable }),
  time: (precision = 0, nullable = true): DataType => ({ kind: 'TIME', precision, nullable }),
  timestamp: (precision = 3, nullable = true): TimestampType => ({ kind: 'TIMESTAMP', precision, nullable }),
  timestampLtz: (precision = 3, nullable = true): TimestampType => ({ kind: 'TIMESTAMP_LTZ', precision, nullable }),
  intervalDayTime: (nullable = true): DataType => ({ kind: 'INTERVAL_DAY_TIME', nullable }),
  intervalYearMonth: (nullable = true): DataType => ({ kind: 'INTERVAL_YEAR_MONTH', nullable }),
  array: (element: DataType, nullable = true): DataType => ({ kind: 'ARRAY', element, nullable }),
  map: (key: DataType, value: DataType, nullable = true): DataType => ({ kind: 'MAP', key, value, nullable }),
}

const INTEGRAL_RANK: Record<string, number> = { TINYINT: 1, SMALLINT: 2, INT: 3, BIGINT: 4 }
const INTEGRAL_DIGITS: Record<string, number> = { TINYINT: 3, SMALLINT: 5, INT: 10, BIGINT: 19 }

export function isIntegral(t: DataType): boolean {
  return t.kind in INTEGRAL_RANK
}
export function isApproximate(t: DataType): boolean {
  return t.kind === 'FLOAT' || t.kind === 'DOUBLE'
}
export function isNumeric(t: DataType): boolean {
  return isIntegral(t) || isApproximate(t) || t.kind === 'DECIMAL'
}
export function isCharacterString(t: DataType): boolean {
  return t.kind === 'CHAR' || t.kind === 'VARCHAR'
}
export function isBinaryString(t: DataType): boolean {
  return t.kind === 'BINARY' || t.kind === 'VARBINARY'
}
export function isTimestamp(t: DataType): t is TimestampType {
  return t.kind === 'TIMESTAMP' || t.kind === 'TIMESTAMP_LTZ'
}
export function isDatetime(t: DataType): boolean {
  return isTimestamp(t) || t.kind === 'DATE' || t.kind === 'TIME'
}
export function isInterval(t: DataType): boolean {
  return t.kind === 'INTERVAL_DAY_TIME' || t.kind === 'INTERVAL_YEAR_MONTH'
}
export function isNullType(t: DataType): boolean {
  return t.kind === 'NULL'
}
export function isRowtime(t: DataType): boolean {
  return isTimestamp(t) && t.timeAttribute === 'ROWTIME'
}
export function isProctime(t: DataType): boolean {
  return isTimestamp(t) && t.timeAttribute === 'PROCTIME'
}
export function isTimeAttribute(t: DataType): boolean {
  return isTimestamp(t) && t.timeAttribute !== undefined
}

/** The type without a time attribute marker (what most expressions produce from a rowtime column). */
export function dropTimeAttribute(t: DataType): DataType {
  if (!isTimestamp(t) || t.timeAttribute === undefined) return t
  const { timeAttribute: _drop, ...rest } = t
  return rest
}

export function nullable(t: DataType, n = true): DataType {
  return withNullable(t, n)
}

/** DECIMAL view of an exact numeric (INT is DECIMAL(10, 0)). */
export function asDecimal(t: DataType): DecimalType {
  if (t.kind === 'DECIMAL') return t
  return T.decimal(INTEGRAL_DIGITS[t.kind] ?? 19, 0, t.nullable)
}

/** Flink's LogicalTypeMerging.adjustPrecisionScale: keep integer digits, give up scale (down to 6) past 38. */
export function adjustPrecisionScale(precision: number, scale: number, n: boolean): DecimalType {
  if (precision <= MAX_DECIMAL_PRECISION) return T.decimal(precision, scale, n)
  const intDigits = precision - scale
  const minScale = Math.min(scale, 6)
  const s = Math.max(MAX_DECIMAL_PRECISION - intDigits, minScale)
  return T.decimal(MAX_DECIMAL_PRECISION, s, n)
}

/** Result of + - * / % on numeric operands, or undefined when they are not both numeric. */
export function arithmeticType(op: '+' | '-' | '*' | '/' | '%', a: DataType, b: DataType): DataType | undefined {
  const n = a.nullable || b.nullable
  if (!isNumeric(a) || !isNumeric(b)) return undefined
  if (isApproximate(a) || isApproximate(b)) {
    if (a.kind === 'DOUBLE' || b.kind === 'DOUBLE' || a.kind === 'DECIMAL' || b.kind === 'DECIMAL') return T.double(n)
    return T.float(n)
  }
  if (isIntegral(a) && isIntegral(b)) {
    if (op === '%') return withNullable(b, n)
    return withNullable((INTEGRAL_RANK[a.kind] ?? 0) >= (INTEGRAL_RANK[b.kind] ?? 0) ? a : b, n)
  }
  const x = asDecimal(a)
  const y = asDecimal(b)
  switch (op) {
    case '+':
    case '-': {
      const scale = Math.max(x.scale, y.scale)
      const precision = Math.max(x.precision - x.scale, y.precision - y.scale) + scale + 1
      return adjustPrecisionScale(precision, scale, n)
    }
    case '*':
      return adjustPrecisionScale(x.precision + y.precision + 1, x.scale + y.scale, n)
    case '/': {
      const scale = Math.max(6, x.scale + y.precision + 1)
      const precision = x.precision - x.scale + y.scale + scale
      return adjustPrecisionScale(precision, scale, n)
    }
    case '%': {
      const scale = Math.max(x.scale, y.scale)
      const precision = Math.min(x.precision - x.scale, y.precision - y.scale) + scale
      return adjustPrecisionScale(precision, scale, n)
    }
  }
}

/** The common type of numerics (UNION, CASE, comparisons): widening, with Flink's decimal merge. */
function commonNumeric(a: DataType, b: DataType, n: boolean): DataType {
  if (a.kind === 'DOUBLE' || b.kind === 'DOUBLE') return T.double(n)
  if (a.kind === 'FLOAT' || b.kind === 'FLOAT') return a.kind === 'DECIMAL' || b.kind === 'DECIMAL' ? T.double(n) : T.float(n)
  if (isIntegral(a) && isIntegral(b)) return withNullable((INTEGRAL_RANK[a.kind] ?? 0) >= (INTEGRAL_RANK[b.kind] ?? 0) ? a : b, n)
  const x = asDecimal(a)
  const y = asDecimal(b)
  const scale = Math.max(x.scale, y.scale)
  const intDigits = Math.max(x.precision - x.scale, y.precision - y.scale)
  return adjustPrecisionScale(intDigits + scale, scale, n)
}

/**
 * The least restrictive type of several (CASE branches, COALESCE, UNION columns, IN lists, VALUES rows), or
 * undefined when they have none. NULL-typed operands only contribute nullability.
 */
export function leastRestrictive(types: readonly DataType[]): DataType | undefined {
  const n = types.some((t) => t.nullable)
  const real = types.filter((t) => t.kind !== 'NULL')
  if (real.length === 0) return T.null()
  let acc: DataType = dropTimeAttribute(real[0] as DataType)
  for (const raw of real.slice(1)) {
    const t = dropTimeAttribute(raw)
    const merged = commonOfTwo(acc, t)
    if (merged === undefined) return undefined
    acc = merged
  }
  return withNullable(acc, n)
}

function commonOfTwo(a: DataType, b: DataType): DataType | undefined {
  const n = a.nullable || b.nullable
  if (isNumeric(a) && isNumeric(b)) return commonNumeric(a, b, n)
  if (isCharacterString(a) && isCharacterString(b)) {
    const la = (a as { length: number }).length
    const lb = (b as { length: number }).length
    if (a.kind === 'CHAR' && b.kind === 'CHAR' && la === lb) return T.char(la, n)
    return T.varchar(Math.max(la, lb), n)
  }
  if (isBinaryString(a) && isBinaryString(b)) {
    const la = (a as { length: number }).length
    const lb = (b as { length: number }).length
    return { kind: a.kind === 'BINARY' && b.kind === 'BINARY' && la === lb ? 'BINARY' : 'VARBINARY', length: Math.max(la, lb), nullable: n }
  }
  if (isTimestamp(a) && isTimestamp(b)) {
    if (a.kind !== b.kind) return undefined
    return { kind: a.kind, precision: Math.max(a.precision, b.precision), nullable: n }
  }
  if (a.kind === 'TIME' && b.kind === 'TIME') return T.time(Math.max(a.precision, b.precision), n)
  if (a.kind === b.kind && (a.kind === 'BOOLEAN' || a.kind === 'DATE' || isInterval(a))) return withNullable(a, n)
  if (a.kind === 'ARRAY' && b.kind === 'ARRAY') {
    const e = commonOfTwo(a.element, b.element)
    return e === undefined ? undefined : T.array(e, n)
  }
  if (a.kind === 'MAP' && b.kind === 'MAP') {
    const k = commonOfTwo(a.key, b.key)
    const v = commonOfTwo(a.value, b.value)
    return k === undefined || v === undefined ? undefined : T.map(k, v, n)
  }
  if (a.kind === 'ROW' && b.kind === 'ROW' && a.fields.length === b.fields.length) {
    const fields = []
    for (let i = 0; i < a.fields.length; i++) {
      const fa = a.fields[i]!
      const fb = b.fields[i]!
      const ft = commonOfTwo(fa.type, fb.type)
      if (ft === undefined) return undefined
      fields.push({ name: fa.name, type: ft })
    }
    return { kind: 'ROW', fields, nullable: n }
  }
  return undefined
}

/**
 * How two operands of a comparison meet: 'same' family, or which side gets a CAST to the other's type
 * (a string compared with a DATE/TIMESTAMP/number is cast to it, as Flink's implicit coercion does).
 */
export type Comparability = { readonly kind: 'ok'; readonly castLeft?: DataType; readonly castRight?: DataType } | { readonly kind: 'incompatible' }

export function comparability(a: DataType, b: DataType): Comparability {
  if (a.kind === 'NULL' || b.kind === 'NULL') return { kind: 'ok' }
  if (isNumeric(a) && isNumeric(b)) return { kind: 'ok' }
  if (isCharacterString(a) && isCharacterString(b)) return { kind: 'ok' }
  if (isBinaryString(a) && isBinaryString(b)) return { kind: 'ok' }
  if (a.kind === 'BOOLEAN' && b.kind === 'BOOLEAN') return { kind: 'ok' }
  if (isTimestamp(a) && isTimestamp(b)) return { kind: 'ok' }
  if (a.kind === b.kind && (a.kind === 'DATE' || a.kind === 'TIME' || isInterval(a))) return { kind: 'ok' }
  if ((a.kind === 'DATE' && isTimestamp(b)) || (isTimestamp(a) && b.kind === 'DATE')) return { kind: 'ok' }
  if (isCharacterString(a) && (isDatetime(b) || isNumeric(b) || b.kind === 'BOOLEAN')) {
    return { kind: 'ok', castLeft: withNullable(dropTimeAttribute(b), a.nullable) }
  }
  if (isCharacterString(b) && (isDatetime(a) || isNumeric(a) || a.kind === 'BOOLEAN')) {
    return { kind: 'ok', castRight: withNullable(dropTimeAttribute(a), b.nullable) }
  }
  if (a.kind === b.kind && (a.kind === 'ARRAY' || a.kind === 'MAP' || a.kind === 'ROW' || a.kind === 'MULTISET')) {
    return leastRestrictive([a, b]) === undefined ? { kind: 'incompatible' } : { kind: 'ok' }
  }
  return { kind: 'incompatible' }
}

/** Whether a CAST from `from` to `to` is allowed at all (explicit CAST). */
export function canCast(from: DataType, to: DataType): boolean {
  if (from.kind === 'NULL') return true
  if (isCharacterString(from) || isCharacterString(to)) {
    // Strings cast to and from nearly everything; not to/from complex types except through dedicated functions.
    const other = isCharacterString(from) ? to : from
    return other.kind !== 'MAP' && other.kind !== 'MULTISET' || isCharacterString(other)
  }
  if (isNumeric(from) && (isNumeric(to) || to.kind === 'BOOLEAN')) return true
  if (from.kind === 'BOOLEAN' && (isNumeric(to) || to.kind === 'BOOLEAN')) return true
  if (isDatetime(from) && isDatetime(to)) return !(from.kind === 'TIME' && to.kind === 'DATE') && !(from.kind === 'DATE' && to.kind === 'TIME')
  if (isNumeric(from) && isTimestamp(to)) return true
  if (isTimestamp(from) && isNumeric(to)) return true
  if (isBinaryString(from) && isBinaryString(to)) return true
  if (isInterval(from) && (isInterval(to) || isNumeric(to))) return from.kind === to.kind || isNumeric(to)
  if (isNumeric(from) && isInterval(to)) return true
  if (from.kind === 'ARRAY' && to.kind === 'ARRAY') return canCast(from.element, to.element)
  if (from.kind === 'MAP' && to.kind === 'MAP') return canCast(from.key, to.key) && canCast(from.value, to.value)
  if (from.kind === 'ROW' && to.kind === 'ROW') {
    return from.fields.length === to.fields.length && from.fields.every((f, i) => canCast(f.type, to.fields[i]!.type))
  }
  return false
}

/**
 * Implicit casts allowed when inserting into a sink (or passing an argument): widening numerics, string to string,
 * binary to binary, timestamp precision changes, NULL to anything, and element-wise for collections.
 */
export function isAssignable(from: DataType, to: DataType): boolean {
  if (from.kind === 'NULL') return true
  if (isNumeric(from) && isNumeric(to)) return numericWidens(from, to)
  if (isCharacterString(from) && isCharacterString(to)) return true
  if (isBinaryString(from) && isBinaryString(to)) return true
  if (isTimestamp(from) && isTimestamp(to)) return from.kind === to.kind
  if (from.kind === 'TIME' && to.kind === 'TIME') return true
  if (from.kind === to.kind && (from.kind === 'BOOLEAN' || from.kind === 'DATE' || isInterval(from))) return true
  if ((from.kind === 'ARRAY' && to.kind === 'ARRAY') || (from.kind === 'MULTISET' && to.kind === 'MULTISET')) {
    return isAssignable(from.element, to.element)
  }
  if (from.kind === 'MAP' && to.kind === 'MAP') return isAssignable(from.key, to.key) && isAssignable(from.value, to.value)
  if (from.kind === 'ROW' && to.kind === 'ROW') {
    return from.fields.length === to.fields.length && from.fields.every((f, i) => isAssignable(f.type, to.fields[i]!.type))
  }
  return false
}

function numericWidens(from: DataType, to: DataType): boolean {
  if (from.kind === to.kind && from.kind !== 'DECIMAL') return true
  if (isIntegral(from)) {
    if (isIntegral(to)) return (INTEGRAL_RANK[from.kind] ?? 0) <= (INTEGRAL_RANK[to.kind] ?? 0)
    if (to.kind === 'DECIMAL') {
      const d = asDecimal(from)
      return to.precision - to.scale >= d.precision
    }
    return true
  }
  if (from.kind === 'DECIMAL') {
    // Flink lets DECIMAL go into a DECIMAL sink column of any precision (values are checked at runtime) and into
    // approximate types.
    return to.kind === 'DECIMAL' || isApproximate(to)
  }
  if (from.kind === 'FLOAT') return to.kind === 'DOUBLE' || to.kind === 'FLOAT'
  return to.kind === 'DOUBLE'
}

/** Types equal ignoring nullability and time attributes (so no CAST is needed between them). */
export function sameTypeIgnoringNull(a: DataType, b: DataType): boolean {
  return typeKey(withNullable(dropTimeAttribute(a), true)) === typeKey(withNullable(dropTimeAttribute(b), true))
}

function typeKey(t: DataType): string {
  return formatType(t)
}

export function typesEqual(a: DataType, b: DataType): boolean {
  return typeKey(a) === typeKey(b)
}
