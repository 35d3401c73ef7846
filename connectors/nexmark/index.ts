import type { ConnectorFactory, TableContext } from '../../src/catalog/connector.js'
import { INSERT_ONLY } from '../../src/sql/row-kind.js'
import { NEXMARK_OPTIONS } from './options.js'
import { NexmarkSource, checkNexmarkSchema, nexmarkSettings } from './source.js'

function isBounded(ctx: TableContext): boolean {
  const s = nexmarkSettings(ctx.options)
  return !s.keepAlive && (s.eventsNum > 0 || s.stopAt >= 0)
}

export const nexmarkConnector: ConnectorFactory = {
  identifier: 'nexmark',
  description: 'Generates the Nexmark benchmark stream (persons, auctions, bids) as nexmark-flink does, deterministically.',
  options: NEXMARK_OPTIONS,
  validate(ctx) {
    nexmarkSettings(ctx.options)
    checkNexmarkSchema(ctx)
  },
  source: {
    changelogMode: () => INSERT_ONLY,
    isBounded,
    createSource: (ctx) => new NexmarkSource(ctx),
  },
}
