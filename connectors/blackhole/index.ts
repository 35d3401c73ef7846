/** The blackhole sink: accepts every row kind and discards it, counting rows (for benchmarks). */
import type { ConnectorFactory, DynamicSink, OptionSpec, SinkWriter } from '../../src/catalog/connector.js'
import type { RowBatch } from '../../src/runtime/row-batch.js'
import { RETRACT } from '../../src/sql/row-kind.js'

export const BLACKHOLE_OPTIONS: readonly OptionSpec[] = []

/** Rows discarded by all blackhole writers of this thread (a worker thread counts its own). */
export const blackholeStats = { rows: 0, batches: 0 }

class BlackholeWriter implements SinkWriter {
  rows = 0

  async open(): Promise<void> {}

  write(batch: RowBatch): void {
    this.rows += batch.rows.length
    blackholeStats.rows += batch.rows.length
    blackholeStats.batches++
  }

  async prepareCommit(): Promise<unknown> {
    return null
  }

  snapshotState(): unknown {
    return { rows: this.rows }
  }

  async commit(): Promise<void> {}

  async finish(): Promise<void> {}

  async close(): Promise<void> {}
}

const blackholeSink: DynamicSink = { createWriter: () => new BlackholeWriter() }

export const blackholeConnector: ConnectorFactory = {
  identifier: 'blackhole',
  description: 'Discards every row (counts them); for benchmarks and for plans that need a sink.',
  options: BLACKHOLE_OPTIONS,
  sink: {
    acceptedChangelogMode: () => RETRACT,
    createSink: () => blackholeSink,
  },
}
