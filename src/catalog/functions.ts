/**
 * The function registry: every built-in with its kind, arity and return type inference.
 *
 * RexCall operand layouts (the runtime, src/runtime/expr, implements exactly these under the same op names):
 *   '+' '-'          numeric + numeric; also TIMESTAMP/DATE/TIME +|- INTERVAL (result: the datetime's type),
 *                    INTERVAL + INTERVAL, and INTERVAL + datetime for '+'. Operands keep their own types; the result
 *                    type says what to produce. DATE + INTERVAL_DAY_TIME is a DATE (whole days are added).
 *   '*' '/'          numeric, or INTERVAL * numeric / INTERVAL / numeric (result INTERVAL).
 *   '%' / 'MOD'      numeric % numeric.
 *   'NEGATE'         unary minus.
 *   '=' '<>' '<' '<=' '>' '>='   two operands of comparable types (the planner inserts CASTs where a string literal
 *                    meets a date/time/number, so operands are always of one family).
 *   'AND' 'OR'       two or more BOOLEAN operands, SQL three-valued logic.
 *   'IS NULL' 'IS NOT NULL' 'IS TRUE' 'IS NOT TRUE' 'IS FALSE' 'IS NOT FALSE'   one operand.
 *   'IS DISTINCT FROM' 'IS NOT DISTINCT FROM'   two operands.
 *   'LIKE' 'SIMILAR TO'  (value, pattern[, escape]); NOT LIKE is NOT(LIKE(...)).
 *   'IN'             (operand, v1, v2, ...): the operand first, then the list; NOT IN is NOT(IN(...)).
 *   'CASE'           [when1, then1, when2, then2, ..., else] (else is always present: NULL literal if omitted).
 *   'CAST' 'TRY_CAST'  one operand; the target is the call's type.
 *   'COALESCE' 'IF' 'NULLIF' 'IFNULL' 'GREATEST' 'LEAST'  as written.
 *   'EXTRACT'        (unit STRING literal: YEAR|QUARTER|MONTH|WEEK|DAY|HOUR|MINUTE|SECOND|MILLISECOND|
 *                    MICROSECOND|NANOSECOND|DOW|DOY|EPOCH, value).
 *   'FLOOR' 'CEIL'   (value) for numerics; (value, unit STRING literal) for FLOOR(ts TO HOUR).
 *   'TRIM'           (side STRING literal 'BOTH'|'LEADING'|'TRAILING', chars, value); chars defaults to ' '.
 *   'SUBSTRING'      (value, start[, length]); POSITION(a IN b) is ('POSITION', a, b).
 *   'TIMESTAMPADD'   (unit STRING literal, count, datetime); 'TIMESTAMPDIFF' (unit STRING literal, a, b): b - a.
 *   'JSON_VALUE'     (input, path, onEmpty STRING literal 'NULL'|'ERROR'|'DEFAULT', onEmptyDefault,
 *                    onError STRING literal 'NULL'|'ERROR'|'DEFAULT', onErrorDefault): always six operands; the
 *                    default operands are NULL literals unless the behaviour is DEFAULT; the result type is the
 *                    RETURNING type (STRING by default), nullable.
 *   'ITEM'           (array, 1-based index) or (map, key).
 *   'ROW' 'ARRAY'    the elements; 'MAP' (k1, v1, k2, v2, ...).
 *   '||'             two strings; 'CONCAT' any number (NULL if any is NULL); 'CONCAT_WS' (sep, s1, ...).
 *   'PROCTIME'       no operands; the current processing time as TIMESTAMP_LTZ(3).
 */
import type { DataType } from '../sql/data-type.js'
import { formatType, withNullable } from '../sql/data-type.js'
import type { CallOperands, Inference, ScalarFunctionDef } from './scalar-functions.js'
import { SCALAR_FUNCTIONS } from './scalar-functions.js'
import { T, adjustPrecisionScale, dropTimeAttribute, isApproximate, isIntegral, isNumeric } from './type-inference.js'

export type { CallOperands, Inference, ScalarFunctionDef } from './scalar-functions.js'

export type FunctionKind = 'scalar' | 'aggregate' | 'window-helper' | 'table'

export interface AggregateFunctionDef {
  readonly name: string
  readonly kind: 'aggregate'
  readonly minArgs: number
  readonly maxArgs: number
  /** Ranking functions (ROW_NUMBER, RANK, DENSE_RANK) and LAG/LEAD are only valid with OVER. */
  readonly overOnly: boolean
  readonly infer: (ops: CallOperands) => Inference
}

/** Legacy group window functions (GROUP BY TUMBLE(ts, size)) and their auxiliaries (TUMBLE_START(ts, size)). */
export interface WindowHelperDef {
  readonly name: string
  readonly kind: 'window-helper'
  readonly window: 'TUMBLE' | 'HOP' | 'SESSION'
  /** null for the grouping function itself; otherwise the window property it reads. */
  readonly property: 'start' | 'end' | 'rowtime' | 'proctime' | null
  readonly minArgs: number
  readonly maxArgs: number
}

export interface TableFunctionDef {
  readonly name: 'TUMBLE' | 'HOP' | 'CUMULATE' | 'SESSION'
  readonly kind: 'table'
  /** Parameter names in positional order (named arguments use these, case-insensitively). */
  readonly params: readonly string[]
  readonly required: number
}

export type FunctionDef = ScalarFunctionDef | AggregateFunctionDef | WindowHelperDef

const any = (ts: readonly DataType[]): boolean => ts.some((t) => t.nullable)

function agg(name: string, min: number, max: number, infer: (ops: CallOperands) => Inference, overOnly = false): AggregateFunctionDef {
  return { name, kind: 'aggregate', minArgs: min, maxArgs: max, overOnly, infer }
}

const numericArg = (name: string, f: (t: DataType) => DataType) => (ops: CallOperands): Inference => {
  const t = ops.types[0] as DataType
  if (t.kind === 'NULL') return f(T.int())
  if (!isNumeric(t)) return `cannot apply '${name}' to arguments of type ${name}(${formatType(dropTimeAttribute(t))})`
  return f(t)
}

function sumType(t: DataType, n: boolean): DataType {
  if (t.kind === 'DECIMAL') return T.decimal(38, t.scale, n)
  return withNullable(t, n)
}

function avgType(t: DataType): DataType {
  if (isIntegral(t)) return withNullable(t, true)
  if (t.kind === 'DECIMAL') return adjustPrecisionScale(38, Math.max(6, t.scale), true)
  if (isApproximate(t)) return T.double()
  return withNullable(t, true)
}

const sameNullable = (ops: CallOperands): Inference => withNullable(dropTimeAttribute(ops.types[0] as DataType), true)

const AGGREGATES: readonly AggregateFunctionDef[] = [
  agg('COUNT', 0, Infinity, () => T.bigint(false)),
  agg('SUM', 1, 1, numericArg('SUM', (t) => sumType(t, true))),
  agg('SUM0', 1, 1, numericArg('SUM0', (t) => sumType(t, false))),
  agg('$SUM0', 1, 1, numericArg('SUM0', (t) => sumType(t, false))),
  agg('MIN', 1, 1, sameNullable),
  agg('MAX', 1, 1, sameNullable),
  agg('AVG', 1, 1, numericArg('AVG', avgType)),
  agg('FIRST_VALUE', 1, 1, sameNullable),
  agg('LAST_VALUE', 1, 1, sameNullable),
  agg('LISTAGG', 1, 2, (ops) => T.string(true)),
  agg('COLLECT', 1, 1, (ops) => ({ kind: 'MULTISET', element: dropTimeAttribute(ops.types[0] as DataType), nullable: false })),
  ...['STDDEV_POP', 'STDDEV_SAMP', 'VAR_POP', 'VAR_SAMP', 'STDDEV', 'VARIANCE'].map((n) => agg(n, 1, 1, numericArg(n, avgType))),
  agg('BOOL_AND', 1, 1, () => T.boolean(true)),
  agg('BOOL_OR', 1, 1, () => T.boolean(true)),
  agg('ROW_NUMBER', 0, 0, () => T.bigint(false), true),
  agg('RANK', 0, 0, () => T.bigint(false), true),
  agg('DENSE_RANK', 0, 0, () => T.bigint(false), true),
  agg('LAG', 1, 3, (ops) => withNullable(dropTimeAttribute(ops.types[0] as DataType), true), true),
  agg('LEAD', 1, 3, (ops) => withNullable(dropTimeAttribute(ops.types[0] as DataType), true), true),
]

/** Aggregates the runtime accumulates (src/operators/aggregates); others are planned as PLAN_UNSUPPORTED. */
export const RUNTIME_AGGREGATES: readonly string[] = [
  'COUNT', 'SUM', 'SUM0', 'MIN', 'MAX', 'AVG', 'FIRST_VALUE', 'LAST_VALUE', 'LISTAGG', 'COLLECT',
  'STDDEV_POP', 'STDDEV_SAMP', 'VAR_POP', 'VAR_SAMP', 'BOOL_AND', 'BOOL_OR',
]

function helper(window: WindowHelperDef['window'], property: WindowHelperDef['property']): WindowHelperDef {
  const name = property === null ? window : `${window}_${property.toUpperCase()}`
  const args = window === 'HOP' ? 3 : 2
  return { name, kind: 'window-helper', window, property, minArgs: args, maxArgs: window === 'SESSION' ? 2 : args + 1 }
}

const HELPERS: readonly WindowHelperDef[] = (['TUMBLE', 'HOP', 'SESSION'] as const).flatMap((w) =>
  ([null, 'start', 'end', 'rowtime', 'proctime'] as const).map((p) => helper(w, p)),
)

const TABLE_FUNCTIONS: readonly TableFunctionDef[] = [
  { name: 'TUMBLE', kind: 'table', params: ['DATA', 'TIMECOL', 'SIZE', 'OFFSET'], required: 3 },
  { name: 'HOP', kind: 'table', params: ['DATA', 'TIMECOL', 'SLIDE', 'SIZE', 'OFFSET'], required: 4 },
  { name: 'CUMULATE', kind: 'table', params: ['DATA', 'TIMECOL', 'STEP', 'SIZE', 'OFFSET'], required: 4 },
  { name: 'SESSION', kind: 'table', params: ['DATA', 'TIMECOL', 'GAP'], required: 3 },
]

const AGG_MAP = new Map(AGGREGATES.map((f) => [f.name, f]))
const HELPER_MAP = new Map(HELPERS.map((f) => [f.name, f]))
const TABLE_MAP = new Map(TABLE_FUNCTIONS.map((f) => [f.name, f]))

/** Aliases: other spellings of the same built-in. */
const ALIASES: Readonly<Record<string, string>> = {
  CEILING: 'CEIL',
  CHARACTER_LENGTH: 'CHAR_LENGTH',
  LENGTH: 'CHAR_LENGTH',
  SUBSTR: 'SUBSTRING',
  POW: 'POWER',
  DAY: 'DAYOFMONTH',
  STDDEV: 'STDDEV_SAMP',
  VARIANCE: 'VAR_SAMP',
}

/** The canonical registry name of a function as written (upper-cased, aliases resolved). */
export function canonicalName(written: string): string {
  const up = written.toUpperCase()
  return ALIASES[up] ?? up
}

/** A scalar, aggregate or window-helper function by (case-insensitive) name. */
export function lookupFunction(name: string): FunctionDef | undefined {
  const n = canonicalName(name)
  return HELPER_MAP.get(n) ?? AGG_MAP.get(n) ?? SCALAR_FUNCTIONS.get(n)
}

export function lookupScalar(name: string): ScalarFunctionDef | undefined {
  return SCALAR_FUNCTIONS.get(canonicalName(name))
}

export function lookupAggregate(name: string): AggregateFunctionDef | undefined {
  return AGG_MAP.get(canonicalName(name))
}

export function lookupTableFunction(name: string): TableFunctionDef | undefined {
  return TABLE_MAP.get(name.toUpperCase() as TableFunctionDef['name'])
}

/** Names a user may call (for 'did you mean' and SHOW FUNCTIONS); operators spelled with symbols are left out. */
export function userFunctionNames(): string[] {
  const names = new Set<string>()
  for (const n of [...SCALAR_FUNCTIONS.keys(), ...AGG_MAP.keys(), ...HELPER_MAP.keys(), ...Object.keys(ALIASES)]) {
    if (/^[A-Z_][A-Z0-9_]*$/.test(n) && !n.startsWith('$')) names.add(n)
  }
  return [...names].sort()
}

/**
 * Every op name a RexCall may carry: the runtime's expression compiler implements each of them.
 * (Aliases are resolved by the planner, so only canonical names appear.)
 */
export const SCALAR_FUNCTION_NAMES: readonly string[] = [...SCALAR_FUNCTIONS.keys()].filter((n) => !(n in ALIASES)).sort()
