/**
 * String built-ins with Flink's semantics (SqlFunctionUtils and friends). Strings are JavaScript strings; like
 * Flink's java.lang.String-based functions, positions and lengths count UTF-16 code units.
 */
import { createHash } from 'node:crypto'
import { exprError } from './expr-error.js'
import { javaRegex } from './java-regex.js'

/** SUBSTRING(s, pos[, len]): 1-based; pos 0 acts as 1; negative pos counts from the end; len < 0 gives NULL. */
export function substring(s: string, pos: number, len: number): string | null {
  if (len < 0) return null
  if (s.length === 0) return ''
  let start: number
  if (pos > 0) {
    start = pos - 1
    if (start >= s.length) return ''
  } else if (pos < 0) {
    start = s.length + pos
    if (start < 0) return ''
  } else {
    start = 0
  }
  const end = s.length - start < len ? s.length : start + len
  return s.substring(start, end)
}

export function substringFrom(s: string, pos: number): string | null {
  return substring(s, pos, 2147483647)
}

function trimSet(chars: string): (c: string) => boolean {
  if (chars.length === 1) return (c) => c === chars
  return (c) => chars.includes(c)
}

/** TRIM(side, chars, s): removes any of `chars` from the chosen ends. */
export function trim(side: string, chars: string, s: string): string {
  const inSet = trimSet(chars)
  let start = 0
  let end = s.length
  if (side !== 'TRAILING') while (start < end && inSet(s[start] as string)) start++
  if (side !== 'LEADING') while (end > start && inSet(s[end - 1] as string)) end--
  return start === 0 && end === s.length ? s : s.slice(start, end)
}

export function ltrim(s: string, chars = ' '): string {
  return trim('LEADING', chars, s)
}

export function rtrim(s: string, chars = ' '): string {
  return trim('TRAILING', chars, s)
}

export function btrim(s: string, chars = ' '): string {
  return trim('BOTH', chars, s)
}

/** INITCAP: the first ASCII letter of each alphanumeric word upper-cased, the rest lower-cased. */
export function initcap(s: string): string {
  let out = ''
  let start = true
  for (let i = 0; i < s.length; i++) {
    let ch = s[i] as string
    const c = s.charCodeAt(i)
    const digit = c > 47 && c < 58
    const upper = c > 64 && c < 91
    const lower = c > 96 && c < 123
    if (start) {
      if (digit || upper) start = false
      else if (lower) {
        start = false
        ch = String.fromCharCode(c - 32)
      }
    } else if (upper) ch = String.fromCharCode(c + 32)
    else if (!digit && !lower) start = true
    out += ch
  }
  return out
}

/** LPAD: pads on the left to `len`; a longer string is cut to `len`; len < 0 or an empty pad gives NULL. */
export function lpad(s: string, len: number, pad: string): string | null {
  if (len < 0 || pad === '') return null
  if (len === 0) return ''
  const padLen = Math.max(len - s.length, 0)
  let prefix = ''
  while (prefix.length < padLen) prefix += pad
  return prefix.slice(0, padLen) + s.slice(0, len - padLen)
}

export function rpad(s: string, len: number, pad: string): string | null {
  if (len < 0 || pad === '') return null
  if (len === 0) return ''
  if (s.length >= len) return s.slice(0, len)
  let out = s
  while (out.length < len) out += pad
  return out.slice(0, len)
}

export function repeat(s: string, n: number): string {
  return n <= 0 ? '' : s.repeat(n)
}

export function replace(s: string, search: string, replacement: string): string {
  return s.replaceAll(search, replacement)
}

/** SPLIT_INDEX(s, sep, i): the i-th (0-based) token; NULL when i is negative or out of range. */
export function splitIndex(s: string, sep: string, index: number): string | null {
  if (index < 0) return null
  // commons-lang splitByWholeSeparatorPreserveAllTokens: an empty string has no tokens; an empty separator
  // splits on whitespace.
  if (s.length === 0) return null
  const parts = sep === '' ? s.split(/\s/) : s.split(sep)
  return index < parts.length ? (parts[index] as string) : null
}

/** REGEXP_EXTRACT(s, regex[, group]): the group of the first match; NULL when nothing matches or regex is bad. */
export function regexpExtract(s: string, regex: string, group: number): string | null {
  const re = javaRegex(regex)
  if (re === null) return null
  const m = re.exec(s)
  if (m === null || group < 0 || group >= m.length) return null
  return m[group] ?? null
}

/** REGEXP_REPLACE(s, regex, replacement): the replacement is literal (Flink quotes it); bad regex gives NULL. */
export function regexpReplace(s: string, regex: string, replacement: string): string | null {
  const re = javaRegex(regex, true)
  if (re === null) return null
  return s.replace(re, () => replacement)
}

/** REGEXP(s, regex): whether any substring matches; an empty or bad regex gives FALSE. */
export function regexp(s: string, regex: string): boolean {
  if (regex.length === 0) return false
  const re = javaRegex(regex)
  return re === null ? false : re.test(s)
}

/** POSITION(needle IN s): 1-based, 0 when absent. */
export function position(needle: string, s: string): number {
  return s.indexOf(needle) + 1
}

/** LOCATE(needle, s[, from]): 1-based search starting at `from`. */
export function locate(needle: string, s: string, from: number): number {
  if (from <= 0) return 0
  return s.indexOf(needle, from - 1) + 1
}

/** Reverses by code point (a surrogate pair stays in order), as Flink reverses characters. */
export function reverse(s: string): string {
  let out = ''
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i)
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const hi = s.charCodeAt(i - 1)
      if (hi >= 0xd800 && hi <= 0xdbff) {
        out += s.slice(i - 1, i + 1)
        i--
        continue
      }
    }
    out += s[i] as string
  }
  return out
}

/** CHAR_LENGTH counts code points, as Flink counts the characters of its UTF-8 strings. */
export function charLength(s: string): number {
  let n = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1)
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        n--
        i++
      }
    }
  }
  return n
}

export function left(s: string, n: number): string {
  return n <= 0 ? '' : s.slice(0, n)
}

export function right(s: string, n: number): string {
  return n <= 0 ? '' : n >= s.length ? s : s.slice(s.length - n)
}

export function ascii(s: string): number {
  return s.length === 0 ? 0 : s.charCodeAt(0)
}

/** CHR(n): the character with code n & 0xFF; negative gives ''. */
export function chr(n: number | bigint): string {
  const v = typeof n === 'bigint' ? Number(BigInt.asIntN(32, n)) : n
  if (v < 0) return ''
  return String.fromCharCode(v & 0xff)
}

function bytesOf(v: string | Uint8Array): Uint8Array | string {
  return v
}

export function md5(v: string | Uint8Array): string {
  return createHash('md5').update(bytesOf(v)).digest('hex')
}

export function sha1(v: string | Uint8Array): string {
  return createHash('sha1').update(bytesOf(v)).digest('hex')
}

export function sha256(v: string | Uint8Array): string {
  return createHash('sha256').update(bytesOf(v)).digest('hex')
}

export function toBase64(v: string | Uint8Array): string {
  return typeof v === 'string' ? Buffer.from(v, 'utf8').toString('base64') : Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')
}

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/

export function fromBase64(s: string): Uint8Array {
  if (s.length % 4 !== 0 || !BASE64_RE.test(s)) throw exprError('FROM_BASE64', `invalid base64 input '${s.length > 50 ? `${s.slice(0, 50)}...` : s}'`)
  return new Uint8Array(Buffer.from(s, 'base64'))
}

/** Java's String.split(regex): trailing empty strings removed; a zero-width match at 0 gives no leading empty token. */
function javaSplit(s: string, regex: string): string[] {
  const re = javaRegex(regex, true)
  if (re === null) throw exprError('STR_TO_MAP', `invalid delimiter pattern '${regex}'`)
  const parts = s.split(re)
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop()
  return parts
}

/** STR_TO_MAP(text[, listDelimiter, keyValueDelimiter]): both delimiters are regular expressions. */
export function strToMap(text: string, listDelimiter = ',', kvDelimiter = '='): Map<string, string | null> {
  const out = new Map<string, string | null>()
  if (text === '') return out
  for (const pair of javaSplit(text, listDelimiter)) {
    const re = javaRegex(kvDelimiter)
    const m = re === null ? null : re.exec(pair)
    if (m === null) out.set(pair, null)
    else out.set(pair.slice(0, m.index), pair.slice(m.index + m[0].length))
  }
  return out
}

/** Java's String.hashCode. */
export function javaStringHash(s: string): number {
  let h = 0
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0
  return h
}

export function concatWs(sep: string, parts: readonly unknown[]): string {
  let out = ''
  let first = true
  for (const p of parts) {
    if (p == null) continue
    if (!first) out += sep
    out += p as string
    first = false
  }
  return out
}
