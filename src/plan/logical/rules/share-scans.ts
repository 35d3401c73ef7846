/**
 * Source sharing for plans with several sinks (statement sets) or several reads of one table: scans of the same
 * table with the same options are replaced by one scan reading the union of their fields, each former scan
 * becoming a Calc over it. The physical planner then plans that scan once (its digest is the same everywhere).
 */
import { formatPath } from '../../../catalog/catalog-table.js'
import type { Field } from '../../physical/stream-nodes.js'
import type { RexNode } from '../../rex.js'
import { inputRef } from '../../rex.js'
import { mapRefs, rexDigest } from '../../rex-util.js'
import { calc } from '../builders.js'
import type { LogicalNode, LogicalSink, LogicalTableScan } from '../nodes.js'
import { inputsOf, withInputs } from '../nodes.js'

const keyOf = (s: LogicalTableScan): string => `${formatPath(s.table.path)}|${JSON.stringify(Object.entries(s.options).sort())}`

function collect(n: LogicalNode, out: Map<string, LogicalTableScan[]>): void {
  if (n.kind === 'LogicalTableScan') {
    const k = keyOf(n)
    const list = out.get(k) ?? []
    if (!list.includes(n)) list.push(n)
    out.set(k, list)
    return
  }
  for (const i of inputsOf(n)) collect(i, out)
}

/** The scan's output expressions over its own connector row. */
function outputs(s: LogicalTableScan): RexNode[] {
  const nRow = s.readFields.length + s.metadata.length
  return s.projection !== null ? [...s.projection] : [...Array(nRow).keys()].map((i) => inputRef(i, (s.fields[i] as Field).type))
}

/** One scan replacing `scans` (same table): returns it and, per former scan, the union output index of each field. */
function unionScan(scans: readonly LogicalTableScan[]): { scan: LogicalTableScan; maps: number[][] } | null {
  const first = scans[0] as LogicalTableScan
  const phys = [...new Set(scans.flatMap((s) => s.readFields))].sort((a, b) => a - b)
  const metaKeys: { key: string; type: Field['type']; column: string }[] = []
  for (const s of scans) for (const m of s.metadata) if (!metaKeys.some((x) => x.column === m.column)) metaKeys.push(m)
  const rowIndex = (s: LogicalTableScan, i: number): number => {
    if (i < s.readFields.length) return phys.indexOf(s.readFields[i] as number)
    const m = s.metadata[i - s.readFields.length] as LogicalTableScan['metadata'][number]
    return phys.length + metaKeys.findIndex((x) => x.column === m.column)
  }
  const exprs: RexNode[] = []
  const names: string[] = []
  const digests: string[] = []
  const maps: number[][] = []
  for (const s of scans) {
    const outs = outputs(s).map((e) => mapRefs(e, (i, t) => inputRef(rowIndex(s, i), t)))
    maps.push(
      outs.map((e, j) => {
        const d = rexDigest(e)
        let k = digests.indexOf(d)
        if (k < 0) {
          exprs.push(e)
          digests.push(d)
          names.push((s.fields[j] as Field).name)
          k = exprs.length - 1
        }
        return k
      }),
    )
  }
  // Plain columns first, in connector order, then computed expressions in order of appearance.
  const order = exprs.map((_, i) => i).sort((a, b) => {
    const ea = exprs[a] as RexNode
    const eb = exprs[b] as RexNode
    const ka = ea.kind === 'InputRef' ? ea.index : Infinity
    const kb = eb.kind === 'InputRef' ? eb.index : Infinity
    return ka !== kb ? ka - kb : a - b
  })
  const reordered = order.map((i) => exprs[i] as RexNode)
  const reNames = order.map((i) => names[i] as string)
  for (const m of maps) for (let j = 0; j < m.length; j++) m[j] = order.indexOf(m[j] as number)
  exprs.splice(0, exprs.length, ...reordered)
  names.splice(0, names.length, ...reNames)
  // Watermarks must agree (they come from the same table definition; anything else is not shared).
  let watermark: LogicalTableScan['watermark'] = null
  for (const [i, s] of scans.entries()) {
    if (s.watermark === null) {
      if (scans.some((x) => x.watermark !== null)) return null
      continue
    }
    const m = maps[i] as number[]
    const w = { rowtimeIndex: m[s.watermark.rowtimeIndex] as number, expr: mapRefs(s.watermark.expr, (k, t) => inputRef(m[k] as number, t)) }
    if (watermark === null) watermark = w
    else if (watermark.rowtimeIndex !== w.rowtimeIndex || rexDigest(watermark.expr) !== rexDigest(w.expr)) return null
  }
  const nRow = phys.length + metaKeys.length
  const trivial = exprs.length === nRow && exprs.every((e, i) => e.kind === 'InputRef' && e.index === i)
  const fields = exprs.map((e, i) => ({ name: uniqueName(names, i), type: typeAt(scans, maps, i) ?? e.type }))
  const scan: LogicalTableScan = { ...first, readFields: phys, metadata: metaKeys, projection: trivial ? null : exprs, watermark, fields }
  return { scan, maps }
}

/** The declared type (with time attributes) of union output i, from a scan that produces it. */
function typeAt(scans: readonly LogicalTableScan[], maps: readonly number[][], i: number): Field['type'] | undefined {
  for (const [k, m] of maps.entries()) {
    const j = m.indexOf(i)
    if (j >= 0) return ((scans[k] as LogicalTableScan).fields[j] as Field).type
  }
  return undefined
}

function uniqueName(names: readonly string[], i: number): string {
  const n = names[i] as string
  const before = names.slice(0, i).filter((x) => x === n).length
  return before === 0 ? n : `${n}${before - 1}`
}

export function shareScans(sinks: readonly LogicalSink[]): LogicalSink[] {
  const groups = new Map<string, LogicalTableScan[]>()
  for (const s of sinks) collect(s, groups)
  const replace = new Map<LogicalTableScan, LogicalNode>()
  for (const scans of groups.values()) {
    if (scans.length < 2) continue
    const u = unionScan(scans)
    if (u === null) continue
    for (const [i, s] of scans.entries()) {
      const m = u.maps[i] as number[]
      const exprs = m.map((k) => inputRef(k, (u.scan.fields[k] as Field).type))
      const same = exprs.length === u.scan.fields.length && exprs.every((e, j) => e.index === j) && s.fields.every((f, j) => f.name === (u.scan.fields[j] as Field).name)
      replace.set(s, same ? u.scan : calc(u.scan, exprs, s.fields.map((f) => f.name), null))
    }
  }
  if (replace.size === 0) return [...sinks]
  const visit = (n: LogicalNode): LogicalNode => {
    if (n.kind === 'LogicalTableScan') return replace.get(n) ?? n
    const ins = inputsOf(n)
    const next = ins.map(visit)
    return next.some((x, i) => x !== ins[i]) ? withInputs(n, next) : n
  }
  return sinks.map((s) => visit(s) as LogicalSink)
}
