/** Helpers for the connector tests: types, table contexts, draining readers, temp folders. Not used at run time. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { END_OF_INPUT } from '../../src/catalog/connector.js'
import type { ReaderContext, SourceBatch, SourceReader, SplitState, TableContext, WriterContext } from '../../src/catalog/connector.js'
import type { Field } from '../../src/plan/physical/stream-nodes.js'
import type { DataType, RowField } from '../../src/sql/data-type.js'
import { MAX_LENGTH } from '../../src/sql/data-type.js'

const n = true
export const T = {
  bool: (): DataType => ({ kind: 'BOOLEAN', nullable: n }),
  tinyint: (): DataType => ({ kind: 'TINYINT', nullable: n }),
  smallint: (): DataType => ({ kind: 'SMALLINT', nullable: n }),
  int: (): DataType => ({ kind: 'INT', nullable: n }),
  bigint: (): DataType => ({ kind: 'BIGINT', nullable: n }),
  float: (): DataType => ({ kind: 'FLOAT', nullable: n }),
  double: (): DataType => ({ kind: 'DOUBLE', nullable: n }),
  decimal: (precision: number, scale: number): DataType => ({ kind: 'DECIMAL', precision, scale, nullable: n }),
  string: (): DataType => ({ kind: 'VARCHAR', length: MAX_LENGTH, nullable: n }),
  varchar: (length: number): DataType => ({ kind: 'VARCHAR', length, nullable: n }),
  char: (length: number): DataType => ({ kind: 'CHAR', length, nullable: n }),
  bytes: (): DataType => ({ kind: 'VARBINARY', length: MAX_LENGTH, nullable: n }),
  date: (): DataType => ({ kind: 'DATE', nullable: n }),
  time: (precision = 0): DataType => ({ kind: 'TIME', precision, nullable: n }),
  timestamp: (precision = 3): DataType => ({ kind: 'TIMESTAMP', precision, nullable: n }),
  ltz: (precision = 3): DataType => ({ kind: 'TIMESTAMP_LTZ', precision, nullable: n }),
  array: (element: DataType): DataType => ({ kind: 'ARRAY', element, nullable: n }),
  multiset: (element: DataType): DataType => ({ kind: 'MULTISET', element, nullable: n }),
  map: (key: DataType, value: DataType): DataType => ({ kind: 'MAP', key, value, nullable: n }),
  row: (fields: RowField[]): DataType => ({ kind: 'ROW', fields, nullable: n }),
  notNull: <X extends DataType>(t: X): X => ({ ...t, nullable: false }),
}

export function f(name: string, type: DataType): Field {
  return { name, type }
}

export function table(fields: Field[], options: Record<string, string>, partitionKeys: string[] = []): TableContext {
  return { path: 'default_catalog.default_database.t', physicalFields: fields, primaryKey: null, partitionKeys, options }
}

export function readerCtx(subtaskIndex = 0, parallelism = 1, restoredSplits: readonly SplitState[] | null = null): ReaderContext {
  return { subtaskIndex, parallelism, restoredSplits, jobConfig: {} }
}

export function writerCtx(subtaskIndex = 0, parallelism = 1, jobId = 'job-1'): WriterContext {
  return { subtaskIndex, parallelism, jobId, restored: null, jobConfig: {} }
}

/** Polls until END_OF_INPUT (or `limit` rows); waits with waitForData when nothing is ready. */
export async function drain(reader: SourceReader, maxRows = 1000, limit = Number.POSITIVE_INFINITY): Promise<{ rows: unknown[][]; kinds: number[]; batches: SourceBatch[] }> {
  const rows: unknown[][] = []
  const kinds: number[] = []
  const batches: SourceBatch[] = []
  while (rows.length < limit) {
    const r = await reader.poll(Math.min(maxRows, limit - rows.length))
    if (r === END_OF_INPUT) break
    if (r === null) {
      if (reader.waitForData !== undefined) await reader.waitForData()
      continue
    }
    batches.push(r)
    for (let i = 0; i < r.batch.rows.length; i++) {
      rows.push(r.batch.rows[i] as unknown[])
      kinds.push(r.batch.kinds === null ? 0 : (r.batch.kinds[i] as number))
    }
  }
  return { rows, kinds, batches }
}

export async function withTempDir<R>(fn: (dir: string) => Promise<R>): Promise<R> {
  const dir = await mkdtemp(path.join(tmpdir(), 'weir-connectors-'))
  try {
    return await fn(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
