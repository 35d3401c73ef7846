import type { ConnectorFactory, TableContext } from '../../src/catalog/connector.js'
import { EngineError } from '../../src/errors.js'
import { INSERT_ONLY } from '../../src/sql/row-kind.js'
import { DATAGEN_OPTIONS } from './options.js'
import { DatagenSource, datagenPlan } from './source.js'

function isBounded(ctx: TableContext): boolean {
  if (ctx.options['number-of-rows'] !== undefined) return true
  return ctx.physicalFields.length > 0 && ctx.physicalFields.every((f) => ctx.options[`fields.${f.name}.kind`]?.trim().toLowerCase() === 'sequence')
}

export const datagenConnector: ConnectorFactory = {
  identifier: 'datagen',
  description: 'Generates random or sequence data for every column, at a given rate; bounded with number-of-rows or sequences.',
  options: DATAGEN_OPTIONS,
  // Nested types take options below a column (fields.<col>.element.max); validate() rejects keys nothing reads.
  optionPrefixes: ['fields.'],
  validate(ctx) {
    const names = new Set(ctx.physicalFields.map((f) => f.name))
    for (const key of Object.keys(ctx.options)) {
      if (!key.startsWith('fields.')) continue
      const column = key.slice('fields.'.length).split('.')[0] ?? ''
      if (!names.has(column)) {
        throw new EngineError('CONNECTOR_INVALID_OPTION', `option '${key}' names no physical column '${column}' of ${ctx.path}`, {
          hint: `columns: ${[...names].join(', ')}`,
        })
      }
    }
    // Compile every generator once so bad min/max/start/end values fail at CREATE TABLE time.
    datagenPlan(ctx, [])
  },
  source: {
    changelogMode: () => INSERT_ONLY,
    isBounded,
    createSource: (ctx) => new DatagenSource(ctx),
  },
}
