import { describe, expect, test } from 'vitest'
import { EngineError } from '../../../src/errors.js'
import type { QualifiedName, Show, ShowCreate } from '../../../src/sql/ast.js'
import { parseStatement } from '../../../src/sql/parser.js'
import { newEnv, run } from '../../plan/helpers.js'

function ddl(env: ReturnType<typeof newEnv>, sql: string): string {
  return env.catalog.executeDdl(parseStatement(sql), sql)
}

/** The qualified name of a table as DESCRIBE would parse it. */
function nameOf(table: string): QualifiedName {
  const s = parseStatement(`DESCRIBE ${table}`)
  if (s.kind !== 'Describe') throw new Error('not a DESCRIBE')
  return s.name
}

function codeOf(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    if (e instanceof EngineError) return e.code
    throw e
  }
  return 'no error'
}

describe('CatalogManager', () => {
  test('default catalog and database, USE and SHOW', () => {
    const env = newEnv()
    expect(env.catalog.currentCatalog).toBe('default_catalog')
    expect(env.catalog.currentDatabase).toBe('default_database')
    expect(ddl(env, "CREATE CATALOG c1 WITH ('type' = 'generic_in_memory')")).toBe('Execute statement succeeded.')
    ddl(env, 'CREATE DATABASE c1.db2')
    ddl(env, 'USE CATALOG c1')
    ddl(env, 'USE db2')
    expect([env.catalog.currentCatalog, env.catalog.currentDatabase]).toEqual(['c1', 'db2'])
    const show = (sql: string) => env.catalog.show(parseStatement(sql) as Show, sql)
    expect(show('SHOW CATALOGS').rows).toEqual([['c1'], ['default_catalog']])
    expect(show('SHOW DATABASES')).toEqual({ columns: ['database name'], rows: [['db2'], ['default_database']] })
    expect(show('SHOW CURRENT DATABASE').rows).toEqual([['db2']])
    expect(codeOf(() => ddl(env, "CREATE CATALOG c2 WITH ('type' = 'jdbc')"))).toBe('PLAN_INVALID_CATALOG')
    expect(codeOf(() => ddl(env, 'DROP CATALOG c1'))).toBe('PLAN_CATALOG_IN_USE')
  })

  test('tables and views: SHOW TABLES / VIEWS with LIKE, DROP, IF [NOT] EXISTS, temporary shadowing', () => {
    const env = newEnv()
    run(env, `
      CREATE TABLE orders (id BIGINT, amount INT) WITH ('connector' = 'datagen');
      CREATE TABLE order_lines (id BIGINT) WITH ('connector' = 'datagen');
      CREATE VIEW big AS SELECT id FROM orders WHERE amount > 10;
      CREATE TABLE IF NOT EXISTS orders (x INT) WITH ('connector' = 'datagen');
      CREATE TEMPORARY TABLE orders (tmp INT) WITH ('connector' = 'datagen');
    `)
    const show = (sql: string) => env.catalog.show(parseStatement(sql) as Show, sql).rows.map((r) => r[0])
    expect(show('SHOW TABLES')).toEqual(['big', 'order_lines', 'orders'])
    expect(show("SHOW TABLES LIKE 'order%'")).toEqual(['order_lines', 'orders'])
    expect(show('SHOW VIEWS')).toEqual(['big'])
    // The temporary table shadows the permanent one.
    expect(env.catalog.describe(nameOf('orders')).rows.map((r) => r[0])).toEqual(['tmp'])
    ddl(env, 'DROP TEMPORARY TABLE orders')
    expect(env.catalog.describe(nameOf('orders')).rows.map((r) => r[0])).toEqual(['id', 'amount'])
    expect(codeOf(() => ddl(env, 'DROP TABLE big'))).toBe('PLAN_WRONG_OBJECT_KIND')
    ddl(env, 'DROP VIEW big')
    ddl(env, 'DROP TABLE IF EXISTS big')
    expect(codeOf(() => ddl(env, 'DROP TABLE big'))).toBe('PLAN_TABLE_NOT_FOUND')
    expect(codeOf(() => ddl(env, "CREATE TABLE orders (x INT) WITH ('connector' = 'datagen')"))).toBe('PLAN_TABLE_ALREADY_EXISTS')
  })

  test('DESCRIBE shows rowtime, proctime, keys, computed and metadata columns and the watermark', () => {
    const env = newEnv()
    run(env, `
      CREATE TABLE t (
        id BIGINT,
        name STRING,
        ts TIMESTAMP(3),
        total AS id * 2,
        pt AS PROCTIME(),
        rec_time TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
        part INT METADATA FROM 'partition',
        WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,
        PRIMARY KEY (id, name) NOT ENFORCED
      ) WITH ('connector' = 'events');
    `)
    const d = env.catalog.describe(nameOf('t'))
    expect(d.columns).toEqual(['name', 'type', 'null', 'key', 'extras', 'watermark'])
    expect(d.rows).toEqual([
      ['id', 'BIGINT', 'FALSE', 'PRI(id, name)', '', ''],
      ['name', 'STRING', 'FALSE', 'PRI(id, name)', '', ''],
      ['ts', 'TIMESTAMP(3) *ROWTIME*', 'TRUE', '', '', "`ts` - INTERVAL '5' SECOND"],
      ['total', 'BIGINT', 'FALSE', '', 'AS `id` * 2', ''],
      ['pt', 'TIMESTAMP_LTZ(3) *PROCTIME*', 'FALSE', '', 'AS PROCTIME()', ''],
      ['rec_time', 'TIMESTAMP_LTZ(3)', 'TRUE', '', "METADATA FROM 'timestamp' VIRTUAL", ''],
      ['part', 'INT', 'TRUE', '', "METADATA FROM 'partition'", ''],
    ])
  })

  test('SHOW CREATE TABLE prints the resolved table with masked secrets', () => {
    const env = newEnv()
    run(env, `
      CREATE TABLE t (id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND, PRIMARY KEY (id) NOT ENFORCED)
      COMMENT 'demo' WITH ('connector' = 'events', 'topic' = 'x', 'password' = 'hunter2');
    `)
    const sql = 'SHOW CREATE TABLE t'
    expect(env.catalog.showCreate(parseStatement(sql) as ShowCreate, sql)).toBe(
      [
        'CREATE TABLE `default_catalog`.`default_database`.`t` (',
        '  `id` BIGINT NOT NULL,',
        '  `ts` TIMESTAMP(3),',
        "  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND,",
        '  CONSTRAINT `PK_id` PRIMARY KEY (`id`) NOT ENFORCED',
        ')',
        "COMMENT 'demo'",
        'WITH (',
        "  'connector' = 'events',",
        "  'topic' = 'x',",
        "  'password' = '******'",
        ')',
        '',
      ].join('\n'),
    )
  })

  test('CREATE TABLE LIKE: defaults (INCLUDING ALL OVERWRITING OPTIONS) and explicit options', () => {
    const env = newEnv()
    run(env, `
      CREATE TABLE base (id BIGINT, ts TIMESTAMP(3), c AS id + 1, WATERMARK FOR ts AS ts, PRIMARY KEY (id) NOT ENFORCED)
      WITH ('connector' = 'datagen', 'rows-per-second' = '5');
      CREATE TABLE copy1 (extra STRING) WITH ('rows-per-second' = '10') LIKE base;
      CREATE TABLE copy2 (extra STRING) LIKE base (EXCLUDING GENERATED EXCLUDING WATERMARKS EXCLUDING CONSTRAINTS);
    `)
    const t1 = env.catalog.getTable(nameOf('copy1'))
    expect(t1.columns.map((c) => c.name)).toEqual(['id', 'ts', 'c', 'extra'])
    expect(t1.options).toEqual({ connector: 'datagen', 'rows-per-second': '10' })
    expect(t1.watermark?.column).toBe('ts')
    expect(t1.primaryKey?.columns).toEqual(['id'])
    const t2 = env.catalog.getTable(nameOf('copy2'))
    expect(t2.columns.map((c) => c.name)).toEqual(['id', 'ts', 'extra'])
    expect(t2.watermark).toBeNull()
    expect(t2.primaryKey).toBeNull()
    expect(codeOf(() => run(env, "CREATE TABLE copy3 WITH ('rows-per-second' = '1') LIKE base (INCLUDING OPTIONS)"))).toBe('PLAN_DUPLICATE_OPTION')
    expect(codeOf(() => run(env, 'CREATE TABLE copy4 (id INT) LIKE base'))).toBe('PLAN_DUPLICATE_COLUMN')
  })

  test('ALTER TABLE SET / RESET / RENAME validate options', () => {
    const env = newEnv()
    run(env, "CREATE TABLE t (id BIGINT) WITH ('connector' = 'datagen')")
    ddl(env, "ALTER TABLE t SET ('rows-per-second' = '7')")
    expect(env.catalog.getTable(nameOf('t')).options['rows-per-second']).toBe('7')
    expect(codeOf(() => ddl(env, "ALTER TABLE t SET ('bogus' = '1')"))).toBe('CONNECTOR_UNSUPPORTED_OPTION')
    ddl(env, "ALTER TABLE t RESET ('rows-per-second')")
    expect(env.catalog.getTable(nameOf('t')).options).toEqual({ connector: 'datagen' })
    ddl(env, 'ALTER TABLE t RENAME TO t2')
    expect(codeOf(() => env.catalog.getTable(nameOf('t')))).toBe('PLAN_TABLE_NOT_FOUND')
  })

  test('views are typed at CREATE time and validated', () => {
    const env = newEnv()
    run(env, "CREATE TABLE t (id BIGINT, amount DECIMAL(10, 2)) WITH ('connector' = 'datagen')")
    ddl(env, 'CREATE VIEW v (ident, doubled) AS SELECT id, amount * 2 FROM t')
    expect(env.catalog.describe(nameOf('v')).rows.map((r) => `${r[0]} ${r[1]}`)).toEqual(['ident BIGINT', 'doubled DECIMAL(21, 2)'])
    expect(codeOf(() => ddl(env, 'CREATE VIEW w AS SELECT nope FROM t'))).toBe('PLAN_COLUMN_NOT_FOUND')
  })
})
