/**
 * Optimised logical plan -> Stream* nodes: parallelism (parallelism.default; 1 for values, limits and keyless
 * aggregations), partitioning of every input (hash on keys, global, forward where the input is already
 * distributed that way), changelog modes, upsert materialisation before upsert sinks, and operator uids.
 * Identical sub-plans of several sinks (a statement set) become one shared node.
 */
import { EngineError, internalError } from '../../errors.js'
import { formatType } from '../../sql/data-type.js'
import { INSERT_ONLY, RowKind, isInsertOnly } from '../../sql/row-kind.js'
import type { ChangelogMode } from '../../sql/row-kind.js'
import { tableDescriptor } from '../../catalog/catalog-table.js'
import type { ConnectorRegistry } from '../../catalog/connector-registry.js'
import type { RexNode } from '../rex.js'
import { inputRef } from '../rex.js'
import { and, conjunctions, refsOf, shiftRefs } from '../rex-util.js'
import type { ChangelogInfo } from '../logical/changelog.js'
import { sinkAccepts, tableContext, upsertKey } from '../logical/changelog.js'
import { describeNode } from '../logical/describe.js'
import type { LogicalNode, LogicalSink } from '../logical/nodes.js'
import { inputsOf } from '../logical/nodes.js'
import type { Partitioning, StreamEdge, StreamNode, StreamPlan, StreamSink } from './stream-nodes.js'
import { UidAssigner, anchors, stateShape } from './uid.js'

type Requirement = { readonly kind: 'forward' } | { readonly kind: 'hash'; readonly keys: readonly number[] } | { readonly kind: 'global' }

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
type Draft = DistributiveOmit<StreamNode, 'id' | 'uid'>

export interface PhysicalOptions {
  readonly config: Readonly<Record<string, string>>
  readonly connectors: ConnectorRegistry
}

function intOption(config: Readonly<Record<string, string>>, key: string, dflt: number): number {
  const v = config[key]
  if (v === undefined || v.trim() === '') return dflt
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) throw new EngineError('PLAN_INVALID_CONFIG', `'${key}' must be a positive integer, but is '${v}'`)
  return n
}

export class PhysicalPlanner {
  readonly parallelism: number
  readonly maxParallelism: number
  private nextId = 1
  private readonly uids = new UidAssigner()
  private readonly cache = new Map<string, StreamNode>()
  /** Key fields a node's output is hash-distributed by (null: no known distribution). */
  private readonly distribution = new Map<StreamNode, readonly number[] | null>()
  private info: ChangelogInfo = { modes: new Map(), generateUpdateBefore: new Map() }

  constructor(private readonly opts: PhysicalOptions) {
    this.parallelism = intOption(opts.config, 'parallelism.default', 1)
    this.maxParallelism = intOption(opts.config, 'pipeline.max-parallelism', 128)
    if (this.parallelism > this.maxParallelism) {
      throw new EngineError('PLAN_INVALID_CONFIG', `parallelism.default (${this.parallelism}) is larger than pipeline.max-parallelism (${this.maxParallelism})`)
    }
  }

  plan(sinks: readonly LogicalSink[], infos: readonly ChangelogInfo[]): StreamPlan {
    const out: StreamSink[] = []
    sinks.forEach((s, i) => {
      this.info = infos[i] as ChangelogInfo
      out.push(this.node(s, true) as StreamSink)
    })
    return { sinks: out, maxParallelism: this.maxParallelism }
  }

  private mode(n: LogicalNode): ChangelogMode {
    return this.info.modes.get(n) ?? INSERT_ONLY
  }

  private digest(n: LogicalNode): string {
    const ins = inputsOf(n).map((i) => this.digest(i))
    const opts = n.kind === 'LogicalTableScan' ? JSON.stringify(n.options) : ''
    return `${describeNode(n, false)}${opts}|${n.fields.map((f) => `${f.name}:${formatType(f.type)}`).join(',')}|${JSON.stringify(this.mode(n).kinds)}|${this.info.generateUpdateBefore.get(n) ?? ''}|[${ins.join(';')}]`
  }

  private node(n: LogicalNode, reuse: boolean): StreamNode {
    const d = reuse ? this.digest(n) : ''
    if (reuse) {
      const hit = this.cache.get(d)
      if (hit !== undefined) return hit
    }
    const s = this.convert(n, reuse)
    if (reuse) this.cache.set(d, s)
    return s
  }

  /** Plans a node's inputs; an input that turned out to be the same node as an earlier one is planned afresh. */
  private inputs(n: LogicalNode, reuse: boolean): StreamNode[] {
    const out: StreamNode[] = []
    for (const i of inputsOf(n)) {
      let s = this.node(i, reuse)
      if (out.includes(s)) s = this.node(i, false)
      out.push(s)
    }
    return out
  }

  private edge(input: StreamNode, req: Requirement, p: number): StreamEdge {
    let partitioning: Partitioning
    switch (req.kind) {
      case 'forward':
        partitioning = input.parallelism === p ? { kind: 'forward' } : { kind: 'rebalance' }
        break
      case 'global':
        partitioning = input.parallelism === 1 && p === 1 ? { kind: 'forward' } : { kind: 'global' }
        break
      case 'hash': {
        const dist = this.distribution.get(input) ?? null
        const same = dist !== null && dist.length === req.keys.length && dist.every((k, i) => k === req.keys[i])
        partitioning = same && input.parallelism === p ? { kind: 'forward' } : { kind: 'hash', keys: req.keys }
        break
      }
    }
    return { node: input, partitioning }
  }

  private finish(draft: Draft, dist: readonly number[] | null): StreamNode {
    const inputFields = draft.inputs.map((e) => e.node.fields)
    const shape = stateShape(draft as StreamNode, inputFields)
    const tmp = { ...draft, uid: '', id: 0 } as StreamNode
    const uid = this.uids.uid(draft.kind, shape, anchors(tmp), draft.inputs.map((e) => e.node.uid))
    const node = { ...draft, id: this.nextId++, uid } as StreamNode
    this.distribution.set(node, dist)
    return node
  }

  /** A keyed node's parallelism and input requirement: hash on keys, or everything to one subtask without keys. */
  private keyed(keys: readonly number[]): { p: number; req: Requirement } {
    return keys.length === 0 ? { p: 1, req: { kind: 'global' } } : { p: this.parallelism, req: { kind: 'hash', keys } }
  }

  private convert(n: LogicalNode, reuse: boolean): StreamNode {
    const ins = this.inputs(n, reuse)
    const base = { fields: n.fields, changelogMode: this.mode(n) }
    const in0 = ins[0] as StreamNode
    switch (n.kind) {
      case 'LogicalTableScan': {
        const factory = this.opts.connectors.connector(n.options['connector'] ?? '')
        const bounded = factory.source?.isBounded(tableContext(n)) ?? true
        const table = { ...tableDescriptor(n.table), options: { ...n.options } }
        // `scan.parallelism` (where a connector declares it) overrides the default for this source.
        const sp = n.options['scan.parallelism']
        const p = sp !== undefined && /^\d+$/.test(sp) && Number(sp) > 0 ? Math.min(Number(sp), this.maxParallelism) : this.parallelism
        return this.finish(
          { kind: 'StreamTableSourceScan', ...base, parallelism: p, inputs: [], table, readFields: n.readFields, metadata: n.metadata.map((m) => ({ key: m.key, type: m.type })), projection: n.projection, watermark: n.watermark, bounded },
          null,
        )
      }
      case 'LogicalValues':
        return this.finish({ kind: 'StreamValues', ...base, parallelism: 1, inputs: [], rows: n.rows }, null)
      case 'LogicalWatermarkAssigner':
        return this.finish({ kind: 'StreamWatermarkAssigner', ...base, parallelism: in0.parallelism, inputs: [this.edge(in0, { kind: 'forward' }, in0.parallelism)], rowtimeIndex: n.rowtimeIndex, expr: n.expr }, this.distribution.get(in0) ?? null)
      case 'LogicalProject':
      case 'LogicalFilter':
      case 'LogicalCalc': {
        const projection = n.kind === 'LogicalFilter' ? n.fields.map((f, i) => inputRef(i, f.type)) : n.exprs
        const condition = n.kind === 'LogicalProject' ? null : n.condition
        const inDist = this.distribution.get(in0) ?? null
        let dist: number[] | null = null
        if (inDist !== null) {
          const mapped = inDist.map((k) => projection.findIndex((e) => e.kind === 'InputRef' && e.index === k))
          dist = mapped.some((k) => k < 0) ? null : mapped
        }
        return this.finish({ kind: 'StreamCalc', ...base, parallelism: in0.parallelism, inputs: [this.edge(in0, { kind: 'forward' }, in0.parallelism)], projection, condition }, dist)
      }
      case 'LogicalAggregate': {
        const { p, req } = this.keyed(n.groupKeys)
        const needRetraction = !isInsertOnly(this.mode(n.input))
        const generateUpdateBefore = this.info.generateUpdateBefore.get(n) ?? true
        return this.finish(
          { kind: 'StreamGroupAggregate', ...base, parallelism: p, inputs: [this.edge(in0, req, p)], groupKeys: n.groupKeys, aggCalls: n.aggCalls, needRetraction, generateUpdateBefore },
          n.groupKeys.map((_, i) => i),
        )
      }
      case 'LogicalWindowAggregate': {
        const { p, req } = this.keyed(n.groupKeys)
        return this.finish(
          { kind: 'StreamWindowAggregate', ...base, parallelism: p, inputs: [this.edge(in0, req, p)], window: n.window, groupKeys: n.groupKeys, aggCalls: n.aggCalls, windowProperties: n.windowProperties, inputWindowBounds: n.inputWindowBounds },
          n.groupKeys.map((_, i) => i),
        )
      }
      case 'LogicalWindowTableFunction':
        return this.finish({ kind: 'StreamWindowTableFunction', ...base, parallelism: in0.parallelism, inputs: [this.edge(in0, { kind: 'forward' }, in0.parallelism)], window: n.window }, this.distribution.get(in0) ?? null)
      case 'LogicalJoin': {
        const in1 = ins[1] as StreamNode
        const nl = n.left.fields.length
        const { leftKeys, rightKeys, rest } = splitEquiKeys(n.condition, nl)
        const { p, req } = this.keyed(leftKeys)
        const reqR: Requirement = req.kind === 'hash' ? { kind: 'hash', keys: rightKeys } : req
        const joinType = n.joinType
        return this.finish(
          { kind: 'StreamJoin', ...base, parallelism: p, inputs: [this.edge(in0, req, p), this.edge(in1, reqR, p)], joinType, leftKeys, rightKeys, condition: rest },
          joinType === 'INNER' || joinType === 'SEMI' || joinType === 'ANTI' || joinType === 'LEFT' ? leftKeys : null,
        )
      }
      case 'LogicalIntervalJoin': {
        const in1 = ins[1] as StreamNode
        const { p, req } = this.keyed(n.leftKeys)
        const reqR: Requirement = req.kind === 'hash' ? { kind: 'hash', keys: n.rightKeys } : req
        return this.finish(
          {
            kind: 'StreamIntervalJoin',
            ...base,
            parallelism: p,
            inputs: [this.edge(in0, req, p), this.edge(in1, reqR, p)],
            joinType: n.joinType,
            leftKeys: n.leftKeys,
            rightKeys: n.rightKeys,
            leftTimeIndex: n.leftTimeIndex,
            rightTimeIndex: n.rightTimeIndex,
            isRowtime: n.isRowtime,
            lowerBound: n.lowerBound,
            upperBound: n.upperBound,
            condition: n.condition,
          },
          null,
        )
      }
      case 'LogicalWindowJoin': {
        const in1 = ins[1] as StreamNode
        const { p, req } = this.keyed(n.leftKeys)
        const reqR: Requirement = req.kind === 'hash' ? { kind: 'hash', keys: n.rightKeys } : req
        return this.finish(
          { kind: 'StreamWindowJoin', ...base, parallelism: p, inputs: [this.edge(in0, req, p), this.edge(in1, reqR, p)], joinType: n.joinType, leftKeys: n.leftKeys, rightKeys: n.rightKeys, leftWindow: n.leftWindow, rightWindow: n.rightWindow, condition: n.condition },
          null,
        )
      }
      case 'LogicalUnion': {
        const p = Math.max(...ins.map((i) => i.parallelism))
        return this.finish({ kind: 'StreamUnion', ...base, parallelism: p, inputs: ins.map((i) => this.edge(i, { kind: 'forward' }, p)) }, null)
      }
      case 'LogicalOver': {
        const ranking = n.aggCalls.find((c) => c.fn === 'ROW_NUMBER' || c.fn === 'RANK' || c.fn === 'DENSE_RANK')
        if (ranking !== undefined) {
          throw new EngineError('PLAN_UNSUPPORTED', `${ranking.fn}() OVER (...) is only supported in Top-N and deduplication queries: filter on it (e.g. WHERE rn <= 10) in an outer query`)
        }
        const order = n.orderBy[0]
        if (order === undefined) throw internalError('OVER aggregate without ORDER BY')
        const { p, req } = this.keyed(n.partitionKeys)
        const tt = n.input.fields[order.index]?.type
        const isRowtime = tt !== undefined && (tt.kind === 'TIMESTAMP' || tt.kind === 'TIMESTAMP_LTZ') && tt.timeAttribute === 'ROWTIME'
        return this.finish(
          { kind: 'StreamOverAggregate', ...base, parallelism: p, inputs: [this.edge(in0, req, p)], partitionKeys: n.partitionKeys, timeIndex: order.index, isRowtime, unit: n.unit, lower: n.lower, aggCalls: n.aggCalls },
          n.partitionKeys,
        )
      }
      case 'LogicalSort': {
        if (n.orderBy.length === 0) {
          return this.finish({ kind: 'StreamLimit', ...base, parallelism: 1, inputs: [this.edge(in0, { kind: 'global' }, 1)], offset: n.offset, fetch: n.fetch ?? Number.MAX_SAFE_INTEGER }, null)
        }
        const fetch = n.fetch ?? Number.MAX_SAFE_INTEGER
        return this.finish(
          { kind: 'StreamRank', ...base, parallelism: 1, inputs: [this.edge(in0, { kind: 'global' }, 1)], partitionKeys: [], orderBy: n.orderBy, rankType: 'ROW_NUMBER', rankStart: n.offset + 1, rankEnd: n.offset + fetch, outputRankNumber: false },
          null,
        )
      }
      case 'LogicalCorrelate':
        return this.finish({ kind: 'StreamCorrelate', ...base, parallelism: in0.parallelism, inputs: [this.edge(in0, { kind: 'forward' }, in0.parallelism)], expr: n.expr, withOrdinality: n.withOrdinality, joinType: n.joinType, condition: n.condition }, this.distribution.get(in0) ?? null)
      case 'LogicalRank': {
        const { p, req } = this.keyed(n.partitionKeys)
        return this.finish(
          { kind: 'StreamRank', ...base, parallelism: p, inputs: [this.edge(in0, req, p)], partitionKeys: n.partitionKeys, orderBy: n.orderBy, rankType: n.rankType, rankStart: n.rankStart, rankEnd: n.rankEnd, outputRankNumber: n.outputRankNumber },
          n.partitionKeys,
        )
      }
      case 'LogicalWindowRank': {
        const { p, req } = this.keyed(n.partitionKeys)
        return this.finish(
          { kind: 'StreamWindowRank', ...base, parallelism: p, inputs: [this.edge(in0, req, p)], window: n.window, partitionKeys: n.partitionKeys, orderBy: n.orderBy, rankType: n.rankType, rankStart: n.rankStart, rankEnd: n.rankEnd, outputRankNumber: n.outputRankNumber },
          n.partitionKeys,
        )
      }
      case 'LogicalDeduplicate': {
        const { p, req } = this.keyed(n.keys)
        return this.finish(
          { kind: 'StreamDeduplicate', ...base, parallelism: p, inputs: [this.edge(in0, req, p)], keys: n.keys, keepLastRow: n.keepLastRow, timeIndex: n.timeIndex, isRowtime: n.isRowtime, outputRankNumber: n.outputRankNumber },
          n.keys,
        )
      }
      case 'LogicalChangelogNormalize': {
        const { p, req } = this.keyed(n.keys)
        return this.finish({ kind: 'StreamChangelogNormalize', ...base, parallelism: p, inputs: [this.edge(in0, req, p)], keys: n.keys }, n.keys)
      }
      case 'LogicalSink':
        return this.sink(n, in0)
    }
  }

  private sink(n: LogicalSink, in0: StreamNode): StreamNode {
    const mode = this.mode(n.input)
    if (n.target.kind === 'collect') {
      return this.finish({ kind: 'StreamSink', fields: n.fields, changelogMode: mode, parallelism: 1, inputs: [this.edge(in0, { kind: 'global' }, 1)], target: { kind: 'collect' }, upsertMaterializeKeys: null }, null)
    }
    const t = n.target
    const accepts = sinkAccepts(n, this.opts.connectors)
    const pk = t.table.primaryKey === null ? null : t.table.primaryKey.columns.map((c) => n.fields.findIndex((f) => f.name === c))
    let materialize: number[] | null = null
    if (pk !== null && !isInsertOnly(mode) && accepts !== null && !accepts.kinds.includes(RowKind.UPDATE_BEFORE)) {
      const setting = (this.opts.config['table.exec.sink.upsert-materialize'] ?? 'AUTO').toUpperCase()
      const key = upsertKey(n.input)
      const same = key !== null && key.length === pk.length && [...key].sort().every((k, i) => k === [...pk].sort()[i])
      if (setting === 'FORCE' || (setting === 'AUTO' && !same)) materialize = pk
    }
    const sp = t.options['sink.parallelism']
    const p = sp !== undefined && /^\d+$/.test(sp) && Number(sp) > 0 ? Number(sp) : in0.parallelism
    const req: Requirement = pk !== null && !isInsertOnly(mode) && (materialize !== null || p !== in0.parallelism) ? { kind: 'hash', keys: pk } : { kind: 'forward' }
    const target = { kind: 'table' as const, table: { ...tableDescriptor(t.table), options: { ...t.options } }, overwrite: t.overwrite, staticPartition: t.staticPartition }
    return this.finish({ kind: 'StreamSink', fields: n.fields, changelogMode: mode, parallelism: p, inputs: [this.edge(in0, req, p)], target, upsertMaterializeKeys: materialize }, null)
  }
}

/** Splits a join condition into equi-key pairs (left field = right field) and the remaining predicate. */
export function splitEquiKeys(condition: RexNode, nl: number): { leftKeys: number[]; rightKeys: number[]; rest: RexNode | null } {
  const leftKeys: number[] = []
  const rightKeys: number[] = []
  const rest: RexNode[] = []
  for (const c of conjunctions(condition)) {
    if (c.kind === 'Call' && (c.op === '=' || c.op === 'IS NOT DISTINCT FROM') && c.op === '=') {
      const [a, b] = c.operands as [RexNode, RexNode]
      if (a.kind === 'InputRef' && b.kind === 'InputRef') {
        if (a.index < nl && b.index >= nl) {
          leftKeys.push(a.index)
          rightKeys.push(b.index - nl)
          continue
        }
        if (b.index < nl && a.index >= nl) {
          leftKeys.push(b.index)
          rightKeys.push(a.index - nl)
          continue
        }
      }
    }
    rest.push(c)
  }
  return { leftKeys, rightKeys, rest: and(rest) }
}

export { refsOf, shiftRefs }
