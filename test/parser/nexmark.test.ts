/** Our Flink SQL versions of the Nexmark queries (sql-examples/nexmark) parse and round-trip through the printer. */
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { parseScript } from '../../src/sql/parser.js'
import { printScript } from '../../src/sql/print.js'
import { stripSpans } from './ast-to-test-string.js'

const dir = fileURLToPath(new URL('../../sql-examples/nexmark/', import.meta.url))
const files = readdirSync(dir).filter((f) => f.endsWith('.sql'))

describe('nexmark queries', () => {
  test('q0..q22 and ddl.sql are all there', () => {
    const expected = ['ddl.sql', ...Array.from({ length: 23 }, (_, i) => `q${i}.sql`)]
    expect([...files].sort()).toEqual(expected.sort())
  })

  for (const file of files) {
    test(file, () => {
      const text = readFileSync(dir + file, 'utf8')
      expect(text.startsWith('--')).toBe(true)
      const script = parseScript(text)
      const kinds = script.statements.map((s) => s.kind)
      if (file === 'ddl.sql') {
        expect(kinds).toEqual(['CreateTable', 'CreateView', 'CreateView', 'CreateView'])
      } else {
        const n = file.replace(/\.sql$/, '').slice(1)
        expect(kinds.at(-1)).toBe('Insert')
        const insert = script.statements.at(-1)
        expect(insert?.kind === 'Insert' ? insert.target.parts.map((p) => p.value) : []).toEqual([`nexmark_q${n}`])
        const sink = script.statements.find((s) => s.kind === 'CreateTable' && s.name.parts[0]?.value === `nexmark_q${n}`)
        expect(sink?.kind === 'CreateTable' ? sink.options : []).toContainEqual(expect.objectContaining({ key: 'connector', value: 'blackhole' }))
      }
      expect(stripSpans(parseScript(printScript(script)))).toEqual(stripSpans(script))
    })
  }
})
