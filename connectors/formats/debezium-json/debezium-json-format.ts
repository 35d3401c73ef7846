/**
 * The `debezium-json` format: Debezium change events (before / after / op) decoded into a changelog.
 * op c and r (snapshot read) give +I of `after`; u gives -U of `before` and +U of `after`; d gives -D of `before`.
 */
import type { FormatContext, FormatFactory, OptionSpec, RecordEncoder, RowBatchBuilderLike } from '../../../src/catalog/connector.js'
import { RETRACT, RowKind } from '../../../src/sql/row-kind.js'
import { OptionReader } from '../../shared/options.js'
import { ValueError, isBlank, parseError, recordText } from '../shared/format-error.js'
import { rowConverter, rowWriter } from '../json/json-converters.js'
import { JSON_CODEC_OPTIONS, readJsonOptions } from '../json/json-format.js'
import type { CountingDecoder } from '../json/json-format.js'
import { parseJson } from '../json/json-parser.js'

export const DEBEZIUM_JSON_OPTIONS: readonly OptionSpec[] = [
  {
    key: 'schema-include',
    type: 'boolean',
    default: 'false',
    description: "Messages carry Debezium's schema envelope ({\"schema\":..., \"payload\":...}) (value.converter.schemas.enable).",
  },
  ...JSON_CODEC_OPTIONS,
]

function isObject(n: unknown): n is Record<string, unknown> {
  return typeof n === 'object' && n !== null && !Array.isArray(n)
}

class DebeziumJsonDecoder implements CountingDecoder {
  skipped = 0
  private readonly convert: (node: unknown) => unknown[]
  private readonly ignoreErrors: boolean
  private readonly schemaInclude: boolean

  constructor(ctx: FormatContext) {
    const opts = readJsonOptions(ctx.options, DEBEZIUM_JSON_OPTIONS)
    this.convert = rowConverter(ctx.fields, opts)
    this.ignoreErrors = opts.ignoreParseErrors
    this.schemaInclude = new OptionReader(ctx.options, DEBEZIUM_JSON_OPTIONS).boolean('schema-include') ?? false
  }

  decode(bytes: Uint8Array | string, out: RowBatchBuilderLike): void {
    const text = recordText(bytes)
    if (isBlank(text)) return // tombstone
    try {
      this.decodeEvent(parseJson(text), out)
    } catch (e) {
      if (this.ignoreErrors) {
        this.skipped++
        return
      }
      throw parseError('Debezium JSON', text, (e as Error).message, e)
    }
  }

  private decodeEvent(node: unknown, out: RowBatchBuilderLike): void {
    if (!isObject(node)) throw new ValueError('expected a JSON object')
    let payload: unknown = node
    if (this.schemaInclude) {
      payload = node['payload']
      if (!isObject(payload)) throw new ValueError("no 'payload' object; is 'debezium-json.schema-include' right?")
    } else if (isObject(node['payload']) && node['schema'] !== undefined && node['op'] === undefined) {
      throw new ValueError("the message has a schema envelope; set 'debezium-json.schema-include' = 'true'")
    }
    const p = payload as Record<string, unknown>
    const op = p['op']
    switch (op) {
      case 'c':
      case 'r':
        out.push(this.convert(p['after']), RowKind.INSERT)
        return
      case 'u': {
        const before = p['before']
        if (before === null || before === undefined) {
          throw new ValueError(
            "the 'before' field of an UPDATE is null; for Debezium's Postgres connector set the table's REPLICA IDENTITY to FULL",
          )
        }
        // Rows of one update stay together: build both before pushing either.
        const b = this.convert(before)
        const a = this.convert(p['after'])
        out.push(b, RowKind.UPDATE_BEFORE)
        out.push(a, RowKind.UPDATE_AFTER)
        return
      }
      case 'd': {
        const before = p['before']
        if (before === null || before === undefined) {
          throw new ValueError("the 'before' field of a DELETE is null; for Postgres set REPLICA IDENTITY FULL")
        }
        out.push(this.convert(before), RowKind.DELETE)
        return
      }
      default:
        throw new ValueError(`unknown "op" value ${JSON.stringify(op)}`)
    }
  }
}

class DebeziumJsonEncoder implements RecordEncoder {
  private readonly write: (row: unknown) => string

  constructor(ctx: FormatContext) {
    this.write = rowWriter(ctx.fields, readJsonOptions(ctx.options, DEBEZIUM_JSON_OPTIONS))
  }

  encode(row: readonly unknown[], kind: number): string {
    if (kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER) return `{"before":null,"after":${this.write(row)},"op":"c"}`
    return `{"before":${this.write(row)},"after":null,"op":"d"}`
  }
}

export const debeziumJsonFormat: FormatFactory = {
  identifier: 'debezium-json',
  options: DEBEZIUM_JSON_OPTIONS,
  changelogMode: () => RETRACT,
  createDecoder: (ctx) => new DebeziumJsonDecoder(ctx),
  createEncoder: (ctx) => new DebeziumJsonEncoder(ctx),
}
