import { describe, expect, it } from 'vitest'
import type { SinkContext } from '../../../src/catalog/connector.js'
import { RETRACT, RowKind } from '../../../src/sql/row-kind.js'
import { createConnectorRegistry } from '../../index.js'
import { T, f, table, writerCtx } from '../../shared/testing.js'
import { blackholeConnector, blackholeStats } from '../index.js'

describe('blackhole sink', () => {
  it('accepts every row kind, discards the rows and counts them', async () => {
    const registry = createConnectorRegistry()
    expect(registry.connectorIds()).toEqual(['blackhole', 'datagen', 'filesystem', 'nexmark', 'print'])
    expect(registry.formatIds()).toEqual(['canal-json', 'csv', 'debezium-json', 'json', 'raw'])
    const t = table([f('a', T.int())], {})
    const ctx: SinkContext = { table: t, inputMode: RETRACT, overwrite: false, staticPartition: {}, formats: registry }
    expect(blackholeConnector.sink!.acceptedChangelogMode(t)).toEqual(RETRACT)
    const w = blackholeConnector.sink!.createSink(ctx).createWriter(writerCtx())
    const before = blackholeStats.rows
    await w.open()
    w.write({ rows: [[1], [2]], kinds: null })
    w.write({ rows: [[1]], kinds: Uint8Array.from([RowKind.DELETE]) })
    expect(w.snapshotState?.(1)).toEqual({ rows: 3 })
    await w.finish()
    expect(blackholeStats.rows - before).toBe(3)
  })
})
