import type { OptionSpec } from '../../src/catalog/connector.js'

export const DATAGEN_OPTIONS: readonly OptionSpec[] = [
  { key: 'rows-per-second', type: 'long', default: '10000', description: 'Rows per second to emit, over all subtasks (a rate limit).' },
  { key: 'number-of-rows', type: 'long', description: 'Total number of rows to emit; the source is unbounded when not set (unless every field is a sequence).' },
  { key: 'scan.parallelism', type: 'int', description: 'Parallelism of the source; by default the job default parallelism.' },
  { key: 'fields.#.kind', type: 'enum', default: 'random', enumValues: ['random', 'sequence'], description: "Generator of the field: 'random' or 'sequence'." },
  { key: 'fields.#.min', type: 'string', description: 'Minimum value of a random numeric field (default: the type minimum).' },
  { key: 'fields.#.max', type: 'string', description: 'Maximum value of a random numeric field (default: the type maximum).' },
  { key: 'fields.#.max-past', type: 'duration', default: '0', description: 'How far before now a random TIMESTAMP / TIMESTAMP_LTZ may be.' },
  {
    key: 'fields.#.length',
    type: 'int',
    description: 'Length of random CHAR / VARCHAR / BINARY / VARBINARY values (default 100) or size of ARRAY / MAP / MULTISET values (default 3).',
  },
  { key: 'fields.#.var-len', type: 'boolean', default: 'false', description: 'Random strings and bytes of a random length between 1 and fields.#.length.' },
  { key: 'fields.#.start', type: 'string', description: 'First value of a sequence field.' },
  { key: 'fields.#.end', type: 'string', description: 'Last value of a sequence field.' },
  { key: 'fields.#.null-rate', type: 'double', default: '0', description: 'Fraction of rows in which the field is NULL.' },
  {
    key: 'weir.seed',
    type: 'long',
    description: 'Weir only: seed of the random generators (per subtask), for reproducible data. Random data differs on every run when not set.',
  },
]
