/**
 * Row kinds of a changelog, as Flink names them. Stored as small integers in batches;
 * `ROW_KIND_SHORT[k]` gives `+I`, `-U`, `+U`, `-D` for printing.
 */
export const RowKind = {
  INSERT: 0,
  UPDATE_BEFORE: 1,
  UPDATE_AFTER: 2,
  DELETE: 3,
} as const
export type RowKind = (typeof RowKind)[keyof typeof RowKind]

export const ROW_KIND_SHORT: readonly string[] = ['+I', '-U', '+U', '-D']
export const ROW_KIND_NAME: readonly string[] = ['INSERT', 'UPDATE_BEFORE', 'UPDATE_AFTER', 'DELETE']

/**
 * Which row kinds a stream may carry. Insert-only is `[I]`; a retract stream `[I, UB, UA, D]`; an upsert stream
 * `[I, UA, D]` with `upsertKey` (field indices) saying which key an update or delete replaces.
 */
export interface ChangelogMode {
  readonly kinds: readonly RowKind[]
  readonly upsertKey?: readonly number[]
}

export const INSERT_ONLY: ChangelogMode = { kinds: [RowKind.INSERT] }
export const RETRACT: ChangelogMode = { kinds: [RowKind.INSERT, RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER, RowKind.DELETE] }
export function upsertMode(key: readonly number[]): ChangelogMode {
  return { kinds: [RowKind.INSERT, RowKind.UPDATE_AFTER, RowKind.DELETE], upsertKey: key }
}

export function isInsertOnly(m: ChangelogMode): boolean {
  return m.kinds.length === 1 && m.kinds[0] === RowKind.INSERT
}

/** Flink's EXPLAIN spelling: `[I]`, `[I,UB,UA,D]`, `[I,UA,D]`. */
export function formatChangelogMode(m: ChangelogMode): string {
  const short = ['I', 'UB', 'UA', 'D']
  return `[${m.kinds.map((k) => short[k]).join(',')}]`
}
