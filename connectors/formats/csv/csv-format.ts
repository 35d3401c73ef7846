/** The `csv` format (Flink's csv format and options): positional fields, RFC-4180 quoting. */
import type {
  FormatContext,
  FormatFactory,
  OptionSpec,
  RecordEncoder,
  RowBatchBuilderLike,
} from '../../../src/catalog/connector.js'
import type { DataType } from '../../../src/sql/data-type.js'
import { formatType } from '../../../src/sql/data-type.js'
import { INSERT_ONLY, RowKind } from '../../../src/sql/row-kind.js'
import { EngineError } from '../../../src/errors.js'
import { OptionReader } from '../../shared/options.js'
import { ValueError, encodeError, parseError, recordText, unsupportedType } from '../shared/format-error.js'
import { textFormatter, textParser } from '../shared/text-value.js'
import type { TextOptions } from '../shared/text-value.js'
import type { CountingDecoder } from '../json/json-format.js'
import { quoteField, splitFields } from './csv-records.js'
import type { CsvSyntax } from './csv-records.js'

export const CSV_OPTIONS: readonly OptionSpec[] = [
  { key: 'field-delimiter', type: 'string', default: ',', description: 'Field delimiter character.' },
  { key: 'disable-quote-character', type: 'boolean', default: 'false', description: 'Disable quoting of values; quote-character must then not be set.' },
  { key: 'quote-character', type: 'string', default: '"', description: 'Quote character enclosing field values.' },
  { key: 'allow-comments', type: 'boolean', default: 'false', description: "Ignore lines that start with '#'." },
  { key: 'ignore-parse-errors', type: 'boolean', default: 'false', description: 'Skip rows with parse errors and set fields with errors to null instead of failing.' },
  { key: 'array-element-delimiter', type: 'string', default: ';', description: 'Separator of array and row elements.' },
  { key: 'escape-character', type: 'string', description: 'Escape character (off by default).' },
  { key: 'null-literal', type: 'string', description: "Text read and written as NULL (off by default: NULL is written as an empty field)." },
  {
    key: 'write-bigdecimal-in-scientific-notation',
    type: 'boolean',
    default: 'true',
    description: 'Write DECIMAL values like BigDecimal.toString (may use an exponent); false writes plain digits.',
  },
]

export interface CsvOptions {
  readonly syntax: CsvSyntax
  readonly allowComments: boolean
  readonly ignoreParseErrors: boolean
  readonly arrayDelimiter: string
  readonly nullLiteral: string | null
  readonly text: TextOptions
}

export function readCsvOptions(options: Readonly<Record<string, string>>): CsvOptions {
  const r = new OptionReader(options, CSV_OPTIONS)
  const disableQuote = r.boolean('disable-quote-character') ?? false
  if (disableQuote && r.has('quote-character')) {
    throw new EngineError('CONNECTOR_INVALID_OPTION', "'csv.quote-character' cannot be set when 'csv.disable-quote-character' is true")
  }
  return {
    syntax: {
      delimiter: r.char('field-delimiter') ?? ',',
      quote: disableQuote ? null : (r.char('quote-character') ?? '"'),
      escape: r.char('escape-character') ?? null,
    },
    allowComments: r.boolean('allow-comments') ?? false,
    ignoreParseErrors: r.boolean('ignore-parse-errors') ?? false,
    arrayDelimiter: r.string('array-element-delimiter') ?? ';',
    nullLiteral: r.string('null-literal') ?? null,
    text: { timestampStandard: 'SQL', decimalScientific: r.boolean('write-bigdecimal-in-scientific-notation') ?? true },
  }
}

type FieldParser = (text: string) => unknown

/** Types for which an empty field is a value ('' or empty bytes), not NULL. */
function isStringType(t: DataType): boolean {
  return t.kind === 'CHAR' || t.kind === 'VARCHAR' || t.kind === 'BINARY' || t.kind === 'VARBINARY'
}

/** A field's parser: containers split on the element delimiter; an empty non-string field is NULL. */
function fieldParser(type: DataType, opts: CsvOptions, nested: boolean): FieldParser {
  const nullLit = opts.nullLiteral
  const str = isStringType(type)
  let inner: FieldParser
  switch (type.kind) {
    case 'ARRAY': {
      if (nested) throw unsupportedType('csv', formatType(type) + ' inside an ARRAY or ROW')
      const el = fieldParser(type.element, opts, true)
      const d = opts.arrayDelimiter
      inner = (t) => (t === '' ? [] : t.split(d).map(el))
      break
    }
    case 'ROW': {
      if (nested) throw unsupportedType('csv', formatType(type) + ' inside an ARRAY or ROW')
      const convs = type.fields.map((f) => fieldParser(f.type, opts, true))
      const d = opts.arrayDelimiter
      inner = (t) => {
        const parts = t.split(d)
        return convs.map((c, i) => c(parts[i] ?? ''))
      }
      break
    }
    case 'MAP':
    case 'MULTISET':
      throw unsupportedType('csv', formatType(type))
    default:
      inner = textParser(type, opts.text)
  }
  return (t) => {
    if (nullLit !== null && t === nullLit) return null
    if (!str && t.trim() === '') return null
    return inner(t)
  }
}

type FieldFormatter = (v: unknown) => string

function fieldFormatter(type: DataType, opts: CsvOptions): FieldFormatter {
  const nullText = opts.nullLiteral ?? ''
  let inner: FieldFormatter
  switch (type.kind) {
    case 'ARRAY': {
      const el = fieldFormatter(type.element, opts)
      inner = (v) => (v as unknown[]).map(el).join(opts.arrayDelimiter)
      break
    }
    case 'ROW': {
      const fs = type.fields.map((f) => fieldFormatter(f.type, opts))
      inner = (v) => (v as unknown[]).map((x, i) => (fs[i] as FieldFormatter)(x)).join(opts.arrayDelimiter)
      break
    }
    case 'MAP':
    case 'MULTISET':
      throw unsupportedType('csv', formatType(type))
    default:
      inner = textFormatter(type, opts.text)
  }
  return (v) => (v === null || v === undefined ? nullText : inner(v))
}

export class CsvDecoder implements CountingDecoder {
  skipped = 0
  private readonly parsers: FieldParser[]
  private readonly opts: CsvOptions

  constructor(ctx: FormatContext) {
    this.opts = readCsvOptions(ctx.options)
    this.parsers = ctx.fields.map((f) => fieldParser(f.type, this.opts, false))
  }

  decode(bytes: Uint8Array | string, out: RowBatchBuilderLike): void {
    let text = recordText(bytes)
    if (text.endsWith('\n')) text = text.slice(0, text.endsWith('\r\n') ? -2 : -1)
    if (this.opts.allowComments && text.startsWith('#')) return
    if (text === '' && this.parsers.length > 1) return // blank line
    const ignore = this.opts.ignoreParseErrors
    let fields: string[]
    try {
      fields = splitFields(text, this.opts.syntax)
      if (fields.length !== this.parsers.length && !ignore) {
        throw new ValueError(`row length mismatch: ${this.parsers.length} fields expected but was ${fields.length}`)
      }
    } catch (e) {
      if (ignore) {
        this.skipped++
        return
      }
      throw parseError('CSV', text, (e as Error).message, e)
    }
    const n = this.parsers.length
    const row = new Array<unknown>(n)
    for (let i = 0; i < n; i++) {
      const f = fields[i]
      if (f === undefined) {
        row[i] = null
        continue
      }
      try {
        row[i] = (this.parsers[i] as FieldParser)(f)
      } catch (e) {
        // Flink: with ignore-parse-errors a bad field is null, the row is kept.
        if (!ignore) throw parseError('CSV', text, (e as Error).message, e)
        row[i] = null
      }
    }
    out.push(row)
  }
}

export class CsvEncoder implements RecordEncoder {
  private readonly formatters: FieldFormatter[]
  private readonly syntax: CsvSyntax

  constructor(ctx: FormatContext) {
    const opts = readCsvOptions(ctx.options)
    this.syntax = opts.syntax
    this.formatters = ctx.fields.map((f) => fieldFormatter(f.type, opts))
  }

  encode(row: readonly unknown[], kind: number): string {
    if (kind !== RowKind.INSERT && kind !== RowKind.UPDATE_AFTER) throw encodeError('CSV', 'the csv format writes only inserts')
    let out = ''
    const n = this.formatters.length
    for (let i = 0; i < n; i++) {
      if (i > 0) out += this.syntax.delimiter
      out += quoteField((this.formatters[i] as FieldFormatter)(row[i]), this.syntax)
    }
    return out
  }
}

export const csvFormat: FormatFactory = {
  identifier: 'csv',
  options: CSV_OPTIONS,
  changelogMode: () => INSERT_ONLY,
  createDecoder: (ctx) => new CsvDecoder(ctx),
  createEncoder: (ctx) => new CsvEncoder(ctx),
}
