/** One-line descriptions of Stream* nodes for EXPLAIN's physical plan (Flink's spelling plus parallelism and uid). */
import { formatChangelogMode } from '../../sql/row-kind.js'
import { formatRex } from '../rex-util.js'
import { joinFields } from '../logical/builders.js'
import { formatAggCall, formatProjection, formatSort, formatWindow, joinTypeName } from '../logical/describe.js'
import type { Field, Partitioning, StreamNode } from './stream-nodes.js'

const names = (fields: readonly Field[], idx: readonly number[]): string => idx.map((i) => fields[i]?.name ?? `$${i}`).join(', ')

export function describePartitioning(p: Partitioning, fields: readonly Field[]): string {
  switch (p.kind) {
    case 'forward':
      return 'forward'
    case 'hash':
      return `hash[${names(fields, p.keys)}]`
    case 'broadcast':
      return 'broadcast'
    case 'global':
      return 'single'
    case 'rebalance':
      return 'rebalance'
  }
}

/** The node's own description, without parallelism/uid/changelog decorations. */
export function streamBody(n: StreamNode): string {
  const inF = n.inputs[0]?.node.fields ?? []
  const out = n.fields.map((f) => f.name).join(', ')
  switch (n.kind) {
    case 'StreamTableSourceScan': {
      const extra: string[] = []
      if (n.watermark !== null) extra.push(`watermark=[${formatRex(n.watermark.expr, n.fields)}]`)
      if (n.readFields.length !== n.table.physicalFields.length || n.readFields.some((r, i) => r !== i)) extra.push(`project=[${n.readFields.map((i) => n.table.physicalFields[i]?.name ?? `$${i}`).join(', ')}]`)
      if (n.metadata.length > 0) extra.push(`metadata=[${n.metadata.map((m) => m.key).join(', ')}]`)
      const path = [...n.table.path.split('.'), ...extra].join(', ')
      return `TableSourceScan(table=[[${path}]], fields=[${out}])`
    }
    case 'StreamValues':
      return `Values(tuples=[${n.rows.length} row${n.rows.length === 1 ? '' : 's'}], fields=[${out}])`
    case 'StreamCalc':
      return `Calc(select=[${formatProjection(n.projection, n.fields, inF)}]${n.condition === null ? '' : `, where=[${formatRex(n.condition, inF)}]`})`
    case 'StreamWatermarkAssigner':
      return `WatermarkAssigner(rowtime=[${n.fields[n.rowtimeIndex]?.name}], watermark=[${formatRex(n.expr, n.fields)}])`
    case 'StreamUnion':
      return `Union(all=[true], union=[${out}])`
    case 'StreamGroupAggregate': {
      const sel = [...(n.groupKeys.length > 0 ? names(inF, n.groupKeys).split(', ') : []), ...n.aggCalls.map((c) => formatAggCall(c, inF))].join(', ')
      const flags = [n.needRetraction ? 'needRetraction=[true]' : '', n.generateUpdateBefore ? '' : 'generateUpdateBefore=[false]'].filter((x) => x !== '')
      return `GroupAggregate(${n.groupKeys.length > 0 ? `groupBy=[${names(inF, n.groupKeys)}], ` : ''}${flags.map((f) => `${f}, `).join('')}select=[${sel}])`
    }
    case 'StreamWindowAggregate': {
      const keys = n.groupKeys.length > 0 ? names(inF, n.groupKeys).split(', ') : []
      const props = n.windowProperties.map((p) => `${p === 'window_start' ? 'start' : p === 'window_end' ? 'end' : n.window.isRowtime ? 'rowtime' : 'proctime'}('w$) AS ${p}`)
      const sel = [...keys, ...n.aggCalls.map((c) => formatAggCall(c, inF)), ...props].join(', ')
      const bounds = n.inputWindowBounds === null ? '' : `, windowBounds=[${inF[n.inputWindowBounds.startIndex]?.name}, ${inF[n.inputWindowBounds.endIndex]?.name}]`
      return `WindowAggregate(${n.groupKeys.length > 0 ? `groupBy=[${names(inF, n.groupKeys)}], ` : ''}window=[${formatWindow(n.window, inF)}]${bounds}, select=[${sel}])`
    }
    case 'StreamWindowTableFunction':
      return `WindowTableFunction(window=[${formatWindow(n.window, inF)}])`
    case 'StreamJoin': {
      const lf = n.inputs[0]?.node.fields ?? []
      const rf = n.inputs[1]?.node.fields ?? []
      const keys = n.leftKeys.map((k, i) => `${lf[k]?.name}=${rf[n.rightKeys[i] as number]?.name}`).join(', ')
      const where = n.condition === null ? '' : `, where=[${formatRex(n.condition, joinFields(lf, rf, 'INNER'))}]`
      return `Join(joinType=[${joinTypeName(n.joinType)}], keys=[${keys}]${where}, select=[${out}])`
    }
    case 'StreamIntervalJoin': {
      const lf = n.inputs[0]?.node.fields ?? []
      const rf = n.inputs[1]?.node.fields ?? []
      const keys = n.leftKeys.map((k, i) => `${lf[k]?.name}=${rf[n.rightKeys[i] as number]?.name}`).join(', ')
      const where = n.condition === null ? '' : `, where=[${formatRex(n.condition, joinFields(lf, rf, 'INNER'))}]`
      return `IntervalJoin(joinType=[${joinTypeName(n.joinType)}], windowBounds=[isRowTime=${n.isRowtime}, leftLowerBound=${n.lowerBound}, leftUpperBound=${n.upperBound}, leftTimeIndex=${n.leftTimeIndex}, rightTimeIndex=${n.rightTimeIndex}], keys=[${keys}]${where}, select=[${out}])`
    }
    case 'StreamWindowJoin': {
      const lf = n.inputs[0]?.node.fields ?? []
      const rf = n.inputs[1]?.node.fields ?? []
      const keys = n.leftKeys.map((k, i) => `${lf[k]?.name}=${rf[n.rightKeys[i] as number]?.name}`).join(', ')
      const where = n.condition === null ? '' : `, where=[${formatRex(n.condition, joinFields(lf, rf, 'INNER'))}]`
      return `WindowJoin(leftWindow=[${lf[n.leftWindow.startIndex]?.name}, ${lf[n.leftWindow.endIndex]?.name}], rightWindow=[${rf[n.rightWindow.startIndex]?.name}, ${rf[n.rightWindow.endIndex]?.name}], joinType=[${joinTypeName(n.joinType)}], keys=[${keys}]${where}, select=[${out}])`
    }
    case 'StreamRank':
    case 'StreamWindowRank': {
      const win = n.kind === 'StreamWindowRank' ? `window=[${inF[n.window.startIndex]?.name}, ${inF[n.window.endIndex]?.name}], ` : ''
      return `${n.kind === 'StreamRank' ? 'Rank' : 'WindowRank'}(${win}rankType=[${n.rankType}], rankRange=[rankStart=${n.rankStart}, rankEnd=${n.rankEnd}], partitionBy=[${names(inF, n.partitionKeys)}], orderBy=[${formatSort(n.orderBy, inF)}], select=[${out}])`
    }
    case 'StreamDeduplicate':
      return `Deduplicate(keep=[${n.keepLastRow ? 'LastRow' : 'FirstRow'}], key=[${names(inF, n.keys)}], order=[${n.isRowtime ? 'ROWTIME' : 'PROCTIME'}])`
    case 'StreamOverAggregate': {
      const part = n.partitionKeys.length > 0 ? `partitionBy=[${names(inF, n.partitionKeys)}], ` : ''
      const lower = n.lower === 'UNBOUNDED' ? 'UNBOUNDED PRECEDING' : `${n.lower} PRECEDING`
      return `OverAggregate(${part}orderBy=[${inF[n.timeIndex]?.name} ASC], window=[${n.unit} BETWEEN ${lower} AND CURRENT ROW], select=[${[...inF.map((f) => f.name), ...n.aggCalls.map((c) => formatAggCall(c, inF))].join(', ')}])`
    }
    case 'StreamCorrelate':
      return `Correlate(invocation=[UNNEST(${formatRex(n.expr, inF)})${n.withOrdinality ? ' WITH ORDINALITY' : ''}], select=[${out}], joinType=[${n.joinType}]${n.condition === null ? '' : `, condition=[${formatRex(n.condition, n.fields)}]`})`
    case 'StreamChangelogNormalize':
      return `ChangelogNormalize(key=[${names(inF, n.keys)}])`
    case 'StreamLimit':
      return `Limit(offset=[${n.offset}], fetch=[${n.fetch === Number.MAX_SAFE_INTEGER ? 'unlimited' : n.fetch}])`
    case 'StreamSink': {
      const table = n.target.kind === 'collect' ? '*anonymous_collect$1*' : n.target.table.path
      const mat = n.upsertMaterializeKeys === null ? '' : `, upsertMaterialize=[${names(n.fields, n.upsertMaterializeKeys)}]`
      return `Sink(table=[${table}], fields=[${out}]${mat})`
    }
  }
}

/** Body plus `changelogMode=[...]` (optional), `parallelism=[n]` and `uid=[...]`. */
export function describeStream(n: StreamNode, changelog: boolean): string {
  const body = streamBody(n)
  const extras = [`parallelism=[${n.parallelism}]`]
  if (changelog) extras.unshift(`changelogMode=[${n.kind === 'StreamSink' ? 'NONE' : formatChangelogMode(n.changelogMode).slice(1, -1)}]`)
  extras.push(`uid=[${n.uid}]`)
  return `${body.slice(0, -1)}, ${extras.join(', ')})`
}
