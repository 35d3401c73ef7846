import type { ConnectorFactory } from '../../src/catalog/connector.js'
import { RETRACT } from '../../src/sql/row-kind.js'
import { PRINT_OPTIONS } from './options.js'
import { PrintSink } from './sink.js'

export { setPrintOutput, printPrefix } from './sink.js'
export type { PrintTarget } from './sink.js'

export const printConnector: ConnectorFactory = {
  identifier: 'print',
  description: 'Writes every row to standard out (or standard error) as +I[...] / -U[...] / +U[...] / -D[...] lines.',
  options: PRINT_OPTIONS,
  sink: {
    acceptedChangelogMode: () => RETRACT,
    createSink: (ctx) => new PrintSink(ctx),
  },
}
