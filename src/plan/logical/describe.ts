/**
 * One-line, Flink-style descriptions of logical nodes: `GroupAggregate(groupBy=[word], select=[word, COUNT(*) AS cnt])`.
 * `abstract` = the unoptimised tree's spelling (LogicalProject(a=[$0]), LogicalAggregate(group=[{0}], ...)),
 * otherwise the optimised spelling with column names (Calc, GroupAggregate, WindowAggregate, Join, ...).
 */
import { formatType } from '../../sql/data-type.js'
import { formatPath } from '../../catalog/catalog-table.js'
import { maskSecrets } from '../../catalog/option-validator.js'
import type { AggCall, Field, SortKey, WindowDef, WindowSpec } from '../physical/stream-nodes.js'
import type { RexNode } from '../rex.js'
import { formatRex } from '../rex-util.js'
import type { LogicalNode } from './nodes.js'
import { inputsOf } from './nodes.js'
import { joinFields } from './builders.js'

const names = (fields: readonly Field[], idx: readonly number[]): string => idx.map((i) => fields[i]?.name ?? `$${i}`).join(', ')

export function formatDuration(ms: number): string {
  const units: [number, string][] = [
    [86400000, 'd'],
    [3600000, 'h'],
    [60000, 'min'],
    [1000, 's'],
  ]
  for (const [u, s] of units) if (ms % u === 0 && ms >= u) return `${ms / u} ${s}`
  return `${ms} ms`
}

export function formatWindowSpec(spec: WindowSpec, timeName: string, inputFields: readonly Field[]): string {
  const off = (o: number): string => (o === 0 ? '' : `, offset=[${formatDuration(o)}]`)
  switch (spec.kind) {
    case 'TUMBLE':
      return `TUMBLE(time_col=[${timeName}], size=[${formatDuration(spec.size)}]${off(spec.offset)})`
    case 'HOP':
      return `HOP(time_col=[${timeName}], size=[${formatDuration(spec.size)}], slide=[${formatDuration(spec.slide)}]${off(spec.offset)})`
    case 'CUMULATE':
      return `CUMULATE(time_col=[${timeName}], max_size=[${formatDuration(spec.maxSize)}], step=[${formatDuration(spec.step)}]${off(spec.offset)})`
    case 'SESSION': {
      const part = spec.partitionKeys.length > 0 ? `partition keys=[${names(inputFields, spec.partitionKeys)}], ` : ''
      return `SESSION(${part}time_col=[${timeName}], gap=[${formatDuration(spec.gap)}])`
    }
  }
}

export function formatWindow(w: WindowDef, inputFields: readonly Field[]): string {
  return formatWindowSpec(w.spec, inputFields[w.timeIndex]?.name ?? `$${w.timeIndex}`, inputFields)
}

export function formatAggCall(c: AggCall, inputFields: readonly Field[], withAlias = true): string {
  const args = c.args.length === 0 && c.fn === 'COUNT' ? '*' : names(inputFields, c.args)
  const consts = c.constants.map((k) => (typeof k === 'string' ? `'${k}'` : String(k)))
  const all = [args, ...consts].filter((x) => x !== '').join(', ')
  let s = `${c.fn}(${c.distinct ? 'DISTINCT ' : ''}${all})`
  if (c.filterArg !== null) s += ` FILTER ${inputFields[c.filterArg]?.name ?? `$${c.filterArg}`}`
  return withAlias ? `${s} AS ${c.name}` : s
}

export function formatSort(keys: readonly SortKey[], fields: readonly Field[]): string {
  return keys.map((k) => `${fields[k.index]?.name ?? `$${k.index}`} ${k.descending ? 'DESC' : 'ASC'}`).join(', ')
}

/** `a, b + 1 AS c`: expressions named by their output name when it differs from the plain column. */
export function formatProjection(exprs: readonly RexNode[], outFields: readonly Field[], inFields: readonly Field[]): string {
  return exprs
    .map((e, i) => {
      const s = formatRex(e, inFields)
      const n = outFields[i]?.name ?? `$${i}`
      return s === n ? s : `${s} AS ${n}`
    })
    .join(', ')
}

function abstractRex(e: RexNode): string {
  switch (e.kind) {
    case 'InputRef':
      return `$${e.index}`
    case 'Literal':
      return formatRex(e, [])
    case 'FieldAccess':
      return `${abstractRex(e.operand)}.${e.name}`
    case 'Call':
      if (e.op === 'CAST' || e.op === 'TRY_CAST') return `${e.op}(${abstractRex(e.operands[0] as RexNode)}):${formatType(e.type)}`
      return `${e.op}(${e.operands.map(abstractRex).join(', ')})`
  }
}

/** The node's own line (no children). */
export function describeNode(n: LogicalNode, abstract: boolean): string {
  const inF = inputsOf(n)[0]?.fields ?? []
  if (abstract) return describeAbstract(n)
  switch (n.kind) {
    case 'LogicalTableScan': {
      const extra: string[] = []
      const project = n.projection !== null || n.readFields.length !== n.table.columns.filter((c) => c.kind === 'physical').length
      if (n.watermark !== null) extra.push(`watermark=[${formatRex(n.watermark.expr, n.fields)}]`)
      if (project) {
        const phys = n.table.columns.filter((c) => c.kind === 'physical')
        extra.push(`project=[${n.readFields.map((i) => phys[i]?.name ?? `$${i}`).join(', ')}]`)
      }
      if (n.metadata.length > 0) extra.push(`metadata=[${n.metadata.map((m) => m.key).join(', ')}]`)
      const hinted = Object.entries(maskSecrets(n.options)).filter(([k]) => n.table.options[k] !== n.options[k])
      if (hinted.length > 0) extra.push(`options=[${hinted.map(([k, v]) => `${k}=${v}`).join(', ')}]`)
      const path = [n.table.path.catalog, n.table.path.database, n.table.path.object, ...extra].join(', ')
      return `TableSourceScan(table=[[${path}]], fields=[${n.fields.map((f) => f.name).join(', ')}])`
    }
    case 'LogicalWatermarkAssigner':
      return `WatermarkAssigner(rowtime=[${n.fields[n.rowtimeIndex]?.name}], watermark=[${formatRex(n.expr, n.fields)}])`
    case 'LogicalValues':
      return `Values(tuples=[[${n.rows.map((r) => `{ ${r.map((v, i) => formatRex({ kind: 'Literal', value: v, type: n.fields[i]!.type }, [])).join(', ')} }`).join(', ')}]], fields=[${n.fields.map((f) => f.name).join(', ')}])`
    case 'LogicalProject':
      return `Calc(select=[${formatProjection(n.exprs, n.fields, inF)}])`
    case 'LogicalFilter':
      return `Calc(select=[${n.fields.map((f) => f.name).join(', ')}], where=[${formatRex(n.condition, inF)}])`
    case 'LogicalCalc':
      return `Calc(select=[${formatProjection(n.exprs, n.fields, inF)}]${n.condition === null ? '' : `, where=[${formatRex(n.condition, inF)}]`})`
    case 'LogicalAggregate': {
      const sel = [...names(inF, n.groupKeys).split(', ').filter((x) => x !== ''), ...n.aggCalls.map((c) => formatAggCall(c, inF))]
      return n.groupKeys.length === 0 ? `GroupAggregate(select=[${sel.join(', ')}])` : `GroupAggregate(groupBy=[${names(inF, n.groupKeys)}], select=[${sel.join(', ')}])`
    }
    case 'LogicalJoin': {
      const all = joinFields(n.left.fields, n.right.fields, 'INNER')
      return `Join(joinType=[${joinTypeName(n.joinType)}], where=[${formatRex(n.condition, all)}], select=[${n.fields.map((f) => f.name).join(', ')}])`
    }
    case 'LogicalUnion':
      return `Union(all=[true], union=[${n.fields.map((f) => f.name).join(', ')}])`
    case 'LogicalWindowTableFunction':
      return `WindowTableFunction(window=[${formatWindow(n.window, inF)}])`
    case 'LogicalOver': {
      const part = n.partitionKeys.length > 0 ? `partitionBy=[${names(inF, n.partitionKeys)}], ` : ''
      const range = n.lower === 'UNBOUNDED' ? 'UNBOUNDED PRECEDING' : n.unit === 'RANGE' ? `${n.lower} PRECEDING` : `${n.lower} PRECEDING`
      return `OverAggregate(${part}orderBy=[${formatSort(n.orderBy, inF)}], window=[${n.unit} BETWEEN ${range} AND CURRENT ROW], select=[${[...inF.map((f) => f.name), ...n.aggCalls.map((c) => formatAggCall(c, inF))].join(', ')}])`
    }
    case 'LogicalSort': {
      const parts: string[] = []
      if (n.orderBy.length > 0) parts.push(`orderBy=[${formatSort(n.orderBy, inF)}]`)
      if (n.offset > 0) parts.push(`offset=[${n.offset}]`)
      if (n.fetch !== null) parts.push(`fetch=[${n.fetch}]`)
      return `${n.orderBy.length > 0 ? 'SortLimit' : 'Limit'}(${parts.join(', ')})`
    }
    case 'LogicalCorrelate':
      return `Correlate(invocation=[UNNEST(${formatRex(n.expr, inF)})${n.withOrdinality ? ' WITH ORDINALITY' : ''}], select=[${n.fields.map((f) => f.name).join(', ')}], joinType=[${n.joinType}]${n.condition === null ? '' : `, condition=[${formatRex(n.condition, n.fields)}]`})`
    case 'LogicalSink':
      return n.target.kind === 'collect'
        ? `Sink(table=[*anonymous_collect$1*], fields=[${n.fields.map((f) => f.name).join(', ')}])`
        : `Sink(table=[${formatPath(n.target.table.path)}], fields=[${n.fields.map((f) => f.name).join(', ')}])`
    case 'LogicalWindowAggregate': {
      const keys = names(inF, n.groupKeys)
      const sel = [...(keys === '' ? [] : keys.split(', ')), ...n.aggCalls.map((c) => formatAggCall(c, inF)), ...n.windowProperties.map((p) => `${p === 'window_start' ? 'start' : p === 'window_end' ? 'end' : n.window.isRowtime ? 'rowtime' : 'proctime'}('w$) AS ${p}`)]
      const group = n.groupKeys.length > 0 ? `groupBy=[${keys}], ` : ''
      const bounds = n.inputWindowBounds === null ? '' : `, windowBounds=[${inF[n.inputWindowBounds.startIndex]?.name}, ${inF[n.inputWindowBounds.endIndex]?.name}]`
      return `WindowAggregate(${group}window=[${formatWindow(n.window, inF)}]${bounds}, select=[${sel.join(', ')}])`
    }
    case 'LogicalRank':
      return `Rank(rankType=[${n.rankType}], rankRange=[rankStart=${n.rankStart}, rankEnd=${n.rankEnd}], partitionBy=[${names(inF, n.partitionKeys)}], orderBy=[${formatSort(n.orderBy, inF)}], select=[${n.fields.map((f) => f.name).join(', ')}])`
    case 'LogicalWindowRank':
      return `WindowRank(window=[${inF[n.window.startIndex]?.name}, ${inF[n.window.endIndex]?.name}], rankType=[${n.rankType}], rankRange=[rankStart=${n.rankStart}, rankEnd=${n.rankEnd}], partitionBy=[${names(inF, n.partitionKeys)}], orderBy=[${formatSort(n.orderBy, inF)}], select=[${n.fields.map((f) => f.name).join(', ')}])`
    case 'LogicalDeduplicate':
      return `Deduplicate(keep=[${n.keepLastRow ? 'LastRow' : 'FirstRow'}], key=[${names(inF, n.keys)}], order=[${n.isRowtime ? 'ROWTIME' : 'PROCTIME'}])`
    case 'LogicalIntervalJoin': {
      const all = joinFields(n.left.fields, n.right.fields, 'INNER')
      const lt = n.left.fields[n.leftTimeIndex]?.name
      const rt = n.right.fields[n.rightTimeIndex]?.name
      const keys = n.leftKeys.map((k, i) => `(${n.left.fields[k]?.name} = ${n.right.fields[n.rightKeys[i] as number]?.name})`).join(' AND ')
      const bounds = `${n.isRowtime ? 'rowtime' : 'proctime'}: ${lt} + ${n.lowerBound} <= ${rt} <= ${lt} + ${n.upperBound}`
      const extra = n.condition === null ? '' : `, where=[${formatRex(n.condition, all)}]`
      return `IntervalJoin(joinType=[${joinTypeName(n.joinType)}], windowBounds=[isRowTime=${n.isRowtime}, leftLowerBound=${n.lowerBound}, leftUpperBound=${n.upperBound}, leftTimeIndex=${n.leftTimeIndex}, rightTimeIndex=${n.rightTimeIndex}], keys=[${keys}]${extra}, bounds=[${bounds}], select=[${n.fields.map((f) => f.name).join(', ')}])`
    }
    case 'LogicalWindowJoin': {
      const all = joinFields(n.left.fields, n.right.fields, 'INNER')
      const keys = n.leftKeys.map((k, i) => `(${n.left.fields[k]?.name} = ${n.right.fields[n.rightKeys[i] as number]?.name})`).join(' AND ')
      const lw = `${n.left.fields[n.leftWindow.startIndex]?.name}, ${n.left.fields[n.leftWindow.endIndex]?.name}`
      const rw = `${n.right.fields[n.rightWindow.startIndex]?.name}, ${n.right.fields[n.rightWindow.endIndex]?.name}`
      const extra = n.condition === null ? '' : `, where=[${formatRex(n.condition, all)}]`
      return `WindowJoin(leftWindow=[${lw}], rightWindow=[${rw}], joinType=[${joinTypeName(n.joinType)}], keys=[${keys}]${extra}, select=[${n.fields.map((f) => f.name).join(', ')}])`
    }
    case 'LogicalChangelogNormalize':
      return `ChangelogNormalize(key=[${names(inF, n.keys)}])`
  }
}

export function joinTypeName(t: string): string {
  switch (t) {
    case 'INNER':
      return 'InnerJoin'
    case 'LEFT':
      return 'LeftOuterJoin'
    case 'RIGHT':
      return 'RightOuterJoin'
    case 'FULL':
      return 'FullOuterJoin'
    case 'SEMI':
      return 'LeftSemiJoin'
    default:
      return 'LeftAntiJoin'
  }
}

function describeAbstract(n: LogicalNode): string {
  switch (n.kind) {
    case 'LogicalTableScan':
      return `LogicalTableScan(table=[[${n.table.path.catalog}, ${n.table.path.database}, ${n.table.path.object}]])`
    case 'LogicalWatermarkAssigner':
      return `LogicalWatermarkAssigner(rowtime=[${n.fields[n.rowtimeIndex]?.name}], watermark=[${abstractRex(n.expr)}])`
    case 'LogicalValues':
      return `LogicalValues(tuples=[[${n.rows.map((r) => `{ ${r.map((v, i) => formatRex({ kind: 'Literal', value: v, type: n.fields[i]!.type }, [])).join(', ')} }`).join(', ')}]])`
    case 'LogicalProject':
      return `LogicalProject(${n.exprs.map((e, i) => `${n.fields[i]?.name}=[${abstractRex(e)}]`).join(', ')})`
    case 'LogicalFilter':
      return `LogicalFilter(condition=[${abstractRex(n.condition)}])`
    case 'LogicalCalc':
      return `LogicalCalc(${n.exprs.map((e, i) => `${n.fields[i]?.name}=[${abstractRex(e)}]`).join(', ')}${n.condition === null ? '' : `, condition=[${abstractRex(n.condition)}]`})`
    case 'LogicalAggregate':
      return `LogicalAggregate(group=[{${n.groupKeys.join(', ')}}]${n.aggCalls.map((c) => `, ${c.name}=[${c.fn}(${c.distinct ? 'DISTINCT ' : ''}${c.args.map((a) => `$${a}`).join(', ')})]`).join('')})`
    case 'LogicalJoin':
      return `LogicalJoin(condition=[${abstractRex(n.condition)}], joinType=[${n.joinType.toLowerCase()}])`
    case 'LogicalUnion':
      return 'LogicalUnion(all=[true])'
    case 'LogicalWindowTableFunction': {
      const inF = n.input.fields
      return `LogicalTableFunctionScan(invocation=[${n.window.spec.kind}(DESCRIPTOR($${n.window.timeIndex}), ${windowArgs(n.window.spec)})], rowType=[RecordType(${n.fields.map((f) => `${formatType(f.type)} ${f.name}`).join(', ')})])${inF.length < 0 ? '' : ''}`
    }
    case 'LogicalOver':
      return `LogicalOver(partition=[{${n.partitionKeys.join(', ')}}], order=[${n.orderBy.map((k) => `$${k.index} ${k.descending ? 'DESC' : 'ASC'}`).join(', ')}], frame=[${n.unit} ${n.lower === 'UNBOUNDED' ? 'UNBOUNDED' : n.lower} PRECEDING]${n.aggCalls.map((c) => `, ${c.name}=[${c.fn}(${c.args.map((a) => `$${a}`).join(', ')})]`).join('')})`
    case 'LogicalSort':
      return `LogicalSort(${[n.orderBy.length > 0 ? `sort=[${n.orderBy.map((k) => `$${k.index} ${k.descending ? 'DESC' : 'ASC'}`).join(', ')}]` : '', n.offset > 0 ? `offset=[${n.offset}]` : '', n.fetch !== null ? `fetch=[${n.fetch}]` : ''].filter((x) => x !== '').join(', ')})`
    case 'LogicalCorrelate':
      return `LogicalCorrelate(unnest=[${abstractRex(n.expr)}], joinType=[${n.joinType.toLowerCase()}])`
    case 'LogicalSink':
      return n.target.kind === 'collect'
        ? `LogicalSink(table=[*anonymous_collect$1*], fields=[${n.fields.map((f) => f.name).join(', ')}])`
        : `LogicalSink(table=[${formatPath(n.target.table.path)}], fields=[${n.fields.map((f) => f.name).join(', ')}])`
    default:
      return `Logical${describeNode(n, false)}`
  }
}

function windowArgs(spec: WindowSpec): string {
  switch (spec.kind) {
    case 'TUMBLE':
      return `${spec.size}:INTERVAL SECOND${spec.offset !== 0 ? `, ${spec.offset}:INTERVAL SECOND` : ''}`
    case 'HOP':
      return `${spec.slide}:INTERVAL SECOND, ${spec.size}:INTERVAL SECOND`
    case 'CUMULATE':
      return `${spec.step}:INTERVAL SECOND, ${spec.maxSize}:INTERVAL SECOND`
    case 'SESSION':
      return `${spec.gap}:INTERVAL SECOND`
  }
}
