/**
 * Flink's JSON <-> SQL type mapping (JsonToRowDataConverters / RowDataToJsonConverters), compiled once per type into
 * closures: parsed JSON nodes to runtime values, and runtime values to JSON text. Shared by json, debezium-json and
 * canal-json.
 */
import type { DataType, RowField } from '../../../src/sql/data-type.js'
import { formatType } from '../../../src/sql/data-type.js'
import { assertNever } from '../../../src/errors.js'
import { ValueError, encodeError } from '../shared/format-error.js'
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
} from '../shared/numbers.js'
import { textFormatter, textParser } from '../shared/text-value.js'
import type { TimestampStandard } from '../shared/text-value.js'
import { JsonNumber, stringifyNode } from './json-parser.js'

export type MapNullKeyMode = 'FAIL' | 'DROP' | 'LITERAL'

export interface JsonCodecOptions {
  readonly failOnMissingField: boolean
  readonly timestampStandard: TimestampStandard
  readonly mapNullKeyMode: MapNullKeyMode
  readonly mapNullKeyLiteral: string
  readonly decimalAsPlainNumber: boolean
  readonly ignoreNullFields: boolean
}

export const DEFAULT_JSON_OPTIONS: JsonCodecOptions = {
  failOnMissingField: false,
  timestampStandard: 'SQL',
  mapNullKeyMode: 'FAIL',
  mapNullKeyLiteral: 'null',
  decimalAsPlainNumber: false,
  ignoreNullFields: false,
}

export type NodeConverter = (node: unknown) => unknown

function bad(node: unknown, type: DataType): never {
  const text = typeof node === 'string' ? `'${node.length > 60 ? node.slice(0, 60) + '...' : node}'` : stringifyNode(node)
  throw new ValueError(`cannot read ${text} as ${formatType(type)}`)
}

/** Jackson's asText: the text of a scalar node. */
function asText(node: unknown): string {
  if (typeof node === 'string') return node
  if (node instanceof JsonNumber) return node.raw
  return String(node)
}

function isObject(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && !(node instanceof JsonNumber)
}

/** Converter of a nullable node: JSON null (or a missing field) is SQL NULL. */
export function nodeConverter(type: DataType, opts: JsonCodecOptions): NodeConverter {
  const conv = nonNullConverter(type, opts)
  return (node) => (node === null || node === undefined ? null : conv(node))
}

function nonNullConverter(type: DataType, opts: JsonCodecOptions): NodeConverter {
  switch (type.kind) {
    case 'CHAR':
    case 'VARCHAR':
      // Containers are kept as their JSON text, scalars as their text (Flink's convertToString).
      return (n) => (typeof n === 'string' ? n : typeof n === 'object' && !(n instanceof JsonNumber) ? stringifyNode(n) : asText(n))
    case 'BOOLEAN':
      return (n) => (typeof n === 'boolean' ? n : asText(n).trim().toLowerCase() === 'true')
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'INTERVAL_YEAR_MONTH': {
      const [min, max] = INT_RANGES[type.kind === 'INTERVAL_YEAR_MONTH' ? 'INT' : type.kind]
      return (n) => {
        if (typeof n === 'number') {
          const v = Math.trunc(n)
          return v >= min && v <= max ? v : bad(n, type)
        }
        return parseIntIn(asText(n), min, max) ?? bad(n, type)
      }
    }
    case 'BIGINT':
    case 'INTERVAL_DAY_TIME':
      return (n) => {
        if (typeof n === 'number') {
          if (Number.isSafeInteger(n)) return n
          if (Number.isInteger(n) && Math.abs(n) < 9.2e18) return BigInt(n)
          return Number.isFinite(n) ? Math.trunc(n) : bad(n, type)
        }
        const v = parseBigint(asText(n))
        if (v === undefined || (type.kind === 'INTERVAL_DAY_TIME' && typeof v !== 'number')) return bad(n, type)
        return v
      }
    case 'FLOAT':
    case 'DOUBLE': {
      const f = type.kind === 'FLOAT'
      return (n) => {
        const d = typeof n === 'number' ? n : parseJavaDouble(asText(n))
        if (d === undefined) return bad(n, type)
        return f ? Math.fround(d) : d
      }
    }
    case 'DECIMAL': {
      const { precision, scale } = type
      return (n) => {
        const text = typeof n === 'number' ? String(n) : asText(n)
        const d = parseDecimal(text, precision, scale)
        // Out of precision is NULL, as Flink's DecimalData.fromBigDecimal.
        return d === undefined ? bad(n, type) : d
      }
    }
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
    case 'BINARY':
    case 'VARBINARY': {
      const parse = textParser(type, { timestampStandard: opts.timestampStandard, decimalScientific: false })
      return (n) => (typeof n === 'string' ? parse(n) : bad(n, type))
    }
    case 'NULL':
      return () => null
    case 'ARRAY': {
      const el = nodeConverter(type.element, opts)
      return (n) => {
        if (!Array.isArray(n)) return bad(n, type)
        const out = new Array<unknown>(n.length)
        for (let i = 0; i < n.length; i++) out[i] = el(n[i])
        return out
      }
    }
    case 'MULTISET':
    case 'MAP': {
      const keyType = type.kind === 'MAP' ? type.key : type.element
      const key = nodeConverter(keyType, opts)
      const value = type.kind === 'MAP' ? nodeConverter(type.value, opts) : nodeConverter({ kind: 'INT', nullable: false }, opts)
      return (n) => {
        if (!isObject(n)) return bad(n, type)
        const out = new Map<unknown, unknown>()
        for (const k of Object.keys(n)) out.set(key(k), value(n[k]))
        return out
      }
    }
    case 'ROW':
      return rowConverter(type.fields, opts)
    default:
      return assertNever(type, 'type')
  }
}

const PROTO_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype))

/** JSON object to a positional row of `fields`; a missing field is NULL unless fail-on-missing-field. */
export function rowConverter(fields: readonly RowField[] | readonly { name: string; type: DataType }[], opts: JsonCodecOptions): (node: unknown) => unknown[] {
  const names = fields.map((f) => f.name)
  const convs = fields.map((f) => nodeConverter(f.type, opts))
  const guarded = names.map((n) => PROTO_NAMES.has(n))
  const n = names.length
  const failMissing = opts.failOnMissingField
  return (node) => {
    if (!isObject(node)) throw new ValueError(`expected a JSON object, got ${stringifyNode(node).slice(0, 60)}`)
    const row = new Array<unknown>(n)
    for (let i = 0; i < n; i++) {
      const name = names[i] as string
      let v = node[name]
      if (guarded[i] === true && !Object.hasOwn(node, name)) v = undefined
      if (v === undefined && failMissing) throw new ValueError(`could not find field '${name}'`)
      row[i] = (convs[i] as NodeConverter)(v)
    }
    return row
  }
}

// ---------------------------------------------------------------------------------------------
// Values to JSON text

export type JsonWriter = (value: unknown) => string

export function jsonWriter(type: DataType, opts: JsonCodecOptions): JsonWriter {
  const w = nonNullWriter(type, opts)
  return (v) => (v === null || v === undefined ? 'null' : w(v))
}

function nonNullWriter(type: DataType, opts: JsonCodecOptions): JsonWriter {
  switch (type.kind) {
    case 'CHAR':
    case 'VARCHAR':
      return (v) => JSON.stringify(v)
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
    case 'DOUBLE': {
      const fmt = type.kind === 'FLOAT' ? javaFloatToString : javaDoubleToString
      // Jackson writes NaN and the infinities as strings.
      return (v) => (Number.isFinite(v as number) ? fmt(v as number) : `"${fmt(v as number)}"`)
    }
    case 'DECIMAL': {
      const scale = type.scale
      return opts.decimalAsPlainNumber ? (v) => decimalToPlainString(v as bigint, scale) : (v) => decimalToJavaString(v as bigint, scale)
    }
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
    case 'BINARY':
    case 'VARBINARY': {
      const f = textFormatter(type, { timestampStandard: opts.timestampStandard, decimalScientific: false })
      return (v) => '"' + f(v) + '"'
    }
    case 'NULL':
      return () => 'null'
    case 'ARRAY': {
      const el = jsonWriter(type.element, opts)
      return (v) => '[' + (v as unknown[]).map(el).join(',') + ']'
    }
    case 'MULTISET':
    case 'MAP': {
      const keyType = type.kind === 'MAP' ? type.key : type.element
      const keyText = mapKeyText(keyType, opts)
      const value = type.kind === 'MAP' ? jsonWriter(type.value, opts) : (c: unknown) => String(c)
      return (v) => {
        const parts: string[] = []
        for (const [k, val] of v as Map<unknown, unknown>) {
          let key: string
          if (k === null || k === undefined) {
            if (opts.mapNullKeyMode === 'DROP') continue
            if (opts.mapNullKeyMode === 'FAIL') {
              throw encodeError('JSON', "a MAP has a null key; set 'json.map-null-key.mode' to 'DROP' or 'LITERAL'")
            }
            key = opts.mapNullKeyLiteral
          } else key = keyText(k)
          parts.push(JSON.stringify(key) + ':' + value(val))
        }
        return '{' + parts.join(',') + '}'
      }
    }
    case 'ROW':
      return rowWriter(type.fields, opts)
    default:
      return assertNever(type, 'type')
  }
}

/** A map key as the text of its JSON scalar (Jackson's asText of the converted key). */
function mapKeyText(type: DataType, opts: JsonCodecOptions): (k: unknown) => string {
  switch (type.kind) {
    case 'CHAR':
    case 'VARCHAR':
      return (k) => k as string
    case 'ARRAY':
    case 'MULTISET':
    case 'MAP':
    case 'ROW': {
      const w = jsonWriter(type, opts)
      return (k) => w(k)
    }
    default: {
      const w = jsonWriter(type, opts)
      return (k) => {
        const t = w(k)
        return t.startsWith('"') ? (JSON.parse(t) as string) : t
      }
    }
  }
}

/** A row (positional values of `fields`) as a JSON object. */
export function rowWriter(fields: readonly { name: string; type: DataType }[], opts: JsonCodecOptions): JsonWriter {
  const keys = fields.map((f) => JSON.stringify(f.name) + ':')
  const writers = fields.map((f) => jsonWriter(f.type, opts))
  const n = fields.length
  const skipNulls = opts.ignoreNullFields
  return (v) => {
    const row = v as readonly unknown[]
    let out = '{'
    let first = true
    for (let i = 0; i < n; i++) {
      const x = row[i]
      if (skipNulls && (x === null || x === undefined)) continue
      if (!first) out += ','
      first = false
      out += (keys[i] as string) + (writers[i] as JsonWriter)(x)
    }
    return out + '}'
  }
}
