/** Leaf arbitraries for AST round-trip properties: names, strings, properties and data types. */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import type { Ident, Property, QualifiedName, TypeRef } from '../../../src/sql/ast.js'
import { MAX_LENGTH, type DataType } from '../../../src/sql/data-type.js'
import { NO_SPAN } from '../../../src/sql/span.js'
import { RESERVED_WORDS } from '../../../src/sql/keywords.js'

export const span = NO_SPAN

/** Every word the grammar treats as a keyword somewhere, reserved or not: plain names avoid them all. */
const GRAMMAR_KEYWORDS: ReadonlySet<string> = new Set(
  [...readFileSync(new URL('../../../grammar/flink-sql.peggy', import.meta.url), 'utf8').matchAll(/^([A-Z_]+) = "/gm)].map((m) => m[1] ?? ''),
)

const EXTRA_AVOID = new Set(['X', 'UNBOUNDED', 'CURRENT', 'TUMBLE_START'])

function isSafePlainName(n: string): boolean {
  const u = n.toUpperCase()
  return !RESERVED_WORDS.has(u) && !GRAMMAR_KEYWORDS.has(u) && !EXTRA_AVOID.has(u)
}

export const plainName: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom('a', 'b', 'c', 'x1', 'price', 'ts', 'userId', 'Name', 'dateTime', 'v_2', 'amount', 'T'),
    fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,5}$/),
  )
  .filter(isSafePlainName)

/** Any text, including quotes, backticks, semicolons, comment markers and non-ASCII letters. */
export const anyText: fc.Arbitrary<string> = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', ' ', "'", '`', ';', '-', '/', '*', '+', '\n', 'é', '日', '$', '.', ',', '(', ')'),
  maxLength: 8,
})

export const plainIdent: fc.Arbitrary<Ident> = plainName.map((value) => ({ kind: 'Ident', span, value, quoted: false }))

export const quotedIdent: fc.Arbitrary<Ident> = anyText.filter((s) => s.length > 0).map((value) => ({ kind: 'Ident', span, value, quoted: true }))

export const ident: fc.Arbitrary<Ident> = fc.oneof({ weight: 4, arbitrary: plainIdent }, { weight: 1, arbitrary: quotedIdent })

/** Parts after a dot may be any simple word, reserved ones included. */
export const identAfterDot: fc.Arbitrary<Ident> = fc.oneof(
  ident,
  fc.constantFrom('value', 'timestamp', 'select', 'from').map((value): Ident => ({ kind: 'Ident', span, value, quoted: false })),
)

export function partsArb(max: number): fc.Arbitrary<Ident[]> {
  return fc.tuple(ident, fc.array(identAfterDot, { maxLength: max - 1 })).map(([h, t]) => [h, ...t])
}

export function qualifiedName(max = 3): fc.Arbitrary<QualifiedName> {
  return partsArb(max).map((parts) => ({ kind: 'QualifiedName', span, parts }))
}

export const identList: fc.Arbitrary<Ident[]> = fc.array(ident, { minLength: 1, maxLength: 3 })

export const property: fc.Arbitrary<Property> = fc.record({ key: anyText, value: anyText }).map(({ key, value }) => ({ kind: 'Property', span, key, value }))

export const properties: fc.Arbitrary<Property[]> = fc.array(property, { maxLength: 3 })

const simpleTypeKind = fc.constantFrom('BOOLEAN', 'TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'FLOAT', 'DOUBLE', 'DATE') as fc.Arbitrary<
  'BOOLEAN' | 'TINYINT' | 'SMALLINT' | 'INT' | 'BIGINT' | 'FLOAT' | 'DOUBLE' | 'DATE'
>

const leafType: fc.Arbitrary<DataType> = fc.oneof(
  fc.record({ kind: simpleTypeKind, nullable: fc.boolean() }),
  fc.integer({ min: 1, max: 38 }).chain((precision) =>
    fc.record({ kind: fc.constant('DECIMAL' as const), nullable: fc.boolean(), precision: fc.constant(precision), scale: fc.integer({ min: 0, max: precision }) }),
  ),
  fc.record({ kind: fc.constantFrom('CHAR' as const, 'BINARY' as const), nullable: fc.boolean(), length: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ kind: fc.constantFrom('VARCHAR' as const, 'VARBINARY' as const), nullable: fc.boolean(), length: fc.oneof(fc.constant(MAX_LENGTH), fc.integer({ min: 1, max: 300 })) }),
  fc.record({ kind: fc.constant('TIME' as const), nullable: fc.boolean(), precision: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constantFrom('TIMESTAMP' as const, 'TIMESTAMP_LTZ' as const), nullable: fc.boolean(), precision: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constantFrom('INTERVAL_DAY_TIME' as const, 'INTERVAL_YEAR_MONTH' as const), nullable: fc.boolean() }),
)

export const dataType: fc.Arbitrary<DataType> = fc.letrec<{ t: DataType }>((tie) => ({
  t: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'type' },
    leafType,
    fc.record({ kind: fc.constantFrom('ARRAY' as const, 'MULTISET' as const), nullable: fc.boolean(), element: tie('t') }),
    fc.record({ kind: fc.constant('MAP' as const), nullable: fc.boolean(), key: tie('t'), value: tie('t') }),
    fc.record({
      kind: fc.constant('ROW' as const),
      nullable: fc.boolean(),
      fields: fc.array(
        fc.record({ name: fc.oneof(plainName, anyText.filter((s) => s.length > 0)), type: tie('t'), description: anyText }, { requiredKeys: ['name', 'type'] }),
        { maxLength: 3 },
      ),
    }),
  ),
})).t

export const typeRef: fc.Arbitrary<TypeRef> = dataType.map((type) => ({ kind: 'TypeRef', span, type }))

/** `{ key: value }` without the keys whose value is undefined (optional AST fields are absent, never undefined). */
export function compact<R>(o: object): R {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v
  return out as R
}

export function optional<T>(arb: fc.Arbitrary<T>, freq = 2): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined, freq })
}
