import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RowBatchBuilder } from '../../../src/runtime/row-batch.js'
import type { Field } from '../../../src/plan/physical/stream-nodes.js'
import { RowKind } from '../../../src/sql/row-kind.js'
import { EngineError } from '../../../src/errors.js'
import { T, f } from '../../shared/testing.js'
import { jsonFormat } from '../json/json-format.js'
import { JsonNumber, parseJson } from '../json/json-parser.js'
import { arbRow } from './arbitraries.js'

function decode(fields: Field[], text: string, options: Record<string, string> = {}): unknown[][] {
  const d = jsonFormat.createDecoder({ fields, options })
  const b = new RowBatchBuilder()
  d.decode(text, b)
  return b.build().rows
}

function encode(fields: Field[], row: unknown[], options: Record<string, string> = {}): string {
  const e = jsonFormat.createEncoder?.({ fields, options })
  return e?.encode(row, RowKind.INSERT) as string
}

describe('json format: decoding', () => {
  it('maps every scalar type', () => {
    const fields = [
      f('b', T.bool()),
      f('i', T.int()),
      f('l', T.bigint()),
      f('d', T.double()),
      f('s', T.string()),
      f('dt', T.date()),
      f('tm', T.time(0)),
      f('ts', T.timestamp(3)),
      f('ltz', T.ltz(3)),
      f('dec', T.decimal(10, 2)),
      f('by', T.bytes()),
    ]
    const rows = decode(
      fields,
      '{"b":true,"i":42,"l":-7,"d":1.5,"s":"hé","dt":"2024-02-29","tm":"12:34:56","ts":"2024-01-02 03:04:05.678","ltz":"2024-01-02 03:04:05.678Z","dec":12.345,"by":"AQID"}',
    )
    expect(rows).toEqual([
      [true, 42, -7, 1.5, 'hé', 19782, 45296000, Date.UTC(2024, 0, 2, 3, 4, 5, 678), Date.UTC(2024, 0, 2, 3, 4, 5, 678), 1235n, new Uint8Array([1, 2, 3])],
    ])
  })

  it('reads BIGINT beyond 2^53 and long DECIMALs exactly', () => {
    const fields = [f('a', T.bigint()), f('b', T.bigint()), f('c', T.decimal(38, 20)), f('d', T.array(T.bigint()))]
    const rows = decode(fields, '{"a": 9007199254740993, "b": -9223372036854775808, "c": 123456789012345678.12345678901234567890, "d": [9223372036854775807, 1]}')
    expect(rows[0]).toEqual([9007199254740993n, -9223372036854775808n, 12345678901234567812345678901234567890n, [9223372036854775807n, 1]])
  })

  it('accepts numbers written as strings and containers as STRING text', () => {
    const rows = decode([f('i', T.int()), f('l', T.bigint()), f('s', T.string()), f('t', T.string())], '{"i":"12","l":"12345678901234567","s":{"x":[1,2]},"t":3.5}')
    expect(rows[0]).toEqual([12, 12345678901234567n, '{"x":[1,2]}', '3.5'])
  })

  it('gives NULL for missing fields, or fails with fail-on-missing-field', () => {
    const fields = [f('a', T.int()), f('constructor', T.string())]
    expect(decode(fields, '{"a":1}')).toEqual([[1, null]])
    expect(() => decode(fields, '{"a":1}', { 'fail-on-missing-field': 'true' })).toThrow(/could not find field 'constructor'/)
    expect(() => decode(fields, '{"a":1}', { 'fail-on-missing-field': 'true', 'ignore-parse-errors': 'true' })).toThrow(/cannot both be true/)
  })

  it('decodes nested ROW, ARRAY, MAP and MULTISET', () => {
    const fields = [
      f('r', T.row([{ name: 'x', type: T.int() }, { name: 'y', type: T.array(T.string()) }])),
      f('m', T.map(T.int(), T.double())),
      f('ms', T.multiset(T.string())),
    ]
    const rows = decode(fields, '{"r":{"y":["a",null]},"m":{"1":2.5,"-3":null},"ms":{"a":2}}')
    expect(rows[0]).toEqual([[null, ['a', null]], new Map<unknown, unknown>([[1, 2.5], [-3, null]]), new Map([['a', 2]])])
  })

  it('fails on malformed records with the record text, unless ignore-parse-errors', () => {
    const fields = [f('a', T.int())]
    let err: unknown
    try {
      decode(fields, '{"a": 1,,}')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(EngineError)
    expect((err as EngineError).code).toBe('FORMAT_PARSE_ERROR')
    expect((err as EngineError).message).toContain('{"a": 1,,}')
    expect(() => decode(fields, '{"a": "x"}')).toThrow(/cannot read 'x' as INT/)
    const d = jsonFormat.createDecoder({ fields, options: { 'ignore-parse-errors': 'true' } })
    const b = new RowBatchBuilder()
    d.decode('not json', b)
    d.decode('{"a": 3}', b)
    expect(b.build().rows).toEqual([[3]])
    expect((d as unknown as { skipped: number }).skipped).toBe(1)
  })

  it('honours timestamp-format.standard', () => {
    const fields = [f('ts', T.timestamp(3))]
    const ms = Date.UTC(2020, 11, 30, 12, 13, 14, 120)
    expect(encode(fields, [ms])).toBe('{"ts":"2020-12-30 12:13:14.12"}')
    expect(encode(fields, [ms], { 'timestamp-format.standard': 'ISO-8601' })).toBe('{"ts":"2020-12-30T12:13:14.120"}')
    expect(decode(fields, '{"ts":"2020-12-30T12:13:14.12"}', { 'timestamp-format.standard': 'ISO-8601' })).toEqual([[ms]])
    expect(() => decode(fields, '{"ts":"2020-12-30T12:13:14.12"}')).toThrow(/FORMAT|deserialize/)
  })
})

describe('json format: encoding', () => {
  it("writes numbers as Jackson does and maps' null keys per map-null-key.mode", () => {
    const fields = [f('d', T.double()), f('x', T.decimal(10, 9)), f('n', T.double()), f('m', T.map(T.string(), T.int()))]
    const m = new Map<unknown, unknown>([[null, 1], ['k', 2]])
    expect(() => encode(fields, [1, 27n, NaN, m])).toThrow(/null key/)
    expect(encode(fields, [1, 27n, NaN, m], { 'map-null-key.mode': 'DROP' })).toBe('{"d":1.0,"x":2.7E-8,"n":"NaN","m":{"k":2}}')
    expect(encode(fields, [1e21, 27n, null, m], { 'map-null-key.mode': 'LITERAL', 'map-null-key.literal': 'nul', 'encode.decimal-as-plain-number': 'true' })).toBe(
      '{"d":1.0E21,"x":0.000000027,"n":null,"m":{"nul":1,"k":2}}',
    )
    expect(encode(fields, [null, null, null, null], { 'encode.ignore-null-fields': 'true' })).toBe('{}')
  })

  it('round-trips rows of every type (encode then decode)', () => {
    const fields = [
      f('b', T.bool()),
      f('ti', T.tinyint()),
      f('si', T.smallint()),
      f('i', T.int()),
      f('l', T.bigint()),
      f('fl', T.float()),
      f('d', T.double()),
      f('dec', T.decimal(10, 2)),
      f('dec38', T.decimal(38, 18)),
      f('s', T.string()),
      f('by', T.bytes()),
      f('dt', T.date()),
      f('t0', T.time(0)),
      f('t3', T.time(3)),
      f('ts', T.timestamp(3)),
      f('ts0', T.timestamp(0)),
      f('ltz', T.ltz(3)),
      f('ai', T.array(T.int())),
      f('as', T.array(T.string())),
      f('msl', T.map(T.string(), T.bigint())),
      f('mis', T.map(T.int(), T.string())),
      f('mset', T.multiset(T.string())),
      f('r', T.row([{ name: 'x', type: T.int() }, { name: 'y', type: T.string() }, { name: 'z', type: T.array(T.double()) }])),
      f('ar', T.array(T.row([{ name: 'k', type: T.bigint() }]))),
    ]
    for (const standard of ['SQL', 'ISO-8601']) {
      const options = { 'timestamp-format.standard': standard }
      const enc = jsonFormat.createEncoder?.({ fields, options })
      const dec = jsonFormat.createDecoder({ fields, options })
      fc.assert(
        fc.property(arbRow(fields.map((x) => x.type)), (row) => {
          const text = enc?.encode(row, RowKind.INSERT) as string
          const b = new RowBatchBuilder()
          dec.decode(text, b)
          expect(b.build().rows).toEqual([row])
        }),
        { numRuns: 150 },
      )
    }
  })
})

describe('json parser', () => {
  it('keeps long numbers exact and otherwise agrees with JSON.parse', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        // Long numbers come back as their exact text; as doubles they equal what JSON.parse gives.
        const asDoubles = (v: unknown): unknown =>
          v instanceof JsonNumber ? Number(v.raw) : Array.isArray(v) ? v.map(asDoubles) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asDoubles(x)])) : v
        expect(asDoubles(parseJson(text))).toEqual(JSON.parse(text))
      }),
      { numRuns: 200 },
    )
    const v = parseJson('{"a":[12345678901234567890, 1.5, "x\\"y"], "__proto__": 1}') as Record<string, unknown[]>
    expect(String(v['a']?.[0])).toBe('12345678901234567890')
    expect(Object.hasOwn(v, '__proto__')).toBe(true)
    expect(() => parseJson('{"a":12345678901234567, }')).toThrow(/position/)
  })
})
