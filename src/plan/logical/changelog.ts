/**
 * Changelog-mode inference over an optimised logical plan: which nodes are append-only, which produce updates,
 * whether an aggregate must emit UPDATE_BEFORE (only when a consumer needs retractions), and the upsert key of a
 * node's output. Raises the errors a Flink user knows: an updating input into an insert-only sink or into an
 * operator that only consumes inserts.
 */
import { RowKind, formatChangelogMode, INSERT_ONLY, RETRACT, isInsertOnly } from '../../sql/row-kind.js'
import type { ChangelogMode } from '../../sql/row-kind.js'
import { EngineError } from '../../errors.js'
import type { ConnectorRegistry } from '../../catalog/connector-registry.js'
import { connectorFields, formatPath } from '../../catalog/catalog-table.js'
import type { TableContext } from '../../catalog/connector.js'
import type { LogicalNode, LogicalSink, LogicalTableScan } from './nodes.js'
import { inputsOf } from './nodes.js'
import { describeNode } from './describe.js'

export interface ChangelogInfo {
  /** What each node emits. */
  readonly modes: Map<LogicalNode, ChangelogMode>
  /** Aggregates (and other nodes) told to emit UPDATE_BEFORE. */
  readonly generateUpdateBefore: Map<LogicalNode, boolean>
}

export function tableContext(scanOrSink: { table: LogicalTableScan['table']; options: Readonly<Record<string, string>> }): TableContext {
  const t = scanOrSink.table
  const fields = connectorFields(t)
  return {
    path: formatPath(t.path),
    physicalFields: fields,
    primaryKey: t.primaryKey === null ? null : t.primaryKey.columns.map((c) => fields.findIndex((f) => f.name === c)),
    partitionKeys: t.partitionKeys,
    options: scanOrSink.options,
  }
}

export function sourceMode(scan: LogicalTableScan, connectors: ConnectorRegistry): ChangelogMode {
  const f = connectors.connector(scan.options['connector'] ?? '')
  return f.source?.changelogMode(tableContext(scan)) ?? INSERT_ONLY
}

function unionKinds(modes: readonly ChangelogMode[]): ChangelogMode {
  const kinds = new Set<RowKind>()
  for (const m of modes) for (const k of m.kinds) kinds.add(k)
  return { kinds: [...kinds].sort((a, b) => a - b) }
}

function hasUpdates(m: ChangelogMode): boolean {
  return !isInsertOnly(m)
}

/** "update changes" / "update and delete changes" / "delete changes", as Flink words it. */
export function changeWords(m: ChangelogMode): string {
  const upd = m.kinds.includes(RowKind.UPDATE_AFTER) || m.kinds.includes(RowKind.UPDATE_BEFORE)
  const del = m.kinds.includes(RowKind.DELETE)
  return upd && del ? 'update and delete changes' : upd ? 'update changes' : 'delete changes'
}

/** The node that makes a stream updating: descends through nodes that only pass changes along. */
export function updateProducer(n: LogicalNode, info: ChangelogInfo): LogicalNode {
  switch (n.kind) {
    case 'LogicalCalc':
    case 'LogicalProject':
    case 'LogicalFilter':
    case 'LogicalWatermarkAssigner':
    case 'LogicalCorrelate':
    case 'LogicalSink':
      return updateProducer(n.input, info)
    case 'LogicalUnion': {
      const up = n.inputs.find((i) => hasUpdates(info.modes.get(i) ?? INSERT_ONLY))
      return up === undefined ? n : updateProducer(up, info)
    }
    case 'LogicalChangelogNormalize':
      return n
    default:
      return n
  }
}

/**
 * Infers modes for one sink's tree. `sinkAccepts` is the sink's accepted mode (collect sinks accept everything).
 * Throws PLAN_SINK_UPDATES_NOT_SUPPORTED / PLAN_UNSUPPORTED with Flink-like wording.
 */
export function inferChangelog(sink: LogicalSink, connectors: ConnectorRegistry, info: ChangelogInfo = { modes: new Map(), generateUpdateBefore: new Map() }): ChangelogInfo {
  const requireInsertOnly = (consumer: string, input: LogicalNode, m: ChangelogMode): void => {
    if (!hasUpdates(m)) return
    const producer = updateProducer(input, info)
    throw new EngineError(
      'PLAN_UNSUPPORTED',
      `${consumer} doesn't support consuming ${changeWords(m)} which is produced by node ${describeNode(producer, false)}`,
    )
  }
  const visit = (n: LogicalNode, needUB: boolean): ChangelogMode => {
    const m = compute(n, needUB)
    const prev = info.modes.get(n)
    info.modes.set(n, prev === undefined ? m : unionKinds([prev, m]))
    return m
  }
  const compute = (n: LogicalNode, needUB: boolean): ChangelogMode => {
    switch (n.kind) {
      case 'LogicalTableScan':
        return sourceMode(n, connectors)
      case 'LogicalValues':
        return INSERT_ONLY
      case 'LogicalChangelogNormalize':
        visit(n.input, false)
        return RETRACT
      case 'LogicalWatermarkAssigner':
      case 'LogicalProject':
      case 'LogicalCorrelate':
        return visit(n.input, needUB)
      case 'LogicalFilter':
        // A filter over an update stream must see the old row to retract it when it no longer qualifies.
        return visit(n.input, true)
      case 'LogicalCalc':
        return visit(n.input, needUB || n.condition !== null)
      case 'LogicalAggregate': {
        const im = visit(n.input, true)
        info.generateUpdateBefore.set(n, needUB)
        const kinds: RowKind[] = [RowKind.INSERT]
        if (needUB) kinds.push(RowKind.UPDATE_BEFORE)
        kinds.push(RowKind.UPDATE_AFTER)
        if (hasUpdates(im)) kinds.push(RowKind.DELETE)
        return { kinds }
      }
      case 'LogicalWindowAggregate':
        requireInsertOnly('Window aggregate', n.input, visit(n.input, true))
        return INSERT_ONLY
      case 'LogicalWindowTableFunction':
        requireInsertOnly('Window table function', n.input, visit(n.input, true))
        return INSERT_ONLY
      case 'LogicalJoin': {
        const l = visit(n.left, true)
        const r = visit(n.right, true)
        if (n.joinType === 'INNER' && !hasUpdates(l) && !hasUpdates(r)) return INSERT_ONLY
        if (n.joinType === 'SEMI' && !hasUpdates(l) && !hasUpdates(r)) return INSERT_ONLY
        return RETRACT
      }
      case 'LogicalIntervalJoin':
        requireInsertOnly('Interval join', n.left, visit(n.left, true))
        requireInsertOnly('Interval join', n.right, visit(n.right, true))
        return INSERT_ONLY
      case 'LogicalWindowJoin':
        requireInsertOnly('Window join', n.left, visit(n.left, true))
        requireInsertOnly('Window join', n.right, visit(n.right, true))
        return INSERT_ONLY
      case 'LogicalUnion':
        return unionKinds(n.inputs.map((i) => visit(i, needUB)))
      case 'LogicalOver':
        requireInsertOnly('Over aggregate', n.input, visit(n.input, true))
        return INSERT_ONLY
      case 'LogicalSort': {
        const im = visit(n.input, true)
        if (n.orderBy.length === 0) {
          requireInsertOnly('Limit', n.input, im)
          return INSERT_ONLY
        }
        return RETRACT
      }
      case 'LogicalRank':
        visit(n.input, true)
        return RETRACT
      case 'LogicalWindowRank':
        requireInsertOnly('Window rank', n.input, visit(n.input, true))
        return INSERT_ONLY
      case 'LogicalDeduplicate':
        requireInsertOnly('Deduplicate', n.input, visit(n.input, true))
        return !n.keepLastRow && !n.isRowtime ? INSERT_ONLY : RETRACT
      case 'LogicalSink': {
        const accepts = sinkAccepts(n, connectors)
        const needsUB = accepts === null || accepts.kinds.includes(RowKind.UPDATE_BEFORE)
        const im = visit(n.input, needsUB)
        if (accepts !== null && hasUpdates(im)) {
          const t = n.target.kind === 'table' ? formatPath(n.target.table.path) : 'collect'
          const producer = updateProducer(n.input, info)
          if (isInsertOnly(accepts)) {
            throw new EngineError('PLAN_SINK_UPDATES_NOT_SUPPORTED', `Table sink '${t}' doesn't support consuming ${changeWords(im)} which is produced by node ${describeNode(producer, false)}`, {
              hint: 'use a sink that accepts updates (an upsert sink with a PRIMARY KEY, or print), or make the query append-only',
            })
          }
          if (!accepts.kinds.includes(RowKind.UPDATE_BEFORE) && n.target.kind === 'table' && n.target.table.primaryKey === null) {
            throw new EngineError(
              'PLAN_SINK_UPDATES_NOT_SUPPORTED',
              `Table sink '${t}' is an upsert sink and needs a primary key to consume ${changeWords(im)} produced by node ${describeNode(producer, false)}`,
              { hint: 'declare PRIMARY KEY (...) NOT ENFORCED on the sink table' },
            )
          }
        }
        return im
      }
      default: {
        // The remaining kinds (LogicalCalc handled) are all covered above; keep the compiler honest.
        const never: never = n
        return never
      }
    }
  }
  visit(sink, false)
  return info
}

/** The sink's accepted mode; null for collect sinks (which take every change). */
export function sinkAccepts(sink: LogicalSink, connectors: ConnectorRegistry): ChangelogMode | null {
  if (sink.target.kind === 'collect') return null
  const f = connectors.connector(sink.target.options['connector'] ?? '')
  return f.sink?.acceptedChangelogMode(tableContext({ table: sink.target.table, options: sink.target.options })) ?? INSERT_ONLY
}

/**
 * Fields whose values identify a row of the node's (updating) output, when known: group keys of an aggregate, the
 * keys of a deduplication or changelog normalisation, mapped through projections.
 */
export function upsertKey(n: LogicalNode): readonly number[] | null {
  switch (n.kind) {
    case 'LogicalAggregate':
      return n.groupKeys.map((_, i) => i)
    case 'LogicalDeduplicate':
    case 'LogicalChangelogNormalize':
      return n.keys
    case 'LogicalRank':
      if (n.outputRankNumber) return [...n.partitionKeys, n.fields.length - 1]
      return n.rankEnd === 1 ? n.partitionKeys : null
    case 'LogicalCalc':
    case 'LogicalProject': {
      const k = upsertKey(n.input)
      if (k === null) return null
      const out: number[] = []
      for (const i of k) {
        const j = n.exprs.findIndex((e) => e.kind === 'InputRef' && e.index === i)
        if (j < 0) return null
        out.push(j)
      }
      return out
    }
    case 'LogicalFilter':
    case 'LogicalWatermarkAssigner':
      return upsertKey(n.input)
    case 'LogicalTableScan': {
      const pk = n.table.primaryKey
      if (pk === null) return null
      const out = pk.columns.map((c) => n.fields.findIndex((f) => f.name === c))
      return out.some((i) => i < 0) ? null : out
    }
    default:
      return null
  }
}

export function describeMode(m: ChangelogMode | undefined): string {
  return m === undefined ? '[NONE]' : formatChangelogMode(m)
}

export { inputsOf }
