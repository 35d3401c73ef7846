/**
 * The logical plan: immutable relational nodes with typed output fields. The binder produces the plain relational
 * kinds (scan, project, filter, aggregate, join, ...); rewrite rules turn them into the streaming kinds (window
 * aggregate, rank, deduplicate, interval join, ...) that map one-to-one onto the physical Stream* nodes.
 * Plain data (the shared shapes Field, AggCall, WindowDef, SortKey come from the physical contract).
 */
import type { CatalogTable } from '../../catalog/catalog-table.js'
import type { AggCall, Field, MetadataRead, SortKey, WindowBounds, WindowDef, WindowProperty } from '../physical/stream-nodes.js'
import type { RexNode } from '../rex.js'
import type { Span } from '../../sql/span.js'

interface Base<K extends string> {
  readonly kind: K
  readonly fields: readonly Field[]
}

/**
 * Reads a table: the connector row is physical[readFields] ++ metadata; `projection` (when set) computes the
 * output from it (computed columns, reordering, pruning) and `watermark` is evaluated on the output row.
 */
export interface LogicalTableScan extends Base<'LogicalTableScan'> {
  readonly table: CatalogTable
  readonly readFields: readonly number[]
  readonly metadata: readonly (MetadataRead & { readonly column: string })[]
  readonly projection: readonly RexNode[] | null
  readonly watermark: { readonly rowtimeIndex: number; readonly expr: RexNode } | null
  /** OPTIONS hints merged into the table's options. */
  readonly options: Readonly<Record<string, string>>
}

export interface LogicalWatermarkAssigner extends Base<'LogicalWatermarkAssigner'> {
  readonly input: LogicalNode
  readonly rowtimeIndex: number
  readonly expr: RexNode
}

/** Literal rows, in runtime representation. */
export interface LogicalValues extends Base<'LogicalValues'> {
  readonly rows: readonly (readonly unknown[])[]
}

export interface LogicalProject extends Base<'LogicalProject'> {
  readonly input: LogicalNode
  readonly exprs: readonly RexNode[]
}

export interface LogicalFilter extends Base<'LogicalFilter'> {
  readonly input: LogicalNode
  readonly condition: RexNode
}

/** Project and filter fused (the optimized form): `condition` is evaluated on the input row. */
export interface LogicalCalc extends Base<'LogicalCalc'> {
  readonly input: LogicalNode
  readonly exprs: readonly RexNode[]
  readonly condition: RexNode | null
}

/** GROUP BY: output [groupKeys..., aggCalls...]. */
export interface LogicalAggregate extends Base<'LogicalAggregate'> {
  readonly input: LogicalNode
  readonly groupKeys: readonly number[]
  readonly aggCalls: readonly AggCall[]
}

export type LogicalJoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'SEMI' | 'ANTI'

/** Output: left fields then right fields (SEMI/ANTI: left only); `condition` over left ++ right. */
export interface LogicalJoin extends Base<'LogicalJoin'> {
  readonly left: LogicalNode
  readonly right: LogicalNode
  readonly joinType: LogicalJoinType
  readonly condition: RexNode
}

/** UNION ALL (UNION DISTINCT is an aggregate over this). */
export interface LogicalUnion extends Base<'LogicalUnion'> {
  readonly inputs: readonly LogicalNode[]
}

/** A window TVF: input fields (the time column no longer a time attribute) + window_start, window_end, window_time. */
export interface LogicalWindowTableFunction extends Base<'LogicalWindowTableFunction'> {
  readonly input: LogicalNode
  readonly window: WindowDef
  /** Where the time column was named (for errors found after binding). */
  readonly origin?: Span
}

/** OVER aggregation over one window: output input fields + aggCalls. ROW_NUMBER etc. appear before rank recognition. */
export interface LogicalOver extends Base<'LogicalOver'> {
  readonly input: LogicalNode
  readonly partitionKeys: readonly number[]
  readonly orderBy: readonly SortKey[]
  readonly unit: 'ROWS' | 'RANGE'
  readonly lower: number | 'UNBOUNDED'
  readonly aggCalls: readonly AggCall[]
  readonly origin?: Span
}

/** ORDER BY / LIMIT / OFFSET. */
export interface LogicalSort extends Base<'LogicalSort'> {
  readonly input: LogicalNode
  readonly orderBy: readonly SortKey[]
  readonly offset: number
  readonly fetch: number | null
}

/** UNNEST: output input fields + element fields [+ ordinality]. */
export interface LogicalCorrelate extends Base<'LogicalCorrelate'> {
  readonly input: LogicalNode
  readonly expr: RexNode
  readonly withOrdinality: boolean
  readonly joinType: 'INNER' | 'LEFT'
  readonly condition: RexNode | null
}

export type LogicalSinkTarget =
  | { readonly kind: 'table'; readonly table: CatalogTable; readonly options: Readonly<Record<string, string>>; readonly overwrite: boolean; readonly staticPartition: Readonly<Record<string, string>> }
  | { readonly kind: 'collect' }

export interface LogicalSink extends Base<'LogicalSink'> {
  readonly input: LogicalNode
  readonly target: LogicalSinkTarget
}

// ---- streaming kinds produced by rules

export interface LogicalWindowAggregate extends Base<'LogicalWindowAggregate'> {
  readonly input: LogicalNode
  readonly window: WindowDef
  readonly groupKeys: readonly number[]
  readonly aggCalls: readonly AggCall[]
  readonly windowProperties: readonly WindowProperty[]
  readonly inputWindowBounds: WindowBounds | null
  readonly origin?: Span
}

export interface LogicalRank extends Base<'LogicalRank'> {
  readonly input: LogicalNode
  readonly partitionKeys: readonly number[]
  readonly orderBy: readonly SortKey[]
  readonly rankType: 'ROW_NUMBER' | 'RANK' | 'DENSE_RANK'
  readonly rankStart: number
  readonly rankEnd: number
  readonly outputRankNumber: boolean
}

export interface LogicalWindowRank extends Base<'LogicalWindowRank'> {
  readonly input: LogicalNode
  readonly window: WindowBounds
  readonly partitionKeys: readonly number[]
  readonly orderBy: readonly SortKey[]
  readonly rankType: 'ROW_NUMBER' | 'RANK' | 'DENSE_RANK'
  readonly rankStart: number
  readonly rankEnd: number
  readonly outputRankNumber: boolean
}

export interface LogicalDeduplicate extends Base<'LogicalDeduplicate'> {
  readonly input: LogicalNode
  readonly keys: readonly number[]
  readonly keepLastRow: boolean
  readonly timeIndex: number
  readonly isRowtime: boolean
  readonly outputRankNumber: boolean
  readonly origin?: Span
}

export interface LogicalIntervalJoin extends Base<'LogicalIntervalJoin'> {
  readonly left: LogicalNode
  readonly right: LogicalNode
  readonly joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL'
  readonly leftKeys: readonly number[]
  readonly rightKeys: readonly number[]
  readonly leftTimeIndex: number
  readonly rightTimeIndex: number
  readonly isRowtime: boolean
  readonly lowerBound: number
  readonly upperBound: number
  /** Remaining non-equi condition over left ++ right, or null. */
  readonly condition: RexNode | null
}

export interface LogicalWindowJoin extends Base<'LogicalWindowJoin'> {
  readonly left: LogicalNode
  readonly right: LogicalNode
  readonly joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'SEMI' | 'ANTI'
  readonly leftKeys: readonly number[]
  readonly rightKeys: readonly number[]
  readonly leftWindow: WindowBounds
  readonly rightWindow: WindowBounds
  readonly condition: RexNode | null
}

/** Turns an upsert source's stream into a retract changelog keyed by the primary key. */
export interface LogicalChangelogNormalize extends Base<'LogicalChangelogNormalize'> {
  readonly input: LogicalNode
  readonly keys: readonly number[]
}

export type LogicalNode =
  | LogicalTableScan
  | LogicalWatermarkAssigner
  | LogicalValues
  | LogicalProject
  | LogicalFilter
  | LogicalCalc
  | LogicalAggregate
  | LogicalJoin
  | LogicalUnion
  | LogicalWindowTableFunction
  | LogicalOver
  | LogicalSort
  | LogicalCorrelate
  | LogicalSink
  | LogicalWindowAggregate
  | LogicalRank
  | LogicalWindowRank
  | LogicalDeduplicate
  | LogicalIntervalJoin
  | LogicalWindowJoin
  | LogicalChangelogNormalize

export type LogicalKind = LogicalNode['kind']

/** The node's inputs, in order. */
export function inputsOf(n: LogicalNode): LogicalNode[] {
  switch (n.kind) {
    case 'LogicalTableScan':
    case 'LogicalValues':
      return []
    case 'LogicalJoin':
    case 'LogicalIntervalJoin':
    case 'LogicalWindowJoin':
      return [n.left, n.right]
    case 'LogicalUnion':
      return [...n.inputs]
    default:
      return [n.input]
  }
}

/** The same node over new inputs (fields unchanged: callers keep input shapes compatible). */
export function withInputs(n: LogicalNode, inputs: readonly LogicalNode[]): LogicalNode {
  switch (n.kind) {
    case 'LogicalTableScan':
    case 'LogicalValues':
      return n
    case 'LogicalJoin':
    case 'LogicalIntervalJoin':
    case 'LogicalWindowJoin':
      return { ...n, left: inputs[0] as LogicalNode, right: inputs[1] as LogicalNode }
    case 'LogicalUnion':
      return { ...n, inputs }
    default:
      return { ...n, input: inputs[0] as LogicalNode }
  }
}

/** Bottom-up rewrite: children first, then `f` on the rebuilt node (identity when nothing changed). */
export function transformUp(n: LogicalNode, f: (n: LogicalNode) => LogicalNode): LogicalNode {
  const ins = inputsOf(n)
  const newIns = ins.map((i) => transformUp(i, f))
  const changed = newIns.some((x, i) => x !== ins[i])
  return f(changed ? withInputs(n, newIns) : n)
}
