/** JSON_VALUE, JSON_QUERY, JSON_EXISTS, IS JSON with Flink's lax/strict and ON EMPTY / ON ERROR behaviour. */
import type { RexCall, RexNode } from '../../plan/rex.js'
import type { CodeGen, FunctionDef } from './codegen.js'
import { exprError } from './expr-error.js'
import { compileJsonPath, evalJsonPath, isScalar, parseJson, scalarText, serializeJson, type Json, type JsonPath } from './json-path.js'
import { STRING } from './type-utils.js'

type Behavior = 'NULL' | 'ERROR' | 'DEFAULT'

// One-entry cache: projections often apply several JSON functions to the same input.
let lastText: string | undefined
let lastDoc: Json | Error = null

function parseCached(text: string): Json {
  if (text !== lastText) {
    try {
      lastDoc = parseJson(text)
    } catch (e) {
      lastDoc = e instanceof Error ? e : new Error(String(e))
    }
    lastText = text
  }
  if (lastDoc instanceof Error) throw lastDoc
  return lastDoc
}

const pathCache = new Map<string, JsonPath | Error>()

function pathOf(text: string): JsonPath {
  let p = pathCache.get(text)
  if (p === undefined) {
    try {
      p = compileJsonPath(text)
    } catch (e) {
      p = e instanceof Error ? e : new Error(String(e))
    }
    if (pathCache.size > 1000) pathCache.clear()
    pathCache.set(text, p)
  }
  if (p instanceof Error) throw p
  return p
}

function behavior(c: RexCall, index: number): Behavior {
  const op = c.operands[index]
  if (op === undefined || op.kind !== 'Literal' || op.value == null) return 'NULL'
  const v = String(op.value).toUpperCase()
  if (v === 'ERROR' || v === 'DEFAULT' || v === 'NULL') return v
  throw exprError('JSON_VALUE', `unknown behaviour ${String(op.value)}`)
}

function literalPath(c: RexCall): JsonPath | undefined {
  const op = c.operands[1]
  return op !== undefined && op.kind === 'Literal' && typeof op.value === 'string' ? compileJsonPath(op.value) : undefined
}

function emitJsonValue(g: CodeGen, c: RexCall): string {
  const onEmpty = behavior(c, 2)
  const onError = behavior(c, 4)
  const fixedPath = literalPath(c)
  const input = g.compile(c.operands[0] as RexNode)
  const pathRef = fixedPath === undefined ? g.compile(c.operands[1] as RexNode) : 'null'
  const emptyDefault = onEmpty === 'DEFAULT' ? g.compileAs(c.operands[3] as RexNode, c.type) : 'null'
  const errorDefault = onError === 'DEFAULT' ? g.compileAs(c.operands[5] as RexNode, c.type) : 'null'
  const returning = c.type
  const isString = returning.kind === 'VARCHAR' || returning.kind === 'CHAR'
  const convertName = isString ? undefined : g.elementConverter(STRING, returning, 'cast')
  const fn = (text: string, pathText: string | null, dEmpty: unknown, dError: unknown, convert: ((s: string) => unknown) | null): unknown => {
    let failure: unknown
    try {
      const path = fixedPath ?? pathOf(pathText as string)
      const doc = parseCached(text)
      const v = evalJsonPath(doc, path)
      if (v === undefined || v === null || (!path.strict && !isScalar(v))) {
        if (onEmpty === 'ERROR') throw exprError('JSON_VALUE', 'empty result of JSON_VALUE function is not allowed')
        return onEmpty === 'DEFAULT' ? dEmpty : null
      }
      if (!isScalar(v)) throw exprError('JSON_VALUE', `strict jsonpath mode requires a scalar value, and the actual value is: ${serializeJson(v)}`)
      if (convert === null) return scalarText(v)
      if (typeof v === 'boolean' && returning.kind === 'BOOLEAN') return v
      return convert(scalarText(v))
    } catch (e) {
      if (onEmpty === 'ERROR' && e instanceof Error && e.message.includes('empty result')) throw e
      failure = e
    }
    if (onError === 'ERROR') {
      throw failure instanceof Error && 'code' in failure ? failure : exprError('JSON_VALUE', failure instanceof Error ? failure.message : String(failure))
    }
    return onError === 'DEFAULT' ? dError : null
  }
  const out = g.fresh()
  g.emit(`let ${out} = null;`)
  const pathCheck = fixedPath === undefined ? ` && ${pathRef} != null` : ''
  g.block(`if (${input} != null${pathCheck})`, () =>
    g.emit(`${out} = ${g.constant(fn, 'jsonValue')}(${input}, ${pathRef}, ${emptyDefault}, ${errorDefault}, ${convertName ?? 'null'});`),
  )
  return out
}

function jsonQuery(text: string, pathText: string, fixed: JsonPath | undefined): string | null {
  try {
    const path = fixed ?? pathOf(pathText)
    const v = evalJsonPath(parseCached(text), path)
    if (v === undefined || v === null || isScalar(v)) return null
    return serializeJson(v)
  } catch {
    return null
  }
}

function jsonExists(text: string, pathText: string, fixed: JsonPath | undefined): boolean {
  try {
    const path = fixed ?? pathOf(pathText)
    const v = evalJsonPath(parseCached(text), path)
    return v !== undefined && v !== null
  } catch {
    return false
  }
}

function isJson(text: string): boolean {
  try {
    parseCached(text)
    return true
  } catch {
    return false
  }
}

export const JSON_FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  JSON_VALUE: { special: emitJsonValue, mayReturnNull: true },
  JSON_QUERY: {
    strict: (g, c, [s, p]) => {
      const fixed = literalPath(c)
      return `${g.helper(jsonQuery)}(${s as string}, ${p as string}, ${fixed === undefined ? 'undefined' : g.constant(fixed, 'path')})`
    },
    mayReturnNull: true,
  },
  JSON_EXISTS: {
    strict: (g, c, [s, p]) => {
      const fixed = literalPath(c)
      return `${g.helper(jsonExists)}(${s as string}, ${p as string}, ${fixed === undefined ? 'undefined' : g.constant(fixed, 'path')})`
    },
  },
  'IS JSON': {
    special: (g, c) => {
      const e = c.operands[0] as RexNode
      const v = g.compile(e)
      return g.local(g.nullable(e) ? `(${v} != null && ${g.helper(isJson)}(${v}))` : `${g.helper(isJson)}(${v})`)
    },
  },
}
