/**
 * Where a node's window_start / window_end columns come from: a window TVF or a window aggregate, traced through
 * Calcs that pass the columns on unchanged. Used to recognise window aggregates, window ranks and window joins.
 */
import type { WindowBounds, WindowDef } from '../../physical/stream-nodes.js'
import type { LogicalNode, LogicalWindowTableFunction } from '../nodes.js'

/** The window bounds in `n`'s output, when `startIndex`/`endIndex` are the window columns of one window source. */
export function windowBoundsOf(n: LogicalNode): WindowBounds | null {
  switch (n.kind) {
    case 'LogicalWindowTableFunction': {
      const k = n.input.fields.length
      return { startIndex: k, endIndex: k + 1 }
    }
    case 'LogicalWindowAggregate': {
      const s = n.windowProperties.indexOf('window_start')
      const e = n.windowProperties.indexOf('window_end')
      if (s < 0 || e < 0) return null
      const base = n.groupKeys.length + n.aggCalls.length
      return { startIndex: base + s, endIndex: base + e }
    }
    case 'LogicalWindowRank':
    case 'LogicalWindowJoin':
    case 'LogicalFilter':
    case 'LogicalWatermarkAssigner':
    case 'LogicalCalc':
    case 'LogicalProject': {
      if (n.kind === 'LogicalWindowJoin') {
        const l = windowBoundsOf(n.left)
        return l
      }
      const inner = windowBoundsOf(n.input)
      if (inner === null) return null
      if (n.kind === 'LogicalCalc' || n.kind === 'LogicalProject') {
        const s = n.exprs.findIndex((e) => e.kind === 'InputRef' && e.index === inner.startIndex)
        const e = n.exprs.findIndex((x) => x.kind === 'InputRef' && x.index === inner.endIndex)
        return s < 0 || e < 0 ? null : { startIndex: s, endIndex: e }
      }
      return inner
    }
    default:
      return null
  }
}

/** The window TVF directly below `n` (through at most one Calc), with that Calc. */
export function tvfBelow(n: LogicalNode): { tvf: LogicalWindowTableFunction; calc: (LogicalNode & { kind: 'LogicalCalc' }) | null } | null {
  if (n.kind === 'LogicalWindowTableFunction') return { tvf: n, calc: null }
  if (n.kind === 'LogicalCalc' && n.input.kind === 'LogicalWindowTableFunction') return { tvf: n.input, calc: n }
  return null
}

/** The window definition that produced a node's window columns (through Calcs, window ranks and joins). */
export function windowSourceOf(n: LogicalNode): WindowDef | null {
  switch (n.kind) {
    case 'LogicalWindowTableFunction':
    case 'LogicalWindowAggregate':
      return n.window
    case 'LogicalCalc':
    case 'LogicalProject':
    case 'LogicalFilter':
    case 'LogicalWindowRank':
    case 'LogicalWatermarkAssigner':
      return windowSourceOf(n.input)
    case 'LogicalWindowJoin':
      return windowSourceOf(n.left)
    default:
      return null
  }
}
