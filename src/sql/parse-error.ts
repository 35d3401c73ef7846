/**
 * Turns the generated parser's failures into SqlErrors a person can act on: what was found, a short list of
 * what was expected (keywords and token kinds, not regular expressions), a caret under the offending token,
 * and a hint for a misspelt keyword. Input that simply stops too early is PARSE_INCOMPLETE, so the shell can
 * ask for another line.
 */
import { SqlError } from '../errors.js'
import type { GeneratedExpectation, GeneratedSyntaxError } from './generated/parser.js'
import { isReservedWord } from './keywords.js'
import type { Position, Span } from './span.js'
import { scanSql } from './split-statements.js'

const STATEMENT_STARTS = new Set([
  'ALTER', 'BEGIN', 'CLEAR', 'CREATE', 'DESC', 'DESCRIBE', 'DROP', 'END', 'EXECUTE', 'EXIT', 'EXPLAIN', 'HELP',
  'INSERT', 'QUIT', 'RESET', 'SELECT', 'SET', 'SHOW', 'STOP', 'USE', 'VALUES', 'WITH', "'('",
])
const EXPRESSION_STARTS = new Set([
  'TRUE', 'FALSE', 'NULL', 'INTERVAL', 'DATE', 'TIME', 'TIMESTAMP_LTZ', 'TIMESTAMP', 'binary string literal',
  'number', 'string literal', 'CASE', 'CAST', 'TRY_CAST', 'EXISTS', 'ROW', 'ARRAY', 'MAP', 'EXTRACT', 'TRIM',
  'POSITION', 'OVERLAY', 'SUBSTRING', 'FLOOR', 'CEILING', 'CEIL', 'TIMESTAMPADD', 'TIMESTAMPDIFF', 'JSON_VALUE',
  'identifier', 'function name', "'('", "'-'", "'+'", 'NOT',
])
const OPERATORS = new Set([
  "'+'", "'-'", "'*'", "'/'", "'%'", "'||'", "'<>'", "'<='", "'>='", "'!='", "'='", "'<'", "'>'", 'IS', 'NOT',
  'BETWEEN', 'LIKE', 'SIMILAR', 'IN', "'['", "'.'", 'AND', 'OR',
])
const TYPES = new Set([
  'BOOLEAN', 'TINYINT', 'SMALLINT', 'INTEGER', 'INT', 'BIGINT', 'FLOAT', 'REAL', 'DOUBLE', 'DECIMAL', 'DEC',
  'NUMERIC', 'CHARACTER', 'CHAR', 'VARCHAR', 'STRING', 'BINARY', 'VARBINARY', 'BYTES', 'DATE', 'TIME',
  'TIMESTAMP_LTZ', 'TIMESTAMP', 'INTERVAL', 'ARRAY', 'MULTISET', 'MAP', 'ROW',
])

/** Groups that stand in for many alternatives: [trigger items, members, replacement]. */
const COLLAPSES: readonly (readonly [readonly string[], ReadonlySet<string>, string])[] = [
  [['CREATE', 'INSERT', 'SELECT'], STATEMENT_STARTS, 'a statement (SELECT, INSERT, CREATE, SET, SHOW, ...)'],
  [['BOOLEAN', 'VARCHAR'], TYPES, 'data type'],
  [['number', 'string literal'], EXPRESSION_STARTS, 'expression'],
  [["'*'", "'||'"], OPERATORS, 'operator'],
]

/** Reserved words that are almost always meant as syntax; others (VALUE, TIMESTAMP, COMMENT) are likely names. */
const CLAUSE_WORDS = new Set(
  `SELECT FROM WHERE GROUP BY HAVING ORDER LIMIT OFFSET FETCH UNION INTERSECT EXCEPT JOIN INNER LEFT RIGHT FULL CROSS
  NATURAL ON USING AS AND OR NOT IN IS BETWEEN LIKE SIMILAR CASE WHEN THEN ELSE END WITH WINDOW QUALIFY INSERT INTO
  VALUES CREATE TABLE VIEW DROP ALTER SET RESET SHOW DESCRIBE EXPLAIN DISTINCT ALL PARTITION OVER FILTER LATERAL
  UNNEST CAST TRY_CAST EXISTS INTERVAL NULL TRUE FALSE MATCH_RECOGNIZE`.split(/\s+/),
)

const MAX_EXPECTED = 16
const TOKEN = /^(?:[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_$\u00C0-\uFFFF]*|[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|'(?:[^'\n]|'')*'?|`(?:[^`\n]|``)*`?|<>|<=|>=|!=|\|\||=>|\/\*\+|\*\/|[^\s])/

function describe(e: GeneratedExpectation): string | undefined {
  switch (e.type) {
    case 'literal':
      if (e.text === '/*+') return undefined
      return /^[A-Za-z_]/.test(e.text) ? e.text.toUpperCase() : `'${e.text}'`
    case 'other':
      return e.description === 'whitespace' ? undefined : e.description
    case 'end':
      return 'end of input'
    default:
      return undefined
  }
}

/** The readable, deduplicated list of what the parser expected. */
export function expectedList(expected: readonly GeneratedExpectation[]): { items: string[]; keywords: string[] } {
  const raw: string[] = []
  for (const e of expected) {
    const d = describe(e)
    if (d !== undefined && !raw.includes(d)) raw.push(d)
  }
  const keywords = raw.filter((d) => /^[A-Z_]+$/.test(d))
  let items = raw
  let statementCollapsed = false
  for (const [triggers, members, replacement] of COLLAPSES) {
    if (!triggers.every((t) => items.includes(t))) continue
    const at = items.findIndex((d) => members.has(d))
    items = items.filter((d) => !members.has(d))
    items.splice(Math.max(0, at), 0, replacement)
    if (members === STATEMENT_STARTS) statementCollapsed = true
  }
  if (statementCollapsed) items = items.filter((d) => d !== "';'" && d !== 'end of input')
  const tail = items.filter((d) => d === "';'" || d === 'end of input')
  items = [...items.filter((d) => d !== "';'" && d !== 'end of input'), ...tail]
  return { items, keywords }
}

function formatExpected(items: readonly string[]): string {
  if (items.length === 0) return 'something else'
  if (items.length === 1) return items[0] ?? ''
  const shown = items.slice(0, MAX_EXPECTED).join(', ')
  return `one of: ${shown}${items.length > MAX_EXPECTED ? ', ...' : ''}`
}

function positionAt(text: string, offset: number): Position {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { offset, line, column: offset - lineStart + 1 }
}

function spanOf(text: string, start: number, end: number): Span {
  return { start: positionAt(text, start), end: positionAt(text, end) }
}

/** Edit distance where swapping two neighbouring letters counts as one edit (FORM -> FROM). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, at(i - 2, j - 2) + 1)
      const row = d[i]
      if (row !== undefined) row[j] = v
    }
  }
  return at(a.length, b.length)
}

/** The keyword closest to `word`, if it is close enough to be a likely typo. */
function closestKeyword(word: string, keywords: readonly string[]): string | undefined {
  const w = word.toUpperCase()
  if (w.length < 3 || !/^[A-Z_]+$/.test(w)) return undefined
  let best: string | undefined
  let bestDistance = Infinity
  for (const k of keywords) {
    if (k.length < 3) continue
    const d = editDistance(w, k)
    const limit = k.length <= 4 ? 1 : 2
    if (d > 0 && d <= limit && d < bestDistance) {
      best = k
      bestDistance = d
    }
  }
  return best
}

/** The word just before `offset` (skipping whitespace), if any. */
function previousWord(text: string, offset: number): string | undefined {
  const before = text.slice(0, offset).trimEnd()
  return /([A-Za-z_][A-Za-z0-9_$]*)$/.exec(before)?.[1]
}

export function toSqlError(e: GeneratedSyntaxError, text: string): SqlError {
  const offset = e.location.start.offset
  if (e.weirCode !== undefined) {
    return new SqlError(e.weirCode, e.message, spanOf(text, offset, e.location.end.offset), { source: text })
  }
  const scan = scanSql(text)
  if (scan.open !== 'none' && offset >= scan.openAt) {
    const what = scan.open === 'string' ? 'string literal' : scan.open
    const span = spanOf(text, scan.openAt, scan.openAt + (scan.open === 'block comment' ? 2 : 1))
    return new SqlError('PARSE_INCOMPLETE', `Incomplete statement: unterminated ${what}`, span, { source: text })
  }
  const { items, keywords } = expectedList(e.expected ?? [])
  const atEnd = text.slice(offset).trim() === '' || scan.code.slice(offset).trim() === ''
  if (atEnd) {
    const end = scan.code.trimEnd().length
    return new SqlError(
      'PARSE_INCOMPLETE',
      `Incomplete statement: unexpected end of input, expected ${formatExpected(items)}`,
      spanOf(text, end, end),
      { source: text },
    )
  }
  const token = TOKEN.exec(text.slice(offset))?.[0] ?? text.charAt(offset)
  const found = token.length > 40 ? `${token.slice(0, 37)}...` : token
  const isWord = /^[A-Za-z_]\w*$/.test(token)
  const nameExpected = items.includes('identifier') || items.includes('expression')
  let hint: string | undefined
  let hintText: string | undefined
  if (isWord && isReservedWord(token)) {
    if (nameExpected && !CLAUSE_WORDS.has(token.toUpperCase())) hintText = `${token.toUpperCase()} is a reserved word; write \`${token}\` to use it as a name`
  } else {
    hint = closestKeyword(token, keywords)
    if (hint !== undefined) hintText = `did you mean ${hint}?`
  }
  if (hintText === undefined) {
    const prev = previousWord(text, offset)
    if (prev !== undefined && !isReservedWord(prev)) {
      hint = closestKeyword(prev, keywords)
      if (hint !== undefined) hintText = `'${prev}' was read as a name; did you mean ${hint}?`
    }
  }
  const quoted = found.startsWith("'") ? `"${found}"` : `'${found}'`
  const message = `Syntax error: found ${quoted} but expected ${formatExpected(items)}`
  const span = spanOf(text, offset, offset + token.length)
  return new SqlError('PARSE_SYNTAX_ERROR', message, span, hintText === undefined ? { source: text } : { source: text, hint: hintText })
}
