/**
 * The physical plan: Stream* nodes, the contract between the planner and the runtime.
 * Plain data only (structured-clone safe): the runtime sends it to worker threads, which build operators from it.
 * Shared sub-plans (a statement set reading one source twice) are the same object referenced twice; `id` tells.
 *
 * Conventions every node follows:
 * - `fields` is the output row, positional. Expressions (RexNode) refer to input fields by index; for two-input
 *   nodes the index space is the left input's fields followed by the right input's.
 * - Time values are milliseconds. A rowtime field has type TIMESTAMP(3)/TIMESTAMP_LTZ(3) with timeAttribute ROWTIME.
 * - `uid` is derived from the statement's structure (never from counters or time), so the same query gets the same
 *   uids in every run; stateful operators' state is stored under it in checkpoints and savepoints.
 */
import type { DataType } from '../../sql/data-type.js'
import type { ChangelogMode } from '../../sql/row-kind.js'
import type { RexNode } from '../rex.js'

export interface Field {
  readonly name: string
  readonly type: DataType
}

/** How records travel from an input to this node's subtasks. */
export type Partitioning =
  | { readonly kind: 'forward' } // same subtask index; only between equal parallelism (chained when possible)
  | { readonly kind: 'hash'; readonly keys: readonly number[] } // by key group of the key fields
  | { readonly kind: 'broadcast' }
  | { readonly kind: 'global' } // everything to subtask 0
  | { readonly kind: 'rebalance' } // round robin

export interface StreamEdge {
  readonly node: StreamNode
  readonly partitioning: Partitioning
}

interface StreamNodeBase<K extends string> {
  readonly kind: K
  /** Unique within one plan. */
  readonly id: number
  /** Stable operator id (hex), see the file comment. */
  readonly uid: string
  readonly parallelism: number
  readonly fields: readonly Field[]
  readonly changelogMode: ChangelogMode
  readonly inputs: readonly StreamEdge[]
}

/** A catalog table as the runtime needs it: enough to create the connector's source or sink in any thread. */
export interface TableDescriptor {
  /** `default_catalog.default_database.orders` */
  readonly path: string
  readonly connector: string
  readonly options: Readonly<Record<string, string>>
  readonly physicalFields: readonly Field[]
  /** Indices into physicalFields. */
  readonly primaryKey: readonly number[] | null
  readonly partitionKeys: readonly string[]
}

export interface MetadataRead {
  readonly key: string
  readonly type: DataType
}

/**
 * Reads a table. The connector produces rows of `[physicalFields[readFields[i]]..., metadata[j]...]`;
 * `projection` (when set) computes the node's output from that row (computed columns, reordering);
 * `watermark` (when set) is evaluated on the output row per source split, watermark = min over the subtask's splits.
 */
export interface StreamTableSourceScan extends StreamNodeBase<'StreamTableSourceScan'> {
  readonly table: TableDescriptor
  readonly readFields: readonly number[]
  readonly metadata: readonly MetadataRead[]
  readonly projection: readonly RexNode[] | null
  readonly watermark: { readonly rowtimeIndex: number; readonly expr: RexNode } | null
  readonly bounded: boolean
}

/** Literal rows (runtime values). Parallelism 1. */
export interface StreamValues extends StreamNodeBase<'StreamValues'> {
  readonly rows: readonly (readonly unknown[])[]
}

/** Projection and filter, fused. Rows where `condition` is not TRUE are dropped; row kinds pass through. */
export interface StreamCalc extends StreamNodeBase<'StreamCalc'> {
  readonly projection: readonly RexNode[]
  readonly condition: RexNode | null
}

/** Assigns watermarks after the source (used when the watermark could not be pushed into the scan). */
export interface StreamWatermarkAssigner extends StreamNodeBase<'StreamWatermarkAssigner'> {
  readonly rowtimeIndex: number
  readonly expr: RexNode
}

export interface StreamUnion extends StreamNodeBase<'StreamUnion'> {}

export interface AggCall {
  /** Registry name: COUNT, SUM, SUM0, MIN, MAX, AVG, FIRST_VALUE, LAST_VALUE, LISTAGG, COLLECT, STDDEV_POP, ... */
  readonly fn: string
  /** Input field indices (COUNT(*) has none). Expression arguments are computed by a StreamCalc below. */
  readonly args: readonly number[]
  /** Constant arguments, e.g. LISTAGG's separator (runtime values). */
  readonly constants: readonly unknown[]
  readonly distinct: boolean
  /** Index of a BOOLEAN input field; rows where it is not TRUE are skipped (FILTER (WHERE ...)). */
  readonly filterArg: number | null
  readonly ignoreNulls: boolean
  readonly type: DataType
  readonly name: string
}

/**
 * Unbounded GROUP BY aggregation with retractions. Output: [groupKeys..., aggCalls...]; emits +I for a new key,
 * -U/+U when a result changes (or only +U when `generateUpdateBefore` is false), -D when a key's count drops to zero.
 */
export interface StreamGroupAggregate extends StreamNodeBase<'StreamGroupAggregate'> {
  readonly groupKeys: readonly number[]
  readonly aggCalls: readonly AggCall[]
  /** Input carries -U/-D rows that must be retracted from accumulators. */
  readonly needRetraction: boolean
  readonly generateUpdateBefore: boolean
}

export type WindowSpec =
  | { readonly kind: 'TUMBLE'; readonly size: number; readonly offset: number }
  | { readonly kind: 'HOP'; readonly slide: number; readonly size: number; readonly offset: number }
  | { readonly kind: 'CUMULATE'; readonly step: number; readonly maxSize: number; readonly offset: number }
  | { readonly kind: 'SESSION'; readonly gap: number; readonly partitionKeys: readonly number[] }

export interface WindowDef {
  readonly spec: WindowSpec
  /** Input field holding the time attribute. */
  readonly timeIndex: number
  readonly isRowtime: boolean
}

export type WindowProperty = 'window_start' | 'window_end' | 'window_time'

/**
 * Window aggregation (window TVFs, and legacy GROUP BY TUMBLE(...) windows).
 * Output: [groupKeys..., aggCalls..., windowProperties...]. Insert-only: a window's rows are emitted once, when
 * the watermark (or processing time) passes its end. window_time is window_end - 1 ms and is a rowtime attribute.
 * When the input already carries window_start/window_end columns (aggregating a window TVF's output),
 * `inputWindowBounds` names them and the window is read from them instead of assigned from `window.timeIndex`.
 */
export interface StreamWindowAggregate extends StreamNodeBase<'StreamWindowAggregate'> {
  readonly window: WindowDef
  readonly groupKeys: readonly number[]
  readonly aggCalls: readonly AggCall[]
  readonly windowProperties: readonly WindowProperty[]
  readonly inputWindowBounds: { readonly startIndex: number; readonly endIndex: number } | null
}

/** A window TVF on its own: appends window_start, window_end, window_time (HOP and CUMULATE emit a row per window). */
export interface StreamWindowTableFunction extends StreamNodeBase<'StreamWindowTableFunction'> {
  readonly window: WindowDef
}

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'SEMI' | 'ANTI'

/**
 * Regular join over append or updating inputs; state holds both sides. Output: left fields then right fields
 * (SEMI/ANTI: left only). `condition` is the non-equi remainder over left+right fields.
 */
export interface StreamJoin extends StreamNodeBase<'StreamJoin'> {
  readonly joinType: JoinType
  readonly leftKeys: readonly number[]
  readonly rightKeys: readonly number[]
  readonly condition: RexNode | null
}

/**
 * Interval join: a pair matches when equal on the keys, `condition` holds, and
 * leftTime + lowerBound <= rightTime <= leftTime + upperBound (bounds in ms, inclusive).
 * Output: left fields then right fields; insert-only. State is cleaned by the watermark (or processing time).
 */
export interface StreamIntervalJoin extends StreamNodeBase<'StreamIntervalJoin'> {
  readonly joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL'
  readonly leftKeys: readonly number[]
  readonly rightKeys: readonly number[]
  readonly leftTimeIndex: number
  readonly rightTimeIndex: number
  readonly isRowtime: boolean
  readonly lowerBound: number
  readonly upperBound: number
  readonly condition: RexNode | null
}

export interface WindowBounds {
  readonly startIndex: number
  readonly endIndex: number
}

/** Join of two window TVF outputs on equal windows and keys; emits when the watermark passes window_end. */
export interface StreamWindowJoin extends StreamNodeBase<'StreamWindowJoin'> {
  readonly joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'SEMI' | 'ANTI'
  readonly leftKeys: readonly number[]
  readonly rightKeys: readonly number[]
  readonly leftWindow: WindowBounds
  readonly rightWindow: WindowBounds
  readonly condition: RexNode | null
}

export interface SortKey {
  readonly index: number
  readonly descending: boolean
  readonly nullsFirst: boolean
}

/**
 * Top-N (ROW_NUMBER/RANK/DENSE_RANK <= N patterns). Output: input fields [+ rank BIGINT when outputRankNumber].
 * Updating: emits retractions as rows enter and leave the top N.
 */
export interface StreamRank extends StreamNodeBase<'StreamRank'> {
  readonly partitionKeys: readonly number[]
  readonly orderBy: readonly SortKey[]
  readonly rankType: 'ROW_NUMBER' | 'RANK' | 'DENSE_RANK'
  readonly rankStart: number
  readonly rankEnd: number
  readonly outputRankNumber: boolean
}

/** Top-N per window over a window TVF's output; insert-only, emitted when the window closes. */
export interface StreamWindowRank extends StreamNodeBase<'StreamWindowRank'> {
  readonly window: WindowBounds
  readonly partitionKeys: readonly number[]
  readonly orderBy: readonly SortKey[]
  readonly rankType: 'ROW_NUMBER' | 'RANK' | 'DENSE_RANK'
  readonly rankStart: number
  readonly rankEnd: number
  readonly outputRankNumber: boolean
}

/**
 * Deduplication (ROW_NUMBER() OVER (PARTITION BY k ORDER BY time ASC|DESC) = 1). Keeping the first row on
 * processing time is insert-only; keeping the last row, or event time, emits updates.
 */
export interface StreamDeduplicate extends StreamNodeBase<'StreamDeduplicate'> {
  readonly keys: readonly number[]
  readonly keepLastRow: boolean
  readonly timeIndex: number
  readonly isRowtime: boolean
  readonly outputRankNumber: boolean
}

/**
 * OVER aggregation: for each row, aggregates over the rows of its partition ordered by the time attribute, within
 * `lower` (ROWS: a row count; RANGE: milliseconds; 'UNBOUNDED') preceding up to the current row.
 * Output: input fields + aggCalls. Rows are emitted in time order once the watermark passes them (rowtime).
 */
export interface StreamOverAggregate extends StreamNodeBase<'StreamOverAggregate'> {
  readonly partitionKeys: readonly number[]
  readonly timeIndex: number
  readonly isRowtime: boolean
  readonly unit: 'ROWS' | 'RANGE'
  readonly lower: number | 'UNBOUNDED'
  readonly aggCalls: readonly AggCall[]
}

/** UNNEST of an ARRAY / MAP / MULTISET expression. Output: input fields + element fields [+ ordinality INT]. */
export interface StreamCorrelate extends StreamNodeBase<'StreamCorrelate'> {
  readonly expr: RexNode
  readonly withOrdinality: boolean
  readonly joinType: 'INNER' | 'LEFT'
  readonly condition: RexNode | null
}

/** Turns an upsert stream (or a CDC stream with duplicates) into a proper retract changelog keyed by `keys`. */
export interface StreamChangelogNormalize extends StreamNodeBase<'StreamChangelogNormalize'> {
  readonly keys: readonly number[]
}

/** Emits at most `fetch` rows after skipping `offset`, over an insert-only input; parallelism 1. */
export interface StreamLimit extends StreamNodeBase<'StreamLimit'> {
  readonly offset: number
  readonly fetch: number
}

export type SinkTarget =
  | { readonly kind: 'table'; readonly table: TableDescriptor; readonly overwrite: boolean; readonly staticPartition: Readonly<Record<string, string>> }
  | { readonly kind: 'collect' } // a SELECT's results, handed to the caller

/**
 * Writes the input to a table or to the caller. The input row matches the table's physical fields in order.
 * `upsertMaterializeKeys` (when set) puts a materialiser in front of an upsert sink, keyed by the sink's primary key,
 * so that out-of-order changes for one key cannot leave a stale row.
 */
export interface StreamSink extends StreamNodeBase<'StreamSink'> {
  readonly target: SinkTarget
  readonly upsertMaterializeKeys: readonly number[] | null
}

export type StreamNode =
  | StreamTableSourceScan
  | StreamValues
  | StreamCalc
  | StreamWatermarkAssigner
  | StreamUnion
  | StreamGroupAggregate
  | StreamWindowAggregate
  | StreamWindowTableFunction
  | StreamJoin
  | StreamIntervalJoin
  | StreamWindowJoin
  | StreamRank
  | StreamWindowRank
  | StreamDeduplicate
  | StreamOverAggregate
  | StreamCorrelate
  | StreamChangelogNormalize
  | StreamLimit
  | StreamSink

export type StreamNodeKind = StreamNode['kind']

/** What the runtime executes: one job, one or more sinks (a statement set has several). */
export interface StreamPlan {
  readonly sinks: readonly StreamSink[]
  readonly maxParallelism: number
}
