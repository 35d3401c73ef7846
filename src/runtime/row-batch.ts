/**
 * Records travel in batches: an array of rows and, when any row is not +I, a parallel array of row kinds.
 * Batches are handed over, not shared: whoever receives one owns it (no defensive copies on the hot path).
 */
import { RowKind } from '../sql/row-kind.js'

export type Row = unknown[]

export interface RowBatch {
  readonly rows: Row[]
  /** Row kind per row; null when every row is +I (the common case costs nothing). */
  readonly kinds: Uint8Array | null
}

export const EMPTY_BATCH: RowBatch = { rows: [], kinds: null }

export function insertBatch(rows: Row[]): RowBatch {
  return { rows, kinds: null }
}

export function kindAt(batch: RowBatch, i: number): RowKind {
  return batch.kinds === null ? RowKind.INSERT : (batch.kinds[i] as RowKind)
}

/** Collects rows and kinds; allocates the kinds array only once a non-insert row arrives. */
export class RowBatchBuilder {
  private rows: Row[] = []
  private kinds: number[] | null = null

  get size(): number {
    return this.rows.length
  }

  push(row: Row, kind: number = RowKind.INSERT): void {
    if (kind !== RowKind.INSERT && this.kinds === null) this.kinds = new Array<number>(this.rows.length).fill(RowKind.INSERT)
    this.rows.push(row)
    if (this.kinds !== null) this.kinds.push(kind)
  }

  /** Returns the batch built so far and starts a new one. */
  build(): RowBatch {
    const batch: RowBatch = { rows: this.rows, kinds: this.kinds === null ? null : Uint8Array.from(this.kinds) }
    this.rows = []
    this.kinds = null
    return batch
  }
}
