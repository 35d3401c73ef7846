/**
 * Flink's print connector writes `Row.toString()` of the external (Java) row: `+I[a, 1]`, with each field's Java
 * toString: `null`, `true`, `1.0`, LocalDateTime `2020-01-01T12:00`, Instant `2020-01-01T12:00:00Z`, byte[] as
 * `[1, -2]`, arrays `[1, 2]`, maps `{k=v}` and nested rows `+I[...]`. This is not CAST(... AS STRING).
 */
import type { DataType } from '../../src/sql/data-type.js'
import { assertNever } from '../../src/errors.js'
import { ROW_KIND_SHORT } from '../../src/sql/row-kind.js'
import { decimalToJavaString, javaDoubleToString, javaFloatToString } from '../formats/shared/numbers.js'
import { formatDate, formatTime, formatTimestamp } from '../formats/shared/temporal.js'

export type ValueToString = (v: unknown) => string

export function rowToStringFn(fields: readonly { readonly type: DataType }[]): (row: readonly unknown[], kind: number) => string {
  const fs = fields.map((f) => javaToString(f.type))
  const n = fs.length
  return (row, kind) => {
    let s = (ROW_KIND_SHORT[kind] ?? '+I') + '['
    for (let i = 0; i < n; i++) {
      if (i > 0) s += ', '
      s += (fs[i] as ValueToString)(row[i])
    }
    return s + ']'
  }
}

/** Java toString of the value's default external class; `null` for NULL. */
export function javaToString(type: DataType): ValueToString {
  const f = nonNull(type)
  return (v) => (v === null || v === undefined ? 'null' : f(v))
}

function nonNull(type: DataType): ValueToString {
  switch (type.kind) {
    case 'BOOLEAN':
      return (v) => (v ? 'true' : 'false')
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
      return (v) => String(v)
    case 'FLOAT':
      return (v) => javaFloatToString(v as number)
    case 'DOUBLE':
      return (v) => javaDoubleToString(v as number)
    case 'DECIMAL': {
      const scale = type.scale
      return (v) => decimalToJavaString(v as bigint, scale)
    }
    case 'CHAR':
    case 'VARCHAR':
      return (v) => v as string
    case 'BINARY':
    case 'VARBINARY':
      // Arrays.toString(byte[]): signed bytes.
      return (v) => '[' + Array.from(v as Uint8Array, (b) => (b > 127 ? b - 256 : b)).join(', ') + ']'
    case 'DATE':
      return (v) => formatDate(v as number)
    case 'TIME': {
      const p = type.precision
      return (v) => formatTime(v as number, p, 'iso')
    }
    case 'TIMESTAMP': {
      const p = type.precision
      return (v) => formatTimestamp(v as number, p, 'T', 'iso', '')
    }
    case 'TIMESTAMP_LTZ': {
      const p = type.precision
      return (v) => formatTimestamp(v as number, p, 'T', 'instant', 'Z')
    }
    case 'INTERVAL_DAY_TIME':
      return (v) => javaDuration(v as number)
    case 'INTERVAL_YEAR_MONTH':
      return (v) => javaPeriod(v as number)
    case 'ARRAY': {
      const el = javaToString(type.element)
      return (v) => '[' + (v as unknown[]).map(el).join(', ') + ']'
    }
    case 'MULTISET':
    case 'MAP': {
      const k = javaToString(type.kind === 'MAP' ? type.key : type.element)
      const val = type.kind === 'MAP' ? javaToString(type.value) : (c: unknown) => String(c)
      return (v) => {
        const parts: string[] = []
        for (const [a, b] of v as Map<unknown, unknown>) parts.push(k(a) + '=' + val(b))
        return '{' + parts.join(', ') + '}'
      }
    }
    case 'ROW': {
      const inner = rowToStringFn(type.fields)
      return (v) => inner(v as unknown[], 0)
    }
    case 'NULL':
      return () => 'null'
    default:
      return assertNever(type, 'type')
  }
}

/** java.time.Duration.toString: `PT8H6M12.345S`, `PT0S`. */
function javaDuration(ms: number): string {
  if (ms === 0) return 'PT0S'
  const neg = ms < 0
  let rest = Math.abs(ms)
  const h = Math.floor(rest / 3_600_000)
  rest -= h * 3_600_000
  const m = Math.floor(rest / 60_000)
  rest -= m * 60_000
  const sign = neg ? '-' : ''
  let out = 'PT'
  if (h !== 0) out += sign + h + 'H'
  if (m !== 0) out += sign + m + 'M'
  if (rest !== 0) {
    const s = Math.floor(rest / 1000)
    const frac = rest % 1000
    out += sign + s + (frac === 0 ? '' : '.' + String(frac).padStart(3, '0').replace(/0+$/, '')) + 'S'
  }
  return out
}

/** java.time.Period.toString of a month count: `P1Y2M`, `P0D`. */
function javaPeriod(months: number): string {
  if (months === 0) return 'P0D'
  const y = Math.trunc(months / 12)
  const m = months % 12
  return 'P' + (y !== 0 ? y + 'Y' : '') + (m !== 0 ? m + 'M' : '')
}
