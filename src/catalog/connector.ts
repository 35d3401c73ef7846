/**
 * The connector SPI. Every connector under connectors/<name> implements `ConnectorFactory` and nothing else of the
 * engine's internals. The planner uses the declarative half (options, changelog modes, boundedness, metadata); the
 * runtime uses the other half (createSource / createSink) in whatever thread runs the subtask.
 *
 * Threading and call order (all calls of one reader or writer come from one task loop, never concurrently):
 *   reader: open -> poll* (snapshotState between polls at a barrier; notifyCheckpointComplete after) -> close
 *   writer: open -> write* (prepareCommit at a barrier; commit after the checkpoint completes) -> finish -> close
 */
import type { ChangelogMode } from '../sql/row-kind.js'
import type { Field, MetadataRead } from '../plan/physical/stream-nodes.js'
import type { RowBatch } from '../runtime/row-batch.js'

export type OptionType = 'string' | 'int' | 'long' | 'double' | 'boolean' | 'duration' | 'memory' | 'enum'

export interface OptionSpec {
  /** Exact key, or a pattern with `#` for a column name: `fields.#.kind`. */
  readonly key: string
  readonly type: OptionType
  readonly required?: boolean
  readonly default?: string
  readonly enumValues?: readonly string[]
  readonly description: string
  /** Older spellings that mean the same option. */
  readonly fallbackKeys?: readonly string[]
  /** Shown masked (passwords, secrets, tokens, JAAS configs). Keys naming those are masked anyway. */
  readonly sensitive?: boolean
}

/** What a factory sees of the table being declared or used. Options are the WITH clause, keys as written. */
export interface TableContext {
  readonly path: string
  readonly physicalFields: readonly Field[]
  readonly primaryKey: readonly number[] | null
  readonly partitionKeys: readonly string[]
  readonly options: Readonly<Record<string, string>>
}

export interface FormatFactory {
  readonly identifier: string
  readonly options: readonly OptionSpec[]
  /** Rows this format decodes into: insert-only, or a changelog (debezium-json, canal-json). */
  changelogMode(ctx: TableContext): ChangelogMode
  createDecoder(ctx: FormatContext): RecordDecoder
  createEncoder?(ctx: FormatContext): RecordEncoder
}

export interface FormatContext {
  readonly fields: readonly Field[]
  /** Options of this format with the `<identifier>.` prefix removed (`json.ignore-parse-errors` -> `ignore-parse-errors`). */
  readonly options: Readonly<Record<string, string>>
}

/** Decodes one record (a line, a Kafka value) into rows appended to `out`; throws FormatError on bad input. */
export interface RecordDecoder {
  decode(bytes: Uint8Array | string, out: RowBatchBuilderLike): void
}

export interface RecordEncoder {
  /** Encodes one row; `kind` is its row kind (changelog formats write it; plain formats reject non-inserts). */
  encode(row: readonly unknown[], kind: number): Uint8Array | string
}

/** The part of RowBatchBuilder a decoder needs. */
export interface RowBatchBuilderLike {
  push(row: unknown[], kind?: number): void
}

export interface SourceCapabilities {
  changelogMode(ctx: TableContext): ChangelogMode
  isBounded(ctx: TableContext): boolean
  /** Metadata keys a `METADATA FROM 'key'` column may read, with their types. */
  readonly metadata?: readonly MetadataSpec[]
  createSource(ctx: SourceContext): ScanSource
}

export interface MetadataSpec {
  readonly key: string
  readonly type: string
  readonly description: string
  /** Sinks: whether the column may be written. */
  readonly writable?: boolean
}

export interface SinkCapabilities {
  /** Which changelogs the sink accepts; an updating query into an insert-only sink is a plan-time error. */
  acceptedChangelogMode(ctx: TableContext): ChangelogMode
  createSink(ctx: SinkContext): DynamicSink
}

export interface ConnectorFactory {
  readonly identifier: string
  readonly description: string
  readonly options: readonly OptionSpec[]
  /** Options under these prefixes are passed through unchecked (`properties.` for Kafka client settings). */
  readonly optionPrefixes?: readonly string[]
  /** Option keys naming formats whose own options are validated too: `format`, `key.format`, `value.format`. */
  readonly formatOptionKeys?: readonly string[]
  /** Cross-option checks beyond types and required keys; throw EngineError with a CONNECTOR_ code. */
  validate?(ctx: TableContext): void
  readonly source?: SourceCapabilities
  readonly sink?: SinkCapabilities
}

// ---------------------------------------------------------------------------------------------
// Runtime half

export interface SourceContext {
  readonly table: TableContext
  /** Physical field indices to produce, in this order, followed by the metadata columns. */
  readonly readFields: readonly number[]
  readonly metadata: readonly MetadataRead[]
  readonly formats: FormatRegistry
}

export interface SinkContext {
  readonly table: TableContext
  readonly inputMode: ChangelogMode
  readonly overwrite: boolean
  readonly staticPartition: Readonly<Record<string, string>>
  readonly formats: FormatRegistry
}

export interface FormatRegistry {
  get(identifier: string): FormatFactory
}

/** The state of one split (a file, a Kafka partition, a generator share); must survive structured clone. */
export interface SplitState {
  readonly splitId: string
  readonly state: unknown
}

export interface ReaderContext {
  readonly subtaskIndex: number
  readonly parallelism: number
  /** Every split state of the restored checkpoint (from all old subtasks); the reader keeps the ones it owns. */
  readonly restoredSplits: readonly SplitState[] | null
  /** Options of the job (SET ...), e.g. for idle timeouts. */
  readonly jobConfig: Readonly<Record<string, string>>
}

export interface ScanSource {
  createReader(ctx: ReaderContext): SourceReader
}

/** A batch from a source, tagged with the split it came from (for per-split watermarks). */
export interface SourceBatch {
  readonly batch: RowBatch
  readonly splitId: string
}

export const END_OF_INPUT = 'end' as const
export type PollResult = SourceBatch | null | typeof END_OF_INPUT

export interface SourceReader {
  open(): Promise<void>
  /**
   * The next batch of at most about `maxRows` rows; null when nothing is ready now (the task will poll again,
   * after `waitForData()` if defined); END_OF_INPUT when a bounded source is done. Synchronous when data is at hand.
   */
  poll(maxRows: number): PollResult | Promise<PollResult>
  /** Resolves when data may be available (avoids busy polling for network sources). */
  waitForData?(): Promise<void>
  /** Splits currently owned by this reader; all of them are part of the watermark minimum unless idle. */
  activeSplits(): readonly string[]
  snapshotState(checkpointId: number): readonly SplitState[]
  notifyCheckpointComplete?(checkpointId: number): Promise<void>
  close(): Promise<void>
}

export interface DynamicSink {
  createWriter(ctx: WriterContext): SinkWriter
}

export interface WriterContext {
  readonly subtaskIndex: number
  readonly parallelism: number
  /** Job id, used to name transactions / in-progress files uniquely per job. */
  readonly jobId: string
  /** Writer state and pending committables from the restored checkpoint, for this subtask. */
  readonly restored: { readonly state: unknown; readonly committables: readonly unknown[] } | null
  readonly jobConfig: Readonly<Record<string, string>>
}

export interface SinkWriter {
  open(): Promise<void>
  /** Takes ownership of the batch. May return a promise (one per batch, never per row) to apply backpressure. */
  write(batch: RowBatch): void | Promise<void>
  /** At a barrier: flush and pre-commit; the result is stored in the checkpoint and passed to commit(). */
  prepareCommit(checkpointId: number): Promise<unknown>
  snapshotState?(checkpointId: number): unknown
  /** After the checkpoint that holds these committables completed (also on restore, for ones not yet committed). */
  commit(committables: readonly unknown[]): Promise<void>
  /** End of bounded input: flush and make everything visible. */
  finish(): Promise<void>
  close(): Promise<void>
}
