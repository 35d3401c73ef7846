/**
 * Physical node -> operator instance(s). Every operator is built as `new <X>Operator(node)`; a sink may get an
 * upsert materializer in front of its writer, so the factory returns the chain of operators a node becomes.
 */
import type { ConnectorRegistry } from '../catalog/connector-registry.js'
import { EngineError, assertNever } from '../errors.js'
import type { StreamNode, StreamSink } from '../plan/physical/stream-nodes.js'
import { CalcOperator } from '../operators/calc.js'
import { CorrelateOperator } from '../operators/correlate.js'
import { ChangelogNormalizeOperator } from '../operators/changelog-normalize.js'
import { DeduplicateOperator } from '../operators/deduplicate.js'
import { GroupAggregateOperator } from '../operators/group-aggregate.js'
import { IntervalJoinOperator } from '../operators/interval-join.js'
import { JoinOperator } from '../operators/join.js'
import { OverAggregateOperator } from '../operators/over-aggregate.js'
import { RankOperator } from '../operators/rank.js'
import { SinkUpsertMaterializerOperator } from '../operators/sink-upsert-materializer.js'
import { WindowAggregateOperator } from '../operators/window-aggregate.js'
import { WindowJoinOperator } from '../operators/window-join.js'
import { WindowRankOperator } from '../operators/window-rank.js'
import { WindowTableFunctionOperator } from '../operators/window-table-function.js'
import { LimitOperator } from '../operators/limit.js'
import { UnionOperator } from '../operators/union.js'
import { WatermarkAssignerOperator } from '../operators/watermark-assigner.js'
import type { Operator } from './operator.js'
import type { RowBatch } from './row-batch.js'
import { CollectSinkOperator, SinkWriterOperator, type CollectRelease } from './sink-operators.js'
import { SourceOperator } from './source-operator.js'

export interface OperatorEnv {
  readonly jobId: string
  readonly config: Readonly<Record<string, string>>
  readonly connectors: ConnectorRegistry
  /** The collect sink's receiver; null where results cannot be collected. The tag is set for rows released by a
   *  completed checkpoint (with checkpointing on), so the receiver can drop what a restarted job releases again. */
  readonly collect: ((batch: RowBatch, tag: CollectRelease | null) => void) | null
  /** Checkpointing is on: the collect sink holds rows until their checkpoint completes. */
  readonly checkpointing?: boolean
  /** Test seam: an operator to use instead of the node's own (null: build the normal one). */
  readonly operatorOverride?: (node: StreamNode) => Operator | null
}

/** An operator with the name it reports under (`Calc[uid]`). */
export interface NamedOperator {
  readonly name: string
  readonly operator: Operator
}

export function createOperator(node: StreamNode): Operator {
  switch (node.kind) {
    case 'StreamTableSourceScan':
    case 'StreamValues':
      return new SourceOperator(node)
    case 'StreamCalc':
      return new CalcOperator(node)
    case 'StreamUnion':
      return new UnionOperator(node)
    case 'StreamWatermarkAssigner':
      return new WatermarkAssignerOperator(node)
    case 'StreamLimit':
      return new LimitOperator(node)
    case 'StreamCorrelate':
      return new CorrelateOperator(node)
    case 'StreamGroupAggregate':
      return new GroupAggregateOperator(node)
    case 'StreamWindowAggregate':
      return new WindowAggregateOperator(node)
    case 'StreamWindowTableFunction':
      return new WindowTableFunctionOperator(node)
    case 'StreamJoin':
      return new JoinOperator(node)
    case 'StreamDeduplicate':
      return new DeduplicateOperator(node)
    case 'StreamIntervalJoin':
      return new IntervalJoinOperator(node)
    case 'StreamWindowJoin':
      return new WindowJoinOperator(node)
    case 'StreamRank':
      return new RankOperator(node)
    case 'StreamWindowRank':
      return new WindowRankOperator(node)
    case 'StreamOverAggregate':
      return new OverAggregateOperator(node)
    case 'StreamChangelogNormalize':
      return new ChangelogNormalizeOperator(node)
    case 'StreamSink':
      throw new EngineError('INTERNAL', 'sinks are built by createSinkOperators', { domain: 'internal' })
    default: {
      // Exhaustive at compile time; plans are plain data though, so say clearly what this runtime cannot run.
      const unknownNode: never = node
      throw new EngineError('RUNTIME_UNSUPPORTED_OPERATOR', `the runtime cannot execute ${(unknownNode as { kind: string }).kind}`, { domain: 'internal' })
    }
  }
}

export function createSinkOperators(node: StreamSink, env: OperatorEnv): NamedOperator[] {
  const ops: NamedOperator[] = []
  if (node.upsertMaterializeKeys !== null) ops.push({ name: `SinkUpsertMaterializer[${node.uid}]`, operator: createUpsertMaterializer(node) })
  const target = node.target
  switch (target.kind) {
    case 'collect': {
      const collect = env.collect
      if (collect === null) {
        throw new EngineError('RUNTIME_NO_COLLECTOR', 'the plan collects results but the job was started without a collect callback', { domain: 'internal' })
      }
      ops.push({ name: `Sink[${node.uid}]`, operator: new CollectSinkOperator(node, collect, env.checkpointing === true) })
      break
    }
    case 'table': {
      const table = target.table
      const factory = env.connectors.connector(table.connector)
      const sinkCaps = factory.sink
      if (sinkCaps === undefined) {
        throw new EngineError('CONNECTOR_UNSUPPORTED_SINK', `connector '${table.connector}' cannot be used as a sink`)
      }
      const tableCtx = {
        path: table.path,
        physicalFields: table.physicalFields,
        primaryKey: table.primaryKey,
        partitionKeys: table.partitionKeys,
        options: table.options,
      }
      const operator = new SinkWriterOperator(node, (ctx, restored) =>
        sinkCaps
          .createSink({
            table: tableCtx,
            inputMode: node.inputs[0]?.node.changelogMode ?? node.changelogMode,
            overwrite: target.overwrite,
            staticPartition: target.staticPartition,
            formats: env.connectors,
          })
          .createWriter({ subtaskIndex: ctx.subtaskIndex, parallelism: ctx.parallelism, jobId: env.jobId, restored, jobConfig: env.config }),
        env.checkpointing === true,
      )
      ops.push({ name: `Sink[${node.uid}]`, operator })
      break
    }
    default:
      return assertNever(target, 'sink target')
  }
  return ops
}

function createUpsertMaterializer(node: StreamSink): Operator {
  return new SinkUpsertMaterializerOperator(node)
}
