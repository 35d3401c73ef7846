/**
 * What the catalog stores: resolved tables (columns typed, watermark and keys checked) and views (a query kept as
 * AST, expanded wherever the view is used).
 */
import type { Expr, Query } from '../sql/ast.js'
import type { DataType } from '../sql/data-type.js'
import type { Field, TableDescriptor } from '../plan/physical/stream-nodes.js'

export interface ObjectPath {
  readonly catalog: string
  readonly database: string
  readonly object: string
}

export function formatPath(p: ObjectPath): string {
  return `${p.catalog}.${p.database}.${p.object}`
}

export type CatalogColumn =
  | { readonly kind: 'physical'; readonly name: string; readonly type: DataType; readonly comment?: string }
  | {
      readonly kind: 'computed'
      readonly name: string
      readonly type: DataType
      readonly expr: Expr
      /** The expression as written, for DESCRIBE and SHOW CREATE TABLE. */
      readonly sql: string
      readonly comment?: string
    }
  | {
      readonly kind: 'metadata'
      readonly name: string
      readonly type: DataType
      /** The connector's metadata key (the column name when FROM is omitted). */
      readonly key: string
      /** Whether FROM 'key' was written (for printing). */
      readonly explicitKey: boolean
      readonly virtual: boolean
      readonly comment?: string
    }

export interface WatermarkSpec {
  readonly column: string
  readonly expr: Expr
  readonly sql: string
}

export interface PrimaryKey {
  readonly name: string
  readonly columns: readonly string[]
}

export interface CatalogTable {
  readonly kind: 'table'
  readonly path: ObjectPath
  readonly temporary: boolean
  /** Columns in declaration order; a rowtime column's type carries timeAttribute ROWTIME, PROCTIME() columns PROCTIME. */
  readonly columns: readonly CatalogColumn[]
  readonly watermark: WatermarkSpec | null
  readonly primaryKey: PrimaryKey | null
  readonly partitionKeys: readonly string[]
  readonly options: Readonly<Record<string, string>>
  readonly comment?: string
}

export interface CatalogView {
  readonly kind: 'view'
  readonly path: ObjectPath
  readonly temporary: boolean
  readonly query: Query
  /** The query text as written (for SHOW CREATE VIEW). */
  readonly querySql: string
  /** The view's output columns (names possibly renamed by the column list) and types, derived at CREATE time. */
  readonly columns: readonly Field[]
  /** Column names given in `CREATE VIEW v (a, b) AS ...`, empty when absent. */
  readonly columnAliases: readonly string[]
  readonly comment?: string
}

export type CatalogObject = CatalogTable | CatalogView

export function physicalColumns(t: CatalogTable): Field[] {
  const out: Field[] = []
  for (const c of t.columns) if (c.kind === 'physical') out.push({ name: c.name, type: c.type })
  return out
}

/** Physical fields as the connector sees them: without time attribute markers. */
export function connectorFields(t: CatalogTable): Field[] {
  return physicalColumns(t).map((f) => ({ name: f.name, type: stripAttr(f.type) }))
}

function stripAttr(t: DataType): DataType {
  if ((t.kind === 'TIMESTAMP' || t.kind === 'TIMESTAMP_LTZ') && t.timeAttribute !== undefined) {
    const { timeAttribute: _a, ...rest } = t
    return rest
  }
  return t
}

/** The runtime's view of a table (structured-clone safe). */
export function tableDescriptor(t: CatalogTable): TableDescriptor {
  const phys = physicalColumns(t)
  const pk = t.primaryKey === null ? null : t.primaryKey.columns.map((c) => phys.findIndex((f) => f.name === c))
  return {
    path: formatPath(t.path),
    connector: t.options['connector'] ?? '',
    options: { ...t.options },
    physicalFields: connectorFields(t),
    primaryKey: pk,
    partitionKeys: [...t.partitionKeys],
  }
}
