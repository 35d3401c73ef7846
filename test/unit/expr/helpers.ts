/** Shorthands for expression tests: types, and running one call through the compiled path. */
import type { RexNode } from '../../../src/plan/rex.js'
import { call, inputRef, literal } from '../../../src/plan/rex.js'
import type { DataType } from '../../../src/sql/data-type.js'
import { MAX_LENGTH } from '../../../src/sql/data-type.js'
import { compileExpr, type CompileOptions } from '../../../src/runtime/expr/compile.js'

export const T = {
  bool: (n = true): DataType => ({ kind: 'BOOLEAN', nullable: n }),
  tinyint: (n = true): DataType => ({ kind: 'TINYINT', nullable: n }),
  smallint: (n = true): DataType => ({ kind: 'SMALLINT', nullable: n }),
  int: (n = true): DataType => ({ kind: 'INT', nullable: n }),
  bigint: (n = true): DataType => ({ kind: 'BIGINT', nullable: n }),
  float: (n = true): DataType => ({ kind: 'FLOAT', nullable: n }),
  double: (n = true): DataType => ({ kind: 'DOUBLE', nullable: n }),
  decimal: (p: number, s: number, n = true): DataType => ({ kind: 'DECIMAL', precision: p, scale: s, nullable: n }),
  string: (n = true): DataType => ({ kind: 'VARCHAR', length: MAX_LENGTH, nullable: n }),
  varchar: (len: number, n = true): DataType => ({ kind: 'VARCHAR', length: len, nullable: n }),
  char: (len: number, n = true): DataType => ({ kind: 'CHAR', length: len, nullable: n }),
  bytes: (n = true): DataType => ({ kind: 'VARBINARY', length: MAX_LENGTH, nullable: n }),
  binary: (len: number, n = true): DataType => ({ kind: 'BINARY', length: len, nullable: n }),
  date: (n = true): DataType => ({ kind: 'DATE', nullable: n }),
  time: (p = 0, n = true): DataType => ({ kind: 'TIME', precision: p, nullable: n }),
  timestamp: (p = 3, n = true): DataType => ({ kind: 'TIMESTAMP', precision: p, nullable: n }),
  ltz: (p = 3, n = true): DataType => ({ kind: 'TIMESTAMP_LTZ', precision: p, nullable: n }),
  dayTime: (n = true): DataType => ({ kind: 'INTERVAL_DAY_TIME', nullable: n }),
  yearMonth: (n = true): DataType => ({ kind: 'INTERVAL_YEAR_MONTH', nullable: n }),
  array: (e: DataType, n = true): DataType => ({ kind: 'ARRAY', element: e, nullable: n }),
  map: (k: DataType, v: DataType, n = true): DataType => ({ kind: 'MAP', key: k, value: v, nullable: n }),
  row: (fields: readonly [string, DataType][], n = true): DataType => ({
    kind: 'ROW',
    fields: fields.map(([name, type]) => ({ name, type })),
    nullable: n,
  }),
  null: (): DataType => ({ kind: 'NULL', nullable: true }),
}

export type Arg = readonly [unknown, DataType]

/** Runs op over input fields (InputRefs), so nullability comes from the declared types. */
export function run(op: string, args: readonly Arg[], type: DataType, options: CompileOptions = {}): unknown {
  const e = call(op, args.map(([, t], i) => inputRef(i, t)), type)
  return compileExpr(e, options)(args.map(([v]) => v))
}

/** Runs op over literal operands (the compile-time specialisations: patterns, units, formats). */
export function runLit(op: string, args: readonly Arg[], type: DataType, options: CompileOptions = {}): unknown {
  const e = call(op, args.map(([v, t]) => literal(v, t)), type)
  return compileExpr(e, options)([])
}

/** Runs op with the given operands mixing InputRefs and literals: `lit(v, t)` marks a literal. */
export function runMixed(op: string, operands: readonly (Arg | { lit: Arg })[], type: DataType, options: CompileOptions = {}): unknown {
  const row: unknown[] = []
  const nodes: RexNode[] = operands.map((o) => {
    if ('lit' in o) return literal(o.lit[0], o.lit[1])
    row.push(o[0])
    return inputRef(row.length - 1, o[1])
  })
  return compileExpr(call(op, nodes, type), options)(row)
}

export const lit = (v: unknown, t: DataType): { lit: Arg } => ({ lit: [v, t] })

/** CAST(v AS to) through the compiled path. */
export function cast(v: unknown, from: DataType, to: DataType, options: CompileOptions = {}): unknown {
  return run('CAST', [[v, from]], to, options)
}

export function tryCast(v: unknown, from: DataType, to: DataType, options: CompileOptions = {}): unknown {
  return run('TRY_CAST', [[v, from]], { ...to, nullable: true }, options)
}

/** Days since epoch of a civil date. */
export function day(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / 86_400_000
}

/** Wall-clock ms of 'yyyy-MM-dd HH:mm:ss[.SSS]' read as UTC. */
export function ts(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}Z`)
}
