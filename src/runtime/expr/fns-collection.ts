/** ROW / ARRAY / MAP constructors, ITEM (subscript), ELEMENT, CARDINALITY. */
import type { RexCall, RexNode } from '../../plan/rex.js'
import type { DataType } from '../../sql/data-type.js'
import type { CodeGen, FunctionDef } from './codegen.js'
import { exprError } from './expr-error.js'
import { valuesEqual } from './values.js'

function fieldTypes(t: DataType, n: number): (DataType | undefined)[] {
  if (t.kind === 'ROW') return t.fields.map((f) => f.type)
  if (t.kind === 'ARRAY' || t.kind === 'MULTISET') return new Array<DataType>(n).fill(t.element)
  return []
}

function emitRow(g: CodeGen, c: RexCall): string {
  const types = fieldTypes(c.type, c.operands.length)
  const refs = c.operands.map((o, i) => {
    const t = types[i]
    return t === undefined ? g.compile(o) : g.compileAs(o, t)
  })
  return g.local(`[${refs.join(', ')}]`)
}

function emitMap(g: CodeGen, c: RexCall): string {
  const kt = c.type.kind === 'MAP' ? c.type.key : undefined
  const vt = c.type.kind === 'MAP' ? c.type.value : undefined
  const pairs: string[] = []
  for (let i = 0; i + 1 < c.operands.length; i += 2) {
    const k = c.operands[i] as RexNode
    const v = c.operands[i + 1] as RexNode
    pairs.push(`[${kt === undefined ? g.compile(k) : g.compileAs(k, kt)}, ${vt === undefined ? g.compile(v) : g.compileAs(v, vt)}]`)
  }
  return g.local(`new Map([${pairs.join(', ')}])`)
}

/** ITEM(array, i) is 1-based with NULL out of range; ITEM(map, key) looks the key up (NULL when absent). */
function arrayItem(a: readonly unknown[], i: number): unknown {
  const v = a[i - 1]
  return v === undefined ? null : v
}

function mapItem(m: Map<unknown, unknown>, key: unknown): unknown {
  const v = m.get(key)
  if (v !== undefined) return v
  if (typeof key === 'object' || typeof key === 'number' || typeof key === 'bigint') {
    for (const [k, x] of m) if (k != null && valuesEqual(k, key)) return x ?? null
  }
  return null
}

function element(a: readonly unknown[]): unknown {
  if (a.length === 0) return null
  if (a.length > 1) throw exprError('ELEMENT', `the array has more than one element (${a.length})`)
  return a[0] ?? null
}

function cardinality(v: unknown): number {
  if (Array.isArray(v)) return v.length
  if (v instanceof Map) {
    let n = 0
    let multiset = true
    for (const c of v.values()) {
      if (typeof c !== 'number') {
        multiset = false
        break
      }
      n += c
    }
    return multiset ? n : v.size
  }
  return 0
}

export const COLLECTION_FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  ROW: { special: emitRow },
  ARRAY: { special: emitRow },
  MAP: { special: emitMap },
  ITEM: {
    strict: (g, c, [a, k]) => {
      const t = (c.operands[0] as RexNode).type
      if (t.kind === 'MAP') return `${g.helper(mapItem)}(${a as string}, ${k as string})`
      const idx = (c.operands[1] as RexNode).type.kind === 'BIGINT' ? `Number(${k as string})` : (k as string)
      return `${g.helper(arrayItem)}(${a as string}, ${idx})`
    },
    mayReturnNull: true,
  },
  ELEMENT: { strict: (g, _c, [a]) => `${g.helper(element)}(${a as string})`, mayReturnNull: true },
  CARDINALITY: {
    strict: (g, c, [a]) => {
      const t = (c.operands[0] as RexNode).type
      if (t.kind === 'ARRAY') return `${a as string}.length`
      if (t.kind === 'MAP') return `${a as string}.size`
      return `${g.helper(cardinality)}(${a as string})`
    },
  },
}
