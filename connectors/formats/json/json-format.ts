/** The `json` format: one JSON object per record, fields by name (Flink's json format and options). */
import type {
  FormatContext,
  FormatFactory,
  OptionSpec,
  RecordDecoder,
  RecordEncoder,
  RowBatchBuilderLike,
} from '../../../src/catalog/connector.js'
import { INSERT_ONLY, RowKind } from '../../../src/sql/row-kind.js'
import { EngineError } from '../../../src/errors.js'
import { OptionReader } from '../../shared/options.js'
import { encodeError, isBlank, parseError, recordText } from '../shared/format-error.js'
import { DEFAULT_JSON_OPTIONS, rowConverter, rowWriter } from './json-converters.js'
import type { JsonCodecOptions, MapNullKeyMode } from './json-converters.js'
import { parseJson } from './json-parser.js'

/** Options shared by json, debezium-json and canal-json (keys without the format prefix). */
export const JSON_CODEC_OPTIONS: readonly OptionSpec[] = [
  { key: 'ignore-parse-errors', type: 'boolean', default: 'false', description: 'Skip records with parse errors instead of failing.' },
  {
    key: 'timestamp-format.standard',
    type: 'enum',
    default: 'SQL',
    enumValues: ['SQL', 'ISO-8601'],
    description: "Timestamp text: 'SQL' (2020-12-30 12:13:14.123) or 'ISO-8601' (2020-12-30T12:13:14.123).",
  },
  {
    key: 'map-null-key.mode',
    type: 'enum',
    default: 'FAIL',
    enumValues: ['FAIL', 'DROP', 'LITERAL'],
    description: "What to do with a null MAP key when writing: 'FAIL', 'DROP' the entry, or write 'map-null-key.literal'.",
  },
  { key: 'map-null-key.literal', type: 'string', default: 'null', description: "The key text written for null MAP keys in mode 'LITERAL'." },
  {
    key: 'encode.decimal-as-plain-number',
    type: 'boolean',
    default: 'false',
    description: 'Write DECIMAL values without scientific notation (0.000000027 rather than 2.7E-8).',
  },
  { key: 'encode.ignore-null-fields', type: 'boolean', default: 'false', description: 'Leave out fields whose value is null when writing.' },
]

export const JSON_OPTIONS: readonly OptionSpec[] = [
  { key: 'fail-on-missing-field', type: 'boolean', default: 'false', description: 'Fail when a field is missing from a record (otherwise it is null).' },
  ...JSON_CODEC_OPTIONS,
  { key: 'decode.json-parser.enabled', type: 'boolean', default: 'true', description: 'Accepted for compatibility; Weir always parses records as a whole.' },
]

export function readJsonOptions(options: Readonly<Record<string, string>>, specs: readonly OptionSpec[] = JSON_OPTIONS): JsonCodecOptions & { ignoreParseErrors: boolean } {
  const r = new OptionReader(options, specs)
  return {
    failOnMissingField: r.boolean('fail-on-missing-field') ?? false,
    timestampStandard: r.enumValue('timestamp-format.standard', ['SQL', 'ISO-8601'] as const) ?? DEFAULT_JSON_OPTIONS.timestampStandard,
    mapNullKeyMode: r.enumValue<MapNullKeyMode>('map-null-key.mode', ['FAIL', 'DROP', 'LITERAL']) ?? 'FAIL',
    mapNullKeyLiteral: r.string('map-null-key.literal') ?? 'null',
    decimalAsPlainNumber: r.boolean('encode.decimal-as-plain-number') ?? false,
    ignoreNullFields: r.boolean('encode.ignore-null-fields') ?? false,
    ignoreParseErrors: r.boolean('ignore-parse-errors') ?? false,
  }
}

/** Decoders count the records they skipped under ignore-parse-errors. */
export interface CountingDecoder extends RecordDecoder {
  readonly skipped: number
}

export class JsonDecoder implements CountingDecoder {
  skipped = 0
  private readonly convert: (node: unknown) => unknown[]
  private readonly ignoreErrors: boolean

  constructor(ctx: FormatContext) {
    const opts = readJsonOptions(ctx.options)
    if (opts.failOnMissingField && opts.ignoreParseErrors) {
      throw new EngineError('CONNECTOR_INVALID_OPTION', "'json.fail-on-missing-field' and 'json.ignore-parse-errors' cannot both be true")
    }
    this.convert = rowConverter(ctx.fields, opts)
    this.ignoreErrors = opts.ignoreParseErrors
  }

  decode(bytes: Uint8Array | string, out: RowBatchBuilderLike): void {
    const text = recordText(bytes)
    if (isBlank(text)) return // an empty message is no row, as in Flink
    let row: unknown[]
    try {
      row = this.convert(parseJson(text))
    } catch (e) {
      if (this.ignoreErrors) {
        this.skipped++
        return
      }
      throw parseError('JSON', text, (e as Error).message, e)
    }
    out.push(row)
  }
}

export class JsonEncoder implements RecordEncoder {
  private readonly write: (row: unknown) => string

  constructor(ctx: FormatContext) {
    this.write = rowWriter(ctx.fields, readJsonOptions(ctx.options))
  }

  encode(row: readonly unknown[], kind: number): string {
    if (kind !== RowKind.INSERT && kind !== RowKind.UPDATE_AFTER) {
      throw encodeError('JSON', 'the json format writes only inserts; use debezium-json or canal-json for a changelog')
    }
    return this.write(row)
  }
}

export const jsonFormat: FormatFactory = {
  identifier: 'json',
  options: JSON_OPTIONS,
  changelogMode: () => INSERT_ONLY,
  createDecoder: (ctx) => new JsonDecoder(ctx),
  createEncoder: (ctx) => new JsonEncoder(ctx),
}
