/** Builders for physical nodes and types used by the operator tests. */
import type { AggCall, Field, StreamNode, StreamValues } from '../../../src/plan/physical/stream-nodes.js'
import type { DataType } from '../../../src/sql/data-type.js'
import { INSERT_ONLY, RETRACT } from '../../../src/sql/row-kind.js'

export const STR: DataType = { kind: 'VARCHAR', length: 2147483647, nullable: true }
export const INT: DataType = { kind: 'INT', nullable: true }
export const BIGINT: DataType = { kind: 'BIGINT', nullable: true }
export const DOUBLE: DataType = { kind: 'DOUBLE', nullable: true }
export const BOOL: DataType = { kind: 'BOOLEAN', nullable: true }
export const TS: DataType = { kind: 'TIMESTAMP', precision: 3, nullable: true }
export const ROWTIME: DataType = { kind: 'TIMESTAMP', precision: 3, nullable: false, timeAttribute: 'ROWTIME' }
export const dec = (precision: number, scale: number): DataType => ({ kind: 'DECIMAL', precision, scale, nullable: true })
export const multiset = (element: DataType): DataType => ({ kind: 'MULTISET', element, nullable: false })

export function fields(...specs: [string, DataType][]): Field[] {
  return specs.map(([name, type]) => ({ name, type }))
}

/** A stand-in input node with the given output fields. */
export function input(fs: readonly Field[], updating = false): StreamValues {
  return { kind: 'StreamValues', id: 0, uid: 'in', parallelism: 1, fields: fs, changelogMode: updating ? RETRACT : INSERT_ONLY, inputs: [], rows: [] }
}

export function edge(node: StreamNode, keys: readonly number[] = []) {
  return { node, partitioning: keys.length === 0 ? ({ kind: 'global' } as const) : ({ kind: 'hash', keys } as const) }
}

export function agg(fn: string, args: number[], type: DataType, extra: Partial<AggCall> = {}): AggCall {
  return { fn, args, constants: [], distinct: false, filterArg: null, ignoreNulls: true, type, name: `${fn.toLowerCase()}${args.join('_')}`, ...extra }
}

export function types(fs: readonly Field[]): DataType[] {
  return fs.map((f) => f.type)
}
