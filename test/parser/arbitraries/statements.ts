/** Arbitraries for every statement kind, in the shapes the parser produces. */
import fc from 'fast-check'
import type { ColumnDef, ExplainDetail, Insert, LikeOption, ShowWhat, Statement } from '../../../src/sql/ast.js'
import { anyText, compact, ident, identList, optional, properties, property, qualifiedName, span, typeRef } from './base.js'
import { expr, hints, query } from './sql.js'

const D = 2
const e = expr(D)
const q = query(D)
const comment = optional(anyText)
const like = optional(fc.record({ pattern: anyText, negated: fc.boolean(), caseInsensitive: fc.boolean() }))

const column: fc.Arbitrary<ColumnDef> = fc.oneof(
  fc.record({ name: ident, type: typeRef, primaryKey: fc.boolean(), comment }).map((r) => compact<ColumnDef>({ kind: 'PhysicalColumn', span, ...r })),
  fc.record({ name: ident, expr: e, comment }).map((r) => compact<ColumnDef>({ kind: 'ComputedColumn', span, ...r })),
  fc.record({ name: ident, type: typeRef, key: optional(anyText), virtual: fc.boolean(), comment }).map((r) => compact<ColumnDef>({ kind: 'MetadataColumn', span, ...r })),
)

const likeOption: fc.Arbitrary<LikeOption> = fc
  .record({
    mode: fc.constantFrom('INCLUDING' as const, 'EXCLUDING' as const, 'OVERWRITING' as const),
    what: fc.constantFrom('ALL' as const, 'CONSTRAINTS' as const, 'GENERATED' as const, 'METADATA' as const, 'OPTIONS' as const, 'PARTITIONS' as const, 'WATERMARKS' as const),
  })
  .map((r) => ({ kind: 'LikeOption', span, ...r }))

const createTable: fc.Arbitrary<Statement> = fc
  .record({
    temporary: fc.boolean(),
    ifNotExists: fc.boolean(),
    name: qualifiedName(),
    columns: fc.array(column, { maxLength: 3 }),
    watermark: optional(fc.record({ column: ident, expr: e }).map((w) => ({ kind: 'WatermarkDef' as const, span, ...w }))),
    primaryKey: optional(fc.record({ constraintName: optional(ident), columns: identList, enforced: fc.boolean() }).map((p) => compact<Statement>({ kind: 'PrimaryKeyDef', span, ...p }))),
    comment,
    partitionedBy: fc.array(ident, { maxLength: 2 }),
    options: properties,
    like: optional(fc.record({ table: qualifiedName(), options: fc.array(likeOption, { maxLength: 3 }) }).map((l) => ({ kind: 'LikeClause' as const, span, ...l }))),
    asQuery: optional(q, 1),
  })
  .map((r) => compact<Statement>({ kind: 'CreateTable', span, ...r }))

export const insert: fc.Arbitrary<Insert> = fc
  .record({
    overwrite: fc.boolean(),
    target: qualifiedName(),
    hints,
    partition: fc.array(property, { maxLength: 2 }),
    columns: fc.array(ident, { maxLength: 2 }),
    query: q,
  })
  .map((r) => ({ kind: 'Insert', span, ...r }))

const statementSet = fc.array(insert, { minLength: 1, maxLength: 2 }).map((inserts) => ({ kind: 'StatementSet' as const, span, inserts }))
const queryStatement = q.map((query) => ({ kind: 'QueryStatement' as const, span, query }))

const SHOW_WHAT: ShowWhat[] = ['CATALOGS', 'CURRENT_CATALOG', 'DATABASES', 'CURRENT_DATABASE', 'TABLES', 'VIEWS', 'FUNCTIONS', 'USER_FUNCTIONS', 'JOBS', 'MODULES', 'FULL_MODULES', 'JARS']
const DETAILS: ExplainDetail[] = ['ESTIMATED_COST', 'CHANGELOG_MODE', 'JSON_EXECUTION_PLAN', 'PLAN_ADVICE']

export const statement: fc.Arbitrary<Statement> = fc.oneof(
  createTable,
  fc
    .record({ temporary: fc.boolean(), ifNotExists: fc.boolean(), name: qualifiedName(), columns: fc.array(ident, { maxLength: 2 }), comment, query: q })
    .map((r) => compact<Statement>({ kind: 'CreateView', span, ...r })),
  fc.record({ kind: fc.constantFrom('DropTable' as const, 'DropView' as const), temporary: fc.boolean(), ifExists: fc.boolean(), name: qualifiedName() }).map((r): Statement => ({ span, ...r })),
  fc
    .record({
      ifExists: fc.boolean(),
      name: qualifiedName(),
      action: fc.oneof(
        properties.map((options) => ({ kind: 'SetOptions' as const, options })),
        fc.array(anyText, { minLength: 1, maxLength: 2 }).map((keys) => ({ kind: 'ResetOptions' as const, keys })),
        qualifiedName().map((newName) => ({ kind: 'Rename' as const, newName })),
      ),
    })
    .map((r): Statement => ({ kind: 'AlterTable', span, ...r })),
  fc.record({ ifNotExists: fc.boolean(), name: ident, options: properties }).map((r): Statement => ({ kind: 'CreateCatalog', span, ...r })),
  fc.record({ ifExists: fc.boolean(), name: ident }).map((r): Statement => ({ kind: 'DropCatalog', span, ...r })),
  fc.record({ ifNotExists: fc.boolean(), name: qualifiedName(2), comment, options: properties }).map((r) => compact<Statement>({ kind: 'CreateDatabase', span, ...r })),
  fc.record({ ifExists: fc.boolean(), name: qualifiedName(2), cascade: fc.boolean() }).map((r): Statement => ({ kind: 'DropDatabase', span, ...r })),
  ident.map((name): Statement => ({ kind: 'UseCatalog', span, name })),
  qualifiedName(2).map((name): Statement => ({ kind: 'UseDatabase', span, name })),
  insert,
  statementSet,
  fc.constantFrom<Statement>({ kind: 'BeginStatementSet', span }, { kind: 'End', span }, { kind: 'Help', span }, { kind: 'Quit', span }, { kind: 'Clear', span }),
  queryStatement,
  fc
    .record({
      head: fc.oneof(fc.constant({ planFor: true, details: [] as ExplainDetail[] }), fc.uniqueArray(fc.constantFrom(...DETAILS), { maxLength: 3 }).map((details) => ({ planFor: false, details }))),
      statement: fc.oneof(queryStatement, insert, statementSet),
    })
    .map(({ head, statement }): Statement => ({ kind: 'Explain', span, ...head, statement })),
  fc.oneof(
    fc.constant<Statement>({ kind: 'Set', span }),
    anyText.map((key): Statement => ({ kind: 'Set', span, key })),
    fc.record({ key: anyText, value: anyText }).map((r): Statement => ({ kind: 'Set', span, ...r })),
  ),
  optional(anyText).map((key) => compact<Statement>({ kind: 'Reset', span, key })),
  fc.record({ what: fc.constantFrom(...SHOW_WHAT), from: optional(qualifiedName(2)), like }).map((r) => compact<Statement>({ kind: 'Show', span, ...r })),
  fc.record({ objectType: fc.constantFrom('TABLE' as const, 'VIEW' as const), name: qualifiedName() }).map((r): Statement => ({ kind: 'ShowCreate', span, ...r })),
  fc.record({ table: qualifiedName(), like }).map((r) => compact<Statement>({ kind: 'ShowColumns', span, ...r })),
  fc.record({ name: qualifiedName(), extended: fc.boolean() }).map((r): Statement => ({ kind: 'Describe', span, ...r })),
  fc.record({ jobId: anyText, withSavepoint: fc.boolean(), withDrain: fc.boolean() }).map((r): Statement => ({ kind: 'StopJob', span, ...r })),
)
