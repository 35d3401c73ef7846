/** Positioned planning errors; the SQL text is attached so render() can draw the caret. */
import { SqlError } from '../errors.js'
import type { Span } from '../sql/span.js'
import { formatType, withNullable } from '../sql/data-type.js'
import type { DataType } from '../sql/data-type.js'
import { dropTimeAttribute } from './type-inference.js'

export function planError(code: string, message: string, span: Span, source: string, hint?: string): SqlError {
  return new SqlError(code, message, span, hint === undefined ? { source } : { source, hint })
}

export function unsupported(feature: string, span: Span, source: string, hint?: string): SqlError {
  return planError('PLAN_UNSUPPORTED', `${feature} is not supported yet`, span, source, hint)
}

/** A type as error messages show it: without NOT NULL and time attribute markers (`STRING`, `INT`). */
export function typeName(t: DataType): string {
  return formatType(withNullable(dropTimeAttribute(t), true))
}
