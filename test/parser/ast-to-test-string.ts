/**
 * A compact, readable rendering of an AST for golden files: spans left out, one node per line, leaves inline.
 * `false` flags and empty lists are omitted; names print as written (backticks when quoted).
 */
import type { DataType } from '../../src/sql/data-type.js'
import { printDataType } from '../../src/sql/print.js'

type Obj = Record<string, unknown>

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isDataType(v: Obj): boolean {
  return typeof v['kind'] === 'string' && typeof v['nullable'] === 'boolean' && !('span' in v)
}

function name(v: Obj): string {
  const value = String(v['value'])
  return v['quoted'] === true ? '`' + value.replaceAll('`', '``') + '`' : value
}

/** Nodes small enough to show on one line, or undefined. */
function inline(v: unknown, nested = false): string | undefined {
  if (v === null) return 'null'
  if (typeof v === 'string') return JSON.stringify(v)
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) {
    const parts = v.map((x) => inline(x, true))
    return parts.every((p) => p !== undefined) ? `[${parts.join(', ')}]` : undefined
  }
  if (!isObj(v)) return undefined
  if (isDataType(v)) return printDataType(v as unknown as DataType)
  switch (v['kind']) {
    case 'Ident':
      return name(v)
    case 'QualifiedName':
    case 'ColumnRef': {
      const parts = (v['parts'] as Obj[]).map(name).join('.')
      return v['kind'] === 'ColumnRef' ? `Col(${parts})` : parts
    }
    case 'NumericLiteral':
      return `Num(${String(v['text'])})`
    case 'StringLiteral':
      return `Str(${JSON.stringify(v['value'])})`
    case 'BooleanLiteral':
      return `Bool(${String(v['value'])})`
    case 'NullLiteral':
      return 'Null'
    case 'Symbol':
      return `Sym(${String(v['name'])})`
    case 'TypeRef':
      return inline(v['type'], nested)
    case 'Property':
      return `${JSON.stringify(v['key'])}=${JSON.stringify(v['value'])}`
    case 'TypedLiteral':
      return `${String(v['type'])}(${JSON.stringify(v['value'])})`
    case 'BinaryStringLiteral':
      return `X(${String(v['hex'])})`
    case 'IntervalLiteral': {
      const p = (u: unknown, prec: unknown) => `${String(u)}${prec === undefined ? '' : `(${String(prec)})`}`
      const to = v['to'] === undefined ? '' : ` TO ${p(v['to'], v['toPrecision'])}`
      return `Interval(${v['negative'] === true ? '-' : ''}${JSON.stringify(v['value'])} ${p(v['from'], v['fromPrecision'])}${to})`
    }
    default:
      break
  }
  const entries = fields(v)
  if (entries.length <= 4 && entries.every(([, x]) => typeof x !== 'object' || x === null || (isObj(x) && x['kind'] === 'Ident'))) {
    const kind = typeof v['kind'] === 'string' ? v['kind'] : ''
    const body = entries.map(([k, x]) => (x === true ? k : `${k}=${inline(x, true) ?? '?'}`)).join(' ')
    if (kind === '') return `{${body}}`
    if (body === '') return kind
    return nested ? `(${kind} ${body})` : `${kind} ${body}`
  }
  return undefined
}

function fields(v: Obj): [string, unknown][] {
  return Object.entries(v).filter(([k, x]) => k !== 'kind' && k !== 'span' && x !== false && x !== undefined && !(Array.isArray(x) && x.length === 0))
}

function render(v: unknown, indent: string, out: string[], label: string): void {
  const flat = inline(v)
  if (flat !== undefined && (flat.length <= 100 || !Array.isArray(v))) {
    out.push(`${indent}${label}${flat}`)
    return
  }
  if (Array.isArray(v)) {
    out.push(`${indent}${label.trimEnd()}`)
    for (const item of v) render(item, `${indent}  `, out, '- ')
    return
  }
  const o = v as Obj
  const scalars: string[] = []
  const complex: [string, unknown][] = []
  for (const [k, x] of fields(o)) {
    const s = inline(x, true)
    if (s !== undefined && s.length <= 60) scalars.push(x === true ? k : `${k}=${s}`)
    else complex.push([k, x])
  }
  const kind = typeof o['kind'] === 'string' ? o['kind'] : '{}'
  out.push(`${indent}${label}${[kind, ...scalars].join(' ')}`)
  for (const [k, x] of complex) render(x, `${indent}  `, out, `${k}: `)
}

/** The golden text of any AST value (a Script, a statement, an expression). */
export function astToTestString(ast: unknown): string {
  const out: string[] = []
  if (isObj(ast) && Array.isArray(ast['statements']) && ast['kind'] === undefined) {
    for (const s of ast['statements']) render(s, '', out, '')
  } else render(ast, '', out, '')
  return out.join('\n') + '\n'
}

/** A deep copy without `span` keys, for comparing trees parsed from different text. */
export function stripSpans<T>(ast: T): T {
  return JSON.parse(JSON.stringify(ast, (k, v: unknown) => (k === 'span' ? undefined : v))) as T
}
