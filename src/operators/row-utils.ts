/**
 * Small helpers shared by the stateful operators: row equality, row comparators from sort keys, key extraction
 * and setting the current key. Value order and equality come from the expression runtime.
 */
import type { OperatorContext } from '../runtime/operator.js'
import type { Row } from '../runtime/row-batch.js'
import type { SortKey } from '../plan/physical/stream-nodes.js'
import { keyGroupOf } from '../state/key-groups.js'
import { compileKeySelector } from '../runtime/expr/compile.js'
import { compareValues, valuesEqual } from '../runtime/expr/values.js'

export { compareValues, valuesEqual }

/** Equality of two rows of results (NULL equals NULL here: this compares outputs, not SQL predicates). */
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
export const keySelector: (indices: readonly number[]) => (row: Row) => string = compileKeySelector

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
