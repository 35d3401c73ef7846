/**
 * Golden parses: every test/parser/golden/*.sql has a sibling *.ast.txt with the rendered AST
 * (UPDATE_GOLDEN=1 rewrites them; review the diff). Each file also round-trips through the printer.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { parseScript } from '../../src/sql/parser.js'
import { printScript } from '../../src/sql/print.js'
import { astToTestString, stripSpans } from './ast-to-test-string.js'
import { expectGolden, readSql, sqlFiles } from './golden-files.js'

const dir = fileURLToPath(new URL('./golden/', import.meta.url))

describe('golden parses', () => {
  for (const file of sqlFiles(dir)) {
    const text = readSql(dir, file)
    test(file, () => {
      const script = parseScript(text)
      expectGolden(join(dir, file.replace(/\.sql$/, '.ast.txt')), astToTestString(script))
    })
    test(`${file} round-trips through the printer`, () => {
      const script = parseScript(text)
      const printed = printScript(script)
      expect(stripSpans(parseScript(printed))).toEqual(stripSpans(script))
      // Printing is stable: printing the reparsed script gives the same text.
      expect(printScript(parseScript(printed))).toBe(printed)
    })
  }
})
