/**
 * The job graph: the physical plan cut into tasks. A task is a chain of operators fused into one loop: an edge is
 * chained when it is `forward` between equal parallelism (or between two single-subtask nodes, where every
 * partitioning delivers to subtask 0 anyway) and the consumer has that one input. The upstream operator's output
 * then calls the downstream operator directly; every other edge becomes a network edge with channels.
 */
import type { Partitioning, StreamNode, StreamPlan } from '../plan/physical/stream-nodes.js'

export interface JobEdge {
  readonly id: number
  readonly source: StreamNode
  readonly target: StreamNode
  /** Which input of the target this edge feeds (its index in target.inputs). */
  readonly targetInput: number
  readonly partitioning: Partitioning
}

export interface JobTask {
  readonly id: number
  readonly head: StreamNode
  /** Head first, then chained nodes in topological order (each after its input). */
  readonly nodes: readonly StreamNode[]
  readonly parallelism: number
  /** Network edges into the head, by target input. */
  readonly inputs: readonly JobEdge[]
  readonly name: string
}

export interface ChainedConsumer {
  readonly node: StreamNode
  readonly input: number
}

export interface JobGraph {
  /** Producers before consumers. */
  readonly tasks: readonly JobTask[]
  readonly edges: readonly JobEdge[]
  readonly maxParallelism: number
  chainedConsumers(node: StreamNode): readonly ChainedConsumer[]
  networkConsumers(node: StreamNode): readonly JobEdge[]
  taskOf(node: StreamNode): JobTask
}

export function isSourceNode(node: StreamNode): boolean {
  return node.kind === 'StreamTableSourceScan' || node.kind === 'StreamValues'
}

/** `Calc[uid]`: how logs, errors and metrics name an operator. */
export function nodeName(node: StreamNode): string {
  return `${node.kind.replace(/^Stream/, '')}[${node.uid}]`
}

/** Nodes whose operators keep keyed state (their operators implement keysOf). */
export function isKeyedNode(node: StreamNode): boolean {
  switch (node.kind) {
    case 'StreamGroupAggregate':
    case 'StreamWindowAggregate':
    case 'StreamWindowTableFunction':
    case 'StreamJoin':
    case 'StreamIntervalJoin':
    case 'StreamWindowJoin':
    case 'StreamRank':
    case 'StreamWindowRank':
    case 'StreamDeduplicate':
    case 'StreamOverAggregate':
    case 'StreamChangelogNormalize':
      return true
    case 'StreamSink':
      return node.upsertMaterializeKeys !== null
    default:
      return false
  }
}

export interface JobGraphOptions {
  /**
   * Start a new task at every keyed operator. A disk-backed state backend must load a batch's keys before the
   * operator sees the batch, which the task loop can await only at its head (RocksDB).
   */
  readonly isolateKeyed?: boolean
}

export function isChainable(producer: StreamNode, consumer: StreamNode, partitioning: Partitioning, options: JobGraphOptions = {}): boolean {
  if (consumer.inputs.length !== 1 || isSourceNode(consumer)) return false
  if (options.isolateKeyed === true && isKeyedNode(consumer)) return false
  if (producer.parallelism !== consumer.parallelism) return false
  return partitioning.kind === 'forward' || consumer.parallelism === 1
}

export function buildJobGraph(plan: StreamPlan, options: JobGraphOptions = {}): JobGraph {
  // Topological order by DFS from the sinks; shared sub-plans are one node (same id).
  const order: StreamNode[] = []
  const seen = new Set<number>()
  const visit = (n: StreamNode): void => {
    if (seen.has(n.id)) return
    seen.add(n.id)
    for (const e of n.inputs) visit(e.node)
    order.push(n)
  }
  for (const s of plan.sinks) visit(s)

  const chained = new Map<number, ChainedConsumer[]>()
  const network = new Map<number, JobEdge[]>()
  const edges: JobEdge[] = []
  const isHead = new Map<number, boolean>()
  for (const n of order) {
    isHead.set(n.id, true)
    n.inputs.forEach((e, input) => {
      if (isChainable(e.node, n, e.partitioning, options)) {
        isHead.set(n.id, false)
        push(chained, e.node.id, { node: n, input })
      } else {
        const edge: JobEdge = { id: edges.length, source: e.node, target: n, targetInput: input, partitioning: e.partitioning }
        edges.push(edge)
        push(network, e.node.id, edge)
      }
    })
  }

  const tasks: JobTask[] = []
  const taskOfNode = new Map<number, JobTask>()
  for (const head of order) {
    if (isHead.get(head.id) !== true) continue
    const nodes: StreamNode[] = []
    const collect = (n: StreamNode): void => {
      nodes.push(n)
      for (const c of chained.get(n.id) ?? []) collect(c.node)
    }
    collect(head)
    const task: JobTask = {
      id: tasks.length,
      head,
      nodes,
      parallelism: head.parallelism,
      inputs: edges.filter((e) => e.target.id === head.id).sort((a, b) => a.targetInput - b.targetInput),
      name: nodes.map(nodeName).join(' -> '),
    }
    tasks.push(task)
    for (const n of nodes) taskOfNode.set(n.id, task)
  }
  // Tasks come out in the order of their heads, which is topological for the network edges between them.
  return {
    tasks,
    edges,
    maxParallelism: plan.maxParallelism,
    chainedConsumers: (n) => chained.get(n.id) ?? [],
    networkConsumers: (n) => network.get(n.id) ?? [],
    taskOf: (n) => {
      const t = taskOfNode.get(n.id)
      if (t === undefined) throw new Error(`node ${n.id} is not part of the job graph`)
      return t
    },
  }
}

function push<T>(m: Map<number, T[]>, k: number, v: T): void {
  const list = m.get(k)
  if (list === undefined) m.set(k, [v])
  else list.push(v)
}
