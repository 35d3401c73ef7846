import type { Span } from './sql/span.js'

/** Who has to act: the user (fix the query or config), an external system, or us (a Weir bug). */
export type ErrorDomain = 'user' | 'external' | 'internal'

export interface EngineErrorOptions {
  readonly domain?: ErrorDomain
  readonly retryable?: boolean
  readonly cause?: unknown
  readonly hint?: string
}

/** Every error Weir raises on purpose. `code` is SCREAMING_SNAKE with an area prefix (PARSE_, PLAN_, ...). */
export class EngineError extends Error {
  readonly code: string
  readonly domain: ErrorDomain
  readonly retryable: boolean
  readonly hint: string | undefined

  constructor(code: string, message: string, options: EngineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'EngineError'
    this.code = code
    this.domain = options.domain ?? 'user'
    this.retryable = options.retryable ?? false
    this.hint = options.hint
  }

  /** The text a user sees: code, message, hint; no stack. */
  render(): string {
    const lines = [`${this.code}: ${this.message}`]
    if (this.hint !== undefined) lines.push(`HINT: ${this.hint}`)
    if (this.domain === 'internal') lines.push('This is a bug in Weir; please report it with the statement that caused it.')
    return lines.join('\n')
  }
}

/** An error that points at a place in the SQL text. */
export class SqlError extends EngineError {
  readonly span: Span
  /** The full text the span refers to; set by whoever knows it (the parser, the executor). */
  source: string | undefined

  constructor(code: string, message: string, span: Span, options: EngineErrorOptions & { readonly source?: string } = {}) {
    super(code, message, options)
    this.name = 'SqlError'
    this.span = span
    this.source = options.source
  }

  override render(): string {
    const lines = [`${this.code}: ${this.message}`]
    if (this.source !== undefined) lines.push(...caretLines(this.source, this.span))
    else lines.push(`at line ${this.span.start.line}, column ${this.span.start.column}`)
    if (this.hint !== undefined) lines.push(`HINT: ${this.hint}`)
    return lines.join('\n')
  }
}

/** `LINE n: <text>` and a row of carets under the span (clipped to the first line of the span). */
export function caretLines(source: string, span: Span): string[] {
  const allLines = source.split(/\r?\n/)
  const lineNo = span.start.line
  const text = allLines[lineNo - 1] ?? ''
  const prefix = `LINE ${lineNo}: `
  const startCol = Math.max(1, span.start.column)
  const endCol = span.end.line === lineNo ? Math.max(span.end.column, startCol + 1) : text.length + 1
  const width = Math.max(1, Math.min(endCol, text.length + 1) - startCol)
  return [prefix + text, ' '.repeat(prefix.length + startCol - 1) + '^'.repeat(width)]
}

export function internalError(message: string, cause?: unknown): EngineError {
  return new EngineError('INTERNAL', message, cause === undefined ? { domain: 'internal' } : { domain: 'internal', cause })
}

export function assertNever(x: never, what = 'value'): never {
  throw internalError(`unhandled ${what}: ${JSON.stringify(x)}`)
}

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof EngineError
}
