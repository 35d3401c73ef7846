import { describe, expect, it } from 'vitest'
import { END_OF_INPUT } from '../../../src/catalog/connector.js'
import type { SourceContext, SplitState, TableContext } from '../../../src/catalog/connector.js'
import { createConnectorRegistry } from '../../index.js'
import { RateLimiter } from '../../shared/rate-limiter.js'
import { T, drain, f, readerCtx, table } from '../../shared/testing.js'
import { datagenConnector } from '../index.js'

const registry = createConnectorRegistry()

function source(t: TableContext, readFields = t.physicalFields.map((_, i) => i)) {
  const ctx: SourceContext = { table: t, readFields, metadata: [], formats: registry }
  return datagenConnector.source?.createSource(ctx)
}

describe('datagen', () => {
  it('emits sequences split disjointly (strided) over subtasks and ends when they are exhausted', async () => {
    const t = table([f('id', T.bigint()), f('s', T.string())], {
      'fields.id.kind': 'sequence',
      'fields.id.start': '1',
      'fields.id.end': '11',
      'fields.s.kind': 'sequence',
      'fields.s.start': '100',
      'fields.s.end': '200',
      'rows-per-second': '1000000',
    })
    expect(datagenConnector.source?.isBounded(t)).toBe(true)
    const src = source(t)
    const a = await drain(src!.createReader(readerCtx(0, 2)))
    const b = await drain(src!.createReader(readerCtx(1, 2)))
    expect(a.rows.map((r) => r[0])).toEqual([1, 3, 5, 7, 9, 11])
    expect(b.rows.map((r) => r[0])).toEqual([2, 4, 6, 8, 10])
    expect(a.rows[1]).toEqual([3, '102'])
  })

  it('splits number-of-rows over subtasks and respects random bounds and lengths', async () => {
    const t = table([f('i', T.int()), f('d', T.decimal(5, 2)), f('s', T.varchar(8)), f('b', T.bool()), f('n', T.int())], {
      'number-of-rows': '101',
      'fields.i.min': '-5',
      'fields.i.max': '5',
      'fields.d.min': '1.5',
      'fields.d.max': '2',
      'fields.s.length': '4',
      'fields.n.null-rate': '1',
      'rows-per-second': '1000000',
      'weir.seed': '7',
    })
    expect(datagenConnector.source?.isBounded(t)).toBe(true)
    const src = source(t)
    const parts = [await drain(src!.createReader(readerCtx(0, 2))), await drain(src!.createReader(readerCtx(1, 2)))]
    expect(parts.map((p) => p.rows.length)).toEqual([51, 50])
    for (const r of parts.flatMap((p) => p.rows)) {
      expect(r[0]).toBeGreaterThanOrEqual(-5)
      expect(r[0]).toBeLessThanOrEqual(5)
      expect(r[1] as bigint).toBeGreaterThanOrEqual(150n)
      expect(r[1] as bigint).toBeLessThanOrEqual(200n)
      expect(r[2]).toMatch(/^[0-9a-f]{4}$/)
      expect(typeof r[3]).toBe('boolean')
      expect(r[4]).toBeNull()
    }
  })

  it('is deterministic with weir.seed, different per subtask, and restores to the same continuation', async () => {
    const t = table([f('x', T.bigint()), f('ts', T.timestamp(3))], { 'weir.seed': '42', 'number-of-rows': '40', 'rows-per-second': '1000000' })
    const src = source(t, [0])
    const one = await drain(src!.createReader(readerCtx(0, 1)))
    const two = await drain(src!.createReader(readerCtx(0, 1)))
    expect(one.rows).toEqual(two.rows)
    expect(one.rows.map((r) => r.length)).toEqual(one.rows.map(() => 1))
    const other = await drain(source(table(t.physicalFields as never, { ...t.options, 'weir.seed': '43' }), [0])!.createReader(readerCtx(0, 1)))
    expect(other.rows).not.toEqual(one.rows)

    // Snapshot after 15 rows, restore into a new reader: the rest is what the first run produced.
    const r = src!.createReader(readerCtx(0, 1))
    const head = await drain(r, 15, 15)
    const splits: readonly SplitState[] = structuredClone(r.snapshotState(1))
    const rest = await drain(src!.createReader(readerCtx(0, 1, splits)))
    expect([...head.rows, ...rest.rows]).toEqual(one.rows)
  })

  it('reassigns restored splits to a new parallelism', async () => {
    const t = table([f('id', T.int())], { 'fields.id.kind': 'sequence', 'fields.id.start': '0', 'fields.id.end': '99', 'rows-per-second': '1000000' })
    const src = source(t)
    const readers = [0, 1, 2].map((i) => src!.createReader(readerCtx(i, 3)))
    const first = await Promise.all(readers.map((r) => drain(r, 5, 5)))
    const state = readers.flatMap((r) => r.snapshotState(1))
    const rest = await Promise.all([0, 1].map((i) => drain(src!.createReader(readerCtx(i, 2, state)))))
    const all = [...first, ...rest].flatMap((p) => p.rows.map((r) => r[0] as number)).sort((a, b) => a - b)
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i))
  })

  it('limits the rate per batch: a chunk at once, then nothing until time passes', () => {
    let now = 1000
    const lim = new RateLimiter(100, () => now)
    expect(lim.chunk).toBe(5)
    expect(lim.available()).toBe(5)
    lim.consume(5)
    expect(lim.available()).toBe(0)
    expect(lim.delayFor(5)).toBe(50)
    now += 50
    expect(lim.available()).toBe(5)
    now += 1000
    expect(lim.available()).toBe(105)
  })

  it('returns null when the rate limit is reached, and is unbounded without number-of-rows', async () => {
    const t = table([f('i', T.int())], { 'rows-per-second': '20' })
    expect(datagenConnector.source?.isBounded(t)).toBe(false)
    const r = source(t)!.createReader(readerCtx(0, 1))
    const first = await r.poll(1000)
    expect(first !== null && first !== END_OF_INPUT && first.batch.rows.length).toBe(1)
    expect(await r.poll(1000)).toBeNull()
  })

  it('rejects bad options at validation time', () => {
    const bad = (fields: ReturnType<typeof f>[], options: Record<string, string>) => () => datagenConnector.validate?.(table(fields, options))
    expect(bad([f('i', T.int())], { 'fields.j.kind': 'random' })).toThrow(/names no physical column 'j'/)
    expect(bad([f('a', T.array(T.int()))], { 'fields.a.elemnt.min': '1' })).toThrow(/Unsupported options.*fields.a.elemnt.min/)
    expect(bad([f('i', T.int())], { 'fields.i.nul-rate': '0.5' })).toThrow(/fields.i.nul-rate/)
    expect(bad([f('i', T.int())], { 'fields.i.kind': 'sequence', 'fields.i.start': '1' })).toThrow(/fields.i.end' is required/)
    expect(bad([f('i', T.int())], { 'fields.i.min': '5', 'fields.i.max': '1' })).toThrow(/fields.i.max/)
    expect(bad([f('i', T.tinyint())], { 'fields.i.max': '300' })).toThrow(/within TINYINT/)
    expect(bad([f('b', T.bool())], { 'fields.b.kind': 'sequence', 'fields.b.start': '1', 'fields.b.end': '2' })).toThrow(/cannot generate BOOLEAN/)
    expect(bad([f('s', T.varchar(5))], { 'fields.s.length': '10' })).toThrow(/length between 1 and 5/)
  })

  it('generates nested types and recent timestamps', async () => {
    const t = table(
      [
        f('a', T.array(T.int())),
        f('m', T.map(T.string(), T.double())),
        f('r', T.row([{ name: 'x', type: T.bigint() }])),
        f('ts', T.ltz(3)),
      ],
      { 'number-of-rows': '5', 'fields.a.length': '2', 'fields.a.element.min': '1', 'fields.a.element.max': '3', 'fields.ts.max-past': '10 s', 'weir.seed': '1' },
    )
    const before = Date.now()
    const { rows } = await drain(source(t)!.createReader(readerCtx()))
    expect(rows).toHaveLength(5)
    for (const [a, m, r, ts] of rows) {
      expect((a as number[]).length).toBe(2)
      for (const x of a as number[]) expect([1, 2, 3]).toContain(x)
      expect(m).toBeInstanceOf(Map)
      expect((r as unknown[]).length).toBe(1)
      expect(ts as number).toBeGreaterThanOrEqual(before - 10_000)
      expect(ts as number).toBeLessThanOrEqual(Date.now())
    }
  })
})
