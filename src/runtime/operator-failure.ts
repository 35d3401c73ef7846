/**
 * How a failure inside a running job is reported: errors from an operator are wrapped once, naming the operator
 * (`operator GroupAggregate[uid] failed: <cause>`); connector and format errors keep their own code and message;
 * errors cross thread boundaries as plain data and are rebuilt as EngineErrors.
 */
import { EngineError, type ErrorDomain } from '../errors.js'

export const OPERATOR_FAILED = 'RUNTIME_OPERATOR_FAILED'

export function operatorFailure(name: string, e: unknown): Error {
  if (e instanceof EngineError) {
    if (e.code === OPERATOR_FAILED || e.code === 'RUNTIME_UNSUPPORTED_OPERATOR' || e.code.startsWith('CONNECTOR_') || e.code.startsWith('FORMAT_')) return e
    return new EngineError(OPERATOR_FAILED, `operator ${name} failed: ${e.message}`, {
      domain: e.domain,
      retryable: e.retryable,
      cause: e,
      ...(e.hint === undefined ? {} : { hint: e.hint }),
    })
  }
  const message = e instanceof Error ? e.message : String(e)
  // A plain Error escaping an operator is a bug in Weir, not in the user's query.
  return new EngineError(OPERATOR_FAILED, `operator ${name} failed: ${message}`, { domain: 'internal', cause: e })
}

/** Plain-data form of an error, for postMessage. */
export interface SerializedError {
  readonly name: string
  readonly message: string
  readonly code?: string
  readonly domain?: ErrorDomain
  readonly retryable?: boolean
  readonly hint?: string
  readonly stack?: string
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof EngineError) {
    return {
      name: e.name,
      message: e.message,
      code: e.code,
      domain: e.domain,
      retryable: e.retryable,
      ...(e.hint === undefined ? {} : { hint: e.hint }),
      ...(e.stack === undefined ? {} : { stack: e.stack }),
    }
  }
  if (e instanceof Error) return { name: e.name, message: e.message, ...(e.stack === undefined ? {} : { stack: e.stack }) }
  return { name: 'Error', message: String(e) }
}

export function deserializeError(s: SerializedError): Error {
  if (s.code !== undefined) {
    const e = new EngineError(s.code, s.message, {
      domain: s.domain ?? 'internal',
      retryable: s.retryable ?? false,
      ...(s.hint === undefined ? {} : { hint: s.hint }),
    })
    if (s.stack !== undefined) e.stack = s.stack
    return e
  }
  const e = new Error(s.message)
  e.name = s.name
  if (s.stack !== undefined) e.stack = s.stack
  return e
}
