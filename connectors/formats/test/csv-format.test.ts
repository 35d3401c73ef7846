import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RowBatchBuilder } from '../../../src/runtime/row-batch.js'
import type { Field } from '../../../src/plan/physical/stream-nodes.js'
import { RowKind } from '../../../src/sql/row-kind.js'
import { T, f } from '../../shared/testing.js'
import { csvFormat } from '../csv/csv-format.js'
import { splitRecords } from '../csv/csv-records.js'
import { arbValue } from './arbitraries.js'

function decode(fields: Field[], lines: string[], options: Record<string, string> = {}): unknown[][] {
  const d = csvFormat.createDecoder({ fields, options })
  const b = new RowBatchBuilder()
  for (const l of lines) d.decode(l, b)
  return b.build().rows
}

function encode(fields: Field[], row: unknown[], options: Record<string, string> = {}): string {
  return csvFormat.createEncoder?.({ fields, options }).encode(row, RowKind.INSERT) as string
}

describe('csv format', () => {
  it('reads RFC-4180 quoting, empty fields as NULL for non-strings, arrays by element delimiter', () => {
    const fields = [f('s', T.string()), f('i', T.int()), f('a', T.array(T.int())), f('ts', T.timestamp(3)), f('d', T.decimal(5, 2))]
    expect(decode(fields, ['"a, ""b"""  ,,1;2;3,2024-01-02 03:04:05.5,1.005', ',7,,,'])).toEqual([
      ['a, "b"  ', null, [1, 2, 3], Date.UTC(2024, 0, 2, 3, 4, 5, 500), 101n],
      ['', 7, null, null, null],
    ])
  })

  it('honours delimiter, quote, escape, comments and null-literal options', () => {
    const fields = [f('a', T.string()), f('b', T.string())]
    const opts = { 'field-delimiter': '|', 'quote-character': "'", 'escape-character': '\\', 'allow-comments': 'true', 'null-literal': 'NULL' }
    expect(decode(fields, ["# comment", "'x|y'|a\\|b", 'NULL|'], opts)).toEqual([
      ['x|y', 'a|b'],
      [null, ''],
    ])
    expect(encode(fields, ['x|y', null], opts)).toBe("'x|y'|NULL")
    expect(encode(fields, ['x"y', 'p'], { 'disable-quote-character': 'true' })).toBe('x"y,p')
    expect(encode(fields, ['a\tb', 'c'], { 'field-delimiter': '\\t' })).toBe('"a\tb"\tc')
    expect(() => encode(fields, ['a', 'b'], { 'disable-quote-character': 'true', 'quote-character': "'" })).toThrow(/cannot be set/)
  })

  it('fails on bad rows with the record text; ignore-parse-errors nulls bad fields and skips bad rows', () => {
    const fields = [f('a', T.int()), f('b', T.string())]
    expect(() => decode(fields, ['x,1'])).toThrow(/FORMAT|cannot read 'x' as INT/)
    expect(() => decode(fields, ['1,2,3'])).toThrow(/2 fields expected but was 3/)
    expect(() => decode(fields, ['1,"open'])).toThrow(/unterminated/)
    expect(decode(fields, ['x,1', '1,"open', '5,ok'], { 'ignore-parse-errors': 'true' })).toEqual([
      [null, '1'],
      [5, 'ok'],
    ])
  })

  it('writes DECIMAL in scientific notation unless told otherwise', () => {
    const fields = [f('d', T.decimal(10, 9))]
    expect(encode(fields, [27n])).toBe('2.7E-8')
    expect(encode(fields, [27n], { 'write-bigdecimal-in-scientific-notation': 'false' })).toBe('0.000000027')
  })

  it('splits a file into records at line breaks outside quotes', () => {
    const recs = splitRecords('a,"x\ny"\r\nb,c\n\nd,e', { delimiter: ',', quote: '"', escape: null })
    expect(recs).toEqual([
      { text: 'a,"x\ny"', line: 1 },
      { text: 'b,c', line: 3 },
      { text: '', line: 4 },
      { text: 'd,e', line: 5 },
    ])
  })

  it('round-trips rows of every supported type', () => {
    const types = [
      T.bool(),
      T.tinyint(),
      T.int(),
      T.bigint(),
      T.float(),
      T.double(),
      T.decimal(12, 3),
      T.string(),
      T.bytes(),
      T.date(),
      T.time(3),
      T.timestamp(3),
      T.ltz(3),
      T.row([{ name: 'x', type: T.int() }, { name: 'y', type: T.double() }]),
    ]
    const arrayType = T.array(T.bigint())
    const fields = [...types.map((t, i) => f(`c${i}`, t)), f('arr', arrayType)]
    const options = { 'null-literal': '\\N' }
    const enc = csvFormat.createEncoder?.({ fields, options })
    const dec = csvFormat.createDecoder({ fields, options })
    const row = fc.tuple(
      ...types.map((t) => (t.kind === 'VARCHAR' ? fc.option(fc.string({ unit: 'binary', maxLength: 10 }).filter((s) => s !== '\\N'), { nil: null }) : arbValue(t))),
      fc.option(fc.array(arbValue(T.bigint(), { nullable: false }), { minLength: 1, maxLength: 4 }), { nil: null }),
    )
    fc.assert(
      fc.property(row, (r) => {
        const text = enc?.encode(r, RowKind.INSERT) as string
        const b = new RowBatchBuilder()
        dec.decode(text, b)
        expect(b.build().rows).toEqual([r])
      }),
      { numRuns: 300 },
    )
  })
})
