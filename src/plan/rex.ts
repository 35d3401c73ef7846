/**
 * Typed, resolved expressions ("rex"), the form the planner hands to the runtime. Plain data (structured-clone
 * safe), so a physical plan can be sent to worker threads and compiled there to JavaScript functions.
 *
 * Runtime value representation (the one contract every operator, function, format and connector follows):
 *   BOOLEAN                      boolean
 *   TINYINT SMALLINT INT         number (integral)
 *   BIGINT                       number when Number.isSafeInteger, otherwise bigint (canonical: never a bigint
 *                                that would fit a safe number). Arithmetic wraps at 64 bits as in Java.
 *   FLOAT DOUBLE                 number
 *   DECIMAL(p, s)                bigint holding the unscaled value (12.34 in DECIMAL(10,2) is 1234n)
 *   CHAR VARCHAR STRING          string
 *   BINARY VARBINARY BYTES       Uint8Array
 *   DATE                         number: days since 1970-01-01
 *   TIME(p)                      number: milliseconds of the day
 *   TIMESTAMP(p)                 number: milliseconds since 1970-01-01T00:00 of the wall-clock value read as UTC
 *                                (fractional part carries micro/nanoseconds for p > 3)
 *   TIMESTAMP_LTZ(p)             number: epoch milliseconds (an instant); rendered in table.local-time-zone
 *   INTERVAL DAY TO SECOND       number: milliseconds
 *   INTERVAL YEAR TO MONTH       number: months
 *   ARRAY<T>                     unknown[]
 *   MULTISET<T>                  Map<unknown, number> (element -> count)
 *   MAP<K, V>                    Map<unknown, unknown>
 *   ROW<...>                     unknown[] (positional)
 *   NULL of any type             null
 */
import type { DataType } from '../sql/data-type.js'

export type RexNode = RexInputRef | RexLiteral | RexCall | RexFieldAccess

/** Field `index` of the operator's input row (for two-input operators: left fields first, then right). */
export interface RexInputRef {
  readonly kind: 'InputRef'
  readonly index: number
  readonly type: DataType
}

/** A constant in runtime representation. Symbols (time units, TRIM sides) are STRING literals. */
export interface RexLiteral {
  readonly kind: 'Literal'
  readonly value: unknown
  readonly type: DataType
}

/**
 * A call of a built-in operator or function, named as in the function registry (src/catalog/functions):
 * operators use their SQL spelling ('+', '=', 'AND', 'IS NULL', 'LIKE', 'CASE', 'CAST', 'TRY_CAST', 'IN',
 * 'NEGATE', 'ITEM', 'ROW', 'ARRAY', 'MAP', ...); functions their upper-case name ('CONCAT', 'JSON_VALUE', ...).
 * CAST and TRY_CAST convert to `type`. CASE operands are [when1, then1, when2, then2, ..., else].
 */
export interface RexCall {
  readonly kind: 'Call'
  readonly op: string
  readonly operands: readonly RexNode[]
  readonly type: DataType
}

/** Field `index` of a ROW-typed operand. */
export interface RexFieldAccess {
  readonly kind: 'FieldAccess'
  readonly operand: RexNode
  readonly index: number
  readonly name: string
  readonly type: DataType
}

export function inputRef(index: number, type: DataType): RexInputRef {
  return { kind: 'InputRef', index, type }
}

export function literal(value: unknown, type: DataType): RexLiteral {
  return { kind: 'Literal', value, type }
}

export function call(op: string, operands: readonly RexNode[], type: DataType): RexCall {
  return { kind: 'Call', op, operands, type }
}
