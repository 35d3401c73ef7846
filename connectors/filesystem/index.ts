import type { ConnectorFactory, TableContext } from '../../src/catalog/connector.js'
import { EngineError } from '../../src/errors.js'
import { INSERT_ONLY, RETRACT } from '../../src/sql/row-kind.js'
import type { ChangelogMode } from '../../src/sql/row-kind.js'
import { FILESYSTEM_OPTIONS } from './options.js'
import { FileSystemSink } from './sink.js'
import { FILESYSTEM_METADATA, FileSystemSource } from './source.js'

/** Changelog formats read and write their row kinds; plain formats are insert-only. */
function formatMode(ctx: TableContext): ChangelogMode {
  const f = ctx.options['format']
  return f === 'debezium-json' || f === 'canal-json' ? RETRACT : INSERT_ONLY
}

export const filesystemConnector: ConnectorFactory = {
  identifier: 'filesystem',
  description: 'Reads files of a folder (bounded, or monitored) and writes part files committed with checkpoints.',
  options: FILESYSTEM_OPTIONS,
  formatOptionKeys: ['format'],
  validate(ctx) {
    for (const k of ctx.partitionKeys) {
      if (!ctx.physicalFields.some((f) => f.name === k)) {
        throw new EngineError('CONNECTOR_INVALID_PARTITION', `partition column '${k}' is not a physical column of ${ctx.path}`)
      }
    }
    if (ctx.partitionKeys.length > 0 && ctx.partitionKeys.length === ctx.physicalFields.length) {
      throw new EngineError('CONNECTOR_INVALID_PARTITION', `${ctx.path} needs at least one column that is not a partition column`)
    }
  },
  source: {
    changelogMode: formatMode,
    isBounded: (ctx) => ctx.options['source.monitor-interval'] === undefined,
    metadata: FILESYSTEM_METADATA,
    createSource: (ctx) => new FileSystemSource(ctx),
  },
  sink: {
    acceptedChangelogMode: formatMode,
    createSink: (ctx) => new FileSystemSink(ctx),
  },
}
