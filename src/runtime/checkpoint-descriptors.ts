/**
 * What the checkpoint storage and the restore mapping know about the operators of a job graph: uid, name, kind,
 * parallelism, state version and a state schema (key columns and output columns with their types), so a restore
 * into a changed query refuses state whose types no longer fit, naming the column and the types.
 */
import type { OperatorDescriptor } from '../checkpoint/pending-checkpoint.js'
import type { SchemaColumn, StateSchema } from '../checkpoint/checkpoint-metadata.js'
import type { Field, StreamNode } from '../plan/physical/stream-nodes.js'
import { formatType } from '../sql/data-type.js'
import { isKeyedNode, nodeName, type JobGraph } from './job-graph.js'

/** Every operator's state layout is at version 1 today; an operator that changes it bumps its own stateVersion. */
const STATE_VERSION = 1

export function operatorDescriptors(graph: JobGraph): OperatorDescriptor[] {
  const out: OperatorDescriptor[] = []
  for (const task of graph.tasks) {
    for (const n of task.nodes) {
      if (n.kind === 'StreamSink' && n.upsertMaterializeKeys !== null) {
        out.push({
          uid: `${n.uid}-upsert-materializer`,
          name: `SinkUpsertMaterializer[${n.uid}]`,
          kind: 'StreamSinkUpsertMaterializer',
          parallelism: n.parallelism,
          stateVersion: STATE_VERSION,
          schema: { key: columns(n.inputs[0]?.node.fields ?? n.fields, n.upsertMaterializeKeys), output: columns(n.fields) },
        })
      }
      out.push({ uid: n.uid, name: nodeName(n), kind: n.kind, parallelism: n.parallelism, stateVersion: STATE_VERSION, schema: schemaOf(n) })
    }
  }
  return out
}

function columns(fields: readonly Field[], indices?: readonly number[]): SchemaColumn[] {
  const pick = indices === undefined ? fields : indices.map((i) => fields[i]).filter((f): f is Field => f !== undefined)
  return pick.map((f) => ({ name: f.name, type: formatType(f.type) }))
}

/** Key and output columns of keyed operators; stateless operators and sources have no schema to check. */
function schemaOf(n: StreamNode): StateSchema | null {
  if (!isKeyedNode(n)) return null
  const input = (i: number): readonly Field[] => n.inputs[i]?.node.fields ?? []
  const schema = (key: SchemaColumn[], extra: Record<string, SchemaColumn[]> = {}): StateSchema => ({ key, ...extra, output: columns(n.fields) })
  switch (n.kind) {
    case 'StreamGroupAggregate':
    case 'StreamWindowAggregate':
      return schema(columns(input(0), n.groupKeys))
    case 'StreamDeduplicate':
    case 'StreamChangelogNormalize':
      return schema(columns(input(0), n.keys))
    case 'StreamRank':
    case 'StreamWindowRank':
    case 'StreamOverAggregate':
      return schema(columns(input(0), n.partitionKeys))
    case 'StreamJoin':
    case 'StreamIntervalJoin':
    case 'StreamWindowJoin':
      return schema(columns(input(0), n.leftKeys), { 'right key': columns(input(1), n.rightKeys), left: columns(input(0)), right: columns(input(1)) })
    default:
      return schema([], { input: columns(input(0)) })
  }
}
