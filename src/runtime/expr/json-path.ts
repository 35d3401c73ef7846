/**
 * A small JSON parser that keeps number text (Flink's Jackson reads numbers as BigDecimal, so '1.0' stays '1.0')
 * and a JSONPath subset as Flink's JSON functions use it: optional 'lax'/'strict' mode, $, .key, ['key'], [n],
 * [*], .* and ..key.
 */

/** A JSON number with its source text. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type Json = null | boolean | string | JsonNumber | Json[] | JsonObject

/** Objects keep insertion order (Map) for faithful traversal; serialisation sorts keys as Flink does. */
export type JsonObject = Map<string, Json>

export class JsonSyntaxError extends Error {}

export function parseJson(text: string): Json {
  let i = 0
  const n = text.length
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 32 || c === 9 || c === 10 || c === 13) i++
      else break
    }
  }
  const fail = (what: string): never => {
    throw new JsonSyntaxError(`${what} at position ${i}`)
  }
  const str = (): string => {
    i++ // opening quote
    let out = ''
    let start = i
    for (;;) {
      if (i >= n) fail('unterminated string')
      const c = text.charCodeAt(i)
      if (c === 34) {
        out += text.slice(start, i)
        i++
        return out
      }
      if (c === 92) {
        out += text.slice(start, i)
        const e = text[i + 1]
        i += 2
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out += e
            break
          case 'b':
            out += '\b'
            break
          case 'f':
            out += '\f'
            break
          case 'n':
            out += '\n'
            break
          case 'r':
            out += '\r'
            break
          case 't':
            out += '\t'
            break
          case 'u': {
            const hex = text.slice(i, i + 4)
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad unicode escape')
            out += String.fromCharCode(Number.parseInt(hex, 16))
            i += 4
            break
          }
          default:
            fail('bad escape')
        }
        start = i
        continue
      }
      if (c < 32) fail('control character in string')
      i++
    }
  }
  const value = (depth: number): Json => {
    if (depth > 1000) fail('nesting too deep')
    ws()
    if (i >= n) fail('unexpected end of input')
    const c = text[i] as string
    if (c === '{') {
      i++
      const obj: JsonObject = new Map()
      ws()
      if (text[i] === '}') {
        i++
        return obj
      }
      for (;;) {
        ws()
        if (text[i] !== '"') fail('expected a key')
        const k = str()
        ws()
        if (text[i] !== ':') fail("expected ':'")
        i++
        obj.set(k, value(depth + 1))
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') {
          i++
          return obj
        }
        fail("expected ',' or '}'")
      }
    }
    if (c === '[') {
      i++
      const arr: Json[] = []
      ws()
      if (text[i] === ']') {
        i++
        return arr
      }
      for (;;) {
        arr.push(value(depth + 1))
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === ']') {
          i++
          return arr
        }
        fail("expected ',' or ']'")
      }
    }
    if (c === '"') return str()
    if (text.startsWith('true', i)) {
      i += 4
      return true
    }
    if (text.startsWith('false', i)) {
      i += 5
      return false
    }
    if (text.startsWith('null', i)) {
      i += 4
      return null
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400))
    if (m === null) return fail('unexpected character')
    i += m[0].length
    return new JsonNumber(m[0])
  }
  const v = value(0)
  ws()
  if (i < n) fail('trailing characters')
  return v
}

/** Java BigDecimal.toString of decimal text (integers stay as written). */
export function jsonNumberText(num: JsonNumber): string {
  const t = num.text
  if (!/[.eE]/.test(t)) return t
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(t)
  if (m === null) return t
  const neg = m[1] === '-'
  const frac = m[3] ?? ''
  let digits = ((m[2] as string) + frac).replace(/^0+(?=\d)/, '')
  const scale = frac.length - Number(m[4] ?? 0)
  const adjusted = -scale + (digits.length - 1)
  let out: string
  if (scale >= 0 && adjusted >= -6) {
    if (scale === 0) out = digits
    else {
      if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits
      out = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`
    }
  } else {
    const mant = digits.length > 1 ? `${digits[0] as string}.${digits.slice(1)}` : digits
    out = `${mant}E${adjusted >= 0 ? '+' : ''}${adjusted}`
  }
  return (neg ? '-' : '') + out
}

/** Compact JSON with object keys sorted (Flink's ObjectMapper sorts map entries). */
export function serializeJson(v: Json): string {
  if (v === null) return 'null'
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (typeof v === 'string') return JSON.stringify(v)
  if (v instanceof JsonNumber) return jsonNumberText(v)
  if (Array.isArray(v)) return `[${v.map(serializeJson).join(',')}]`
  const keys = [...v.keys()].sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${serializeJson(v.get(k) as Json)}`).join(',')}}`
}

type Step = { readonly kind: 'key'; readonly key: string } | { readonly kind: 'index'; readonly index: number } | { readonly kind: 'wild' } | { readonly kind: 'deep'; readonly key: string | null }

export interface JsonPath {
  readonly strict: boolean
  readonly steps: readonly Step[]
  /** A path with wildcards or deep scans yields a list (never a scalar). */
  readonly multi: boolean
}

export class JsonPathError extends Error {}

export function compileJsonPath(text: string): JsonPath {
  let p = text.trim()
  let strict = false
  const mode = /^(strict|lax)\s+/i.exec(p)
  if (mode !== null) {
    strict = (mode[1] as string).toLowerCase() === 'strict'
    p = p.slice(mode[0].length).trim()
  }
  if (!p.startsWith('$')) throw new JsonPathError(`invalid JSON path '${text}': it must start with '$'`)
  const steps: Step[] = []
  let i = 1
  const ident = /^[A-Za-z_$][\w$-]*/
  while (i < p.length) {
    const rest = p.slice(i)
    if (rest.startsWith('..')) {
      const m = ident.exec(rest.slice(2))
      if (m !== null) {
        steps.push({ kind: 'deep', key: m[0] })
        i += 2 + m[0].length
      } else if (rest[2] === '*') {
        steps.push({ kind: 'deep', key: null })
        i += 3
      } else throw new JsonPathError(`invalid JSON path '${text}'`)
      continue
    }
    if (rest.startsWith('.*')) {
      steps.push({ kind: 'wild' })
      i += 2
      continue
    }
    if (rest[0] === '.') {
      const m = ident.exec(rest.slice(1))
      if (m === null) throw new JsonPathError(`invalid JSON path '${text}' at position ${i}`)
      steps.push({ kind: 'key', key: m[0] })
      i += 1 + m[0].length
      continue
    }
    if (rest[0] === '[') {
      const m = /^\[\s*(?:(\*)|(-?\d+)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*\]/.exec(rest)
      if (m === null) throw new JsonPathError(`invalid JSON path '${text}' at position ${i}`)
      if (m[1] !== undefined) steps.push({ kind: 'wild' })
      else if (m[2] !== undefined) steps.push({ kind: 'index', index: Number(m[2]) })
      else steps.push({ kind: 'key', key: (m[3] ?? m[4] ?? '').replace(/\\(.)/g, '$1') })
      i += m[0].length
      continue
    }
    throw new JsonPathError(`invalid JSON path '${text}' at position ${i}`)
  }
  return { strict, steps, multi: steps.some((s) => s.kind === 'wild' || s.kind === 'deep') }
}

/** Thrown in strict mode when a step does not exist. */
export class JsonPathNotFound extends Error {}

function deepCollect(v: Json, key: string | null, out: Json[]): void {
  if (Array.isArray(v)) {
    for (const x of v) {
      if (key === null) out.push(x)
      deepCollect(x, key, out)
    }
  } else if (v instanceof Map) {
    for (const [k, x] of v) {
      if (key === null || k === key) out.push(x)
      deepCollect(x, key, out)
    }
  }
}

/** Evaluates a path: the value, a list for multi-valued paths, or undefined when absent (lax mode). */
export function evalJsonPath(doc: Json, path: JsonPath): Json | undefined {
  let current: Json[] = [doc]
  for (const step of path.steps) {
    const next: Json[] = []
    for (const v of current) {
      switch (step.kind) {
        case 'key':
          if (v instanceof Map && v.has(step.key)) next.push(v.get(step.key) as Json)
          else if (path.strict && !path.multi) throw new JsonPathNotFound(`no such field '${step.key}'`)
          break
        case 'index':
          if (Array.isArray(v)) {
            const idx = step.index < 0 ? v.length + step.index : step.index
            if (idx >= 0 && idx < v.length) next.push(v[idx] as Json)
            else if (path.strict && !path.multi) throw new JsonPathNotFound(`index ${step.index} out of bounds`)
          } else if (path.strict && !path.multi) throw new JsonPathNotFound('not an array')
          break
        case 'wild':
          if (Array.isArray(v)) next.push(...v)
          else if (v instanceof Map) next.push(...v.values())
          break
        case 'deep':
          deepCollect(v, step.key, next)
          break
      }
    }
    current = next
  }
  if (path.multi) return current
  return current.length === 0 ? undefined : current[0]
}

export function isScalar(v: Json): boolean {
  return v === null || typeof v !== 'object' || v instanceof JsonNumber
}

/** The text Flink gives a scalar JSON value (String.valueOf of the Jackson value). */
export function scalarText(v: Json): string {
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (v instanceof JsonNumber) return jsonNumberText(v)
  return serializeJson(v)
}
