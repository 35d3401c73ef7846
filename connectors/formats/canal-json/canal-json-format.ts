/**
 * The `canal-json` format: Canal change messages ({"data": [...], "old": [...], "type": ...}) decoded into a
 * changelog. INSERT gives +I per data row; UPDATE gives -U (data overlaid with the changed fields in `old`) and +U;
 * DELETE gives -D; DDL messages are skipped. database.include / table.include filter by regular expression.
 */
import type { FormatContext, FormatFactory, OptionSpec, RecordEncoder, RowBatchBuilderLike } from '../../../src/catalog/connector.js'
import { RETRACT, RowKind } from '../../../src/sql/row-kind.js'
import { OptionReader, invalidOption } from '../../shared/options.js'
import { ValueError, isBlank, parseError, recordText } from '../shared/format-error.js'
import { rowConverter, rowWriter } from '../json/json-converters.js'
import { JSON_CODEC_OPTIONS, readJsonOptions } from '../json/json-format.js'
import type { CountingDecoder } from '../json/json-format.js'
import { parseJson } from '../json/json-parser.js'

export const CANAL_JSON_OPTIONS: readonly OptionSpec[] = [
  ...JSON_CODEC_OPTIONS,
  { key: 'database.include', type: 'string', description: "Only read changes of databases matching this regular expression (Canal's 'database' field)." },
  { key: 'table.include', type: 'string', description: "Only read changes of tables matching this regular expression (Canal's 'table' field)." },
]

function isObject(n: unknown): n is Record<string, unknown> {
  return typeof n === 'object' && n !== null && !Array.isArray(n)
}

function fullMatch(key: string, pattern: string | undefined): RegExp | null {
  if (pattern === undefined) return null
  try {
    return new RegExp(`^(?:${pattern})$`)
  } catch {
    throw invalidOption(`canal-json.${key}`, pattern, 'a regular expression')
  }
}

class CanalJsonDecoder implements CountingDecoder {
  skipped = 0
  private readonly convert: (node: unknown) => unknown[]
  private readonly names: readonly string[]
  private readonly ignoreErrors: boolean
  private readonly database: RegExp | null
  private readonly table: RegExp | null

  constructor(ctx: FormatContext) {
    const opts = readJsonOptions(ctx.options, CANAL_JSON_OPTIONS)
    this.convert = rowConverter(ctx.fields, opts)
    this.names = ctx.fields.map((f) => f.name)
    this.ignoreErrors = opts.ignoreParseErrors
    const r = new OptionReader(ctx.options, CANAL_JSON_OPTIONS)
    this.database = fullMatch('database.include', r.string('database.include'))
    this.table = fullMatch('table.include', r.string('table.include'))
  }

  decode(bytes: Uint8Array | string, out: RowBatchBuilderLike): void {
    const text = recordText(bytes)
    if (isBlank(text)) return
    try {
      this.decodeMessage(parseJson(text), out)
    } catch (e) {
      if (this.ignoreErrors) {
        this.skipped++
        return
      }
      throw parseError('Canal JSON', text, (e as Error).message, e)
    }
  }

  private decodeMessage(node: unknown, out: RowBatchBuilderLike): void {
    if (!isObject(node)) throw new ValueError('expected a JSON object')
    if (this.database !== null && !this.database.test(String(node['database'] ?? ''))) return
    if (this.table !== null && !this.table.test(String(node['table'] ?? ''))) return
    const type = node['type']
    if (node['isDdl'] === true || type === 'CREATE' || type === 'ALTER' || type === 'ERASE' || type === 'QUERY' || type === 'TRUNCATE') return
    const data = node['data']
    if (data === null || data === undefined) return
    if (!Array.isArray(data)) throw new ValueError("'data' is not an array")
    // Convert everything first, so a bad row never leaves half a message behind.
    const rows: unknown[][] = []
    const kinds: number[] = []
    switch (type) {
      case 'INSERT':
        for (const d of data) {
          rows.push(this.convert(d))
          kinds.push(RowKind.INSERT)
        }
        break
      case 'UPDATE': {
        const old = node['old']
        if (!Array.isArray(old)) throw new ValueError("an UPDATE message has no 'old' array")
        for (let i = 0; i < data.length; i++) {
          const after = data[i]
          const changed = old[i]
          if (!isObject(after)) throw new ValueError("a 'data' entry is not an object")
          const before: Record<string, unknown> = {}
          for (const name of this.names) {
            before[name] = isObject(changed) && Object.hasOwn(changed, name) ? changed[name] : after[name]
          }
          rows.push(this.convert(before), this.convert(after))
          kinds.push(RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER)
        }
        break
      }
      case 'DELETE':
        for (const d of data) {
          rows.push(this.convert(d))
          kinds.push(RowKind.DELETE)
        }
        break
      default:
        throw new ValueError(`unknown "type" value ${JSON.stringify(type)}`)
    }
    for (let i = 0; i < rows.length; i++) out.push(rows[i] as unknown[], kinds[i])
  }
}

class CanalJsonEncoder implements RecordEncoder {
  private readonly write: (row: unknown) => string

  constructor(ctx: FormatContext) {
    this.write = rowWriter(ctx.fields, readJsonOptions(ctx.options, CANAL_JSON_OPTIONS))
  }

  encode(row: readonly unknown[], kind: number): string {
    const type = kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER ? 'INSERT' : 'DELETE'
    return `{"data":[${this.write(row)}],"type":"${type}"}`
  }
}

export const canalJsonFormat: FormatFactory = {
  identifier: 'canal-json',
  options: CANAL_JSON_OPTIONS,
  changelogMode: () => RETRACT,
  createDecoder: (ctx) => new CanalJsonDecoder(ctx),
  createEncoder: (ctx) => new CanalJsonEncoder(ctx),
}
