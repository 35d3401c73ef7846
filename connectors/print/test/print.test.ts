import { afterEach, describe, expect, it } from 'vitest'
import type { SinkContext } from '../../../src/catalog/connector.js'
import type { Field } from '../../../src/plan/physical/stream-nodes.js'
import { RETRACT, RowKind } from '../../../src/sql/row-kind.js'
import { createConnectorRegistry } from '../../index.js'
import { T, f, table, writerCtx } from '../../shared/testing.js'
import { printConnector, setPrintOutput } from '../index.js'

const registry = createConnectorRegistry()

function capture(): { chunks: string[] } {
  const out = { chunks: [] as string[] }
  setPrintOutput({ write: (s: string) => out.chunks.push(s) })
  return out
}

async function print(fields: Field[], options: Record<string, string>, rows: unknown[][], kinds: number[] | null, subtask = 0, parallelism = 1): Promise<string[]> {
  const out = capture()
  const ctx: SinkContext = { table: table(fields, options), inputMode: RETRACT, overwrite: false, staticPartition: {}, formats: registry }
  const w = printConnector.sink!.createSink(ctx).createWriter(writerCtx(subtask, parallelism))
  await w.open()
  await w.write({ rows, kinds: kinds === null ? null : Uint8Array.from(kinds) })
  await w.finish()
  await w.close()
  expect(out.chunks).toHaveLength(1) // one write per batch
  return (out.chunks[0] as string).split('\n').slice(0, -1)
}

afterEach(() => setPrintOutput(null))

describe('print sink', () => {
  const fields = [f('s', T.string()), f('n', T.int())]

  it("prints Flink's row lines with each row kind", async () => {
    const lines = await print(fields, {}, [['a', 1], ['a', 1], ['a', 2], ['b', null]], [RowKind.INSERT, RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER, RowKind.DELETE])
    expect(lines).toEqual(['+I[a, 1]', '-U[a, 1]', '+U[a, 2]', '-D[b, null]'])
  })

  it('prefixes the identifier and, with parallelism > 1, the subtask number', async () => {
    expect(await print(fields, { 'print-identifier': 'out' }, [['a', 1]], null)).toEqual(['out> +I[a, 1]'])
    expect(await print(fields, { 'print-identifier': 'out' }, [['a', 1]], null, 1, 3)).toEqual(['out:2> +I[a, 1]'])
    expect(await print(fields, {}, [['a', 1]], null, 2, 3)).toEqual(['3> +I[a, 1]'])
  })

  it("renders values as Java's toString of Flink's external types", async () => {
    const all = [
      f('b', T.bool()),
      f('d', T.double()),
      f('fl', T.float()),
      f('dec', T.decimal(10, 2)),
      f('dt', T.date()),
      f('tm', T.time(0)),
      f('ts', T.timestamp(3)),
      f('ts2', T.timestamp(3)),
      f('ltz', T.ltz(3)),
      f('by', T.bytes()),
      f('arr', T.array(T.int())),
      f('m', T.map(T.string(), T.bigint())),
      f('r', T.row([{ name: 'x', type: T.int() }, { name: 'y', type: T.string() }])),
      f('big', T.bigint()),
    ]
    const row = [
      true,
      1,
      0.1,
      12345n,
      19723,
      45296000,
      Date.UTC(2024, 0, 1, 12, 0, 0),
      Date.UTC(2024, 0, 1, 12, 0, 5, 120),
      Date.UTC(2024, 0, 1, 12, 0, 0),
      new Uint8Array([1, 255]),
      [1, null],
      new Map([['k', 2]]),
      [1, 'z'],
      9223372036854775807n,
    ]
    expect(await print(all, {}, [row], null)).toEqual([
      '+I[true, 1.0, 0.1, 123.45, 2024-01-01, 12:34:56, 2024-01-01T12:00, 2024-01-01T12:00:05.120, 2024-01-01T12:00:00Z, [1, -1], [1, null], {k=2}, +I[1, z], 9223372036854775807]',
    ])
  })

  it('declares its options and accepts every row kind', () => {
    expect(printConnector.options.map((o) => o.key)).toEqual(['print-identifier', 'standard-error', 'sink.parallelism'])
    expect(printConnector.sink!.acceptedChangelogMode(table(fields, {}))).toEqual(RETRACT)
  })
})
