import type { OptionSpec } from '../../src/catalog/connector.js'

export const PRINT_OPTIONS: readonly OptionSpec[] = [
  { key: 'print-identifier', type: 'string', description: 'Message that identifies print and is prefixed to the output of the value.' },
  { key: 'standard-error', type: 'boolean', default: 'false', description: 'Print to standard error instead of standard out.' },
  { key: 'sink.parallelism', type: 'int', description: 'Parallelism of the print sink; by default that of the upstream operator.' },
]
