/**
 * Java regular expressions (java.util.regex) translated to JavaScript RegExp for the common differences:
 * leading inline flags (?i)(?s)(?m)(?x)-less forms, \Q...\E quoting, \A \z \Z anchors, possessive quantifiers and
 * atomic groups (approximated by their greedy/non-atomic forms), POSIX \p{Alpha}-style classes and \h.
 * Compiled patterns are cached per text (user patterns usually repeat).
 */

const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
  javaLowerCase: 'a-z',
  javaUpperCase: 'A-Z',
  javaWhitespace: ' \\t\\n\\x0B\\f\\r',
  IsAlphabetic: 'a-zA-Z',
  IsDigit: '0-9',
  IsLetter: 'a-zA-Z',
}

const H_SPACE = ' \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000'

export interface TranslatedRegex {
  readonly source: string
  readonly flags: string
}

function escapeLiteral(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')
}

/** Translates Java regex syntax to an equivalent JavaScript source and flags; throws SyntaxError when invalid. */
export function translateJavaRegex(pattern: string): TranslatedRegex {
  let flags = ''
  let p = pattern
  // Leading inline flag groups such as (?i) or (?is).
  for (;;) {
    const m = /^\(\?([imsxu]+)\)/.exec(p)
    if (m === null) break
    for (const f of m[1] as string) if ('ims'.includes(f) && !flags.includes(f)) flags += f
    p = p.slice(m[0].length)
  }
  let out = ''
  let inClass = 0
  let unicode = false
  // Whether the last token emitted outside a class was a quantifier (so '+' after it makes it possessive).
  let lastQuant = false
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string
    if (c === '\\') {
      lastQuant = false
      const n = p[i + 1]
      if (n === undefined) throw new SyntaxError('trailing backslash')
      if (n === 'Q') {
        const end = p.indexOf('\\E', i + 2)
        const lit = end < 0 ? p.slice(i + 2) : p.slice(i + 2, end)
        out += escapeLiteral(lit)
        i = end < 0 ? p.length : end + 1
        continue
      }
      if (n === 'A' && inClass === 0) {
        out += '(?<![\\s\\S])'
        i++
        continue
      }
      if (n === 'z' && inClass === 0) {
        out += '(?![\\s\\S])'
        i++
        continue
      }
      if (n === 'Z' && inClass === 0) {
        out += '(?=\\n?(?![\\s\\S]))'
        i++
        continue
      }
      if (n === 'h') {
        out += inClass > 0 ? H_SPACE : `[${H_SPACE}]`
        i++
        continue
      }
      if (n === 'p' || n === 'P') {
        const m = /^\{(?:Is)?([A-Za-z_]+)\}/.exec(p.slice(i + 2))
        if (m !== null) {
          const name = m[1] as string
          const posix = POSIX[name] ?? POSIX[`Is${name}`]
          i += 1 + m[0].length
          if (posix !== undefined) {
            const neg = n === 'P'
            out += inClass > 0 && !neg ? posix : `[${neg ? '^' : ''}${posix}]`
            continue
          }
          unicode = true
          out += `\\${n}{${name}}`
          continue
        }
      }
      out += c + n
      i++
      continue
    }
    if (inClass > 0) {
      if (c === '[') inClass++
      else if (c === ']') inClass--
      out += c
      continue
    }
    if (c === '[') {
      inClass = 1
      lastQuant = false
      out += c
      if (p[i + 1] === '^') {
        out += '^'
        i++
      }
      // A ']' right after '[' or '[^' is a literal in Java.
      if (p[i + 1] === ']') {
        out += '\\]'
        i++
      }
      continue
    }
    if (c === '(' && p.startsWith('(?>', i)) {
      out += '(?:'
      i += 2
      lastQuant = false
      continue
    }
    if (c === '*' || c === '+' || c === '?') {
      if (lastQuant) {
        lastQuant = false
        if (c === '+') continue // possessive -> greedy
        out += c // lazy '?'
        continue
      }
      lastQuant = !(c === '?' && out.endsWith('('))
      out += c
      continue
    }
    lastQuant = c === '}'
    out += c
  }
  const source = out
  const f = flags + (unicode ? 'u' : '')
  // Validate now so callers can decide what an invalid pattern means.
  new RegExp(source, f)
  return { source, flags: f }
}

const cache = new Map<string, RegExp | null>()

/**
 * A compiled RegExp for a Java pattern (with the 'g' flag when `global`), or null when the pattern is invalid.
 * Cached, since patterns from data usually repeat.
 */
export function javaRegex(pattern: string, global = false): RegExp | null {
  const key = (global ? 'g:' : 's:') + pattern
  const hit = cache.get(key)
  if (hit !== undefined) {
    if (hit !== null) hit.lastIndex = 0
    return hit
  }
  let re: RegExp | null
  try {
    const t = translateJavaRegex(pattern)
    re = new RegExp(t.source, t.flags + (global ? 'g' : ''))
  } catch {
    re = null
  }
  if (cache.size > 1000) cache.clear()
  cache.set(key, re)
  return re
}
