/** Rendering of names, string literals, properties and data types as Flink SQL text. */
import { assertNever } from '../errors.js'
import type { Ident, Property, QualifiedName } from './ast.js'
import { formatType, type DataType } from './data-type.js'
import { NILADIC_FUNCTION_NAMES, RESERVED_FUNCTION_NAMES, isPlainIdentifier, isSimpleWord } from './keywords.js'

export function quoteIdentifier(name: string): string {
  return '`' + name.replaceAll('`', '``') + '`'
}

/** A name where an identifier is expected: backticks when it was quoted or must be (reserved, unusual characters). */
export function printName(name: string): string {
  return isPlainIdentifier(name) ? name : quoteIdentifier(name)
}

/** An identifier; after a dot (`t.value`) reserved words need no quotes. */
export function printIdent(id: Ident, afterDot = false): string {
  if (id.quoted) return quoteIdentifier(id.value)
  return (afterDot ? isSimpleWord(id.value) : isPlainIdentifier(id.value)) ? id.value : quoteIdentifier(id.value)
}

/** `a.b.c` */
export function printParts(parts: readonly Ident[]): string {
  return parts.map((p, i) => printIdent(p, i > 0)).join('.')
}

export function printQualifiedName(n: QualifiedName): string {
  return printParts(n.parts)
}

/** A function name: keywords such as COUNT or CURRENT_DATE stay bare. */
export function printFunctionName(n: QualifiedName): string {
  const [first] = n.parts
  if (n.parts.length === 1 && first !== undefined && !first.quoted) {
    const upper = first.value.toUpperCase()
    if (RESERVED_FUNCTION_NAMES.has(upper) || NILADIC_FUNCTION_NAMES.has(upper)) return first.value
  }
  return printParts(n.parts)
}

export function printIdentList(ids: readonly Ident[]): string {
  return ids.map((i) => printIdent(i)).join(', ')
}

export function printString(value: string): string {
  return "'" + value.replaceAll("'", "''") + "'"
}

export function printProperty(p: Property): string {
  return `${printString(p.key)} = ${printString(p.value)}`
}

export function printPropertyList(props: readonly Property[]): string {
  return `(${props.map(printProperty).join(', ')})`
}

/**
 * Renders a type so that it parses back to the same DataType. It differs from formatType (DESCRIBE's rendering)
 * only in time attributes (not part of SQL text), interval syntax and ROW fields (quoted only when needed, with
 * descriptions); the other types render alike, so those are left to formatType.
 */
export function printDataType(t: DataType): string {
  const nn = t.nullable ? '' : ' NOT NULL'
  switch (t.kind) {
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return `${t.kind}(${t.precision})${nn}`
    case 'INTERVAL_DAY_TIME':
      return `INTERVAL DAY TO SECOND(3)${nn}`
    case 'INTERVAL_YEAR_MONTH':
      return `INTERVAL YEAR TO MONTH${nn}`
    case 'ARRAY':
    case 'MULTISET':
      return `${t.kind}<${printDataType(t.element)}>${nn}`
    case 'MAP':
      return `MAP<${printDataType(t.key)}, ${printDataType(t.value)}>${nn}`
    case 'ROW': {
      const fields = t.fields.map((f) => {
        const desc = f.description === undefined ? '' : ` ${printString(f.description)}`
        return `${printName(f.name)} ${printDataType(f.type)}${desc}`
      })
      return `ROW<${fields.join(', ')}>${nn}`
    }
    default:
      return formatType(t)
  }
}
