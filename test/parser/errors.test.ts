/**
 * Error goldens: each test/parser/errors/*.sql fails to parse; its *.err.txt holds SqlError.render()
 * (code, message with what was found and expected, LINE n with carets, HINT). UPDATE_GOLDEN=1 rewrites.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { SqlError } from '../../src/errors.js'
import { parseScript } from '../../src/sql/parser.js'
import { expectGolden, readSql, sqlFiles } from './golden-files.js'

const dir = fileURLToPath(new URL('./errors/', import.meta.url))

function parseError(text: string): SqlError {
  try {
    parseScript(text)
  } catch (e) {
    if (e instanceof SqlError) return e
    throw e
  }
  throw new Error('expected a parse error')
}

describe('parse error goldens', () => {
  for (const file of sqlFiles(dir)) {
    test(file, () => {
      const text = readSql(dir, file)
      const err = parseError(text)
      expect(err.code).toMatch(/^PARSE_/)
      expect(err.source).toBe(text)
      expect(err.stack ?? '').not.toContain('peg$')
      expectGolden(join(dir, file.replace(/\.sql$/, '.err.txt')), `${err.render()}\n`)
    })
  }
})
