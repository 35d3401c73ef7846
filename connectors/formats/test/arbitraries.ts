/** fast-check arbitraries of runtime values by SQL type (for format round trips). */
import fc from 'fast-check'
import type { DataType } from '../../../src/sql/data-type.js'

const MIN_DAY = -719162 // 0001-01-01
const MAX_DAY = 2932896 // 9999-12-31
const MS_PER_DAY = 86_400_000

function canonical(b: bigint): number | bigint {
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b
}

export function arbValue(type: DataType, opts: { nullable?: boolean; mapKeys?: boolean } = {}): fc.Arbitrary<unknown> {
  const a = arbNonNull(type, opts)
  return opts.nullable === false ? a : fc.option(a, { nil: null, freq: 6 })
}

function arbNonNull(type: DataType, opts: { nullable?: boolean }): fc.Arbitrary<unknown> {
  const inner = (t: DataType): fc.Arbitrary<unknown> => arbValue(t, opts)
  switch (type.kind) {
    case 'BOOLEAN':
      return fc.boolean()
    case 'TINYINT':
      return fc.integer({ min: -128, max: 127 })
    case 'SMALLINT':
      return fc.integer({ min: -32768, max: 32767 })
    case 'INT':
      return fc.integer()
    case 'BIGINT':
      return fc.oneof(fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n).map(canonical), fc.integer().map((x) => x))
    case 'FLOAT':
      return fc.float()
    case 'DOUBLE':
      return fc.double()
    case 'DECIMAL': {
      const lim = 10n ** BigInt(type.precision) - 1n
      return fc.bigInt(-lim, lim)
    }
    case 'CHAR':
    case 'VARCHAR':
      return fc.string({ unit: 'binary', maxLength: 12 })
    case 'BINARY':
    case 'VARBINARY':
      return fc.uint8Array({ maxLength: 12 })
    case 'DATE':
      return fc.integer({ min: MIN_DAY, max: MAX_DAY })
    case 'TIME':
      return fc.integer({ min: 0, max: MS_PER_DAY - 1 }).map((ms) => (type.precision === 0 ? Math.floor(ms / 1000) * 1000 : ms))
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return fc
        .integer({ min: MIN_DAY * MS_PER_DAY, max: MAX_DAY * MS_PER_DAY + MS_PER_DAY - 1 })
        .map((ms) => (type.precision === 0 ? Math.floor(ms / 1000) * 1000 : ms))
    case 'INTERVAL_YEAR_MONTH':
      return fc.integer({ min: -10000, max: 10000 })
    case 'INTERVAL_DAY_TIME':
      return fc.integer({ min: -1e12, max: 1e12 })
    case 'NULL':
      return fc.constant(null)
    case 'ARRAY':
      return fc.array(inner(type.element), { maxLength: 4 })
    case 'MULTISET':
      return fc
        .uniqueArray(arbValue(type.element, { nullable: false }), { maxLength: 4, selector: (k) => typeof k + ':' + String(k) })
        .chain((keys) => fc.tuple(...keys.map(() => fc.integer({ min: 1, max: 9 }))).map((counts) => new Map(keys.map((k, i) => [k, counts[i]]))))
    case 'MAP':
      return fc
        .uniqueArray(arbValue(type.key, { nullable: false }), { maxLength: 4, selector: (k) => typeof k + ':' + String(k) })
        .chain((keys) => fc.tuple(...keys.map(() => inner(type.value))).map((vals) => new Map(keys.map((k, i) => [k, vals[i]]))))
    case 'ROW':
      return fc.tuple(...type.fields.map((f) => inner(f.type)))
  }
}

export function arbRow(types: readonly DataType[]): fc.Arbitrary<unknown[]> {
  return fc.tuple(...types.map((t) => arbValue(t)))
}
