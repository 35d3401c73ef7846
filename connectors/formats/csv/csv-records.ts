/**
 * RFC-4180 record handling for the csv format: splitting a record into field texts (quote and escape characters,
 * doubled quotes) and splitting a file's text into records (a quoted field may span lines).
 */
export interface CsvSyntax {
  readonly delimiter: string
  /** null when quoting is disabled. */
  readonly quote: string | null
  readonly escape: string | null
}

export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError'
}

/** Field texts of one record (no trailing line break). `quoted[i]` tells whether field i was quoted. */
export function splitFields(record: string, syn: CsvSyntax, quoted?: boolean[]): string[] {
  const { delimiter, quote, escape } = syn
  const out: string[] = []
  const n = record.length
  let i = 0
  let field = ''
  let inQuotes = false
  let wasQuoted = false
  // Fast path: no quote, no escape character in the record.
  if ((quote === null || !record.includes(quote)) && (escape === null || !record.includes(escape))) {
    const parts = record.split(delimiter)
    if (quoted !== undefined) for (let k = 0; k < parts.length; k++) quoted.push(false)
    return parts
  }
  while (i < n) {
    const c = record[i] as string
    if (escape !== null && c === escape && i + 1 < n) {
      field += record[i + 1]
      i += 2
      continue
    }
    if (inQuotes) {
      if (c === quote) {
        if (record[i + 1] === quote) {
          field += quote
          i += 2
          continue
        }
        inQuotes = false
        i++
        continue
      }
      field += c
      i++
      continue
    }
    if (c === quote && field === '' && !wasQuoted) {
      inQuotes = true
      wasQuoted = true
      i++
      continue
    }
    if (c === delimiter) {
      out.push(field)
      quoted?.push(wasQuoted)
      field = ''
      wasQuoted = false
      i++
      continue
    }
    field += c
    i++
  }
  if (inQuotes) throw new CsvSyntaxError('unterminated quoted field')
  out.push(field)
  quoted?.push(wasQuoted)
  return out
}

export interface CsvRecordSpan {
  readonly text: string
  /** 1-based line number where the record starts. */
  readonly line: number
}

/**
 * Splits a file's text into records at line breaks outside quotes (CRLF or LF). A final line break does not start
 * an empty record.
 */
export function splitRecords(text: string, syn: CsvSyntax): CsvRecordSpan[] {
  const out: CsvRecordSpan[] = []
  const quote = syn.quote
  const escape = syn.escape
  if ((quote === null || !text.includes(quote)) && escape === null) {
    const lines = text.split('\n')
    for (let k = 0; k < lines.length; k++) {
      let l = lines[k] as string
      if (k === lines.length - 1 && l === '') break
      if (l.endsWith('\r')) l = l.slice(0, -1)
      out.push({ text: l, line: k + 1 })
    }
    return out
  }
  let start = 0
  let line = 1
  let startLine = 1
  let inQuotes = false
  let fieldStart = true
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text[i]
    if (escape !== null && c === escape) {
      if (text[i + 1] === '\n') line++
      i++
      fieldStart = false
      continue
    }
    if (c === '\n') {
      line++
      if (!inQuotes) {
        const end = i > start && text[i - 1] === '\r' ? i - 1 : i
        out.push({ text: text.slice(start, end), line: startLine })
        start = i + 1
        startLine = line
        fieldStart = true
      }
      continue
    }
    if (c === quote) {
      if (inQuotes) {
        if (text[i + 1] === quote) i++
        else inQuotes = false
      } else if (fieldStart) inQuotes = true
      fieldStart = false
      continue
    }
    fieldStart = c === syn.delimiter
  }
  if (start < n) out.push({ text: text.slice(start), line: startLine })
  return out
}

/** Writes one field, quoting it when it holds a delimiter, quote, escape or line break (or leading/trailing space). */
export function quoteField(value: string, syn: CsvSyntax): string {
  const { delimiter, quote, escape } = syn
  let needs = false
  for (let i = 0; i < value.length; i++) {
    const c = value[i]
    if (c === delimiter || c === quote || c === escape || c === '\n' || c === '\r') {
      needs = true
      break
    }
  }
  if (!needs && value.length > 0 && (value[0] === ' ' || value[value.length - 1] === ' ')) needs = quote !== null
  if (!needs) return value
  if (quote === null) {
    if (escape === null) return value
    let out = ''
    for (const c of value) out += c === delimiter || c === escape || c === '\n' || c === '\r' ? escape + c : c
    return out
  }
  let out = quote
  for (const c of value) {
    if (c === quote) out += quote + quote
    else if (escape !== null && c === escape) out += escape + escape
    else out += c
  }
  return out + quote
}
