/** Constructors that compute each logical node's output fields, so every producer agrees on them. */
import { withNullable } from '../../sql/data-type.js'
import type { DataType } from '../../sql/data-type.js'
import { T, dropTimeAttribute } from '../../catalog/type-inference.js'
import type { AggCall, Field, WindowDef, WindowProperty } from '../physical/stream-nodes.js'
import type { RexNode } from '../rex.js'
import { conjunctions, isTrueLiteral } from '../rex-util.js'
import type {
  LogicalAggregate,
  LogicalCalc,
  LogicalFilter,
  LogicalJoin,
  LogicalJoinType,
  LogicalNode,
  LogicalProject,
  LogicalWindowAggregate,
  LogicalWindowTableFunction,
} from './nodes.js'

export function project(input: LogicalNode, exprs: readonly RexNode[], names: readonly string[]): LogicalProject {
  return { kind: 'LogicalProject', input, exprs, fields: exprs.map((e, i) => ({ name: names[i] ?? `$f${i}`, type: e.type })) }
}

/** A projection that keeps `indices` of the input, names included. */
export function projectFields(input: LogicalNode, indices: readonly number[]): LogicalProject {
  return project(
    input,
    indices.map((i) => ({ kind: 'InputRef', index: i, type: (input.fields[i] as Field).type })),
    indices.map((i) => (input.fields[i] as Field).name),
  )
}

export function filter(input: LogicalNode, condition: RexNode): LogicalNode {
  if (isTrueLiteral(condition)) return input
  const f: LogicalFilter = { kind: 'LogicalFilter', input, condition, fields: input.fields }
  return f
}

export function calc(input: LogicalNode, exprs: readonly RexNode[], names: readonly string[], condition: RexNode | null): LogicalCalc {
  const cond = condition === null || conjunctions(condition).length === 0 ? null : condition
  return { kind: 'LogicalCalc', input, exprs, condition: cond, fields: exprs.map((e, i) => ({ name: names[i] ?? `$f${i}`, type: e.type })) }
}

export function aggregate(input: LogicalNode, groupKeys: readonly number[], aggCalls: readonly AggCall[]): LogicalAggregate {
  const keyFields = groupKeys.map((k) => {
    const f = input.fields[k] as Field
    return { name: f.name, type: dropTimeAttribute(f.type) }
  })
  return { kind: 'LogicalAggregate', input, groupKeys, aggCalls, fields: [...keyFields, ...aggCalls.map((c) => ({ name: c.name, type: c.type }))] }
}

export function joinFields(left: readonly Field[], right: readonly Field[], joinType: LogicalJoinType): Field[] {
  if (joinType === 'SEMI' || joinType === 'ANTI') return [...left]
  const nullL = joinType === 'RIGHT' || joinType === 'FULL'
  const nullR = joinType === 'LEFT' || joinType === 'FULL'
  // Time attributes are kept: an interval join preserves them; a regular join's time attributes are rejected
  // where they would be used (rules/time-attributes.ts).
  const strip = (f: Field, n: boolean): Field => ({ name: f.name, type: withNullable(f.type, f.type.nullable || n) })
  const all = [...left.map((f) => strip(f, nullL)), ...right.map((f) => strip(f, nullR))]
  // Output names are unique, as Calcite makes them: the right side's duplicates get a numeric suffix.
  const seen = new Set<string>()
  return all.map((f) => {
    let name = f.name
    for (let i = 0; seen.has(name); i++) name = `${f.name}${i}`
    seen.add(name)
    return name === f.name ? f : { ...f, name }
  })
}

export function join(left: LogicalNode, right: LogicalNode, joinType: LogicalJoinType, condition: RexNode): LogicalJoin {
  return { kind: 'LogicalJoin', left, right, joinType, condition, fields: joinFields(left.fields, right.fields, joinType) }
}

/** Types of window_start, window_end, window_time for a window over `timeType`. */
export function windowPropertyFields(timeType: DataType, isRowtime: boolean, props: readonly WindowProperty[] = ['window_start', 'window_end', 'window_time']): Field[] {
  const ltz = timeType.kind === 'TIMESTAMP_LTZ'
  return props.map((p) => {
    if (p !== 'window_time') return { name: p, type: T.timestamp(3, false) }
    const base = ltz || !isRowtime ? T.timestampLtz(3, false) : T.timestamp(3, false)
    return { name: p, type: { ...base, timeAttribute: isRowtime ? 'ROWTIME' : 'PROCTIME' } }
  })
}

export function windowTableFunction(input: LogicalNode, window: WindowDef): LogicalWindowTableFunction {
  const timeType = (input.fields[window.timeIndex] as Field).type
  const inFields = input.fields.map((f, i) => (i === window.timeIndex ? { name: f.name, type: dropTimeAttribute(f.type) } : f))
  return { kind: 'LogicalWindowTableFunction', input, window, fields: [...inFields, ...windowPropertyFields(timeType, window.isRowtime)] }
}

export function windowAggregate(
  input: LogicalNode,
  window: WindowDef,
  groupKeys: readonly number[],
  aggCalls: readonly AggCall[],
  windowProperties: readonly WindowProperty[],
  inputWindowBounds: LogicalWindowAggregate['inputWindowBounds'],
): LogicalWindowAggregate {
  const timeType = (input.fields[window.timeIndex] as Field).type
  const keyFields = groupKeys.map((k) => {
    const f = input.fields[k] as Field
    return { name: f.name, type: dropTimeAttribute(f.type) }
  })
  return {
    kind: 'LogicalWindowAggregate',
    input,
    window,
    groupKeys,
    aggCalls,
    windowProperties,
    inputWindowBounds,
    fields: [...keyFields, ...aggCalls.map((c) => ({ name: c.name, type: c.type })), ...windowPropertyFields(timeType, window.isRowtime, windowProperties)],
  }
}
