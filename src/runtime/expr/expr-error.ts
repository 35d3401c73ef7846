import { EngineError } from '../../errors.js'

/** A run-time failure of a built-in (bad CAST input, division by zero, ...): the user's data or query is at fault. */
export function exprError(fn: string, message: string): EngineError {
  return new EngineError('RUNTIME_EXPRESSION_ERROR', `${fn}: ${message}`, { domain: 'user' })
}

/** Renders an offending value for an error message (strings quoted, long values cut). */
export function showValue(v: unknown): string {
  let s: string
  if (typeof v === 'string') s = `'${v}'`
  else if (typeof v === 'bigint') s = v.toString()
  else if (v instanceof Uint8Array) s = `x'${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}'`
  else if (typeof v === 'object' && v !== null) {
    try {
      s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v)
    } catch {
      s = String(v)
    }
  } else s = String(v)
  return s.length > 200 ? `${s.slice(0, 200)}...` : s
}
