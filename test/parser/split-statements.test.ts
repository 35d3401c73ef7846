/** splitStatements and isInputComplete: `;` inside strings, quoted identifiers and comments never splits. */
import { describe, expect, test } from 'vitest'
import { isInputComplete, splitStatements } from '../../src/sql/parser.js'

const texts = (sql: string): string[] => splitStatements(sql).map((s) => s.text)

describe('splitStatements', () => {
  test('splits on semicolons and trims', () => {
    expect(texts('SELECT 1; SELECT 2;\n  SELECT 3')).toEqual(['SELECT 1', 'SELECT 2', 'SELECT 3'])
  })

  test('reports where each statement starts', () => {
    const sql = 'SELECT 1;\n  SELECT 2;'
    expect(splitStatements(sql)).toEqual([
      { text: 'SELECT 1', start: 0 },
      { text: 'SELECT 2', start: 12 },
    ])
  })

  test('Flink SQL client cases: semicolons in strings and comments', () => {
    expect(texts("SELECT ';\n';")).toEqual(["SELECT ';\n'"])
    expect(texts("SELECT /*;\n'*/ 1;")).toEqual(["SELECT /*;\n'*/ 1"])
    expect(texts('SELECT --;\n1;')).toEqual(['SELECT --;\n1'])
  })

  test('semicolons in quoted identifiers and escaped quotes', () => {
    expect(texts('SELECT `a;b` FROM t; SELECT 2')).toEqual(['SELECT `a;b` FROM t', 'SELECT 2'])
    expect(texts("SELECT 'it''s;fine'; SELECT `x``;y`;")).toEqual(["SELECT 'it''s;fine'", 'SELECT `x``;y`'])
  })

  test('empty statements and comment-only pieces are skipped', () => {
    expect(texts(';; SELECT 1;;\n-- just a comment\n;')).toEqual(['SELECT 1'])
    expect(texts('')).toEqual([])
    expect(texts('   \n ')).toEqual([])
  })

  test('a statement set stays one statement', () => {
    const sql = 'SET a = b;\nEXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO s1 SELECT 1;\n  INSERT INTO s2 SELECT 2;\nEND;\nSELECT 3;'
    expect(texts(sql)).toEqual([
      'SET a = b',
      'EXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO s1 SELECT 1;\n  INSERT INTO s2 SELECT 2;\nEND',
      'SELECT 3',
    ])
  })

  test('the legacy BEGIN STATEMENT SET form splits normally', () => {
    expect(texts('BEGIN STATEMENT SET; INSERT INTO s SELECT 1; END;')).toEqual(['BEGIN STATEMENT SET', 'INSERT INTO s SELECT 1', 'END'])
  })
})

describe('isInputComplete', () => {
  test('complete when the last statement is terminated', () => {
    expect(isInputComplete('SELECT 1;')).toBe(true)
    expect(isInputComplete('SELECT 1;  -- done\n')).toBe(true)
    expect(isInputComplete('')).toBe(true)
  })

  test('incomplete without a terminator or inside a string, identifier or comment', () => {
    expect(isInputComplete('SELECT 1')).toBe(false)
    expect(isInputComplete("SELECT ';")).toBe(false)
    expect(isInputComplete('SELECT `a;')).toBe(false)
    expect(isInputComplete('SELECT 1 /* ;')).toBe(false)
    expect(isInputComplete('SELECT --;\n1')).toBe(false)
  })

  test('a statement set is complete only after END;', () => {
    expect(isInputComplete('EXECUTE STATEMENT SET BEGIN\nINSERT INTO s SELECT 1;')).toBe(false)
    expect(isInputComplete('EXECUTE STATEMENT SET BEGIN\nINSERT INTO s SELECT 1;\nEND')).toBe(false)
    expect(isInputComplete('EXECUTE STATEMENT SET BEGIN\nINSERT INTO s SELECT 1;\nEND;')).toBe(true)
  })
})
