/** Property: printing any AST and parsing the text back gives the same AST (spans aside). */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { parseDataType, parseExpression, parseScript, parseStatement } from '../../src/sql/parser.js'
import { printDataType, printExpr, printScript, printStatement } from '../../src/sql/print.js'
import { stripSpans } from './ast-to-test-string.js'
import { dataType } from './arbitraries/base.js'
import { expr, query } from './arbitraries/sql.js'
import { statement } from './arbitraries/statements.js'

/** PROPERTY_RUNS_FACTOR=10 runs every property ten times longer (for a deeper local search). */
const factor = Number(process.env['PROPERTY_RUNS_FACTOR'] ?? '1')
const runs = (n: number): { numRuns: number } => ({ numRuns: Math.round(n * factor) })

function roundTrips<T>(value: T, print: (v: T) => string, parse: (s: string) => unknown): void {
  const text = print(value)
  let parsed: unknown
  try {
    parsed = parse(text)
  } catch (e) {
    throw new Error(`could not parse printed text:\n${text}\n${e instanceof Error && 'render' in e ? String((e as { render(): string }).render()) : String(e)}`)
  }
  expect(stripSpans(parsed), text).toEqual(stripSpans(value))
}

describe('parse(print(ast)) equals ast', () => {
  test('data types', () => {
    fc.assert(fc.property(dataType, (t) => roundTrips(t, printDataType, parseDataType)), runs(300))
  })

  test('expressions', () => {
    fc.assert(fc.property(expr(3), (e) => roundTrips(e, printExpr, parseExpression)), runs(400))
  })

  test('queries', () => {
    fc.assert(
      fc.property(query(3), (q) => roundTrips({ kind: 'QueryStatement' as const, span: q.span, query: q }, printStatement, parseStatement)),
      runs(200),
    )
  })

  test('statements', () => {
    fc.assert(fc.property(statement, (s) => roundTrips(s, printStatement, parseStatement)), runs(400))
  })

  test('scripts', () => {
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 4 }), (statements) => roundTrips({ statements }, printScript, parseScript)),
      runs(50),
    )
  })
})
