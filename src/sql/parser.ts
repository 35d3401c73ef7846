/**
 * The entry points to Weir's Flink SQL parser. Every failure is a SqlError with code PARSE_* and a span;
 * nothing from the generated parser escapes.
 */
import { EngineError, SqlError, internalError } from '../errors.js'
import type { Expr, Script, Statement } from './ast.js'
import type { DataType } from './data-type.js'
import { GeneratedSyntaxErrorClass, generatedParse, type GeneratedParseOptions } from './generated/parser.js'
import { NILADIC_FUNCTION_NAMES, RESERVED_FUNCTION_NAMES, RESERVED_WORDS } from './keywords.js'
import { toSqlError } from './parse-error.js'
import type { Span } from './span.js'

export { isInputComplete, splitStatements, type StatementText } from './split-statements.js'

function run(text: string, startRule: GeneratedParseOptions['startRule']): unknown {
  try {
    return generatedParse(text, {
      startRule,
      reserved: RESERVED_WORDS,
      reservedFunctions: RESERVED_FUNCTION_NAMES,
      niladicFunctions: NILADIC_FUNCTION_NAMES,
    })
  } catch (e) {
    if (e instanceof GeneratedSyntaxErrorClass) throw toSqlError(e, text)
    if (e instanceof RangeError) {
      const end = { offset: text.length, line: text.split('\n').length, column: 1 }
      throw new SqlError('PARSE_TOO_COMPLEX', 'The statement is nested too deeply to parse', { start: { offset: 0, line: 1, column: 1 }, end }, { source: text })
    }
    if (e instanceof EngineError) throw e
    throw internalError('the SQL parser failed unexpectedly', e)
  }
}

/** Parses a script: statements separated by `;` (the last `;` is optional, empty statements are skipped). */
export function parseScript(text: string): Script {
  return run(text, 'Script') as Script
}

/** Parses exactly one statement (a trailing `;` is allowed). */
export function parseStatement(text: string): Statement {
  const { statements } = parseScript(text)
  const [first, second] = statements
  if (first === undefined) {
    const end = { offset: text.length, line: text.split('\n').length, column: (text.split('\n').pop() ?? '').length + 1 }
    throw new SqlError('PARSE_INCOMPLETE', 'Incomplete statement: no statement found', { start: end, end }, { source: text })
  }
  if (second !== undefined) {
    const span: Span = second.span
    throw new SqlError('PARSE_MULTIPLE_STATEMENTS', `Expected one statement but found ${statements.length}`, span, { source: text })
  }
  return first
}

/** Parses a single expression, such as `a + 1` or `CAST(ts AS DATE)`. */
export function parseExpression(text: string): Expr {
  return run(text, 'ExpressionOnly') as Expr
}

/** Parses a data type, such as `ROW<a INT NOT NULL, b ARRAY<STRING>>`. */
export function parseDataType(text: string): DataType {
  return run(text, 'DataTypeOnly') as DataType
}
