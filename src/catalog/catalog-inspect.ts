/** DESCRIBE rows and SHOW CREATE TABLE/VIEW text, in Flink's shape. */
import { formatType, withNullable } from '../sql/data-type.js'
import type { CatalogColumn, CatalogObject, CatalogTable, CatalogView } from './catalog-table.js'
import { maskSecrets } from './option-validator.js'

const q = (s: string): string => '`' + s.replace(/`/g, '``') + '`'
const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`

export function describeRows(obj: CatalogObject): { columns: string[]; rows: string[][] } {
  const columns = ['name', 'type', 'null', 'key', 'extras', 'watermark']
  if (obj.kind === 'view') {
    return { columns, rows: obj.columns.map((c) => [c.name, formatType(withNullable(c.type, true)), c.type.nullable ? 'TRUE' : 'FALSE', '', '', '']) }
  }
  const pk = obj.primaryKey
  const rows = obj.columns.map((c) => {
    const key = pk !== null && pk.columns.includes(c.name) ? `PRI(${pk.columns.join(', ')})` : ''
    const wm = obj.watermark !== null && obj.watermark.column === c.name ? obj.watermark.sql : ''
    return [c.name, formatType(withNullable(c.type, true)), c.type.nullable ? 'TRUE' : 'FALSE', key, extras(c), wm]
  })
  return { columns, rows }
}

function extras(c: CatalogColumn): string {
  switch (c.kind) {
    case 'physical':
      return ''
    case 'computed':
      return `AS ${c.sql}`
    case 'metadata':
      return `METADATA${c.explicitKey ? ` FROM ${lit(c.key)}` : ''}${c.virtual ? ' VIRTUAL' : ''}`
  }
}

function columnLine(c: CatalogColumn): string {
  const comment = c.comment === undefined ? '' : ` COMMENT ${lit(c.comment)}`
  switch (c.kind) {
    case 'physical':
      return `${q(c.name)} ${formatTypeForDdl(c)}${comment}`
    case 'computed':
      return `${q(c.name)} AS ${c.sql}${comment}`
    case 'metadata':
      return `${q(c.name)} ${formatTypeForDdl(c)} ${extras(c)}${comment}`
  }
}

function formatTypeForDdl(c: CatalogColumn): string {
  const t = c.type
  if ((t.kind === 'TIMESTAMP' || t.kind === 'TIMESTAMP_LTZ') && t.timeAttribute !== undefined) {
    const { timeAttribute: _a, ...rest } = t
    return formatType(rest)
  }
  return formatType(t)
}

export function showCreateTable(t: CatalogTable): string {
  const lines = t.columns.map(columnLine)
  if (t.watermark !== null) lines.push(`WATERMARK FOR ${q(t.watermark.column)} AS ${t.watermark.sql}`)
  if (t.primaryKey !== null) lines.push(`CONSTRAINT ${q(t.primaryKey.name)} PRIMARY KEY (${t.primaryKey.columns.map(q).join(', ')}) NOT ENFORCED`)
  const path = `${q(t.path.catalog)}.${q(t.path.database)}.${q(t.path.object)}`
  let out = `CREATE ${t.temporary ? 'TEMPORARY ' : ''}TABLE ${path} (\n${lines.map((l) => `  ${l}`).join(',\n')}\n)`
  if (t.comment !== undefined) out += `\nCOMMENT ${lit(t.comment)}`
  if (t.partitionKeys.length > 0) out += `\nPARTITIONED BY (${t.partitionKeys.map(q).join(', ')})`
  const opts = Object.entries(maskSecrets(t.options))
  if (opts.length > 0) out += `\nWITH (\n${opts.map(([k, v]) => `  ${lit(k)} = ${lit(v)}`).join(',\n')}\n)`
  return out + '\n'
}

export function showCreateView(v: CatalogView): string {
  const path = `${q(v.path.catalog)}.${q(v.path.database)}.${q(v.path.object)}`
  const cols = v.columns.length > 0 ? `(${v.columns.map((c) => q(c.name)).join(', ')})` : ''
  const comment = v.comment === undefined ? '' : `\nCOMMENT ${lit(v.comment)}`
  return `CREATE ${v.temporary ? 'TEMPORARY ' : ''}VIEW ${path}${cols}${comment} AS\n${v.querySql}\n`
}

/** SQL LIKE ('%' any run, '_' one character), optionally case-insensitive (ILIKE). */
export function likeMatches(s: string, pattern: string, caseInsensitive: boolean): boolean {
  let re = '^'
  for (const ch of pattern) {
    if (ch === '%') re += '.*'
    else if (ch === '_') re += '.'
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(re + '$', caseInsensitive ? 'is' : 's').test(s)
}
