/** What every part of the binder shares: the catalog, connectors, session config, the statement text. */
import type { CatalogManager } from '../../catalog/catalog-manager.js'
import type { ConnectorRegistry } from '../../catalog/connector-registry.js'
import type { Query } from '../../sql/ast.js'
import type { LogicalNode } from '../logical/nodes.js'
import type { ScopeColumn } from './scope.js'

export interface BinderEnv {
  readonly catalog: CatalogManager
  readonly connectors: ConnectorRegistry
  readonly config: Readonly<Record<string, string>>
  readonly sql: string
}

/** A bound relation: its plan and the names that qualify its columns. */
export interface BoundRelation {
  readonly node: LogicalNode
  readonly columns: readonly ScopeColumn[]
}

export interface CteDef {
  readonly query: Query
  readonly columns: readonly string[]
  /** The CTEs visible where this CTE was defined (a CTE sees the ones before it). */
  readonly scope: CteScope
}

export type CteScope = ReadonlyMap<string, CteDef>

export function timeZoneOf(config: Readonly<Record<string, string>>): string {
  const z = config['table.local-time-zone']
  if (z === undefined) return 'UTC'
  return z === 'default' ? Intl.DateTimeFormat().resolvedOptions().timeZone : z
}

/** Columns of a relation renamed and requalified (derived tables, CTEs, views). */
export function requalify(columns: readonly ScopeColumn[], qualifier: string | null, names?: readonly string[]): ScopeColumn[] {
  return columns.map((c, i) => ({ name: names?.[i] ?? c.name, type: c.type, qualifier }))
}
