/**
 * Column pruning: every node is asked only for the output columns its consumer reads, and asks its inputs only for
 * what it needs in turn, down to the table scans' readFields and metadata. Unused aggregate calls are dropped.
 * Each pruned node reports where its surviving columns moved (`map[old] = new`, -1 when dropped).
 */
import type { AggCall, Field, SortKey, WindowDef } from '../../physical/stream-nodes.js'
import type { RexNode } from '../../rex.js'
import { inputRef } from '../../rex.js'
import { mapRefs, refsOf } from '../../rex-util.js'
import { aggregate, calc, join } from '../builders.js'
import type { LogicalNode, LogicalTableScan } from '../nodes.js'

interface Pruned {
  readonly node: LogicalNode
  readonly map: readonly number[]
}

const identity = (n: LogicalNode): Pruned => ({ node: n, map: n.fields.map((_, i) => i) })
const range = (n: number): Set<number> => new Set([...Array(n).keys()])

function remap(e: RexNode, map: readonly number[]): RexNode {
  return mapRefs(e, (i, t) => inputRef(map[i] as number, t))
}

function remapSort(k: readonly SortKey[], map: readonly number[]): SortKey[] {
  return k.map((s) => ({ ...s, index: map[s.index] as number }))
}

function remapWindow(w: WindowDef, map: readonly number[]): WindowDef {
  const spec = w.spec.kind === 'SESSION' ? { ...w.spec, partitionKeys: w.spec.partitionKeys.map((p) => map[p] as number) } : w.spec
  return { ...w, spec, timeIndex: map[w.timeIndex] as number }
}

function remapAgg(c: AggCall, map: readonly number[]): AggCall {
  return { ...c, args: c.args.map((a) => map[a] as number), filterArg: c.filterArg === null ? null : (map[c.filterArg] as number) }
}

/** Projects a pruned node back to exactly `fields.length` columns in the original order (for sinks and unions). */
function restore(p: Pruned, fields: readonly Field[], want: readonly number[]): LogicalNode {
  const exprs = want.map((i) => inputRef(p.map[i] as number, (p.node.fields[p.map[i] as number] as Field).type))
  if (exprs.length === p.node.fields.length && exprs.every((e, i) => e.index === i)) return p.node
  return calc(p.node, exprs, want.map((i) => (fields[i] as Field).name), null)
}

/**
 * A stateful node's input narrowed to exactly the fields it needs: pruning may keep extra columns (a scan keeps
 * what its watermark reads), and state should not hold them.
 */
function tight(c: Pruned, need: ReadonlySet<number>): Pruned {
  const want = [...need].sort((a, b) => a - b)
  if (c.node.fields.length <= want.length) return c
  const cols = want.map((i) => c.map[i] as number)
  const node = calc(c.node, cols.map((j) => inputRef(j, (c.node.fields[j] as Field).type)), cols.map((j) => (c.node.fields[j] as Field).name), null)
  return { node, map: c.map.map((j) => (j < 0 ? -1 : cols.indexOf(j))) }
}

function add(set: Set<number>, e: RexNode | null): void {
  if (e !== null) refsOf(e, set)
}

export function pruneColumns(root: LogicalNode): LogicalNode {
  return prune(root, range(root.fields.length)).node
}

function prune(n: LogicalNode, required: ReadonlySet<number>): Pruned {
  switch (n.kind) {
    case 'LogicalSink': {
      const c = prune(n.input, range(n.input.fields.length))
      return identity({ ...n, input: restore(c, n.input.fields, n.input.fields.map((_, i) => i)) })
    }
    case 'LogicalCalc': {
      const keep = n.exprs.map((_, i) => i).filter((i) => required.has(i))
      const need = new Set<number>()
      for (const i of keep) add(need, n.exprs[i] as RexNode)
      add(need, n.condition)
      const c = prune(n.input, need)
      const map = n.exprs.map((_, i) => keep.indexOf(i))
      const node = calc(c.node, keep.map((i) => remap(n.exprs[i] as RexNode, c.map)), keep.map((i) => (n.fields[i] as Field).name), n.condition === null ? null : remap(n.condition, c.map))
      return { node, map }
    }
    case 'LogicalTableScan': {
      if (n.projection !== null) return identity(n)
      const keep = n.fields.map((_, i) => i).filter((i) => required.has(i))
      const np = n.readFields.length
      const node: LogicalTableScan = {
        ...n,
        readFields: keep.filter((i) => i < np).map((i) => n.readFields[i] as number),
        metadata: keep.filter((i) => i >= np).map((i) => n.metadata[i - np] as LogicalTableScan['metadata'][number]),
        fields: keep.map((i) => n.fields[i] as Field),
      }
      return { node, map: n.fields.map((_, i) => keep.indexOf(i)) }
    }
    case 'LogicalWatermarkAssigner': {
      const need = new Set(required)
      need.add(n.rowtimeIndex)
      add(need, n.expr)
      const c = prune(n.input, need)
      return { node: { ...n, input: c.node, rowtimeIndex: c.map[n.rowtimeIndex] as number, expr: remap(n.expr, c.map), fields: c.node.fields }, map: c.map }
    }
    case 'LogicalChangelogNormalize': {
      const need = new Set(required)
      for (const k of n.keys) need.add(k)
      const c = prune(n.input, need)
      return { node: { ...n, input: c.node, keys: n.keys.map((k) => c.map[k] as number), fields: c.node.fields }, map: c.map }
    }
    case 'LogicalAggregate': {
      const nk = n.groupKeys.length
      const keepAgg = n.aggCalls.map((_, j) => j).filter((j) => required.has(nk + j))
      const need = new Set<number>(n.groupKeys)
      for (const j of keepAgg) {
        const a = n.aggCalls[j] as AggCall
        for (const x of a.args) need.add(x)
        if (a.filterArg !== null) need.add(a.filterArg)
      }
      const c = prune(n.input, need)
      const node = aggregate(c.node, n.groupKeys.map((k) => c.map[k] as number), keepAgg.map((j) => remapAgg(n.aggCalls[j] as AggCall, c.map)))
      const map = n.fields.map((_, i) => (i < nk ? i : keepAgg.indexOf(i - nk) < 0 ? -1 : nk + keepAgg.indexOf(i - nk)))
      return { node: { ...node, fields: node.fields.map((f, i) => ({ ...f, name: (n.fields[i < nk ? i : nk + (keepAgg[i - nk] as number)] as Field).name })) }, map }
    }
    case 'LogicalWindowAggregate': {
      const need = new Set<number>(n.groupKeys)
      need.add(n.window.timeIndex)
      if (n.window.spec.kind === 'SESSION') for (const p of n.window.spec.partitionKeys) need.add(p)
      if (n.inputWindowBounds !== null) {
        need.add(n.inputWindowBounds.startIndex)
        need.add(n.inputWindowBounds.endIndex)
      }
      for (const a of n.aggCalls) {
        for (const x of a.args) need.add(x)
        if (a.filterArg !== null) need.add(a.filterArg)
      }
      const c = prune(n.input, need)
      const b = n.inputWindowBounds
      const node: LogicalNode = {
        ...n,
        input: c.node,
        window: remapWindow(n.window, c.map),
        groupKeys: n.groupKeys.map((k) => c.map[k] as number),
        aggCalls: n.aggCalls.map((a) => remapAgg(a, c.map)),
        inputWindowBounds: b === null ? null : { startIndex: c.map[b.startIndex] as number, endIndex: c.map[b.endIndex] as number },
      }
      return identity(node)
    }
    case 'LogicalJoin':
    case 'LogicalIntervalJoin':
    case 'LogicalWindowJoin': {
      const nl = n.left.fields.length
      const needL = new Set<number>()
      const needR = new Set<number>()
      const all = new Set<number>(required)
      if (n.kind === 'LogicalJoin') add(all, n.condition)
      else {
        add(all, n.condition)
        for (const k of n.leftKeys) all.add(k)
        for (const k of n.rightKeys) all.add(nl + k)
        if (n.kind === 'LogicalIntervalJoin') {
          all.add(n.leftTimeIndex)
          all.add(nl + n.rightTimeIndex)
        } else {
          all.add(n.leftWindow.startIndex)
          all.add(n.leftWindow.endIndex)
          all.add(nl + n.rightWindow.startIndex)
          all.add(nl + n.rightWindow.endIndex)
        }
      }
      for (const i of all) (i < nl ? needL : needR).add(i < nl ? i : i - nl)
      const l = tight(prune(n.left, needL), needL)
      const r = tight(prune(n.right, needR), needR)
      const nlNew = l.node.fields.length
      const combined = [...l.map, ...r.map.map((x) => (x < 0 ? -1 : nlNew + x))]
      const semi = n.joinType === 'SEMI' || n.joinType === 'ANTI'
      const map = semi ? l.map : combined
      if (n.kind === 'LogicalJoin') return { node: join(l.node, r.node, n.joinType, remap(n.condition, combined)), map }
      const base = { left: l.node, right: r.node, leftKeys: n.leftKeys.map((k) => l.map[k] as number), rightKeys: n.rightKeys.map((k) => r.map[k] as number), condition: n.condition === null ? null : remap(n.condition, combined) }
      const fields = semi ? l.node.fields.map((f) => ({ ...f })) : combined.flatMap((x, i) => (x < 0 ? [] : [n.fields[i] as Field]))
      if (n.kind === 'LogicalIntervalJoin') return { node: { ...n, ...base, leftTimeIndex: l.map[n.leftTimeIndex] as number, rightTimeIndex: r.map[n.rightTimeIndex] as number, fields }, map }
      return {
        node: {
          ...n,
          ...base,
          leftWindow: { startIndex: l.map[n.leftWindow.startIndex] as number, endIndex: l.map[n.leftWindow.endIndex] as number },
          rightWindow: { startIndex: r.map[n.rightWindow.startIndex] as number, endIndex: r.map[n.rightWindow.endIndex] as number },
          fields,
        },
        map,
      }
    }
    case 'LogicalUnion': {
      const want = [...required].sort((a, b) => a - b)
      const inputs = n.inputs.map((i) => restore(prune(i, new Set(want)), i.fields, want))
      const map = n.fields.map((_, i) => want.indexOf(i))
      return { node: { ...n, inputs, fields: want.map((i) => n.fields[i] as Field) }, map }
    }
    case 'LogicalWindowTableFunction': {
      const k = n.input.fields.length
      const need = new Set([...required].filter((i) => i < k))
      need.add(n.window.timeIndex)
      if (n.window.spec.kind === 'SESSION') for (const p of n.window.spec.partitionKeys) need.add(p)
      const c = prune(n.input, need)
      const kNew = c.node.fields.length
      const map = n.fields.map((_, i) => (i < k ? (c.map[i] as number) : kNew + (i - k)))
      const fields = n.fields.flatMap((f, i) => (map[i] as number) < 0 ? [] : [f])
      return { node: { ...n, input: c.node, window: remapWindow(n.window, c.map), fields }, map }
    }
    case 'LogicalCorrelate':
    case 'LogicalOver':
    case 'LogicalRank':
    case 'LogicalWindowRank':
    case 'LogicalDeduplicate':
    case 'LogicalSort': {
      const k = n.input.fields.length
      const need = new Set([...required].filter((i) => i < k))
      switch (n.kind) {
        case 'LogicalCorrelate':
          add(need, n.expr)
          if (n.condition !== null) for (const i of refsOf(n.condition)) if (i < k) need.add(i)
          break
        case 'LogicalOver':
          for (const p of n.partitionKeys) need.add(p)
          for (const o of n.orderBy) need.add(o.index)
          for (const a of n.aggCalls) {
            for (const x of a.args) need.add(x)
            if (a.filterArg !== null) need.add(a.filterArg)
          }
          break
        case 'LogicalRank':
        case 'LogicalWindowRank':
          for (const p of n.partitionKeys) need.add(p)
          for (const o of n.orderBy) need.add(o.index)
          if (n.kind === 'LogicalWindowRank') {
            need.add(n.window.startIndex)
            need.add(n.window.endIndex)
          }
          break
        case 'LogicalDeduplicate':
          for (const p of n.keys) need.add(p)
          need.add(n.timeIndex)
          break
        case 'LogicalSort':
          for (const o of n.orderBy) need.add(o.index)
          break
      }
      const c = n.kind === 'LogicalCorrelate' || n.kind === 'LogicalSort' ? prune(n.input, need) : tight(prune(n.input, need), need)
      const kNew = c.node.fields.length
      const map = n.fields.map((_, i) => (i < k ? (c.map[i] as number) : kNew + (i - k)))
      const fields = n.fields.flatMap((f, i) => ((map[i] as number) < 0 ? [] : [f]))
      const m = c.map
      let node: LogicalNode
      switch (n.kind) {
        case 'LogicalCorrelate':
          node = { ...n, input: c.node, expr: remap(n.expr, m), condition: n.condition === null ? null : remap(n.condition, map), fields }
          break
        case 'LogicalOver':
          node = { ...n, input: c.node, partitionKeys: n.partitionKeys.map((p) => m[p] as number), orderBy: remapSort(n.orderBy, m), aggCalls: n.aggCalls.map((a) => remapAgg(a, m)), fields }
          break
        case 'LogicalRank':
          node = { ...n, input: c.node, partitionKeys: n.partitionKeys.map((p) => m[p] as number), orderBy: remapSort(n.orderBy, m), fields }
          break
        case 'LogicalWindowRank':
          node = { ...n, input: c.node, partitionKeys: n.partitionKeys.map((p) => m[p] as number), orderBy: remapSort(n.orderBy, m), window: { startIndex: m[n.window.startIndex] as number, endIndex: m[n.window.endIndex] as number }, fields }
          break
        case 'LogicalDeduplicate':
          node = { ...n, input: c.node, keys: n.keys.map((p) => m[p] as number), timeIndex: m[n.timeIndex] as number, fields }
          break
        case 'LogicalSort':
          node = { ...n, input: c.node, orderBy: remapSort(n.orderBy, m), fields }
          break
      }
      return { node, map }
    }
    default: {
      // Values, plain projects/filters (already Calcs by now): keep as they are, inputs fully.
      return identity(n)
    }
  }
}
