/**
 * Window table-valued functions: TABLE(TUMBLE|HOP|CUMULATE|SESSION(TABLE t [PARTITION BY k], DESCRIPTOR(ts), ...))
 * with positional or named arguments. The descriptor column must be a time attribute.
 */
import type { Expr, TableFunction, TvfArg } from '../../sql/ast.js'
import type { Span } from '../../sql/span.js'
import { lookupTableFunction } from '../../catalog/functions.js'
import type { TableFunctionDef } from '../../catalog/functions.js'
import { planError, typeName, unsupported } from '../../catalog/plan-errors.js'
import { isRowtime, isTimeAttribute } from '../../catalog/type-inference.js'
import type { Field, WindowSpec } from '../physical/stream-nodes.js'
import { project, windowTableFunction } from '../logical/builders.js'
import type { LogicalNode } from '../logical/nodes.js'
import type { BoundRelation, CteScope } from './binder-context.js'
import { requalify } from './binder-context.js'
import { bindFrom } from './from-binder.js'
import type { QueryBinder } from './query-binder.js'
import { Scope } from './scope.js'

export function bindWindowTvf(qb: QueryBinder, tf: TableFunction, ctes: CteScope): BoundRelation {
  const written = tf.name.parts.map((p) => p.value).join('.')
  const def = tf.name.parts.length === 1 ? lookupTableFunction(written) : undefined
  if (def === undefined) throw unsupported(`table function '${written}' (only the window TVFs TUMBLE, HOP, CUMULATE and SESSION exist)`, tf.name.span, qb.sql)
  const args = assignArgs(qb, def, tf)
  const data = args.get('DATA') as TvfArg
  let input: BoundRelation
  let partitionBy: readonly Expr[] = []
  const dv = data.value
  if (dv.kind === 'TableArg') {
    input = bindFrom(qb, { kind: 'TableName', name: dv.name, hints: [], span: dv.span }, ctes)
    partitionBy = dv.partitionBy
  } else if (dv.kind === 'DerivedTable') {
    input = qb.bindDerived(dv.query, ctes, null)
  } else {
    throw planError('PLAN_INVALID_WINDOW', `the first argument of ${def.name} must be a table: TABLE t or TABLE (SELECT ...)`, data.span, qb.sql)
  }
  if (partitionBy.length > 0 && def.name !== 'SESSION') {
    throw planError('PLAN_INVALID_WINDOW', `PARTITION BY is only allowed for SESSION windows`, partitionBy[0]!.span, qb.sql)
  }
  const timeArg = args.get('TIMECOL') as TvfArg
  if (timeArg.value.kind !== 'Descriptor' || timeArg.value.columns.length !== 1) {
    throw planError('PLAN_INVALID_WINDOW', `the time column argument of ${def.name} must be DESCRIPTOR(column)`, timeArg.span, qb.sql)
  }
  const timeName = timeArg.value.columns[0]!
  const timeIndex = input.columns.findIndex((c) => c.name === timeName.value && c.hidden !== true)
  if (timeIndex < 0) {
    throw planError('PLAN_COLUMN_NOT_FOUND', `column '${timeName.value}' not found in the window's input table`, timeName.span, qb.sql)
  }
  const timeType = (input.node.fields[timeIndex] as Field).type
  if (!isTimeAttribute(timeType)) {
    throw planError(
      'PLAN_INVALID_WINDOW',
      `the window function requires the time column to be a time attribute, but '${timeName.value}' is ${typeName(timeType)}`,
      timeName.span,
      qb.sql,
      'declare a WATERMARK for the column, or use a PROCTIME() column',
    )
  }
  const ms = (name: string): number | undefined => {
    const a = args.get(name)
    return a === undefined ? undefined : intervalArg(qb, def.name, name, a)
  }
  let spec: WindowSpec
  switch (def.name) {
    case 'TUMBLE':
      spec = { kind: 'TUMBLE', size: ms('SIZE') as number, offset: ms('OFFSET') ?? 0 }
      break
    case 'HOP': {
      const slide = ms('SLIDE') as number
      const size = ms('SIZE') as number
      if (size % slide !== 0) {
        throw planError('PLAN_INVALID_WINDOW', `HOP window requires size must be an integral multiple of slide, but got size ${size} ms and slide ${slide} ms`, tf.span, qb.sql)
      }
      spec = { kind: 'HOP', slide, size, offset: ms('OFFSET') ?? 0 }
      break
    }
    case 'CUMULATE': {
      const step = ms('STEP') as number
      const maxSize = ms('SIZE') as number
      if (maxSize % step !== 0) {
        throw planError('PLAN_INVALID_WINDOW', `CUMULATE window requires size must be an integral multiple of step, but got size ${maxSize} ms and step ${step} ms`, tf.span, qb.sql)
      }
      spec = { kind: 'CUMULATE', step, maxSize, offset: ms('OFFSET') ?? 0 }
      break
    }
    case 'SESSION': {
      const scope = new Scope(input.columns, qb.sql)
      const b = qb.exprBinder(scope, 'PARTITION BY clause')
      const keys = partitionBy.map((e) => {
        const x = b.bind(e)
        if (x.kind !== 'InputRef') throw unsupported('SESSION PARTITION BY an expression (use a column)', e.span, qb.sql)
        return x.index
      })
      spec = { kind: 'SESSION', gap: ms('GAP') as number, partitionKeys: keys }
      break
    }
  }
  let node: LogicalNode = input.node
  // The TVF keeps its input's names; a renamed input (derived table) is already projected.
  if (input.columns.some((c, i) => c.name !== (node.fields[i] as Field).name)) {
    node = project(node, node.fields.map((f, i) => ({ kind: 'InputRef', index: i, type: f.type })), input.columns.map((c) => c.name))
  }
  const tvf = { ...windowTableFunction(node, { spec, timeIndex, isRowtime: isRowtime(timeType) }), origin: timeName.span }
  const alias = tf.alias?.name.value ?? null
  const names = tf.alias?.columns.length ? tf.alias.columns.map((c) => c.value) : undefined
  const columns = requalify(tvf.fields.map((f) => ({ name: f.name, type: f.type, qualifier: null })), alias, names)
  return { node: tvf, columns }
}

function assignArgs(qb: QueryBinder, def: TableFunctionDef, tf: TableFunction): Map<string, TvfArg> {
  const out = new Map<string, TvfArg>()
  const named = tf.args.filter((a) => a.name !== undefined)
  if (named.length > 0 && named.length !== tf.args.length) {
    throw planError('PLAN_INVALID_WINDOW', `${def.name} arguments must be all positional or all named`, tf.span, qb.sql)
  }
  for (const [i, a] of tf.args.entries()) {
    const param = a.name === undefined ? def.params[i] : def.params.find((p) => p === a.name!.value.toUpperCase())
    if (param === undefined) {
      const what = a.name === undefined ? `too many arguments for ${def.name}` : `${def.name} has no parameter named '${a.name.value}'`
      throw planError('PLAN_INVALID_WINDOW', what, a.span, qb.sql, `parameters: ${def.params.join(', ')}`)
    }
    if (out.has(param)) throw planError('PLAN_INVALID_WINDOW', `parameter ${param} of ${def.name} is given twice`, a.span, qb.sql)
    out.set(param, a)
  }
  const missing = def.params.slice(0, def.required).filter((p) => !out.has(p))
  if (missing.length > 0) {
    throw planError('PLAN_INVALID_WINDOW', `${def.name} is missing the argument${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, tf.span, qb.sql, `${def.name}(${def.params.join(', ')})`)
  }
  return out
}

function intervalArg(qb: QueryBinder, fn: string, param: string, a: TvfArg): number {
  const v = a.value
  if (v.kind === 'TableArg' || v.kind === 'Descriptor' || v.kind === 'DerivedTable') {
    throw planError('PLAN_INVALID_WINDOW', `${param} of ${fn} must be an INTERVAL`, a.span, qb.sql)
  }
  const x = qb.exprBinder(new Scope([], qb.sql), `${fn} ${param}`).bind(v)
  if (x.kind !== 'Literal' || x.type.kind !== 'INTERVAL_DAY_TIME' || typeof x.value !== 'number') {
    throw planError('PLAN_INVALID_WINDOW', `${param} of ${fn} must be a constant day-time INTERVAL such as INTERVAL '10' MINUTE, but is ${typeName(x.type)}`, a.span, qb.sql)
  }
  if (param !== 'OFFSET' && x.value <= 0) throw planError('PLAN_INVALID_WINDOW', `${param} of ${fn} must be positive`, a.span, qb.sql)
  return x.value
}

export function spanOf(a: { readonly span: Span }): Span {
  return a.span
}
