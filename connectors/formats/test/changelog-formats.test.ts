import { describe, expect, it } from 'vitest'
import { RowBatchBuilder } from '../../../src/runtime/row-batch.js'
import type { Field } from '../../../src/plan/physical/stream-nodes.js'
import type { FormatFactory } from '../../../src/catalog/connector.js'
import { RowKind } from '../../../src/sql/row-kind.js'
import { T, f } from '../../shared/testing.js'
import { canalJsonFormat } from '../canal-json/canal-json-format.js'
import { debeziumJsonFormat } from '../debezium-json/debezium-json-format.js'
import { rawFormat } from '../raw/raw-format.js'

const fields: Field[] = [f('id', T.bigint()), f('name', T.string()), f('price', T.decimal(10, 2))]

function decode(format: FormatFactory, records: (string | Uint8Array)[], options: Record<string, string> = {}, fs = fields): { rows: unknown[][]; kinds: number[] } {
  const d = format.createDecoder({ fields: fs, options })
  const b = new RowBatchBuilder()
  for (const r of records) d.decode(r, b)
  const batch = b.build()
  return { rows: batch.rows, kinds: batch.kinds === null ? batch.rows.map(() => RowKind.INSERT) : [...batch.kinds] }
}

describe('debezium-json', () => {
  it('decodes c/r/u/d into +I/+I/-U+U/-D', () => {
    const out = decode(debeziumJsonFormat, [
      '{"before":null,"after":{"id":1,"name":"a","price":1.5},"op":"c"}',
      '{"before":null,"after":{"id":2,"name":"b","price":"2.25"},"op":"r"}',
      '{"before":{"id":1,"name":"a","price":1.5},"after":{"id":1,"name":"a2","price":3},"op":"u"}',
      '{"before":{"id":2,"name":"b","price":2.25},"after":null,"op":"d"}',
      '',
    ])
    expect(out.kinds).toEqual([RowKind.INSERT, RowKind.INSERT, RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER, RowKind.DELETE])
    expect(out.rows).toEqual([
      [1, 'a', 150n],
      [2, 'b', 225n],
      [1, 'a', 150n],
      [1, 'a2', 300n],
      [2, 'b', 225n],
    ])
  })

  it('reads the schema envelope with schema-include and explains a missing before image', () => {
    const msg = '{"schema":{},"payload":{"before":null,"after":{"id":5,"name":"x","price":0},"op":"c"}}'
    expect(decode(debeziumJsonFormat, [msg], { 'schema-include': 'true' }).rows).toEqual([[5, 'x', 0n]])
    expect(() => decode(debeziumJsonFormat, [msg])).toThrow(/schema-include/)
    expect(() => decode(debeziumJsonFormat, ['{"before":null,"after":{"id":1},"op":"u"}'])).toThrow(/REPLICA IDENTITY/)
    expect(() => decode(debeziumJsonFormat, ['{"op":"x"}'])).toThrow(/unknown "op"/)
    expect(decode(debeziumJsonFormat, ['{"op":"x"}', 'nope'], { 'ignore-parse-errors': 'true' }).rows).toEqual([])
  })

  it('encodes inserts as op c and retractions as op d', () => {
    const e = debeziumJsonFormat.createEncoder?.({ fields, options: {} })
    const ins = e?.encode([1, 'a', 150n], RowKind.INSERT) as string
    const del = e?.encode([1, 'a', 150n], RowKind.UPDATE_BEFORE) as string
    expect(ins).toBe('{"before":null,"after":{"id":1,"name":"a","price":1.50},"op":"c"}')
    expect(decode(debeziumJsonFormat, [ins, del]).kinds).toEqual([RowKind.INSERT, RowKind.DELETE])
  })
})

describe('canal-json', () => {
  it('decodes INSERT, UPDATE (before from old) and DELETE arrays; skips DDL', () => {
    const out = decode(canalJsonFormat, [
      '{"data":[{"id":"1","name":"a","price":"1.50"},{"id":"2","name":"b","price":"2"}],"database":"shop","table":"items","type":"INSERT"}',
      '{"data":[{"id":"1","name":"a2","price":"1.50"}],"old":[{"name":"a"}],"database":"shop","table":"items","type":"UPDATE"}',
      '{"data":[{"id":"2","name":"b","price":"2"}],"database":"shop","table":"items","type":"DELETE"}',
      '{"data":null,"database":"shop","table":"items","type":"CREATE","isDdl":true,"sql":"CREATE TABLE items"}',
    ])
    expect(out.kinds).toEqual([RowKind.INSERT, RowKind.INSERT, RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER, RowKind.DELETE])
    expect(out.rows).toEqual([
      [1, 'a', 150n],
      [2, 'b', 200n],
      [1, 'a', 150n],
      [1, 'a2', 150n],
      [2, 'b', 200n],
    ])
  })

  it('filters by database.include and table.include (full-match regular expressions)', () => {
    const msgs = ['shop', 'shopping', 'other'].map((db) => `{"data":[{"id":1}],"database":"${db}","table":"items","type":"INSERT"}`)
    expect(decode(canalJsonFormat, msgs, { 'database.include': 'shop' }).rows).toHaveLength(1)
    expect(decode(canalJsonFormat, msgs, { 'database.include': 'shop.*', 'table.include': 'item.' }).rows).toHaveLength(2)
    expect(() => decode(canalJsonFormat, ['{"data":[{}],"type":"MERGE"}'])).toThrow(/unknown "type"/)
  })
})

describe('raw', () => {
  it('reads and writes the single column: strings by charset, numbers by endianness', () => {
    expect(decode(rawFormat, ['héllo'], {}, [f('s', T.string())]).rows).toEqual([['héllo']])
    const latin = Uint8Array.from([0x68, 0xe9])
    expect(decode(rawFormat, [latin], { charset: 'ISO-8859-1' }, [f('s', T.string())]).rows).toEqual([['hé']])
    const be = rawFormat.createEncoder?.({ fields: [f('i', T.int())], options: {} }).encode([258], RowKind.INSERT)
    expect([...(be as Uint8Array)]).toEqual([0, 0, 1, 2])
    const le = rawFormat.createEncoder?.({ fields: [f('l', T.bigint())], options: { endianness: 'little-endian' } }).encode([2n ** 60n], RowKind.INSERT)
    expect(decode(rawFormat, [le as Uint8Array], { endianness: 'little-endian' }, [f('l', T.bigint())]).rows).toEqual([[2n ** 60n]])
    expect(() => decode(rawFormat, [Uint8Array.from([1, 2])], {}, [f('i', T.int())])).toThrow(/needs 4 bytes/)
    expect(() => rawFormat.createDecoder({ fields, options: {} })).toThrow(/exactly one physical column/)
  })
})
