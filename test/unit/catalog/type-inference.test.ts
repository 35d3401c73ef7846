import { describe, expect, test } from 'vitest'
import { formatType } from '../../../src/sql/data-type.js'
import type { DataType } from '../../../src/sql/data-type.js'
import { T, arithmeticType, canCast, isAssignable, leastRestrictive } from '../../../src/catalog/type-inference.js'
import { commonComparisonType } from '../../../src/catalog/rex-coercion.js'
import { parseExpression } from '../../../src/sql/parser.js'
import { ExpressionBinder } from '../../../src/catalog/expression-binder.js'
import { FieldListResolver } from '../../../src/catalog/field-resolver.js'
import { EngineError } from '../../../src/errors.js'

const f = (t: DataType | undefined): string => (t === undefined ? 'undefined' : formatType(t))

describe('arithmetic result types (Flink rules)', () => {
  const cases: [string, DataType, DataType, string][] = [
    ['+', T.int(), T.bigint(), 'BIGINT'],
    ['+', T.tinyint(false), T.smallint(false), 'SMALLINT NOT NULL'],
    ['*', T.int(false), T.int(), 'INT'],
    ['/', T.int(), T.int(), 'INT'],
    ['%', T.bigint(), T.int(), 'INT'],
    ['+', T.int(), T.double(), 'DOUBLE'],
    ['+', T.float(), T.int(), 'FLOAT'],
    ['+', T.decimal(10, 2), T.double(), 'DOUBLE'],
    ['+', T.decimal(10, 2), T.decimal(5, 3), 'DECIMAL(12, 3)'],
    ['-', T.decimal(10, 2), T.int(), 'DECIMAL(13, 2)'],
    ['*', T.decimal(10, 2), T.decimal(5, 3), 'DECIMAL(16, 5)'],
    ['/', T.decimal(10, 2), T.decimal(5, 3), 'DECIMAL(19, 8)'],
    ['*', T.decimal(38, 10), T.decimal(38, 10), 'DECIMAL(38, 6)'],
    ['%', T.decimal(10, 2), T.decimal(5, 3), 'DECIMAL(5, 3)'],
  ]
  for (const [op, a, b, want] of cases) {
    test(`${f(a)} ${op} ${f(b)} = ${want}`, () => {
      expect(f(arithmeticType(op as '+', a, b))).toBe(want)
    })
  }
  test('strings are not numeric', () => {
    expect(arithmeticType('+', T.string(), T.int())).toBeUndefined()
  })
})

describe('least restrictive type', () => {
  test('numerics widen, nullability is the union', () => {
    expect(f(leastRestrictive([T.int(false), T.bigint(false)]))).toBe('BIGINT NOT NULL')
    expect(f(leastRestrictive([T.int(false), T.null()]))).toBe('INT')
    expect(f(leastRestrictive([T.int(), T.decimal(10, 2)]))).toBe('DECIMAL(12, 2)')
  })
  test('strings: equal CHARs stay CHAR, otherwise VARCHAR of the longest', () => {
    expect(f(leastRestrictive([T.char(3, false), T.char(3, false)]))).toBe('CHAR(3) NOT NULL')
    expect(f(leastRestrictive([T.char(1, false), T.char(5, false)]))).toBe('VARCHAR(5) NOT NULL')
    expect(f(leastRestrictive([T.char(1), T.string()]))).toBe('STRING')
  })
  test('incompatible families have none', () => {
    expect(leastRestrictive([T.int(), T.string()])).toBeUndefined()
    expect(leastRestrictive([T.timestamp(3), T.timestampLtz(3)])).toBeUndefined()
  })
  test('time attributes are dropped', () => {
    expect(f(leastRestrictive([{ ...T.timestamp(3), timeAttribute: 'ROWTIME' }, T.timestamp(6)]))).toBe('TIMESTAMP(6)')
  })
})

describe('comparisons and casts', () => {
  test('a string meets a timestamp or a number as that type', () => {
    expect(f(commonComparisonType([T.string(), T.timestamp(3)]))).toBe('TIMESTAMP(3)')
    expect(f(commonComparisonType([T.int(), T.char(1)]))).toBe('INT')
    expect(commonComparisonType([T.boolean(), T.int()])).toBeUndefined()
  })
  test('explicit casts', () => {
    expect(canCast(T.string(), T.int())).toBe(true)
    expect(canCast(T.int(), T.timestamp(3))).toBe(true)
    expect(canCast(T.date(), T.time())).toBe(false)
    expect(canCast(T.boolean(), T.date())).toBe(false)
  })
  test('implicit (INSERT) casts only widen', () => {
    expect(isAssignable(T.int(), T.bigint())).toBe(true)
    expect(isAssignable(T.bigint(), T.int())).toBe(false)
    expect(isAssignable(T.int(), T.decimal(10, 0))).toBe(true)
    expect(isAssignable(T.bigint(), T.decimal(10, 0))).toBe(false)
    expect(isAssignable(T.char(3), T.string())).toBe(true)
    expect(isAssignable(T.string(), T.int())).toBe(false)
    expect(isAssignable(T.timestamp(3), T.timestamp(6))).toBe(true)
    expect(isAssignable(T.timestamp(3), T.timestampLtz(3))).toBe(false)
    expect(isAssignable(T.null(), T.date())).toBe(true)
  })
})

describe('expression typing', () => {
  const fields = [
    { name: 'i', type: T.int() },
    { name: 'b', type: T.bigint(false) },
    { name: 's', type: T.string() },
    { name: 'd', type: T.decimal(10, 2) },
    { name: 'ts', type: { ...T.timestamp(3), timeAttribute: 'ROWTIME' as const } },
    { name: 'arr', type: T.array(T.int()) },
  ]
  const typeOf = (sql: string): string => {
    const b = new ExpressionBinder(new FieldListResolver(fields, sql), {}, { sql, timeZone: 'UTC', clause: 'SELECT clause' })
    return formatType(b.bind(parseExpression(sql)).type)
  }
  const cases: [string, string][] = [
    ['1', 'INT NOT NULL'],
    ['3000000000', 'BIGINT NOT NULL'],
    ['1.50', 'DECIMAL(3, 2) NOT NULL'],
    ['1e3', 'DOUBLE NOT NULL'],
    ["'abc'", 'CHAR(3) NOT NULL'],
    ["INTERVAL '5' SECOND", 'INTERVAL SECOND(3) NOT NULL'],
    ["DATE '2024-01-01'", 'DATE NOT NULL'],
    ["TIMESTAMP '2024-01-01 10:00:00.123'", 'TIMESTAMP(3) NOT NULL'],
    ['i + b', 'BIGINT'],
    ['b + 1', 'BIGINT NOT NULL'],
    ['d * 2', 'DECIMAL(21, 2)'],
    ['i / 2', 'INT'],
    ['ts', 'TIMESTAMP(3) *ROWTIME*'],
    ["ts + INTERVAL '1' HOUR", 'TIMESTAMP(3)'],
    ['CAST(ts AS TIMESTAMP(3))', 'TIMESTAMP(3)'],
    ['CASE WHEN i > 0 THEN 1 ELSE b END', 'BIGINT NOT NULL'],
    ['CASE WHEN i > 0 THEN i END', 'INT'],
    ['COALESCE(i, 0)', 'INT NOT NULL'],
    ['i IS NULL', 'BOOLEAN NOT NULL'],
    ['i BETWEEN 1 AND 10', 'BOOLEAN'],
    ["s LIKE 'a%'", 'BOOLEAN'],
    ["CONCAT(s, 'x')", 'VARCHAR(2147483647)'.replace('VARCHAR(2147483647)', 'STRING')],
    ['UPPER(s)', 'STRING'],
    ['CHAR_LENGTH(s)', 'INT'],
    ['EXTRACT(HOUR FROM ts)', 'BIGINT'],
    ['TIMESTAMPDIFF(SECOND, ts, ts)', 'INT'],
    ['arr[1]', 'INT'],
    ['CARDINALITY(arr)', 'INT'],
    ["JSON_VALUE(s, '$.a')", 'STRING'],
    ['PROCTIME()', 'TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*'],
    ['CURRENT_TIMESTAMP', 'TIMESTAMP_LTZ(3) NOT NULL'],
    ['TRY_CAST(s AS INT)', 'INT'],
    ["i IN (1, 2, 3)", 'BOOLEAN'],
  ]
  for (const [sql, want] of cases) test(`${sql} : ${want}`, () => expect(typeOf(sql)).toBe(want))

  test('mismatches name the operator and both types', () => {
    try {
      typeOf("s + i")
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(EngineError)
      expect((e as EngineError).code).toBe('PLAN_TYPE_MISMATCH')
      expect((e as EngineError).message).toBe("cannot apply '+' to STRING and INT")
    }
    expect(() => typeOf('i = TRUE')).toThrow(/cannot compare INT with BOOLEAN/)
    expect(() => typeOf("CAST(TRUE AS DATE)")).toThrow(/cannot cast BOOLEAN to DATE/)
  })
})
