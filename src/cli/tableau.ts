/**
 * Flink's tableau output (TableauStyle / CliTableauResultView): `+----+` borders, every cell right-aligned and
 * padded to its column width, strings wider than the column cut to `...`, NULL as `<NULL>`.
 * Streaming results know their widths up front from the column types (rows are printed as they arrive) and carry
 * an `op` column; batch results and status tables (SHOW, DESCRIBE) size columns by their content.
 */
import type { DataType } from '../sql/data-type.js'
import type { Field } from '../plan/physical/stream-nodes.js'

export const NULL_TEXT = '<NULL>'
export const ROW_KIND_COLUMN = 'op'
const TRUNCATED = '...'

/** Code points of East Asian Wide and Fullwidth characters (UAX #11), which take two terminal cells. */
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x23f0, 0x23f0], [0x23f3, 0x23f3],
  [0x25fd, 0x25fe], [0x2614, 0x2615], [0x2648, 0x2653], [0x267f, 0x267f], [0x2693, 0x2693], [0x26a1, 0x26a1],
  [0x26aa, 0x26ab], [0x26bd, 0x26be], [0x26c4, 0x26c5], [0x26ce, 0x26ce], [0x26d4, 0x26d4], [0x26ea, 0x26ea],
  [0x26f2, 0x26f3], [0x26f5, 0x26f5], [0x26fa, 0x26fa], [0x26fd, 0x26fd], [0x2705, 0x2705], [0x270a, 0x270b],
  [0x2728, 0x2728], [0x274c, 0x274c], [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2795, 0x2797],
  [0x27b0, 0x27b0], [0x27bf, 0x27bf], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55], [0x2e80, 0x303e],
  [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf], [0xa960, 0xa97f], [0xac00, 0xd7a3],
  [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x16fe0, 0x16fe4],
  [0x17000, 0x18cff], [0x1b000, 0x1b2ff], [0x1f004, 0x1f004], [0x1f0cf, 0x1f0cf], [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a], [0x1f200, 0x1f251], [0x1f300, 0x1f320], [0x1f32d, 0x1f335], [0x1f337, 0x1f37c],
  [0x1f37e, 0x1f393], [0x1f3a0, 0x1f3ca], [0x1f3cf, 0x1f3d3], [0x1f3e0, 0x1f3f0], [0x1f3f4, 0x1f3f4],
  [0x1f3f8, 0x1f43e], [0x1f440, 0x1f440], [0x1f442, 0x1f4fc], [0x1f4ff, 0x1f53d], [0x1f54b, 0x1f54e],
  [0x1f550, 0x1f567], [0x1f57a, 0x1f57a], [0x1f595, 0x1f596], [0x1f5a4, 0x1f5a4], [0x1f5fb, 0x1f64f],
  [0x1f680, 0x1f6c5], [0x1f6cc, 0x1f6cc], [0x1f6d0, 0x1f6d2], [0x1f6d5, 0x1f6d7], [0x1f6eb, 0x1f6ec],
  [0x1f6f4, 0x1f6fc], [0x1f7e0, 0x1f7eb], [0x1f90c, 0x1f93a], [0x1f93c, 0x1f945], [0x1f947, 0x1f9ff],
  [0x1fa70, 0x1faff], [0x20000, 0x2fffd], [0x30000, 0x3fffd],
]

export function isFullWidth(codePoint: number): boolean {
  if (codePoint < 0x1100) return false
  let lo = 0
  let hi = WIDE_RANGES.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const r = WIDE_RANGES[mid] as readonly [number, number]
    if (codePoint < r[0]) hi = mid - 1
    else if (codePoint > r[1]) lo = mid + 1
    else return true
  }
  return false
}

/** Terminal cells the text takes: one per code point, two for wide ones. */
export function displayWidth(text: string): number {
  let w = 0
  for (const ch of text) w += isFullWidth(ch.codePointAt(0) as number) ? 2 : 1
  return w
}

/** The longest prefix that fits `target` cells, left-padded to exactly `target` when a wide character did not fit. */
function truncateToWidth(text: string, target: number): string {
  let width = 0
  let out = ''
  for (const ch of text) {
    const w = isFullWidth(ch.codePointAt(0) as number) ? 2 : 1
    if (width + w > target) break
    width += w
    out += ch
  }
  return ' '.repeat(Math.max(0, target - width)) + out
}

function timestampWidth(precision: number): number {
  if (precision === 0) return 19
  if (precision <= 3) return 23
  if (precision <= 6) return 26
  return 29
}

/** Width a value of this type needs at most; variable-width types get the column maximum. */
export function typeWidth(type: DataType, maxColumnWidth: number): number {
  switch (type.kind) {
    case 'TINYINT':
      return 4
    case 'SMALLINT':
      return 6
    case 'INT':
      return 11
    case 'BIGINT':
      return 20
    case 'DECIMAL':
      return type.precision + 2
    case 'BOOLEAN':
      return 5
    case 'DATE':
      return 10
    case 'TIME':
      return type.precision === 0 ? 8 : type.precision + 9
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return timestampWidth(type.precision)
    default:
      return maxColumnWidth
  }
}

/** Streaming widths (Flink's columnWidthsByType): known before the first row, so rows print as they arrive. */
export function columnWidthsByType(fields: readonly Field[], maxColumnWidth: number, printRowKind: boolean): number[] {
  const widths = fields.map((f) => Math.max(displayWidth(f.name), typeWidth(f.type, maxColumnWidth), NULL_TEXT.length))
  return printRowKind ? [ROW_KIND_COLUMN.length, ...widths] : widths
}

/** Batch / status widths (Flink's columnWidthsByContent): the widest of name and values, capped. */
export function columnWidthsByContent(names: readonly string[], rows: readonly (readonly string[])[], maxColumnWidth: number): number[] {
  const widths = names.map((n) => displayWidth(n))
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))
    })
  }
  return widths.map((w) => Math.min(w, maxColumnWidth))
}

export function borderLine(widths: readonly number[]): string {
  return '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+'
}

/** `| a | b |` with every cell right-aligned; cells wider than their column end in `...`. */
export function tableauRow(widths: readonly number[], cells: readonly string[]): string {
  let line = '|'
  cells.forEach((cell, i) => {
    const width = widths[i] ?? 0
    const w = displayWidth(cell)
    line += ' '
    if (w <= width) line += ' '.repeat(width - w) + cell
    else line += truncateToWidth(cell, Math.max(0, width - TRUNCATED.length)) + TRUNCATED
    line += ' |'
  })
  return line
}

export function rowTerm(n: number): string {
  return n > 1 ? 'rows' : 'row'
}

/** A whole table sized by content, ending with `N rows in set`, or just `Empty set`. */
export function renderTable(names: readonly string[], rows: readonly (readonly string[])[], maxColumnWidth = Number.MAX_SAFE_INTEGER): string[] {
  if (rows.length === 0) return ['Empty set']
  const widths = columnWidthsByContent(names, rows, maxColumnWidth)
  const border = borderLine(widths)
  return [border, tableauRow(widths, names), border, ...rows.map((r) => tableauRow(widths, r)), border, `${rows.length} ${rowTerm(rows.length)} in set`]
}

/** Turns one value into its cell text (Flink's CAST to STRING); NULL is handled by the caller. */
export type ValueFormatter = (value: unknown, type: DataType) => string

export function formatCells(row: readonly unknown[], fields: readonly Field[], format: ValueFormatter): string[] {
  return fields.map((f, i) => {
    const v = row[i]
    return v === null || v === undefined ? NULL_TEXT : format(v, f.type)
  })
}

/**
 * Prints a streaming result the way Flink's SQL client does: header at once, each change as it arrives, then
 * the bottom border (only when rows came) and `Received a total of N rows`.
 */
export class StreamingTableau {
  private readonly widths: number[]
  private readonly border: string
  private count = 0

  constructor(
    private readonly fields: readonly Field[],
    private readonly write: (line: string) => void,
    private readonly format: ValueFormatter,
    maxColumnWidth: number,
  ) {
    this.widths = columnWidthsByType(fields, maxColumnWidth, true)
    this.border = borderLine(this.widths)
  }

  get rowCount(): number {
    return this.count
  }

  header(): void {
    this.write(this.border)
    this.write(tableauRow(this.widths, [ROW_KIND_COLUMN, ...this.fields.map((f) => f.name)]))
    this.write(this.border)
  }

  row(op: string, values: readonly unknown[]): void {
    this.write(tableauRow(this.widths, [op, ...formatCells(values, this.fields, this.format)]))
    this.count++
  }

  /** The result ended. */
  end(): void {
    if (this.count > 0) this.write(this.border)
    this.write(`Received a total of ${this.count} ${rowTerm(this.count)}`)
  }

  /** The user cancelled (Ctrl-C). */
  terminated(): void {
    if (this.count > 0) this.write(this.border)
    this.write(`Query terminated, received a total of ${this.count} ${rowTerm(this.count)}`)
  }
}
