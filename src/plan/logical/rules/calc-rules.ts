/**
 * Calc rules: LogicalProject/LogicalFilter become LogicalCalc, adjacent Calcs merge, identity Calcs disappear,
 * simple constant folding in conditions (TRUE AND x -> x), and Calcs push into table scans (projection pushdown
 * down to the connector's readFields; the watermark stays evaluated on the scan's output).
 */
import type { Field } from '../../physical/stream-nodes.js'
import type { RexNode } from '../../rex.js'
import { inputRef } from '../../rex.js'
import { and, conjunctions, inline, isIdentityProjection, mapRefs, refsOf } from '../../rex-util.js'
import { calc } from '../builders.js'
import type { LogicalCalc, LogicalNode, LogicalTableScan } from '../nodes.js'
import { transformUp } from '../nodes.js'
import { foldConstants } from './constant-folding.js'

export function toCalcs(root: LogicalNode): LogicalNode {
  return transformUp(root, (n) => {
    if (n.kind === 'LogicalProject') return calc(n.input, n.exprs, n.fields.map((f) => f.name), null)
    if (n.kind === 'LogicalFilter') return calc(n.input, n.fields.map((f, i) => inputRef(i, f.type)), n.fields.map((f) => f.name), n.condition)
    return n
  })
}

/** Calc over Calc -> one Calc; identity Calcs removed; conditions folded. */
export function mergeCalcs(root: LogicalNode): LogicalNode {
  return transformUp(root, (n) => {
    if (n.kind !== 'LogicalCalc') return n
    let c: LogicalCalc = n
    const folded = c.condition === null ? null : foldConstants(c.condition)
    const cond = folded !== null && folded.kind === 'Literal' && folded.value === true ? null : folded
    const exprs = c.exprs.map(foldConstants)
    c = calc(c.input, exprs, c.fields.map((f) => f.name), cond)
    const child = c.input
    if (child.kind === 'LogicalCalc') {
      const merged = mergeTwo(child, c)
      if (merged !== null) c = merged
    }
    if (c.condition === null && isIdentityProjection(c.exprs, c.input.fields.length) && sameNames(c.fields, c.input.fields)) return c.input
    return c
  })
}

function sameNames(a: readonly Field[], b: readonly Field[]): boolean {
  return a.length === b.length && a.every((f, i) => f.name === b[i]?.name)
}

/** Upper over lower: conditions AND-ed (the upper's inlined through the lower's projection). */
function mergeTwo(lower: LogicalCalc, upper: LogicalCalc): LogicalCalc | null {
  const exprs = upper.exprs.map((e) => inline(e, lower.exprs))
  const conds = [...conjunctions(lower.condition), ...conjunctions(upper.condition).map((e) => inline(e, lower.exprs))]
  // Non-deterministic expressions must not be duplicated by inlining.
  if (upper.exprs.some((e) => countNonDeterministicRefs(e, lower.exprs) > 0)) return null
  return calc(lower.input, exprs, upper.fields.map((f) => f.name), and(conds))
}

const NON_DETERMINISTIC = new Set(['RAND', 'RAND_INTEGER', 'UUID', 'NOW', 'CURRENT_TIMESTAMP', 'CURRENT_ROW_TIMESTAMP', 'LOCALTIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME', 'LOCALTIME', 'PROCTIME', 'UNIX_TIMESTAMP'])

function isNonDeterministic(e: RexNode): boolean {
  if (e.kind === 'Call') return NON_DETERMINISTIC.has(e.op) || e.operands.some(isNonDeterministic)
  if (e.kind === 'FieldAccess') return isNonDeterministic(e.operand)
  return false
}

function countNonDeterministicRefs(e: RexNode, lower: readonly RexNode[]): number {
  const refs = refsOf(e)
  let uses = 0
  for (const r of refs) if (isNonDeterministic(lower[r] as RexNode) && (lower[r] as RexNode).kind !== 'InputRef') uses++
  // A single plain use is fine; only several uses of one non-deterministic value would duplicate it.
  return uses > 1 ? uses : 0
}

/**
 * Pushes projections into scans: a scan's computed-column projection and the Calc above it are narrowed to the
 * connector fields they read (readFields, metadata), and a pure column projection becomes the scan's projection.
 */
export function pushIntoScans(root: LogicalNode): LogicalNode {
  return transformUp(root, (n) => {
    // The table read: computed columns and the watermark are evaluated by the scan itself.
    if (n.kind === 'LogicalWatermarkAssigner') {
      let input = n.input
      if (input.kind === 'LogicalCalc' && input.condition === null && input.input.kind === 'LogicalTableScan' && input.input.projection === null) {
        input = narrowScan({ ...input.input, projection: input.exprs, fields: input.fields })
      }
      if (input.kind === 'LogicalTableScan' && input.watermark === null) return { ...input, watermark: { rowtimeIndex: n.rowtimeIndex, expr: n.expr }, fields: n.fields }
      return n
    }
    if (n.kind === 'LogicalCalc' && n.input.kind === 'LogicalTableScan') return pruneUnder(n, n.input)
    return n
  })
}

/** Narrows a scan to the output fields `keep` (in that order), keeping what its watermark needs. */
function pruneUnder(c: LogicalCalc, scan: LogicalTableScan): LogicalNode {
  const used = new Set<number>()
  for (const e of c.exprs) refsOf(e, used)
  if (c.condition !== null) refsOf(c.condition, used)
  if (scan.watermark !== null) {
    used.add(scan.watermark.rowtimeIndex)
    refsOf(scan.watermark.expr, used)
  }
  const keep = [...used].sort((a, b) => a - b)
  if (keep.length === scan.fields.length) {
    // Nothing to prune; a pure reordering projection without a watermark folds into the scan.
    if (c.condition === null && scan.watermark === null && isPureSelection(c, scan.fields)) {
      return narrowScan({ ...scan, projection: composeProjection(scan, c.exprs), fields: c.fields })
    }
    return c
  }
  const map = new Map(keep.map((k, i) => [k, i]))
  const projection = scan.projection ?? scan.fields.map((f, i) => inputRef(i, f.type))
  const newScan = narrowScan({
    ...scan,
    projection: keep.map((k) => projection[k] as RexNode),
    fields: keep.map((k) => scan.fields[k] as Field),
    watermark: scan.watermark === null ? null : { rowtimeIndex: map.get(scan.watermark.rowtimeIndex) as number, expr: mapRefs(scan.watermark.expr, (i, t) => inputRef(map.get(i) as number, t)) },
  })
  const remap = (e: RexNode): RexNode => mapRefs(e, (i, t) => inputRef(map.get(i) as number, t))
  const upper = calc(newScan, c.exprs.map(remap), c.fields.map((f) => f.name), c.condition === null ? null : remap(c.condition))
  if (upper.condition === null && scan.watermark === null && isPureSelection(upper, newScan.fields)) {
    return narrowScan({ ...newScan, projection: composeProjection(newScan, upper.exprs), fields: upper.fields })
  }
  if (upper.condition === null && isIdentityProjection(upper.exprs, newScan.fields.length) && sameNames(upper.fields, newScan.fields)) return newScan
  return upper
}

/** Plain column references that keep their names: a projection the scan can do itself. */
function isPureSelection(c: LogicalCalc, inFields: readonly Field[]): boolean {
  return c.exprs.every((e, i) => e.kind === 'InputRef' && inFields[e.index]?.name === c.fields[i]?.name)
}

function composeProjection(scan: LogicalTableScan, exprs: readonly RexNode[]): RexNode[] {
  const base = scan.projection ?? scan.fields.map((f, i) => inputRef(i, f.type))
  return exprs.map((e) => inline(e, base))
}

/**
 * Drops connector fields the scan's projection does not read (readFields/metadata shrink, refs renumbered).
 * A projection that is exactly the connector row is dropped (projection null).
 */
export function narrowScan(scan: LogicalTableScan): LogicalTableScan {
  const nPhys = scan.readFields.length
  const projection = scan.projection
  if (projection === null) return scan
  const used = new Set<number>()
  for (const e of projection) refsOf(e, used)
  const keepPhys = scan.readFields.map((_, i) => i).filter((i) => used.has(i))
  const keepMeta = scan.metadata.map((_, j) => j).filter((j) => used.has(nPhys + j))
  const order = [...keepPhys, ...keepMeta.map((j) => nPhys + j)]
  const map = new Map(order.map((k, i) => [k, i]))
  const newProjection = projection.map((e) => mapRefs(e, (i, t) => inputRef(map.get(i) as number, t)))
  const readFields = keepPhys.map((i) => scan.readFields[i] as number)
  const metadata = keepMeta.map((j) => scan.metadata[j] as LogicalTableScan['metadata'][number])
  const trivial = newProjection.length === order.length && newProjection.every((e, i) => e.kind === 'InputRef' && e.index === i)
  return { ...scan, readFields, metadata, projection: trivial ? null : newProjection }
}
