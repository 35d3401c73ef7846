/** The base of every AST node, and identifiers, names and properties shared by all statements. */
import type { DataType } from './data-type.js'
import type { Span } from './span.js'

export interface Node<K extends string> {
  readonly kind: K
  readonly span: Span
}

// ---------------------------------------------------------------------------------------------
// Names

export interface Ident extends Node<'Ident'> {
  readonly value: string
  readonly quoted: boolean
}

/** `a`, `db.t`, `cat.db.t`. */
export interface QualifiedName extends Node<'QualifiedName'> {
  readonly parts: readonly Ident[]
}

/** A `'key' = 'value'` pair of a WITH clause, a SET, or an OPTIONS hint. */
export interface Property extends Node<'Property'> {
  readonly key: string
  readonly value: string
}

/** A data type as written, with its span. */
export interface TypeRef extends Node<'TypeRef'> {
  readonly type: DataType
}
