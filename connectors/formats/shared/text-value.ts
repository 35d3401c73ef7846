/**
 * Scalar values to and from text, as Flink's CSV format and partition paths spell them. Containers (ARRAY, ROW,
 * MAP, MULTISET) are the caller's business. Parsers throw ValueError with a short reason.
 */
import type { DataType } from '../../../src/sql/data-type.js'
import { formatType } from '../../../src/sql/data-type.js'
import { assertNever } from '../../../src/errors.js'
import { ValueError } from './format-error.js'
import {
  INT_RANGES,
  decimalToJavaString,
  decimalToPlainString,
  javaDoubleToString,
  javaFloatToString,
  parseBigint,
  parseDecimal,
  parseIntIn,
  parseJavaDouble,
} from './numbers.js'
import { formatDate, formatTime, formatTimestamp, parseDate, parseTime, parseTimestampParts } from './temporal.js'

export type TimestampStandard = 'SQL' | 'ISO-8601'

export interface TextOptions {
  readonly timestampStandard: TimestampStandard
  /** DECIMAL written like BigDecimal.toString (may use an exponent) rather than toPlainString. */
  readonly decimalScientific: boolean
}

export const DEFAULT_TEXT_OPTIONS: TextOptions = { timestampStandard: 'SQL', decimalScientific: false }

export type TextParser = (text: string) => unknown
export type TextFormatter = (value: unknown) => string

function fail(text: string, type: DataType): never {
  throw new ValueError(`cannot read '${text.length > 60 ? text.slice(0, 60) + '...' : text}' as ${formatType(type)}`)
}

export function textParser(type: DataType, opts: TextOptions = DEFAULT_TEXT_OPTIONS): TextParser {
  switch (type.kind) {
    case 'CHAR':
    case 'VARCHAR':
      return (t) => t
    case 'BOOLEAN':
      // Boolean.parseBoolean: anything but "true" is false.
      return (t) => t.trim().toLowerCase() === 'true'
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT': {
      const [min, max] = INT_RANGES[type.kind]
      return (t) => parseIntIn(t, min, max) ?? fail(t, type)
    }
    case 'BIGINT':
      return (t) => parseBigint(t) ?? fail(t, type)
    case 'FLOAT':
      return (t) => {
        const d = parseJavaDouble(t)
        return d === undefined ? fail(t, type) : Math.fround(d)
      }
    case 'DOUBLE':
      return (t) => parseJavaDouble(t) ?? fail(t, type)
    case 'DECIMAL':
      return (t) => {
        const d = parseDecimal(t, type.precision, type.scale)
        return d === undefined ? fail(t, type) : d
      }
    case 'DATE':
      return (t) => parseDate(t) ?? fail(t, type)
    case 'TIME':
      return (t) => parseTime(t) ?? fail(t, type)
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const sep = opts.timestampStandard === 'SQL' ? ' ' : 'T'
      const ltz = type.kind === 'TIMESTAMP_LTZ'
      return (t) => {
        const p = parseTimestampParts(t)
        // Flink is strict about the standard's separator; a date alone (no time) is accepted as midnight.
        if (p === undefined || (p.sep !== sep && t.trim().length > 10) || (p.zone && !ltz)) return fail(t, type)
        return p.ms
      }
    }
    case 'BINARY':
    case 'VARBINARY':
      return (t) => {
        if (!/^[A-Za-z0-9+/\r\n]*={0,2}$/.test(t)) fail(t, type)
        return new Uint8Array(Buffer.from(t, 'base64'))
      }
    case 'INTERVAL_YEAR_MONTH':
      return (t) => parseIntIn(t, INT_RANGES.INT[0], INT_RANGES.INT[1]) ?? fail(t, type)
    case 'INTERVAL_DAY_TIME':
      return (t) => {
        const v = parseBigint(t)
        return typeof v === 'number' ? v : fail(t, type)
      }
    case 'NULL':
      return () => null
    case 'ARRAY':
    case 'MULTISET':
    case 'MAP':
    case 'ROW':
      throw new ValueError(`no text form for ${formatType(type)}`)
    default:
      return assertNever(type, 'type')
  }
}

export function textFormatter(type: DataType, opts: TextOptions = DEFAULT_TEXT_OPTIONS): TextFormatter {
  switch (type.kind) {
    case 'CHAR':
    case 'VARCHAR':
      return (v) => v as string
    case 'BOOLEAN':
      return (v) => (v ? 'true' : 'false')
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME':
      return (v) => String(v)
    case 'FLOAT':
      return (v) => javaFloatToString(v as number)
    case 'DOUBLE':
      return (v) => javaDoubleToString(v as number)
    case 'DECIMAL': {
      const scale = type.scale
      return opts.decimalScientific ? (v) => decimalToJavaString(v as bigint, scale) : (v) => decimalToPlainString(v as bigint, scale)
    }
    case 'DATE':
      return (v) => formatDate(v as number)
    case 'TIME': {
      const p = type.precision
      return (v) => formatTime(v as number, p, 'strip')
    }
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const p = type.precision
      const sep = opts.timestampStandard === 'SQL' ? ' ' : 'T'
      const style = opts.timestampStandard === 'SQL' ? 'strip' : 'iso'
      const zone = type.kind === 'TIMESTAMP_LTZ' ? 'Z' : ''
      return (v) => formatTimestamp(v as number, p, sep, style, zone)
    }
    case 'BINARY':
    case 'VARBINARY':
      return (v) => {
        const b = v as Uint8Array
        return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')
      }
    case 'NULL':
      return () => ''
    case 'ARRAY':
    case 'MULTISET':
    case 'MAP':
    case 'ROW':
      throw new ValueError(`no text form for ${formatType(type)}`)
    default:
      return assertNever(type, 'type')
  }
}
