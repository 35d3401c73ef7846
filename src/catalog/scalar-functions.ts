/**
 * Built-in scalar functions: operand checks and return type inference, following Flink's return types.
 * The RexCall operand layouts of the calls with special syntax are documented in functions.ts.
 */
import type { DataType } from '../sql/data-type.js'
import { MAX_LENGTH, formatType, withNullable } from '../sql/data-type.js'
import {
  T,
  adjustPrecisionScale,
  arithmeticType,
  comparability,
  dropTimeAttribute,
  isApproximate,
  isBinaryString,
  isCharacterString,
  isDatetime,
  isIntegral,
  isInterval,
  isNumeric,
  isTimestamp,
  leastRestrictive,
} from './type-inference.js'

/** Inference input: operand types and, for literal operands, their runtime values. */
export interface CallOperands {
  readonly types: readonly DataType[]
  readonly literals: readonly unknown[]
}

/** A result type, or a message saying why the operands do not fit (the binder turns it into PLAN_TYPE_MISMATCH). */
export type Inference = DataType | string

export interface ScalarFunctionDef {
  readonly name: string
  readonly kind: 'scalar'
  readonly minArgs: number
  readonly maxArgs: number
  /** False for functions whose value changes per call or per row (RAND, NOW, PROCTIME): never constant-folded. */
  readonly deterministic: boolean
  readonly infer: (ops: CallOperands) => Inference
}

const anyNullable = (ts: readonly DataType[]): boolean => ts.some((t) => t.nullable)
const fmt = (ts: readonly DataType[]): string => ts.map((t) => formatType(dropTimeAttribute(t))).join(', ')
const mismatch = (name: string, ts: readonly DataType[]): string => `cannot apply '${name}' to arguments of type ${name}(${fmt(ts)})`

type Check = (t: DataType) => boolean
const isStr: Check = (t) => isCharacterString(t) || t.kind === 'NULL'
const isNum: Check = (t) => isNumeric(t) || t.kind === 'NULL'
const isInt: Check = (t) => isIntegral(t) || t.kind === 'NULL'
const isBool: Check = (t) => t.kind === 'BOOLEAN' || t.kind === 'NULL'
const isTemporalOrStr: Check = (t) => isDatetime(t) || isStr(t)
const anyType: Check = () => true

function def(
  name: string,
  min: number,
  max: number,
  checks: readonly Check[] | null,
  result: (ops: CallOperands) => Inference,
  deterministic = true,
): ScalarFunctionDef {
  return {
    name,
    kind: 'scalar',
    minArgs: min,
    maxArgs: max,
    deterministic,
    infer: (ops) => {
      if (checks !== null) {
        for (let i = 0; i < ops.types.length; i++) {
          const check = checks[Math.min(i, checks.length - 1)]
          if (check !== undefined && !check(ops.types[i] as DataType)) return mismatch(name, ops.types)
        }
      }
      return result(ops)
    },
  }
}

const str = (n: boolean): DataType => T.string(n)
const varyingOf = (t: DataType | undefined, n: boolean): DataType =>
  t !== undefined && isCharacterString(t) ? T.varchar((t as { length: number }).length, n) : T.string(n)

function roundType(t: DataType, digits: number, n: boolean): DataType {
  if (t.kind !== 'DECIMAL') return withNullable(dropTimeAttribute(t), n)
  if (digits >= t.scale) return withNullable(t, n)
  if (digits < 0) return adjustPrecisionScale(Math.min(38, 1 + t.precision - t.scale), 0, n)
  return adjustPrecisionScale(1 + t.precision - t.scale + digits, digits, n)
}

function floorCeil(name: string): ScalarFunctionDef {
  return def(name, 1, 2, null, ({ types }) => {
    const t = types[0] as DataType
    const n = t.nullable
    if (types.length === 2) {
      if (!isDatetime(t)) return mismatch(name, types)
      return withNullable(dropTimeAttribute(t), n)
    }
    if (isIntegral(t) || isApproximate(t)) return withNullable(t, n)
    if (t.kind === 'DECIMAL') return roundType(t, 0, n)
    if (t.kind === 'NULL') return T.double()
    return mismatch(name, types)
  })
}

const doubleFn = (name: string, arity = 1): ScalarFunctionDef =>
  def(name, arity, arity, [isNum], ({ types }) => T.double(anyNullable(types)))

const toBigint = (name: string): ScalarFunctionDef =>
  def(name, 1, 1, [(t) => isDatetime(t) || t.kind === 'NULL'], ({ types }) => T.bigint(anyNullable(types)))

function concatType(types: readonly DataType[]): DataType {
  let len = 0
  for (const t of types) len += isCharacterString(t) ? (t as { length: number }).length : MAX_LENGTH
  return T.varchar(Math.min(len, MAX_LENGTH), anyNullable(types))
}

const SCALARS: readonly ScalarFunctionDef[] = [
  // Arithmetic (the binder handles interval and date arithmetic on '+' and '-' before consulting these).
  ...(['+', '-', '*', '/', '%'] as const).map((op) =>
    def(op, 2, 2, null, ({ types }) => arithmeticType(op, types[0] as DataType, types[1] as DataType) ?? mismatch(op, types)),
  ),
  def('MOD', 2, 2, [isNum], ({ types }) => arithmeticType('%', types[0] as DataType, types[1] as DataType) ?? mismatch('MOD', types)),
  def('NEGATE', 1, 1, [(t) => isNum(t) || isInterval(t)], ({ types }) => dropTimeAttribute(types[0] as DataType)),
  def('ABS', 1, 1, [(t) => isNum(t) || isInterval(t)], ({ types }) => types[0] as DataType),
  def('SIGN', 1, 1, [isNum], ({ types }) => types[0] as DataType),
  floorCeil('FLOOR'),
  floorCeil('CEIL'),
  def('ROUND', 1, 2, [isNum, isInt], ({ types, literals }) => {
    const digits = typeof literals[1] === 'number' ? literals[1] : 0
    return roundType(types[0] as DataType, digits, anyNullable(types))
  }),
  def('TRUNCATE', 1, 2, [isNum, isInt], ({ types, literals }) => {
    const digits = typeof literals[1] === 'number' ? literals[1] : 0
    return roundType(types[0] as DataType, digits, anyNullable(types))
  }),
  doubleFn('POWER', 2),
  doubleFn('SQRT'),
  doubleFn('LN'),
  doubleFn('LOG10'),
  doubleFn('LOG2'),
  def('LOG', 1, 2, [isNum], ({ types }) => T.double(anyNullable(types))),
  doubleFn('EXP'),
  doubleFn('SIN'),
  doubleFn('COS'),
  doubleFn('TAN'),
  doubleFn('ASIN'),
  doubleFn('ACOS'),
  doubleFn('ATAN'),
  doubleFn('ATAN2', 2),
  doubleFn('DEGREES'),
  doubleFn('RADIANS'),
  def('PI', 0, 0, [], () => T.double(false)),
  def('E', 0, 0, [], () => T.double(false)),
  def('RAND', 0, 1, [isInt], () => T.double(false), false),
  def('RAND_INTEGER', 1, 2, [isInt], ({ types }) => T.int(types[types.length - 1]!.nullable), false),
  def('UUID', 0, 0, [], () => T.char(36, false), false),
  // Comparison and logic (comparability is checked by the binder; these give the BOOLEAN result).
  ...(['=', '<>', '<', '<=', '>', '>='] as const).map((op) =>
    def(op, 2, 2, null, ({ types }) =>
      comparability(types[0] as DataType, types[1] as DataType).kind === 'ok'
        ? T.boolean(anyNullable(types))
        : `cannot compare ${fmt([types[0] as DataType])} with ${fmt([types[1] as DataType])} using '${op}'`,
    ),
  ),
  def('IS DISTINCT FROM', 2, 2, null, () => T.boolean(false)),
  def('IS NOT DISTINCT FROM', 2, 2, null, () => T.boolean(false)),
  def('AND', 2, Infinity, [isBool], ({ types }) => T.boolean(anyNullable(types))),
  def('OR', 2, Infinity, [isBool], ({ types }) => T.boolean(anyNullable(types))),
  def('NOT', 1, 1, [isBool], ({ types }) => T.boolean(anyNullable(types))),
  ...['IS NULL', 'IS NOT NULL'].map((op) => def(op, 1, 1, null, () => T.boolean(false))),
  ...['IS TRUE', 'IS NOT TRUE', 'IS FALSE', 'IS NOT FALSE'].map((op) => def(op, 1, 1, [isBool], () => T.boolean(false))),
  def('LIKE', 2, 3, [isStr], ({ types }) => T.boolean(anyNullable(types))),
  def('SIMILAR TO', 2, 3, [isStr], ({ types }) => T.boolean(anyNullable(types))),
  def('IN', 2, Infinity, null, ({ types }) => T.boolean(anyNullable(types))),
  def('CASE', 1, Infinity, null, ({ types }) => leastRestrictive(types) ?? mismatch('CASE', types)),
  def('CAST', 1, 1, null, ({ types }) => types[0] as DataType),
  def('TRY_CAST', 1, 1, null, ({ types }) => types[0] as DataType),
  def('COALESCE', 1, Infinity, null, ({ types }) => {
    const t = leastRestrictive(types)
    if (t === undefined) return mismatch('COALESCE', types)
    return withNullable(t, types.every((x) => x.nullable))
  }),
  def('IF', 3, 3, [isBool, anyType], ({ types }) => leastRestrictive(types.slice(1)) ?? mismatch('IF', types)),
  def('NULLIF', 2, 2, null, ({ types }) =>
    comparability(types[0] as DataType, types[1] as DataType).kind === 'ok' ? withNullable(dropTimeAttribute(types[0] as DataType), true) : mismatch('NULLIF', types),
  ),
  def('IFNULL', 2, 2, null, ({ types }) => {
    const t = leastRestrictive(types)
    if (t === undefined) return mismatch('IFNULL', types)
    return withNullable(t, types.every((x) => x.nullable))
  }),
  def('GREATEST', 1, Infinity, null, ({ types }) => leastRestrictive(types) ?? mismatch('GREATEST', types)),
  def('LEAST', 1, Infinity, null, ({ types }) => leastRestrictive(types) ?? mismatch('LEAST', types)),
  // Strings
  def('||', 2, 2, [isStr], ({ types }) => {
    const [a, b] = types as [DataType, DataType]
    const la = isCharacterString(a) ? (a as { length: number }).length : 0
    const lb = isCharacterString(b) ? (b as { length: number }).length : 0
    const n = anyNullable(types)
    return a.kind === 'CHAR' && b.kind === 'CHAR' ? T.char(la + lb, n) : T.varchar(Math.min(MAX_LENGTH, la + lb), n)
  }),
  def('CONCAT', 1, Infinity, [isStr], ({ types }) => concatType(types)),
  def('CONCAT_WS', 2, Infinity, [isStr], ({ types }) => T.string(types[0]!.nullable)),
  def('SUBSTRING', 2, 3, [isStr, isInt], ({ types }) => varyingOf(types[0], anyNullable(types))),
  def('SUBSTR', 2, 3, [isStr, isInt], ({ types }) => varyingOf(types[0], anyNullable(types))),
  def('UPPER', 1, 1, [isStr], ({ types }) => types[0] as DataType),
  def('LOWER', 1, 1, [isStr], ({ types }) => types[0] as DataType),
  def('INITCAP', 1, 1, [isStr], ({ types }) => types[0] as DataType),
  def('TRIM', 3, 3, [isStr], ({ types }) => varyingOf(types[2], anyNullable(types))),
  def('LTRIM', 1, 2, [isStr], ({ types }) => varyingOf(types[0], anyNullable(types))),
  def('RTRIM', 1, 2, [isStr], ({ types }) => varyingOf(types[0], anyNullable(types))),
  def('BTRIM', 1, 2, [isStr], ({ types }) => varyingOf(types[0], anyNullable(types))),
  def('REPLACE', 3, 3, [isStr], ({ types }) => str(anyNullable(types))),
  def('REPEAT', 2, 2, [isStr, isInt], ({ types }) => str(anyNullable(types))),
  def('SPLIT_INDEX', 3, 3, [isStr, isStr, isInt], () => str(true)),
  def('REGEXP_EXTRACT', 2, 3, [isStr, isStr, isInt], () => str(true)),
  def('REGEXP_REPLACE', 3, 3, [isStr], ({ types }) => str(anyNullable(types))),
  def('REGEXP', 2, 2, [isStr], ({ types }) => T.boolean(anyNullable(types))),
  def('CHAR_LENGTH', 1, 1, [isStr], ({ types }) => T.int(anyNullable(types))),
  def('CHARACTER_LENGTH', 1, 1, [isStr], ({ types }) => T.int(anyNullable(types))),
  def('LENGTH', 1, 1, [isStr], ({ types }) => T.int(anyNullable(types))),
  def('LPAD', 3, 3, [isStr, isInt, isStr], ({ types }) => str(anyNullable(types))),
  def('RPAD', 3, 3, [isStr, isInt, isStr], ({ types }) => str(anyNullable(types))),
  def('POSITION', 2, 2, [isStr], ({ types }) => T.int(anyNullable(types))),
  def('LOCATE', 2, 3, [isStr, isStr, isInt], ({ types }) => T.int(anyNullable(types))),
  def('INSTR', 2, 2, [isStr], ({ types }) => T.int(anyNullable(types))),
  def('REVERSE', 1, 1, [isStr], ({ types }) => varyingOf(types[0], anyNullable(types))),
  def('LEFT', 2, 2, [isStr, isInt], ({ types }) => varyingOf(types[0], anyNullable(types))),
  def('RIGHT', 2, 2, [isStr, isInt], ({ types }) => varyingOf(types[0], anyNullable(types))),
  def('ASCII', 1, 1, [isStr], ({ types }) => T.int(anyNullable(types))),
  def('CHR', 1, 1, [isInt], ({ types }) => T.char(1, anyNullable(types))),
  def('HASH_CODE', 1, 1, null, ({ types }) => T.int(anyNullable(types))),
  def('MD5', 1, 1, [(t) => isStr(t) || isBinaryString(t)], ({ types }) => T.char(32, anyNullable(types))),
  def('SHA1', 1, 1, [(t) => isStr(t) || isBinaryString(t)], ({ types }) => T.char(40, anyNullable(types))),
  def('SHA256', 1, 1, [(t) => isStr(t) || isBinaryString(t)], ({ types }) => T.char(64, anyNullable(types))),
  def('TO_BASE64', 1, 1, [(t) => isStr(t) || isBinaryString(t)], ({ types }) => str(anyNullable(types))),
  def('FROM_BASE64', 1, 1, [isStr], ({ types }) => T.bytes(anyNullable(types))),
  def('STR_TO_MAP', 1, 3, [isStr], ({ types }) => T.map(T.string(), T.string(), anyNullable(types))),
  // Date and time
  def('DATE_FORMAT', 2, 2, [isTemporalOrStr, isStr], ({ types }) => str(anyNullable(types))),
  def('TO_TIMESTAMP', 1, 2, [isStr], () => T.timestamp(3, true)),
  def('TO_TIMESTAMP_LTZ', 1, 2, [(t) => isNum(t) || isStr(t), (t) => isInt(t) || isStr(t)], () => T.timestampLtz(3, true)),
  def('TO_DATE', 1, 2, [isStr], () => T.date(true)),
  def('FROM_UNIXTIME', 1, 2, [isInt, isStr], ({ types }) => str(anyNullable(types))),
  def('UNIX_TIMESTAMP', 0, 2, [isStr], ({ types }) => T.bigint(anyNullable(types)), false),
  def('CONVERT_TZ', 3, 3, [isStr], ({ types }) => str(anyNullable(types))),
  def('EXTRACT', 2, 2, [isStr, (t) => isDatetime(t) || isInterval(t) || t.kind === 'NULL'], ({ types }) => T.bigint(anyNullable(types))),
  ...['YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAYOFYEAR', 'DAYOFMONTH', 'DAYOFWEEK', 'HOUR', 'MINUTE', 'SECOND'].map(toBigint),
  def('CURRENT_TIMESTAMP', 0, 0, [], () => T.timestampLtz(3, false), false),
  def('NOW', 0, 0, [], () => T.timestampLtz(3, false), false),
  def('CURRENT_ROW_TIMESTAMP', 0, 0, [], () => T.timestampLtz(3, false), false),
  def('LOCALTIMESTAMP', 0, 0, [], () => T.timestamp(3, false), false),
  def('CURRENT_DATE', 0, 0, [], () => T.date(false), false),
  def('CURRENT_TIME', 0, 0, [], () => T.time(0, false), false),
  def('LOCALTIME', 0, 0, [], () => T.time(0, false), false),
  def('PROCTIME', 0, 0, [], () => ({ ...T.timestampLtz(3, false), timeAttribute: 'PROCTIME' }), false),
  def('TIMESTAMPADD', 3, 3, [isStr, isInt, (t) => isDatetime(t) || t.kind === 'NULL'], ({ types }) =>
    withNullable(dropTimeAttribute(types[2] as DataType), anyNullable(types)),
  ),
  def('TIMESTAMPDIFF', 3, 3, [isStr, (t) => isDatetime(t) || t.kind === 'NULL'], ({ types }) => T.int(anyNullable(types))),
  // JSON
  def('JSON_VALUE', 3, 5, null, ({ types }) => types[0] as DataType),
  def('JSON_EXISTS', 2, 2, [isStr], ({ types }) => T.boolean(anyNullable(types))),
  def('JSON_QUERY', 2, 2, [isStr], () => str(true)),
  def('IS JSON', 1, 1, [isStr], () => T.boolean(false)),
  // Collections and rows
  def('CARDINALITY', 1, 1, [(t) => t.kind === 'ARRAY' || t.kind === 'MAP' || t.kind === 'MULTISET'], ({ types }) => T.int(anyNullable(types))),
  def('ELEMENT', 1, 1, [(t) => t.kind === 'ARRAY'], ({ types }) => {
    const a = types[0] as DataType
    return a.kind === 'ARRAY' ? withNullable(a.element, true) : mismatch('ELEMENT', types)
  }),
  def('ITEM', 2, 2, null, ({ types }) => {
    const [c, k] = types as [DataType, DataType]
    if (c.kind === 'ARRAY' && isInt(k)) return withNullable(c.element, true)
    if (c.kind === 'MAP' && comparability(c.key, k).kind === 'ok') return withNullable(c.value, true)
    return mismatch('ITEM', types)
  }),
  def('ROW', 1, Infinity, null, ({ types }) => ({ kind: 'ROW', fields: types.map((t, i) => ({ name: `EXPR$${i}`, type: dropTimeAttribute(t) })), nullable: false })),
  def('ARRAY', 1, Infinity, null, ({ types }) => {
    const e = leastRestrictive(types)
    return e === undefined ? mismatch('ARRAY', types) : T.array(e, false)
  }),
  def('MAP', 2, Infinity, null, ({ types }) => {
    if (types.length % 2 !== 0) return 'MAP requires an even number of arguments (key, value, ...)'
    const k = leastRestrictive(types.filter((_, i) => i % 2 === 0))
    const v = leastRestrictive(types.filter((_, i) => i % 2 === 1))
    return k === undefined || v === undefined ? mismatch('MAP', types) : T.map(k, v, false)
  }),
  def('TYPEOF', 1, 2, null, () => T.string(false)),
]

export const SCALAR_FUNCTIONS: ReadonlyMap<string, ScalarFunctionDef> = new Map(SCALARS.map((f) => [f.name, f]))

/** Whether `t` is usable where a timestamp is required (for the window helpers and TVFs). */
export function isTimestampLike(t: DataType): boolean {
  return isTimestamp(t)
}
