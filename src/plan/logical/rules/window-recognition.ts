/**
 * Window TVF recognition:
 * - Aggregate grouped by window_start and window_end over a window TVF (through one Calc) -> WindowAggregate
 *   that assigns windows itself (the TVF disappears), with a Calc on top restoring the aggregate's column order.
 * - Aggregate grouped by window_start/window_end of an earlier window aggregate -> WindowAggregate reading the
 *   bounds from its input (cascading windows).
 * - Join of two windowed inputs on equal window_start and window_end -> WindowJoin.
 * (Window Top-N is recognised together with ranks, see rank-recognition.ts.)
 */
import type { AggCall, Field, WindowDef } from '../../physical/stream-nodes.js'
import type { RexNode } from '../../rex.js'
import { inputRef } from '../../rex.js'
import { and, conjunctions, refsOf } from '../../rex-util.js'
import { isRowtime, isTimeAttribute } from '../../../catalog/type-inference.js'
import { calc, windowAggregate } from '../builders.js'
import type { LogicalAggregate, LogicalJoin, LogicalNode } from '../nodes.js'
import { transformUp } from '../nodes.js'
import { splitEquiKeys } from '../../physical/physical-planner.js'
import { tvfBelow, windowBoundsOf, windowSourceOf } from './window-bounds.js'

export function recognizeWindows(root: LogicalNode): LogicalNode {
  return transformUp(root, (n) => {
    if (n.kind === 'LogicalAggregate') return fuseWindowAggregate(n) ?? cascadeWindowAggregate(n) ?? n
    if (n.kind === 'LogicalJoin') return windowJoin(n) ?? n
    return n
  })
}

/** Which of the aggregate's input fields are the TVF's window_start/window_end/window_time. */
function windowRole(e: RexNode | undefined, k: number): 0 | 1 | 2 | -1 {
  if (e === undefined || e.kind !== 'InputRef') return -1
  const r = e.index - k
  return r === 0 || r === 1 || r === 2 ? r : -1
}

function fuseWindowAggregate(agg: LogicalAggregate): LogicalNode | null {
  const below = tvfBelow(agg.input)
  if (below === null) return null
  const { tvf, calc: c } = below
  const k = tvf.input.fields.length
  const exprs: readonly RexNode[] = c?.exprs ?? tvf.fields.map((f, i) => inputRef(i, f.type))
  const roles = agg.groupKeys.map((g) => windowRole(exprs[g], k))
  if (!roles.includes(0) || !roles.includes(1)) return null
  // Window columns may only be passed through as group keys; nothing else may read them.
  const touchesWindow = (e: RexNode): boolean => [...refsOf(e)].some((i) => i >= k)
  if (c?.condition != null && touchesWindow(c.condition)) return null
  const used = new Set<number>()
  for (const call of agg.aggCalls) {
    for (const a of call.args) used.add(a)
    if (call.filterArg !== null) used.add(call.filterArg)
  }
  for (const u of used) if (touchesWindow(exprs[u] as RexNode)) return null
  for (const g of agg.groupKeys) if (windowRole(exprs[g], k) < 0 && touchesWindow(exprs[g] as RexNode)) return null

  // New Calc over the TVF's input: the non-window fields the aggregate reads, plus the time column.
  const newExprs: RexNode[] = []
  const newNames: string[] = []
  const pos = new Map<number, number>()
  const take = (i: number): number => {
    const hit = pos.get(i)
    if (hit !== undefined) return hit
    newExprs.push(exprs[i] as RexNode)
    newNames.push(c === null ? (tvf.fields[i] as Field).name : (c.fields[i] as Field).name)
    pos.set(i, newExprs.length - 1)
    return newExprs.length - 1
  }
  const keys: number[] = []
  for (const [j, g] of agg.groupKeys.entries()) if (roles[j] === -1) keys.push(take(g))
  const calls: AggCall[] = agg.aggCalls.map((a) => ({ ...a, args: a.args.map(take), filterArg: a.filterArg === null ? null : take(a.filterArg) }))
  let timeIndex = newExprs.findIndex((e) => e.kind === 'InputRef' && e.index === tvf.window.timeIndex)
  if (timeIndex < 0) {
    newExprs.push(inputRef(tvf.window.timeIndex, (tvf.input.fields[tvf.window.timeIndex] as Field).type))
    newNames.push((tvf.input.fields[tvf.window.timeIndex] as Field).name)
    timeIndex = newExprs.length - 1
  }
  const pre = calc(tvf.input, newExprs, uniq(newNames), c?.condition ?? null)
  const window: WindowDef = { ...tvf.window, timeIndex }
  if (window.spec.kind === 'SESSION' && window.spec.partitionKeys.length > 0) {
    // SESSION ... PARTITION BY k: the partition columns must be group keys.
    const part = window.spec.partitionKeys.map((p) => newExprs.findIndex((e) => e.kind === 'InputRef' && e.index === p))
    if (part.some((p) => p < 0 || !keys.includes(p))) return null
    const spec = { ...window.spec, partitionKeys: part }
    return finishFused(agg, roles, withOrigin(windowAggregate(pre, { ...window, spec }, keys, calls, ['window_start', 'window_end', 'window_time'], null), tvf.origin))
  }
  return finishFused(agg, roles, withOrigin(windowAggregate(pre, window, keys, calls, ['window_start', 'window_end', 'window_time'], null), tvf.origin))
}

function finishFused(agg: LogicalAggregate, roles: readonly number[], wa: ReturnType<typeof windowAggregate>): LogicalNode {
  const nk = wa.groupKeys.length
  const na = wa.aggCalls.length
  const out: RexNode[] = []
  let key = 0
  for (const r of roles) {
    const idx = r === -1 ? key++ : nk + na + r
    out.push(inputRef(idx, (wa.fields[idx] as Field).type))
  }
  for (let i = 0; i < na; i++) out.push(inputRef(nk + i, (wa.fields[nk + i] as Field).type))
  return calc(wa, out, agg.fields.map((f) => f.name), null)
}

/** GROUP BY window_start, window_end of an already windowed input: aggregate per the same windows. */
function cascadeWindowAggregate(agg: LogicalAggregate): LogicalNode | null {
  const bounds = windowBoundsOf(agg.input)
  const source = windowSourceOf(agg.input)
  if (bounds === null || source === null) return null
  const sPos = agg.groupKeys.indexOf(bounds.startIndex)
  const ePos = agg.groupKeys.indexOf(bounds.endIndex)
  if (sPos < 0 || ePos < 0) return null
  // The windows are read from the input's bounds; the time column only says which clock closes them.
  const wt = agg.input.fields.findIndex((f) => f.name === 'window_time' && isTimeAttribute(f.type))
  const timeIndex = wt >= 0 ? wt : bounds.endIndex
  const spec = source.spec.kind === 'SESSION' ? { ...source.spec, partitionKeys: [] } : source.spec
  const rest = agg.groupKeys.filter((_, i) => i !== sPos && i !== ePos)
  const window: WindowDef = { spec, timeIndex, isRowtime: wt >= 0 ? isRowtime((agg.input.fields[wt] as Field).type) : source.isRowtime }
  const wa = windowAggregate(agg.input, window, rest, agg.aggCalls, ['window_start', 'window_end', 'window_time'], bounds)
  const roles = agg.groupKeys.map((g) => (g === bounds.startIndex ? 0 : g === bounds.endIndex ? 1 : -1))
  return finishFused(agg, roles, wa)
}

function windowJoin(j: LogicalJoin): LogicalNode | null {
  const lb = windowBoundsOf(j.left)
  const rb = windowBoundsOf(j.right)
  if (lb === null || rb === null) return null
  const nl = j.left.fields.length
  const { leftKeys, rightKeys, rest } = splitEquiKeys(j.condition, nl)
  const si = leftKeys.findIndex((l, i) => l === lb.startIndex && rightKeys[i] === rb.startIndex)
  const ei = leftKeys.findIndex((l, i) => l === lb.endIndex && rightKeys[i] === rb.endIndex)
  if (si < 0 || ei < 0) return null
  const keep = leftKeys.map((_, i) => i).filter((i) => i !== si && i !== ei)
  if (j.joinType !== 'INNER' && j.joinType !== 'LEFT' && j.joinType !== 'RIGHT' && j.joinType !== 'FULL' && j.joinType !== 'SEMI' && j.joinType !== 'ANTI') return null
  return {
    kind: 'LogicalWindowJoin',
    left: j.left,
    right: j.right,
    joinType: j.joinType,
    leftKeys: keep.map((i) => leftKeys[i] as number),
    rightKeys: keep.map((i) => rightKeys[i] as number),
    leftWindow: lb,
    rightWindow: rb,
    condition: rest === null ? null : and(conjunctions(rest)),
    fields: j.fields,
  }
}

function withOrigin<T extends object>(n: T, origin: import('../../../sql/span.js').Span | undefined): T {
  return origin === undefined ? n : { ...n, origin }
}

function uniq(names: readonly string[]): string[] {
  const seen = new Set<string>()
  return names.map((n) => {
    let x = n
    let i = 0
    while (seen.has(x)) x = `${n}${i++}`
    seen.add(x)
    return x
  })
}
