/**
 * Value comparison, equality and Flink's CAST(x AS STRING) rendering on the runtime representation
 * (src/plan/rex.ts). NULL is the caller's business everywhere except inside collections.
 */
import type { DataType } from '../../sql/data-type.js'
import { assertNever } from '../../errors.js'
import { formatDecimal } from './decimal.js'
import { formatDate, formatIntervalDayTime, formatIntervalYearMonth, formatTime, formatTimestamp } from './date-time.js'
import { formatDouble, formatFloat } from './number-format.js'
import { zoneOf } from './time-zone.js'

/**
 * Total order on non-null values of one SQL type: numbers (bigint/number mixes for BIGINT; NaN after everything
 * and equal to itself, as Java's Double.compare), strings by UTF-16 code units (Java's compareTo), false < true,
 * bytes unsigned lexicographic, arrays and rows element-wise (NULL first). `type` is accepted for symmetry with
 * formatValue; the representation alone decides.
 */
export function compareValues(a: unknown, b: unknown, _type?: DataType): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a < b) return -1
    if (a > b) return 1
    if (a === b) return 0
    const an = Number.isNaN(a)
    const bn = Number.isNaN(b)
    return an === bn ? 0 : an ? 1 : -1
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    if (typeof a === 'number' && Number.isNaN(a)) return 1
    if (typeof b === 'number' && Number.isNaN(b)) return -1
    return a < b ? -1 : a > b ? 1 : 0
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    const n = Math.min(a.length, b.length)
    for (let i = 0; i < n; i++) {
      const d = (a[i] as number) - (b[i] as number)
      if (d !== 0) return d < 0 ? -1 : 1
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length)
    for (let i = 0; i < n; i++) {
      const x: unknown = a[i]
      const y: unknown = b[i]
      if (x == null || y == null) {
        if (x == null && y == null) continue
        return x == null ? -1 : 1
      }
      const c = compareValues(x, y)
      if (c !== 0) return c
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1
  }
  if (a instanceof Map && b instanceof Map) {
    // Maps have no SQL order; give a stable one (by size, then canonical entries) so sorting never breaks.
    if (a.size !== b.size) return a.size < b.size ? -1 : 1
    return compareValues(sortedEntries(a), sortedEntries(b))
  }
  // Mixed representations cannot be compared meaningfully; order by a type rank so the order stays total.
  const ra = rank(a)
  const rb = rank(b)
  return ra === rb ? 0 : ra < rb ? -1 : 1
}

function sortedEntries(m: Map<unknown, unknown>): unknown[][] {
  return [...m.entries()].map(([k, v]) => [k, v]).sort((x, y) => compareValues(x, y))
}

function rank(v: unknown): number {
  if (typeof v === 'boolean') return 0
  if (typeof v === 'number' || typeof v === 'bigint') return 1
  if (typeof v === 'string') return 2
  if (v instanceof Uint8Array) return 3
  if (Array.isArray(v)) return 4
  if (v instanceof Map) return 5
  return 6
}

/** SQL equality of non-null values (NaN equals NaN, so grouping and DISTINCT behave as in Flink). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  const ta = typeof a
  const tb = typeof b
  if (ta === 'number' || ta === 'bigint') {
    if (tb !== 'number' && tb !== 'bigint') return false
    // eslint-disable-next-line eqeqeq -- number/bigint mixes compare by value with ==
    if (a == b) return true
    return ta === 'number' && tb === 'number' && Number.isNaN(a) && Number.isNaN(b)
  }
  if (ta !== 'object' || tb !== 'object' || a === null || b === null) return false
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
    return true
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) {
      const x: unknown = a[i]
      const y: unknown = b[i]
      if (x == null || y == null) {
        if (x == null && y == null) continue
        return false
      }
      if (!valuesEqual(x, y)) return false
    }
    return true
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false
    outer: for (const [k, v] of a) {
      if (b.has(k)) {
        const w: unknown = b.get(k)
        if (v == null ? w == null : w != null && valuesEqual(v, w)) continue
        return false
      }
      for (const [k2, w] of b) {
        if (k2 != null && k != null && valuesEqual(k, k2) && (v == null ? w == null : w != null && valuesEqual(v, w))) continue outer
      }
      return false
    }
    return true
  }
  return false
}

const utf8 = new TextDecoder('utf-8')

/**
 * Flink's CAST(v AS STRING) for a non-null value. TIMESTAMP and TIME get exactly `precision` fraction digits,
 * TIMESTAMP_LTZ is rendered in `timeZone` (the session zone), DECIMAL keeps its scale, DOUBLE/FLOAT follow Java's
 * Double.toString, BOOLEAN is TRUE/FALSE, ROW `(1, abc)`, ARRAY `[1, 2]`, MAP `{a=1, b=2}` with NULL inside
 * collections rendered as NULL. BYTES are decoded as UTF-8, as Flink's CAST(BYTES AS STRING) does.
 */
export function formatValue(v: unknown, type: DataType, timeZone = 'UTC'): string {
  // (BYTES: a lenient decode here, replacing malformed sequences; the compiled CAST decodes strictly.)
  switch (type.kind) {
    case 'BOOLEAN':
      return v === true ? 'TRUE' : 'FALSE'
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
      return String(v)
    case 'FLOAT':
      return formatFloat(v as number)
    case 'DOUBLE':
      return formatDouble(v as number)
    case 'DECIMAL':
      return formatDecimal(typeof v === 'bigint' ? v : BigInt(v as number), type.scale)
    case 'CHAR':
    case 'VARCHAR':
      return String(v)
    case 'BINARY':
    case 'VARBINARY':
      return utf8.decode(v as Uint8Array)
    case 'DATE':
      return formatDate(v as number)
    case 'TIME':
      return formatTime(v as number, type.precision)
    case 'TIMESTAMP':
      return formatTimestamp(v as number, type.precision)
    case 'TIMESTAMP_LTZ':
      return formatTimestamp(zoneOf(timeZone).toLocal(v as number), type.precision)
    case 'INTERVAL_DAY_TIME':
      return formatIntervalDayTime(v as number)
    case 'INTERVAL_YEAR_MONTH':
      return formatIntervalYearMonth(v as number)
    case 'ARRAY':
      return `[${(v as unknown[]).map((x) => formatNested(x, type.element, timeZone)).join(', ')}]`
    case 'MULTISET': {
      const parts: string[] = []
      for (const [k, n] of v as Map<unknown, number>) parts.push(`${formatNested(k, type.element, timeZone)}=${n}`)
      return `{${parts.join(', ')}}`
    }
    case 'MAP': {
      const parts: string[] = []
      for (const [k, x] of v as Map<unknown, unknown>) {
        parts.push(`${formatNested(k, type.key, timeZone)}=${formatNested(x, type.value, timeZone)}`)
      }
      return `{${parts.join(', ')}}`
    }
    case 'ROW': {
      const row = v as unknown[]
      return `(${type.fields.map((f, i) => formatNested(row[i], f.type, timeZone)).join(', ')})`
    }
    case 'NULL':
      return 'NULL'
    default:
      return assertNever(type, 'type')
  }
}

function formatNested(v: unknown, type: DataType, timeZone: string): string {
  return v == null ? 'NULL' : formatValue(v, type, timeZone)
}

/**
 * Rendering in the print connector and the tableau result view. Flink uses the cast-to-string rules there too, except
 * that binary values are shown as hex literals (`x'0a1b'`) instead of being decoded. Callers print NULL themselves
 * (`NULL` in print, `<NULL>` in tableau).
 */
export function formatValueForPrint(v: unknown, type: DataType, timeZone = 'UTC'): string {
  switch (type.kind) {
    case 'BINARY':
    case 'VARBINARY': {
      const b = v as Uint8Array
      return `x'${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')}'`
    }
    case 'ARRAY':
      return `[${(v as unknown[]).map((x) => printNested(x, type.element, timeZone)).join(', ')}]`
    case 'MAP': {
      const parts: string[] = []
      for (const [k, x] of v as Map<unknown, unknown>) {
        parts.push(`${printNested(k, type.key, timeZone)}=${printNested(x, type.value, timeZone)}`)
      }
      return `{${parts.join(', ')}}`
    }
    case 'ROW': {
      const row = v as unknown[]
      return `(${type.fields.map((f, i) => printNested(row[i], f.type, timeZone)).join(', ')})`
    }
    default:
      return formatValue(v, type, timeZone)
  }
}

function printNested(v: unknown, type: DataType, timeZone: string): string {
  return v == null ? 'NULL' : formatValueForPrint(v, type, timeZone)
}
