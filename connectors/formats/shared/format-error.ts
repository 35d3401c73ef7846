import { EngineError } from '../../../src/errors.js'

const MAX_SHOWN = 200

/** Shortens a record for an error message (long lines are cut, control characters shown escaped). */
export function excerpt(record: string): string {
  const t = record.length > MAX_SHOWN ? record.slice(0, MAX_SHOWN) + `... (${record.length} chars)` : record
  return t.replace(/[\r\n\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'))
}

/** Why one value could not be read; the decoder turns it into a FORMAT_PARSE_ERROR that shows the record. */
export class ValueError extends Error {
  override readonly name = 'ValueError'
}

export function parseError(format: string, record: string, reason: string, cause?: unknown): EngineError {
  return new EngineError('FORMAT_PARSE_ERROR', `failed to deserialize ${format} record '${excerpt(record)}': ${reason}`, {
    domain: 'external',
    ...(cause === undefined ? {} : { cause }),
    hint: `set '${format}.ignore-parse-errors' = 'true' to skip malformed records`,
  })
}

export function unsupportedType(format: string, type: string): EngineError {
  return new EngineError('FORMAT_UNSUPPORTED_TYPE', `the ${format} format does not support type ${type}`)
}

export function encodeError(format: string, reason: string): EngineError {
  return new EngineError('FORMAT_ENCODE_ERROR', `failed to serialize a row as ${format}: ${reason}`, { domain: 'external' })
}

export function recordText(bytes: Uint8Array | string): string {
  return typeof bytes === 'string' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
}

/** True for '' and whitespace-only text, without allocating for the common non-blank record. */
export function isBlank(text: string): boolean {
  const c = text.charCodeAt(0)
  if (Number.isNaN(c)) return true
  if (c > 32) return false
  return text.trim() === ''
}
