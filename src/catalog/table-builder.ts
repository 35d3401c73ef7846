/**
 * CREATE TABLE -> CatalogTable: LIKE merging, column typing (computed columns by inference, metadata columns
 * against the connector's declared keys), watermark and primary key checks, option validation.
 */
import type { ColumnDef, CreateTable, Expr, Ident, LikeOption, LikeOptionKind } from '../sql/ast.js'
import { printExpr } from '../sql/print-expr.js'
import type { DataType } from '../sql/data-type.js'
import { withNullable } from '../sql/data-type.js'
import type { Span } from '../sql/span.js'
import { EngineError, SqlError } from '../errors.js'
import type { Field } from '../plan/physical/stream-nodes.js'
import type { CatalogColumn, CatalogTable, ObjectPath, PrimaryKey, WatermarkSpec } from './catalog-table.js'
import { connectorFields } from './catalog-table.js'
import type { ConnectorRegistry } from './connector-registry.js'
import { ExpressionBinder } from './expression-binder.js'
import { FieldListResolver } from './field-resolver.js'
import { planError, typeName } from './plan-errors.js'
import { validateConnectorOptions } from './option-validator.js'
import { parseTypeString } from './type-string.js'
import { dropTimeAttribute, isAssignable, isTimestamp } from './type-inference.js'

export interface TableBuildContext {
  readonly sql: string
  readonly timeZone: string
  readonly connectors: ConnectorRegistry
  /** The LIKE source, already resolved (or throws a positioned not-found error). */
  readonly likeSource?: CatalogTable
}

type Strategy = 'INCLUDING' | 'EXCLUDING' | 'OVERWRITING'

/** Flink's LIKE defaults: INCLUDING ALL OVERWRITING OPTIONS, refined by the written options in order. */
function likeStrategies(options: readonly LikeOption[]): Record<Exclude<LikeOptionKind, 'ALL'>, Strategy> {
  const s: Record<Exclude<LikeOptionKind, 'ALL'>, Strategy> = {
    CONSTRAINTS: 'INCLUDING',
    GENERATED: 'INCLUDING',
    METADATA: 'INCLUDING',
    OPTIONS: 'OVERWRITING',
    PARTITIONS: 'INCLUDING',
    WATERMARKS: 'INCLUDING',
  }
  for (const o of options) {
    if (o.what === 'ALL') for (const k of Object.keys(s) as (keyof typeof s)[]) s[k] = o.mode
    else s[o.what] = o.mode
  }
  return s
}

export function text(sql: string, span: Span): string {
  return sql.slice(span.start.offset, span.end.offset)
}

/** Deep copy of an AST value with every column reference quoted, so it prints as Flink expands it (`ts` - ...). */
function quoteColumns<T>(x: T): T {
  if (Array.isArray(x)) return x.map(quoteColumns) as T
  if (x === null || typeof x !== 'object') return x
  const o = x as Record<string, unknown>
  if (o['kind'] === 'ColumnRef') return { ...o, parts: (o['parts'] as Ident[]).map((p) => ({ ...p, quoted: true })) } as T
  if (o['kind'] === 'Query') return x
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) out[k] = k === 'span' ? v : quoteColumns(v)
  return out as T
}

/** An expression as DESCRIBE and SHOW CREATE TABLE show it: Flink's expanded form with quoted columns. */
export function expressionSql(e: Expr): string {
  return printExpr(quoteColumns(e))
}

export function buildTable(stmt: CreateTable, path: ObjectPath, ctx: TableBuildContext): CatalogTable {
  const { sql } = ctx
  const err = (code: string, msg: string, span: Span, hint?: string): SqlError => planError(code, msg, span, sql, hint)
  const base = ctx.likeSource
  const like = stmt.like === undefined ? undefined : likeStrategies(stmt.like.options)

  // ---- columns: base columns first (physical always; computed/metadata per strategy), then the new ones.
  const columns: CatalogColumn[] = []
  const columnSpans = new Map<string, Span>()
  if (base !== undefined && like !== undefined) {
    for (const c of base.columns) {
      if (c.kind === 'computed' && like.GENERATED === 'EXCLUDING') continue
      if (c.kind === 'metadata' && like.METADATA === 'EXCLUDING') continue
      columns.push(stripRowtime(c))
    }
  }
  const pending: { def: ColumnDef; index: number }[] = []
  for (const def of stmt.columns) {
    const name = def.name.value
    const existing = columns.findIndex((c) => c.name === name)
    if (existing >= 0) {
      const old = columns[existing] as CatalogColumn
      const overwritable =
        like !== undefined &&
        ((old.kind === 'computed' && like.GENERATED === 'OVERWRITING' && def.kind === 'ComputedColumn') ||
          (old.kind === 'metadata' && like.METADATA === 'OVERWRITING' && def.kind === 'MetadataColumn'))
      if (base !== undefined && columnSpans.get(name) === undefined && overwritable) {
        pending.push({ def, index: existing })
        columnSpans.set(name, def.name.span)
        continue
      }
      const msg = columnSpans.has(name) ? `duplicate column name '${name}'` : `a column named '${name}' already exists in the base table`
      throw err('PLAN_DUPLICATE_COLUMN', msg, def.name.span)
    }
    columnSpans.set(name, def.name.span)
    columns.push({ kind: 'physical', name, type: { kind: 'NULL', nullable: true } })
    pending.push({ def, index: columns.length - 1 })
  }

  // Physical and metadata columns first, so computed columns can be typed against them.
  const connectorId = mergedOptions(stmt, base, like, sql)['connector']
  const factory = connectorId !== undefined && ctx.connectors.has(connectorId) ? ctx.connectors.connector(connectorId) : undefined
  for (const { def, index } of pending) {
    if (def.kind === 'PhysicalColumn') {
      columns[index] = def.comment === undefined ? { kind: 'physical', name: def.name.value, type: def.type.type } : { kind: 'physical', name: def.name.value, type: def.type.type, comment: def.comment }
    } else if (def.kind === 'MetadataColumn') {
      const key = def.key ?? def.name.value
      if (factory !== undefined) {
        const declared = [...(factory.source?.metadata ?? [])]
        const spec = declared.find((m) => m.key === key)
        if (spec === undefined) {
          const known = declared.map((m) => `'${m.key}'`).join(', ')
          throw err('PLAN_INVALID_METADATA', `connector '${factory.identifier}' has no metadata key '${key}'`, def.span, known === '' ? 'this connector declares no metadata keys' : `available metadata keys: ${known}`)
        }
        const mt = parseTypeString(spec.type)
        if (mt !== undefined && !isAssignable(mt, def.type.type)) {
          throw err('PLAN_INVALID_METADATA', `metadata key '${key}' of connector '${factory.identifier}' is ${spec.type}, which cannot be read as ${typeName(def.type.type)}`, def.type.span)
        }
      }
      const col: CatalogColumn = { kind: 'metadata', name: def.name.value, type: def.type.type, key, explicitKey: def.key !== undefined, virtual: def.virtual }
      columns[index] = def.comment === undefined ? col : { ...col, comment: def.comment }
    }
  }
  // Primary key columns are NOT NULL before computed columns are typed from them (as Flink resolves the schema).
  const pkNames = new Set<string>(
    stmt.primaryKey !== undefined
      ? stmt.primaryKey.columns.map((c) => c.value)
      : [...stmt.columns.filter((c) => c.kind === 'PhysicalColumn' && c.primaryKey).map((c) => c.name.value), ...(base?.primaryKey != null && like?.CONSTRAINTS !== 'EXCLUDING' ? base.primaryKey.columns : [])],
  )
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i] as CatalogColumn
    if (c.kind === 'physical' && pkNames.has(c.name)) columns[i] = { ...c, type: withNullable(c.type, false) }
  }
  const exprFields = (forComputed: boolean): (Field | undefined)[] =>
    columns.map((c) => (c.kind === 'computed' && forComputed ? undefined : { name: c.name, type: c.type }))
  const forbiddenComputed = new Map(columns.filter((c) => c.kind === 'computed').map((c) => [c.name, `computed column '${c.name}' cannot be referenced by another computed column`]))
  for (const { def, index } of pending) {
    if (def.kind !== 'ComputedColumn') continue
    for (const p of pending) if (p.def.kind === 'ComputedColumn') forbiddenComputed.set(p.def.name.value, `computed column '${p.def.name.value}' cannot be referenced by another computed column`)
    const binder = new ExpressionBinder(new FieldListResolver(exprFields(true), sql, forbiddenComputed), {}, { sql, timeZone: ctx.timeZone, clause: 'computed column' })
    const rex = binder.bind(def.expr)
    const col: CatalogColumn = { kind: 'computed', name: def.name.value, type: rex.type, expr: def.expr, sql: expressionSql(def.expr) }
    columns[index] = def.comment === undefined ? col : { ...col, comment: def.comment }
  }

  // ---- watermark
  let watermark: WatermarkSpec | null = null
  if (base?.watermark != null && like?.WATERMARKS !== 'EXCLUDING') watermark = base.watermark
  if (stmt.watermark !== undefined) {
    if (watermark !== null && like?.WATERMARKS === 'INCLUDING') {
      throw err('PLAN_INVALID_WATERMARK', `there already exists a watermark spec for column '${watermark.column}' in the base table; use OVERWRITING WATERMARKS to replace it`, stmt.watermark.span)
    }
    watermark = { column: stmt.watermark.column.value, expr: stmt.watermark.expr, sql: expressionSql(stmt.watermark.expr) }
  }
  if (watermark !== null) {
    const colIdx = columns.findIndex((c) => c.name === watermark.column)
    const col = columns[colIdx]
    const span = stmt.watermark?.column.span ?? stmt.name.span
    if (col === undefined) {
      throw err('PLAN_INVALID_WATERMARK', `the rowtime attribute field '${watermark.column}' is not defined in the table schema`, span)
    }
    if (!isTimestamp(col.type) || col.type.precision > 3) {
      throw err(
        'PLAN_INVALID_WATERMARK',
        `invalid data type of time field for watermark definition: the field '${col.name}' must be of type TIMESTAMP(p) or TIMESTAMP_LTZ(p) with precision 0 to 3, but is ${typeName(col.type)}`,
        span,
      )
    }
    const binder = new ExpressionBinder(new FieldListResolver(columns.map((c) => ({ name: c.name, type: c.type })), sql), {}, { sql, timeZone: ctx.timeZone, clause: 'watermark expression' })
    const wmRex = binder.bind(watermark.expr)
    if (!isTimestamp(wmRex.type) || wmRex.type.precision > 3) {
      throw err(
        'PLAN_INVALID_WATERMARK',
        `invalid data type of the watermark expression: it must be TIMESTAMP(p) or TIMESTAMP_LTZ(p) with precision 0 to 3, but is ${typeName(wmRex.type)}`,
        stmt.watermark?.expr.span ?? span,
      )
    }
    if (wmRex.type.kind !== col.type.kind) {
      throw err('PLAN_INVALID_WATERMARK', `the watermark expression's type ${typeName(wmRex.type)} does not match the rowtime column's type ${typeName(col.type)}`, stmt.watermark?.expr.span ?? span)
    }
    columns[colIdx] = { ...col, type: { ...col.type, timeAttribute: 'ROWTIME' } } as CatalogColumn
  }

  // ---- primary key
  let primaryKey: PrimaryKey | null = base?.primaryKey != null && like?.CONSTRAINTS !== 'EXCLUDING' ? base.primaryKey : null
  const inline = stmt.columns.filter((c) => c.kind === 'PhysicalColumn' && c.primaryKey)
  if (inline.length > 1) throw err('PLAN_INVALID_PRIMARY_KEY', 'a table can have only one primary key', (inline[1] as ColumnDef).span)
  if (inline.length === 1 && stmt.primaryKey !== undefined) throw err('PLAN_INVALID_PRIMARY_KEY', 'a table can have only one primary key', stmt.primaryKey.span)
  let pkSpan: Span | undefined
  let newPk: string[] | undefined
  let pkName: string | undefined
  if (stmt.primaryKey !== undefined) {
    if (stmt.primaryKey.enforced) {
      throw err(
        'PLAN_INVALID_PRIMARY_KEY',
        "Flink doesn't support ENFORCED mode for PRIMARY KEY constraint. ENFORCED/NOT ENFORCED controls if the constraint checks are performed on the incoming/outgoing data. Flink does not own the data therefore the only supported mode is the NOT ENFORCED mode",
        stmt.primaryKey.span,
      )
    }
    newPk = stmt.primaryKey.columns.map((c) => c.value)
    pkName = stmt.primaryKey.constraintName?.value
    pkSpan = stmt.primaryKey.span
  } else if (inline.length === 1) {
    newPk = [(inline[0] as ColumnDef).name.value]
    pkSpan = (inline[0] as ColumnDef).span
  }
  if (newPk !== undefined && pkSpan !== undefined) {
    if (primaryKey !== null && like?.CONSTRAINTS === 'INCLUDING') {
      throw err('PLAN_INVALID_PRIMARY_KEY', 'the base table already has a primary key; use EXCLUDING CONSTRAINTS (or OVERWRITING) to define a new one', pkSpan)
    }
    for (const name of newPk) {
      const c = columns.find((x) => x.name === name)
      if (c === undefined) throw err('PLAN_INVALID_PRIMARY_KEY', `primary key column '${name}' is not defined in the table schema`, pkSpan)
      if (c.kind !== 'physical') throw err('PLAN_INVALID_PRIMARY_KEY', `could not create a primary key with ${c.kind} column '${name}': a primary key can only consist of physical columns`, pkSpan)
    }
    primaryKey = { name: pkName ?? `PK_${newPk.join('_')}`, columns: newPk }
  }
  if (primaryKey !== null) {
    const pkCols = new Set(primaryKey.columns)
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i] as CatalogColumn
      if (pkCols.has(c.name)) columns[i] = { ...c, type: withNullable(c.type, false) } as CatalogColumn
    }
  }

  // ---- partitions
  let partitionKeys: readonly string[] = base !== undefined && like?.PARTITIONS !== 'EXCLUDING' ? base.partitionKeys : []
  if (stmt.partitionedBy.length > 0) {
    if (partitionKeys.length > 0 && like?.PARTITIONS === 'INCLUDING') {
      throw err('PLAN_INVALID_PARTITION', 'the base table already has partition keys; use EXCLUDING PARTITIONS (or OVERWRITING) to define new ones', stmt.partitionedBy[0]?.span ?? stmt.span)
    }
    for (const p of stmt.partitionedBy) {
      const c = columns.find((x) => x.name === p.value)
      if (c === undefined || c.kind !== 'physical') {
        throw err('PLAN_INVALID_PARTITION', `partition column '${p.value}' is not a physical column of the table`, p.span)
      }
    }
    partitionKeys = stmt.partitionedBy.map((p) => p.value)
  }

  const options = mergedOptions(stmt, base, like, sql)
  const table: CatalogTable = {
    kind: 'table',
    path,
    temporary: stmt.temporary,
    columns,
    watermark,
    primaryKey,
    partitionKeys,
    options,
    ...(stmt.comment === undefined ? {} : { comment: stmt.comment }),
  }
  if (options['connector'] !== undefined) {
    try {
      validateTableOptions(table, ctx.connectors, null)
    } catch (e) {
      throw positioned(e, stmt, sql)
    }
  }
  return table
}

function stripRowtime(c: CatalogColumn): CatalogColumn {
  return { ...c, type: dropTimeAttribute(c.type) } as CatalogColumn
}

function mergedOptions(stmt: CreateTable, base: CatalogTable | undefined, like: ReturnType<typeof likeStrategies> | undefined, sql: string): Record<string, string> {
  const out: Record<string, string> = {}
  if (base !== undefined && like !== undefined && like.OPTIONS !== 'EXCLUDING') Object.assign(out, base.options)
  for (const p of stmt.options) {
    if (base !== undefined && like?.OPTIONS === 'INCLUDING' && p.key in base.options) {
      throw planError('PLAN_DUPLICATE_OPTION', `option '${p.key}' is already defined in the base table; use OVERWRITING OPTIONS to replace it`, p.span, sql)
    }
    out[p.key] = p.value
  }
  return out
}

/** Attaches the CREATE TABLE's WITH clause (or the offending property) as the position of a connector error. */
function positioned(e: unknown, stmt: CreateTable, sql: string): unknown {
  if (!(e instanceof EngineError) || e instanceof SqlError) return e
  const key = /'([^']+)'/.exec(e.message)?.[1]
  const prop = stmt.options.find((p) => p.key === key) ?? stmt.options.find((p) => p.key === 'connector')
  const span = prop?.span ?? stmt.name.span
  return new SqlError(e.code, e.message, span, e.hint === undefined ? { source: sql, domain: e.domain } : { source: sql, hint: e.hint, domain: e.domain })
}

/**
 * Validates a table's options for its connector; `usage` adds the source/sink capability check done when a
 * query reads or writes the table. Throws EngineError (CONNECTOR_*).
 */
export function validateTableOptions(table: CatalogTable, connectors: ConnectorRegistry, usage: 'source' | 'sink' | null): void {
  const id = table.options['connector']
  const path = `${table.path.catalog}.${table.path.database}.${table.path.object}`
  if (id === undefined) {
    throw new EngineError('CONNECTOR_MISSING_OPTION', `Table options do not contain an option key 'connector' for discovering a connector (table ${path}).`)
  }
  const factory = connectors.connector(id)
  if (usage === 'source' && factory.source === undefined) {
    throw new EngineError('CONNECTOR_UNSUPPORTED_USAGE', `Connector '${id}' can only be used as a sink. It cannot be used as a source (table ${path}).`)
  }
  if (usage === 'sink' && factory.sink === undefined) {
    throw new EngineError('CONNECTOR_UNSUPPORTED_USAGE', `Connector '${id}' can only be used as a source. It cannot be used as a sink (table ${path}).`)
  }
  const pkIdx = table.primaryKey === null ? null : table.primaryKey.columns.map((c) => connectorFields(table).findIndex((f) => f.name === c))
  validateConnectorOptions(
    factory,
    { path, physicalFields: connectorFields(table), primaryKey: pkIdx, partitionKeys: table.partitionKeys, options: table.options },
    connectors,
  )
}

export function exprText(sql: string, e: Expr): string {
  return text(sql, e.span)
}

export type { DataType }
