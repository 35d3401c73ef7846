/**
 * Operator uids: 16 hex characters of a SHA-256 over the node's state-relevant shape and the uids of its nearest
 * stateful or source ancestors. Stateless nodes in between (Calc, Union, ...) do not take part, so adding a filter
 * or changing a projection keeps the uids (and so the savepoint state) of the stateful operators around it.
 */
import { createHash } from 'node:crypto'
import { formatType } from '../../sql/data-type.js'
import type { AggCall, Field, StreamNode, StreamNodeKind } from './stream-nodes.js'
import { dropTimeAttribute } from '../../catalog/type-inference.js'

const STATELESS: ReadonlySet<StreamNodeKind> = new Set(['StreamCalc', 'StreamWatermarkAssigner', 'StreamUnion', 'StreamCorrelate', 'StreamWindowTableFunction'])

export function isStateless(kind: StreamNodeKind): boolean {
  return STATELESS.has(kind)
}

function hash(x: unknown): string {
  const text = JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v))
  return createHash('sha256').update(text).digest('hex').slice(0, 16)
}

// Types without time attribute markers: whether a column is still a time attribute does not change state.
const key = (fields: readonly Field[], idx: readonly number[]): string[] => idx.map((i) => `${fields[i]?.name}:${fields[i] === undefined ? '?' : formatType(dropTimeAttribute(fields[i].type))}`)
const aggSig = (c: AggCall, f: readonly Field[]): unknown => [c.fn, key(f, c.args), c.distinct, c.filterArg === null ? null : key(f, [c.filterArg]), c.constants.map(String), c.ignoreNulls, formatType(c.type)]

/** The uids a node's state is anchored to: those of its nearest stateful or source ancestors. */
export function anchors(n: StreamNode): string[] {
  const out: string[] = []
  for (const e of n.inputs) {
    if (isStateless(e.node.kind)) out.push(...anchors(e.node))
    else out.push(e.node.uid)
  }
  return out
}

/** What a node's state depends on (for stateless nodes: their whole description). */
export function stateShape(n: Omit<StreamNode, 'uid' | 'id'> & { readonly kind: StreamNodeKind }, inputFields: readonly (readonly Field[])[]): unknown {
  const f0 = inputFields[0] ?? []
  const f1 = inputFields[1] ?? []
  const node = n as StreamNode
  switch (node.kind) {
    case 'StreamTableSourceScan':
      return [node.table.path]
    case 'StreamValues':
      return [node.rows.length, node.fields.map((f) => formatType(f.type))]
    case 'StreamSink':
      return [node.target.kind === 'table' ? node.target.table.path : 'collect', node.upsertMaterializeKeys]
    case 'StreamGroupAggregate':
      return [key(f0, node.groupKeys), node.aggCalls.map((c) => aggSig(c, f0))]
    case 'StreamWindowAggregate':
      return [key(f0, node.groupKeys), node.aggCalls.map((c) => aggSig(c, f0)), node.window.spec, key(f0, [node.window.timeIndex]), node.window.isRowtime, node.windowProperties]
    case 'StreamJoin':
      return [node.joinType, key(f0, node.leftKeys), key(f1, node.rightKeys)]
    case 'StreamIntervalJoin':
      return [node.joinType, key(f0, node.leftKeys), key(f1, node.rightKeys), node.lowerBound, node.upperBound, node.isRowtime]
    case 'StreamWindowJoin':
      return [node.joinType, key(f0, node.leftKeys), key(f1, node.rightKeys)]
    case 'StreamRank':
    case 'StreamWindowRank':
      return [key(f0, node.partitionKeys), node.orderBy.map((k) => [key(f0, [k.index]), k.descending, k.nullsFirst]), node.rankType, node.rankStart, node.rankEnd]
    case 'StreamDeduplicate':
      return [key(f0, node.keys), node.keepLastRow, node.isRowtime]
    case 'StreamOverAggregate':
      return [key(f0, node.partitionKeys), key(f0, [node.timeIndex]), node.unit, node.lower, node.aggCalls.map((c) => aggSig(c, f0))]
    case 'StreamChangelogNormalize':
      return [key(f0, node.keys)]
    case 'StreamLimit':
      return [node.offset, node.fetch]
    case 'StreamCalc':
      return [node.projection, node.condition]
    case 'StreamWatermarkAssigner':
      return [node.rowtimeIndex, node.expr]
    case 'StreamUnion':
      return [node.fields.length]
    case 'StreamCorrelate':
      return [node.expr, node.withOrdinality, node.joinType]
    case 'StreamWindowTableFunction':
      return [node.window]
  }
}

/** Assigns uids deterministically; identical nodes get distinct uids by a stable occurrence counter. */
export class UidAssigner {
  private readonly used = new Set<string>()

  uid(kind: StreamNodeKind, shape: unknown, anchorUids: readonly string[], inputUids: readonly string[]): string {
    // A sink's state (pending files, transactions) belongs to the sink table, whatever query feeds it.
    const deps = kind === 'StreamSink' ? [] : isStateless(kind) ? inputUids : anchorUids
    let u = hash([kind, shape, deps])
    for (let n = 2; this.used.has(u); n++) u = hash([kind, shape, deps, n])
    this.used.add(u)
    return u
  }
}
