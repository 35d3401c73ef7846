import { describe, expect, it } from 'vitest'
import { scanStatementText } from '../../../src/cli/statement-scanner.js'

describe('scanStatementText', () => {
  it('finds a terminating semicolon', () => {
    expect(scanStatementText('SELECT 1;').endsWithSemicolon).toBe(true)
    expect(scanStatementText('SELECT 1;  \n').endsWithSemicolon).toBe(true)
    expect(scanStatementText('SELECT 1; -- done\n').endsWithSemicolon).toBe(true)
    expect(scanStatementText('SELECT 1').endsWithSemicolon).toBe(false)
  })

  it('ignores semicolons in literals, identifiers and comments (Flink select.q cases)', () => {
    expect(scanStatementText("SELECT ';\n").endsWithSemicolon).toBe(false)
    expect(scanStatementText("SELECT ';\n").open).toBe(true)
    expect(scanStatementText("SELECT ';\n';").endsWithSemicolon).toBe(true)
    expect(scanStatementText("SELECT /*;\n").open).toBe(true)
    expect(scanStatementText("SELECT /*;\n'*/ 1;").endsWithSemicolon).toBe(true)
    expect(scanStatementText('SELECT --;\n').endsWithSemicolon).toBe(false)
    expect(scanStatementText('SELECT --;\n1;').endsWithSemicolon).toBe(true)
    expect(scanStatementText("SELECT 'it''s;'").endsWithSemicolon).toBe(false)
    expect(scanStatementText('SELECT `a;b`').endsWithSemicolon).toBe(false)
  })

  it('knows blank input', () => {
    expect(scanStatementText('  -- just a comment\n /* and */ ').blank).toBe(true)
    expect(scanStatementText(';').blank).toBe(false)
  })
})
