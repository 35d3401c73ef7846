/** Parser API behaviour: spans, absent optional fields, entry points, errors that never leak, speed. */
import { describe, expect, test } from 'vitest'
import { SqlError } from '../../src/errors.js'
import type { Query, Select } from '../../src/sql/ast.js'
import { MAX_LENGTH } from '../../src/sql/data-type.js'
import { parseDataType, parseExpression, parseScript, parseStatement } from '../../src/sql/parser.js'
import { printExpr, printStatement } from '../../src/sql/print.js'

function sqlError(f: () => unknown): SqlError {
  try {
    f()
  } catch (e) {
    if (e instanceof SqlError) return e
    throw new Error(`expected a SqlError, got ${String(e)}`)
  }
  throw new Error('expected a SqlError')
}

/** Every node in the tree, with its path. */
function* nodes(v: unknown, path = '$'): Generator<[string, Record<string, unknown>]> {
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) yield* nodes(x, `${path}[${i}]`)
  } else if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>
    yield [path, o]
    for (const [k, x] of Object.entries(o)) if (k !== 'span') yield* nodes(x, `${path}.${k}`)
  }
}

describe('spans', () => {
  test('every node covers exactly its own text', () => {
    const text = "SELECT a + 1 AS b, COUNT(*)\nFROM t AS x WHERE x.c LIKE 'p%' GROUP BY a"
    const s = parseStatement(text)
    expect(s.span).toEqual({ start: { offset: 0, line: 1, column: 1 }, end: { offset: text.length, line: 2, column: 43 } })
    const checks: [string, string][] = []
    for (const [, n] of nodes(s)) {
      const span = n['span'] as { start: { offset: number }; end: { offset: number } } | undefined
      if (span === undefined) continue
      const slice = text.slice(span.start.offset, span.end.offset)
      expect(slice).toBe(slice.trim())
      if (n['kind'] === 'Binary' || n['kind'] === 'Like' || n['kind'] === 'TableName' || n['kind'] === 'FunctionCall') checks.push([String(n['kind']), slice])
    }
    expect(checks).toEqual([
      ['Binary', 'a + 1'],
      ['FunctionCall', 'COUNT(*)'],
      ['TableName', 't AS x'],
      ['Like', "x.c LIKE 'p%'"],
    ])
  })

  test('lines and columns are 1-based', () => {
    const s = parseScript('SELECT 1;\n\n  SELECT\n    foo FROM t')
    const second = s.statements[1]
    expect(second?.span.start).toEqual({ offset: 13, line: 3, column: 3 })
  })
})

describe('optional fields are absent, not undefined', () => {
  test('no property anywhere holds undefined', () => {
    const text = 'SELECT a FROM t; CREATE TABLE x (a INT) WITH (); SHOW TABLES; SET; INSERT INTO s SELECT CASE WHEN a THEN 1 END FROM t'
    for (const [path, n] of nodes(parseScript(text))) {
      for (const [k, v] of Object.entries(n)) expect(v, `${path}.${k}`).not.toBeUndefined()
    }
  })

  test('a plain SELECT has no from/where/limit keys', () => {
    const s = parseStatement('SELECT 1')
    expect(s.kind).toBe('QueryStatement')
    const q = (s as { query: Query }).query
    expect(Object.keys(q).sort()).toEqual(['body', 'kind', 'orderBy', 'span', 'with'])
    expect(Object.keys(q.body as Select).sort()).toEqual(['distinct', 'groupBy', 'hints', 'items', 'kind', 'span', 'windows'])
  })
})

describe('entry points', () => {
  test('parseExpression', () => {
    expect(printExpr(parseExpression(' a * (b + 1) '))).toBe('a * (b + 1)')
    expect(sqlError(() => parseExpression('a +')).code).toBe('PARSE_INCOMPLETE')
    expect(sqlError(() => parseExpression('a b')).code).toBe('PARSE_SYNTAX_ERROR')
  })

  test('parseDataType applies Flink defaults', () => {
    expect(parseDataType('VARCHAR')).toEqual({ kind: 'VARCHAR', nullable: true, length: MAX_LENGTH })
    expect(parseDataType('CHAR')).toEqual({ kind: 'CHAR', nullable: true, length: 1 })
    expect(parseDataType('DECIMAL')).toEqual({ kind: 'DECIMAL', nullable: true, precision: 10, scale: 0 })
    expect(parseDataType('TIMESTAMP')).toEqual({ kind: 'TIMESTAMP', nullable: true, precision: 6 })
    expect(parseDataType('TIME')).toEqual({ kind: 'TIME', nullable: true, precision: 0 })
    expect(parseDataType('TIMESTAMP(3) WITH LOCAL TIME ZONE')).toEqual({ kind: 'TIMESTAMP_LTZ', nullable: true, precision: 3 })
    expect(parseDataType('int not null array')).toEqual({ kind: 'ARRAY', nullable: true, element: { kind: 'INT', nullable: false } })
    expect(sqlError(() => parseDataType('INTEGR')).message).toContain("found 'INTEGR'")
  })

  test('parseStatement wants exactly one statement', () => {
    expect(parseStatement('SHOW TABLES;').kind).toBe('Show')
    expect(sqlError(() => parseStatement('SHOW TABLES; SHOW VIEWS')).code).toBe('PARSE_MULTIPLE_STATEMENTS')
    expect(sqlError(() => parseStatement('  -- nothing\n')).code).toBe('PARSE_INCOMPLETE')
  })

  test('empty statements are ignored and the last semicolon is optional', () => {
    expect(parseScript(';;SELECT 1;;;SELECT 2').statements).toHaveLength(2)
    expect(parseScript('').statements).toHaveLength(0)
  })

  test('keywords are case-insensitive, identifiers keep their case', () => {
    const s = parseStatement('select MyCol from MyTable')
    expect(printStatement(s)).toBe('SELECT MyCol FROM MyTable')
  })

  test('identifiers are quoted in print only when needed', () => {
    expect(printStatement(parseStatement('SELECT `value`, `my col`, `a``b`, plain FROM `t`'))).toBe('SELECT `value`, `my col`, `a``b`, plain FROM `t`')
  })
})

describe('errors', () => {
  test('a parse error carries the source, a span on the offending token and no generated-parser traces', () => {
    const text = 'SELECT a\nFROM t\nWHERE a = = 1'
    const e = sqlError(() => parseScript(text))
    expect(e.code).toBe('PARSE_SYNTAX_ERROR')
    expect(e.source).toBe(text)
    expect(e.span.start).toEqual({ offset: 26, line: 3, column: 11 })
    expect(e.span.end.offset).toBe(27)
    expect(e.message).not.toMatch(/peg\$|\[\^|\\u/)
  })

  test('deep nesting fails cleanly', () => {
    const deep = `SELECT ${'('.repeat(3000)}1${')'.repeat(3000)}`
    let thrown: unknown
    try {
      parseScript(deep)
    } catch (e) {
      thrown = e
    }
    if (thrown !== undefined) expect(thrown).toBeInstanceOf(SqlError)
  })
})

describe('performance', () => {
  test('a 1000-statement script parses in well under a second', () => {
    const stmt = [
      "INSERT INTO sink SELECT a, b + 1, CASE WHEN c > 0 THEN 'p' ELSE 'n' END FROM src WHERE d IN (1, 2, 3) AND e LIKE 'x%'",
      'SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(ts), INTERVAL \'10\' SECOND)) GROUP BY window_start, window_end',
      "CREATE TABLE t (a INT, b STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'datagen')",
      'SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts DESC) AS rn FROM t) WHERE rn <= 3',
    ]
    const script = Array.from({ length: 1000 }, (_, i) => stmt[i % stmt.length]).join(';\n')
    parseScript(script) // warm-up
    // CPU time of this process, best of three: other test files running at the same time do not count.
    let ms = Infinity
    let parsed = parseScript(script)
    for (let i = 0; i < 3; i++) {
      const before = process.cpuUsage()
      parsed = parseScript(script)
      const used = process.cpuUsage(before)
      ms = Math.min(ms, (used.user + used.system) / 1000)
    }
    expect(parsed.statements).toHaveLength(1000)
    console.log(`1000 statements (${script.length} characters) parsed in ${ms.toFixed(0)} ms of CPU time`)
    expect(ms).toBeLessThan(1000)
  })
})
