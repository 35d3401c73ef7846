/**
 * Small helpers shared by the stateful operators: value order and equality on the runtime representation
 * (src/plan/rex.ts), row comparators from sort keys, key extraction, and setting the current key.
 */
import type { OperatorContext } from '../runtime/operator.js'
import type { Row } from '../runtime/row-batch.js'
import type { SortKey } from '../plan/physical/stream-nodes.js'
import { encodeKey, keyGroupOf } from '../state/key-groups.js'

/**
 * Order of two non-null values of the same SQL type. The runtime representation orders naturally: numbers and
 * bigints (BIGINT may be either, DECIMAL is a scaled bigint of one scale per type) compare with < across both,
 * strings by code unit, false < true, bytes and arrays lexicographically.
 */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1
  if (b === null || b === undefined) return 1
  const ta = typeof a
  if (ta === 'number' || ta === 'bigint' || ta === 'string' || ta === 'boolean') {
    // NaN sorts last, as Java's Double.compare does.
    if (ta === 'number' && Number.isNaN(a)) return typeof b === 'number' && Number.isNaN(b) ? 0 : 1
    if (typeof b === 'number' && Number.isNaN(b)) return -1
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    const n = Math.min(a.length, b.length)
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1
    return a.length - b.length
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length)
    for (let i = 0; i < n; i++) {
      const c = compareValues(a[i], b[i])
      if (c !== 0) return c
    }
    return a.length - b.length
  }
  const sa = String(a)
  const sb = String(b)
  return sa < sb ? -1 : sa > sb ? 1 : 0
}

/** SQL equality of two values in runtime representation (null equals null here: this compares results). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || a === undefined || b === undefined) return false
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b)
  if (typeof a !== 'object' || typeof b !== 'object') return false
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i])
  if (Array.isArray(a) && Array.isArray(b)) return rowsEqual(a, b)
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false
    for (const [k, v] of a) if (!b.has(k) || !valuesEqual(v, b.get(k))) return false
    return true
  }
  return false
}

export function rowsEqual(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false
  return true
}

export type RowComparator = (a: Row, b: Row) => number

/** Comparator for ORDER BY keys (ASC/DESC, NULLS FIRST/LAST). */
export function sortKeyComparator(keys: readonly SortKey[]): RowComparator {
  return (a, b) => {
    for (const k of keys) {
      const va = a[k.index]
      const vb = b[k.index]
      const na = va === null || va === undefined
      const nb = vb === null || vb === undefined
      let c: number
      if (na || nb) {
        if (na && nb) continue
        c = na === k.nullsFirst ? -1 : 1
      } else {
        c = compareValues(va, vb)
        if (k.descending) c = -c
      }
      if (c !== 0) return c
    }
    return 0
  }
}

/** Encodes the key fields of a row (encodeKey over the fields at `indices`). */
export function keySelector(indices: readonly number[]): (row: Row) => string {
  if (indices.length === 0) return () => ''
  if (indices.length === 1) {
    const i = indices[0]!
    return (row) => encodeKey([row[i]])
  }
  return (row) => encodeKey(indices.map((i) => row[i]))
}

export function project(row: Row, indices: readonly number[]): Row {
  const out = new Array<unknown>(indices.length)
  for (let i = 0; i < indices.length; i++) out[i] = row[indices[i]!]
  return out
}

/** Sets the backend's current key (and its key group) for the next state access. */
export function setCurrentKey(ctx: OperatorContext, key: string): void {
  ctx.state.setCurrentKey(key, keyGroupOf(key, ctx.maxParallelism))
}

/** keysOf for operators keyed by one selector: the distinct keys of a batch with their key groups. */
export function batchKeys(rows: readonly Row[], key: (row: Row) => string, maxParallelism: number): { key: string; keyGroup: number }[] {
  const seen = new Set<string>()
  const out: { key: string; keyGroup: number }[] = []
  for (const row of rows) {
    const k = key(row)
    if (seen.has(k)) continue
    seen.add(k)
    out.push({ key: k, keyGroup: keyGroupOf(k, maxParallelism) })
  }
  return out
}
