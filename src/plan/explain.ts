/**
 * EXPLAIN text: the abstract syntax tree (bound plan), the optimised logical plan and the physical plan, each an
 * indented tree drawn like Flink's (`+-` for the last child, `:-` for the others). Details: CHANGELOG_MODE adds
 * changelogMode on every node of the optimised and physical plans; ESTIMATED_COST adds row counts and cumulative
 * costs from a simple model; JSON_EXECUTION_PLAN appends the job graph as JSON.
 */
import type { ExplainDetail } from '../sql/ast.js'
import { formatChangelogMode } from '../sql/row-kind.js'
import type { ChangelogInfo } from './logical/changelog.js'
import { describeNode } from './logical/describe.js'
import type { LogicalNode, LogicalSink } from './logical/nodes.js'
import { inputsOf } from './logical/nodes.js'
import { describePartitioning, describeStream } from './physical/describe-stream.js'
import type { StreamNode, StreamPlan } from './physical/stream-nodes.js'
import { estimateCost } from './cost-model.js'

export interface ExplainInput {
  readonly ast: readonly LogicalSink[]
  readonly optimized: readonly LogicalSink[]
  readonly infos: readonly ChangelogInfo[]
  readonly physical: StreamPlan
  readonly details: readonly ExplainDetail[]
}

interface TreeNode {
  readonly line: string
  readonly children: readonly TreeNode[]
}

export function drawTree(t: TreeNode): string {
  const out: string[] = []
  const walk = (n: TreeNode, prefix: string, childPrefix: string): void => {
    out.push(prefix + n.line)
    n.children.forEach((c, i) => {
      const last = i === n.children.length - 1
      walk(c, childPrefix + (last ? '+- ' : ':- '), childPrefix + (last ? '   ' : ':  '))
    })
  }
  walk(t, '', '')
  return out.join('\n')
}

function logicalTree(n: LogicalNode, abstract: boolean, decorate: (n: LogicalNode) => string): TreeNode {
  const line = describeNode(n, abstract)
  const extra = decorate(n)
  return { line: extra === '' ? line : `${line.slice(0, -1)}, ${extra})`, children: inputsOf(n).map((c) => logicalTree(c, abstract, decorate)) }
}

function physicalTrees(plan: StreamPlan, changelog: boolean): TreeNode[] {
  // Nodes reached more than once (shared sub-plans of a statement set) are printed once and referenced after.
  const seen = new Map<StreamNode, number>()
  const count = new Map<StreamNode, number>()
  const countUses = (n: StreamNode): void => {
    const c = (count.get(n) ?? 0) + 1
    count.set(n, c)
    if (c === 1) for (const e of n.inputs) countUses(e.node)
  }
  for (const s of plan.sinks) countUses(s)
  let nextReuse = 1
  const build = (n: StreamNode): TreeNode => {
    const reused = seen.get(n)
    if (reused !== undefined) return { line: `Reused(reference_id=[${reused}])`, children: [] }
    let line = describeStream(n, changelog)
    if ((count.get(n) ?? 0) > 1) {
      const id = nextReuse++
      seen.set(n, id)
      line += `(reuse_id=[${id}])`
    }
    const children = n.inputs.map((e) => {
      const child = build(e.node)
      if (e.partitioning.kind === 'forward') return child
      const mode = changelog ? `, changelogMode=[${formatChangelogMode(e.node.changelogMode).slice(1, -1)}]` : ''
      return { line: `Exchange(distribution=[${describePartitioning(e.partitioning, e.node.fields)}]${mode})`, children: [child] }
    })
    return { line, children }
  }
  return plan.sinks.map(build)
}

export function renderExplain(x: ExplainInput): string {
  const changelog = x.details.includes('CHANGELOG_MODE')
  const cost = x.details.includes('ESTIMATED_COST')
  const sections: string[] = []
  sections.push('== Abstract Syntax Tree ==\n' + x.ast.map((s) => drawTree(logicalTree(s, true, () => ''))).join('\n\n'))
  const optimized = x.optimized.map((s, i) => {
    const info = x.infos[i] as ChangelogInfo
    const costs = cost ? estimateCost(s) : undefined
    return drawTree(
      logicalTree(s, false, (n) => {
        const parts: string[] = []
        if (changelog) {
          const m = info.modes.get(n)
          parts.push(`changelogMode=[${n.kind === 'LogicalSink' || m === undefined ? 'NONE' : formatChangelogMode(m).slice(1, -1)}]`)
        }
        const c = costs?.get(n)
        if (c !== undefined) parts.push(`rowcount = ${c.rows.toExponential(1).replace('e+', 'E')}, cumulative cost = {${c.cumulative.toExponential(1).replace('e+', 'E')} rows, ${c.cpu.toExponential(1).replace('e+', 'E')} cpu}`)
        return parts.join(', ')
      }),
    )
  })
  sections.push('== Optimized Logical Plan ==\n' + optimized.join('\n\n'))
  sections.push('== Physical Plan ==\n' + physicalTrees(x.physical, changelog).map(drawTree).join('\n\n'))
  if (x.details.includes('JSON_EXECUTION_PLAN')) sections.push('== Physical Execution Plan ==\n' + jsonExecutionPlan(x.physical))
  return sections.join('\n\n') + '\n'
}

/** Flink's JSON execution plan shape: one entry per operator with its predecessors and ship strategies. */
export function jsonExecutionPlan(plan: StreamPlan): string {
  const nodes: StreamNode[] = []
  const visit = (n: StreamNode): void => {
    if (nodes.includes(n)) return
    for (const e of n.inputs) visit(e.node)
    nodes.push(n)
  }
  for (const s of plan.sinks) visit(s)
  const ship = (k: string): string => ({ forward: 'FORWARD', hash: 'HASH', broadcast: 'BROADCAST', global: 'GLOBAL', rebalance: 'REBALANCE' })[k] ?? k.toUpperCase()
  const json = {
    nodes: nodes.map((n) => {
      const desc = describeStream(n, false)
      const type = n.kind === 'StreamTableSourceScan' || n.kind === 'StreamValues' ? `Source: ${desc}` : n.kind === 'StreamSink' ? `Sink: ${desc}` : desc
      const pact = n.kind === 'StreamTableSourceScan' || n.kind === 'StreamValues' ? 'Data Source' : n.kind === 'StreamSink' ? 'Data Sink' : 'Operator'
      const entry: Record<string, unknown> = { id: n.id, type, pact, contents: desc, parallelism: n.parallelism }
      if (n.inputs.length > 0) entry['predecessors'] = n.inputs.map((e) => ({ id: e.node.id, ship_strategy: ship(e.partitioning.kind), side: 'second' }))
      return entry
    }),
  }
  return JSON.stringify(json, null, 2)
}
