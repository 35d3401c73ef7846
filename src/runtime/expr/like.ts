/**
 * LIKE and SIMILAR TO patterns compiled to matcher functions. Literal patterns compile once per job; common
 * shapes ('abc', 'abc%', '%abc', '%abc%') avoid regular expressions entirely. LIKE has no default escape
 * character, as in Flink.
 */
import { exprError } from './expr-error.js'

export type Matcher = (s: string) => boolean

function escapeChar(escape: string | null, fn: string): string | null {
  if (escape === null) return null
  if (escape.length !== 1) throw exprError(fn, `invalid escape character '${escape}': it must be a single character`)
  return escape
}

/** Splits a LIKE pattern into tokens: literal text, '%' (any run) and '_' (one character). */
function likeTokens(pattern: string, esc: string | null): (string | { any: boolean })[] {
  const out: (string | { any: boolean })[] = []
  let lit = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string
    if (esc !== null && c === esc) {
      const n = pattern[i + 1]
      if (n === undefined || (n !== '%' && n !== '_' && n !== esc)) {
        throw exprError('LIKE', `invalid escape sequence in pattern '${pattern}' at position ${i + 1}`)
      }
      lit += n
      i++
      continue
    }
    if (c === '%' || c === '_') {
      if (lit !== '') out.push(lit)
      lit = ''
      out.push({ any: c === '%' })
      continue
    }
    lit += c
  }
  if (lit !== '') out.push(lit)
  return out
}

function regexEscape(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')
}

export function compileLike(pattern: string, escape: string | null): Matcher {
  const tokens = likeTokens(pattern, escapeChar(escape, 'LIKE'))
  const isAny = (t: string | { any: boolean } | undefined): boolean => typeof t === 'object' && t.any
  if (tokens.length === 0) return (s) => s === ''
  if (tokens.length === 1 && typeof tokens[0] === 'string') {
    const lit = tokens[0]
    return (s) => s === lit
  }
  if (tokens.length === 1 && isAny(tokens[0])) return () => true
  if (tokens.length === 2 && typeof tokens[0] === 'string' && isAny(tokens[1])) {
    const lit = tokens[0]
    return (s) => s.startsWith(lit)
  }
  if (tokens.length === 2 && isAny(tokens[0]) && typeof tokens[1] === 'string') {
    const lit = tokens[1]
    return (s) => s.endsWith(lit)
  }
  if (tokens.length === 3 && isAny(tokens[0]) && typeof tokens[1] === 'string' && isAny(tokens[2])) {
    const lit = tokens[1]
    return (s) => s.includes(lit)
  }
  const source = tokens.map((t) => (typeof t === 'string' ? regexEscape(t) : t.any ? '[\\s\\S]*' : '[\\s\\S]')).join('')
  const re = new RegExp(`^${source}$`)
  return (s) => re.test(s)
}

/** SIMILAR TO: SQL regular expressions (%, _, |, *, +, ?, {m,n}, (), [...]) matched against the whole string. */
export function compileSimilar(pattern: string, escape: string | null): Matcher {
  const esc = escapeChar(escape, 'SIMILAR TO')
  let out = ''
  let inClass = false
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string
    if (esc !== null && c === esc) {
      const n = pattern[i + 1]
      if (n === undefined) throw exprError('SIMILAR TO', `invalid escape sequence in pattern '${pattern}'`)
      out += regexEscape(n)
      i++
      continue
    }
    if (inClass) {
      if (c === ']') inClass = false
      out += c === '\\' ? '\\\\' : c
      continue
    }
    switch (c) {
      case '%':
        out += '[\\s\\S]*'
        break
      case '_':
        out += '[\\s\\S]'
        break
      case '[':
        inClass = true
        out += c
        break
      case '|':
      case '*':
      case '+':
      case '?':
      case '{':
      case '}':
      case '(':
      case ')':
        out += c
        break
      default:
        out += regexEscape(c)
    }
  }
  let re: RegExp
  try {
    re = new RegExp(`^(?:${out})$`)
  } catch {
    throw exprError('SIMILAR TO', `invalid pattern '${pattern}'`)
  }
  return (s) => re.test(s)
}

const likeCache = new Map<string, Matcher>()

/** Matcher for a pattern known only at run time (cached). */
export function dynamicLike(s: string, pattern: string, escape: string | null, similar: boolean): boolean {
  const key = `${similar ? 'S' : 'L'}${escape ?? ''}\u0000${pattern}`
  let m = likeCache.get(key)
  if (m === undefined) {
    m = similar ? compileSimilar(pattern, escape) : compileLike(pattern, escape)
    if (likeCache.size > 1000) likeCache.clear()
    likeCache.set(key, m)
  }
  return m(s)
}
