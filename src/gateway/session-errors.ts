/**
 * How an error of a statement reads for a user (shell, -f, gateway): an EngineError renders itself (code, message,
 * carets, hint); anything else is a Weir bug and says so. Stack traces only when asked for (sql-client.verbose).
 */
import { EngineError } from '../errors.js'

export const ERROR_HEADER = '[ERROR] Could not execute SQL statement. Reason:'

export function renderError(e: unknown, verbose: boolean): string {
  if (e instanceof EngineError) {
    const text = e.render()
    return verbose ? `${text}\n${stackOf(e)}` : text
  }
  if (e instanceof Error) {
    const lines = [`INTERNAL: ${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`, 'This is a bug in Weir; please report it with the statement that caused it.']
    if (verbose) lines.push(stackOf(e))
    return lines.join('\n')
  }
  return `INTERNAL: ${String(e)}\nThis is a bug in Weir; please report it with the statement that caused it.`
}

/** The stack, followed by the chain of causes. */
function stackOf(e: Error): string {
  const parts = [e.stack ?? `${e.name}: ${e.message}`]
  let cause: unknown = e.cause
  for (let depth = 0; cause !== undefined && depth < 10; depth++) {
    parts.push(`Caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`)
    cause = cause instanceof Error ? cause.cause : undefined
  }
  return parts.join('\n')
}
