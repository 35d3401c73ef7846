/** The `raw` format: the whole record is the value of the table's single column (Flink's raw format). */
import type { FormatContext, FormatFactory, OptionSpec, RecordEncoder, RowBatchBuilderLike } from '../../../src/catalog/connector.js'
import type { DataType } from '../../../src/sql/data-type.js'
import { formatType } from '../../../src/sql/data-type.js'
import { EngineError } from '../../../src/errors.js'
import { INSERT_ONLY } from '../../../src/sql/row-kind.js'
import { OptionReader, invalidOption } from '../../shared/options.js'
import { parseError, unsupportedType } from '../shared/format-error.js'
import type { CountingDecoder } from '../json/json-format.js'

export const RAW_OPTIONS: readonly OptionSpec[] = [
  { key: 'charset', type: 'string', default: 'UTF-8', description: 'Charset of STRING values.' },
  {
    key: 'endianness',
    type: 'enum',
    default: 'big-endian',
    enumValues: ['big-endian', 'little-endian'],
    description: 'Byte order of numeric values.',
  },
]

type Charset = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1' | 'ascii'

function charsetOf(name: string): Charset {
  switch (name.trim().toUpperCase().replace(/_/g, '-')) {
    case 'UTF-8':
    case 'UTF8':
      return 'utf-8'
    case 'UTF-16LE':
      return 'utf-16le'
    case 'UTF-16':
    case 'UTF-16BE':
      return 'utf-16be'
    case 'ISO-8859-1':
    case 'LATIN1':
      return 'latin1'
    case 'US-ASCII':
    case 'ASCII':
      return 'ascii'
    default:
      throw invalidOption('raw.charset', name, 'one of UTF-8, UTF-16, UTF-16BE, UTF-16LE, ISO-8859-1, US-ASCII')
  }
}

function decodeText(b: Uint8Array, cs: Charset): string {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength)
  switch (cs) {
    case 'utf-8':
      return buf.toString('utf8')
    case 'utf-16le':
      return buf.toString('utf16le')
    case 'utf-16be':
      return Buffer.from(buf).swap16().toString('utf16le')
    case 'latin1':
      return buf.toString('latin1')
    case 'ascii':
      return buf.toString('ascii')
  }
}

function encodeText(s: string, cs: Charset): Uint8Array {
  switch (cs) {
    case 'utf-8':
      return Buffer.from(s, 'utf8')
    case 'utf-16le':
      return Buffer.from(s, 'utf16le')
    case 'utf-16be':
      return Buffer.from(s, 'utf16le').swap16()
    case 'latin1':
      return Buffer.from(s, 'latin1')
    case 'ascii':
      return Buffer.from(s, 'ascii')
  }
}

const SIZES: Partial<Record<DataType['kind'], number>> = { BOOLEAN: 1, TINYINT: 1, SMALLINT: 2, INT: 4, BIGINT: 8, FLOAT: 4, DOUBLE: 8 }

function singleField(ctx: FormatContext): DataType {
  if (ctx.fields.length !== 1) {
    throw new EngineError('FORMAT_RAW_SINGLE_COLUMN', `the raw format needs exactly one physical column, got ${ctx.fields.length}`)
  }
  const t = (ctx.fields[0] as { type: DataType }).type
  if (t.kind !== 'CHAR' && t.kind !== 'VARCHAR' && t.kind !== 'BINARY' && t.kind !== 'VARBINARY' && SIZES[t.kind] === undefined) {
    throw unsupportedType('raw', formatType(t))
  }
  return t
}

class RawDecoder implements CountingDecoder {
  skipped = 0
  private readonly type: DataType
  private readonly charset: Charset
  private readonly little: boolean

  constructor(ctx: FormatContext) {
    this.type = singleField(ctx)
    const r = new OptionReader(ctx.options, RAW_OPTIONS)
    this.charset = charsetOf(r.string('charset') ?? 'UTF-8')
    this.little = r.enumValue('endianness', ['big-endian', 'little-endian'] as const) === 'little-endian'
  }

  decode(bytes: Uint8Array | string, out: RowBatchBuilderLike): void {
    const t = this.type
    if (t.kind === 'CHAR' || t.kind === 'VARCHAR') {
      out.push([typeof bytes === 'string' ? bytes : decodeText(bytes, this.charset)])
      return
    }
    const b = typeof bytes === 'string' ? encodeText(bytes, this.charset) : bytes
    if (t.kind === 'BINARY' || t.kind === 'VARBINARY') {
      out.push([new Uint8Array(b)])
      return
    }
    const size = SIZES[t.kind] as number
    if (b.byteLength === 0) {
      out.push([null])
      return
    }
    if (b.byteLength !== size) {
      throw parseError('raw', Buffer.from(b).toString('hex'), `${formatType(t)} needs ${size} bytes, got ${b.byteLength}`)
    }
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength)
    const le = this.little
    let value: unknown
    switch (t.kind) {
      case 'BOOLEAN':
        value = v.getUint8(0) !== 0
        break
      case 'TINYINT':
        value = v.getInt8(0)
        break
      case 'SMALLINT':
        value = v.getInt16(0, le)
        break
      case 'INT':
        value = v.getInt32(0, le)
        break
      case 'BIGINT': {
        const big = v.getBigInt64(0, le)
        value = big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big
        break
      }
      case 'FLOAT':
        value = v.getFloat32(0, le)
        break
      default:
        value = v.getFloat64(0, le)
    }
    out.push([value])
  }
}

class RawEncoder implements RecordEncoder {
  private readonly type: DataType
  private readonly charset: Charset
  private readonly little: boolean

  constructor(ctx: FormatContext) {
    this.type = singleField(ctx)
    const r = new OptionReader(ctx.options, RAW_OPTIONS)
    this.charset = charsetOf(r.string('charset') ?? 'UTF-8')
    this.little = r.enumValue('endianness', ['big-endian', 'little-endian'] as const) === 'little-endian'
  }

  encode(row: readonly unknown[]): Uint8Array | string {
    const x = row[0]
    const t = this.type
    if (x === null || x === undefined) return new Uint8Array(0)
    if (t.kind === 'CHAR' || t.kind === 'VARCHAR') return this.charset === 'utf-8' ? (x as string) : encodeText(x as string, this.charset)
    if (t.kind === 'BINARY' || t.kind === 'VARBINARY') return x as Uint8Array
    const out = new Uint8Array(SIZES[t.kind] as number)
    const v = new DataView(out.buffer)
    const le = this.little
    switch (t.kind) {
      case 'BOOLEAN':
        v.setUint8(0, x ? 1 : 0)
        break
      case 'TINYINT':
        v.setInt8(0, x as number)
        break
      case 'SMALLINT':
        v.setInt16(0, x as number, le)
        break
      case 'INT':
        v.setInt32(0, x as number, le)
        break
      case 'BIGINT':
        v.setBigInt64(0, BigInt(x as number | bigint), le)
        break
      case 'FLOAT':
        v.setFloat32(0, x as number, le)
        break
      default:
        v.setFloat64(0, x as number, le)
    }
    return out
  }
}

export const rawFormat: FormatFactory = {
  identifier: 'raw',
  options: RAW_OPTIONS,
  changelogMode: () => INSERT_ONLY,
  createDecoder: (ctx) => new RawDecoder(ctx),
  createEncoder: (ctx) => new RawEncoder(ctx),
}
