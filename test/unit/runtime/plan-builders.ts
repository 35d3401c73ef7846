/** Hand-built physical plans for runtime tests. */
import type { DataType } from '../../../src/sql/data-type.js'
import { INSERT_ONLY, RETRACT, type ChangelogMode } from '../../../src/sql/row-kind.js'
import type {
  Field,
  Partitioning,
  StreamCalc,
  StreamNode,
  StreamPlan,
  StreamSink,
  StreamTableSourceScan,
  StreamUnion,
  StreamValues,
  TableDescriptor,
} from '../../../src/plan/physical/stream-nodes.js'
import { call, inputRef, literal, type RexNode } from '../../../src/plan/rex.js'

export const INT: DataType = { kind: 'INT', nullable: true } as DataType
export const BIGINT: DataType = { kind: 'BIGINT', nullable: true } as DataType
export const STRING: DataType = { kind: 'VARCHAR', nullable: true, length: 2147483647 } as DataType
export const BOOL: DataType = { kind: 'BOOLEAN', nullable: true } as DataType
export const TS3: DataType = { kind: 'TIMESTAMP', nullable: true, precision: 3 } as DataType

let nextId = 1
export function resetIds(): void {
  nextId = 1
}

export function fields(...spec: [string, DataType][]): Field[] {
  return spec.map(([name, type]) => ({ name, type }))
}

const FORWARD: Partitioning = { kind: 'forward' }

export function values(rows: unknown[][], fs: Field[]): StreamValues {
  const id = nextId++
  return { kind: 'StreamValues', id, uid: `values${id}`, parallelism: 1, fields: fs, changelogMode: INSERT_ONLY, inputs: [], rows }
}

export function scan(
  connector: string,
  fs: Field[],
  opts: { parallelism?: number; options?: Record<string, string>; watermark?: { rowtimeIndex: number; expr: RexNode }; bounded?: boolean; projection?: RexNode[] } = {},
): StreamTableSourceScan {
  const id = nextId++
  const table: TableDescriptor = {
    path: `default_catalog.default_database.t${id}`,
    connector,
    options: opts.options ?? {},
    physicalFields: fs,
    primaryKey: null,
    partitionKeys: [],
  }
  return {
    kind: 'StreamTableSourceScan',
    id,
    uid: `scan${id}`,
    parallelism: opts.parallelism ?? 1,
    fields: fs,
    changelogMode: INSERT_ONLY,
    inputs: [],
    table,
    readFields: fs.map((_, i) => i),
    metadata: [],
    projection: opts.projection ?? null,
    watermark: opts.watermark ?? null,
    bounded: opts.bounded ?? true,
  }
}

export function calc(input: StreamNode, projection: RexNode[], condition: RexNode | null, fs: Field[], opts: { parallelism?: number; partitioning?: Partitioning } = {}): StreamCalc {
  const id = nextId++
  return {
    kind: 'StreamCalc',
    id,
    uid: `calc${id}`,
    parallelism: opts.parallelism ?? input.parallelism,
    fields: fs,
    changelogMode: input.changelogMode,
    inputs: [{ node: input, partitioning: opts.partitioning ?? FORWARD }],
    projection,
    condition,
  }
}

export function union(inputs: { node: StreamNode; partitioning?: Partitioning }[], parallelism = 1): StreamUnion {
  const id = nextId++
  return {
    kind: 'StreamUnion',
    id,
    uid: `union${id}`,
    parallelism,
    fields: inputs[0]!.node.fields,
    changelogMode: INSERT_ONLY,
    inputs: inputs.map((i) => ({ node: i.node, partitioning: i.partitioning ?? { kind: 'rebalance' } })),
  }
}

export function collectSink(input: StreamNode, partitioning: Partitioning = { kind: 'global' }, changelogMode: ChangelogMode = INSERT_ONLY): StreamSink {
  const id = nextId++
  return {
    kind: 'StreamSink',
    id,
    uid: `sink${id}`,
    parallelism: 1,
    fields: input.fields,
    changelogMode,
    inputs: [{ node: input, partitioning }],
    target: { kind: 'collect' },
    upsertMaterializeKeys: null,
  }
}

export function tableSink(input: StreamNode, connector: string, opts: { parallelism?: number; partitioning?: Partitioning; options?: Record<string, string> } = {}): StreamSink {
  const id = nextId++
  return {
    kind: 'StreamSink',
    id,
    uid: `sink${id}`,
    parallelism: opts.parallelism ?? input.parallelism,
    fields: input.fields,
    changelogMode: input.changelogMode,
    inputs: [{ node: input, partitioning: opts.partitioning ?? FORWARD }],
    target: {
      kind: 'table',
      table: { path: `default_catalog.default_database.out${id}`, connector, options: opts.options ?? {}, physicalFields: input.fields, primaryKey: null, partitionKeys: [] },
      overwrite: false,
      staticPartition: {},
    },
    upsertMaterializeKeys: null,
  }
}

export function plan(...sinks: StreamSink[]): StreamPlan {
  return { sinks, maxParallelism: 128 }
}

export { call, inputRef, literal, RETRACT }
