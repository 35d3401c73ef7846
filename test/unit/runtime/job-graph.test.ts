import { describe, expect, it } from 'vitest'
import { buildJobGraph } from '../../../src/runtime/job-graph.js'
import { INT, calc, collectSink, fields, inputRef, plan, scan, tableSink, union } from './plan-builders.js'

const fs = fields(['a', INT])
const id = [inputRef(0, INT)]

describe('job graph', () => {
  it('chains forward edges of equal parallelism into one task', () => {
    const s = scan('fake', fs, { parallelism: 2 })
    const c = calc(s, id, null, fs)
    const k = tableSink(c, 'fake-sink')
    const g = buildJobGraph(plan(k))
    expect(g.tasks).toHaveLength(1)
    expect(g.tasks[0]!.nodes.map((n) => n.id)).toEqual([s.id, c.id, k.id])
    expect(g.edges).toHaveLength(0)
  })

  it('cuts at hash edges and parallelism changes; single-subtask nodes chain over any partitioning', () => {
    const s = scan('fake', fs, { parallelism: 2 })
    const c1 = calc(s, id, null, fs, { partitioning: { kind: 'hash', keys: [0] } })
    const c2 = calc(c1, id, null, fs, { parallelism: 1, partitioning: { kind: 'global' } })
    const c3 = calc(c2, id, null, fs, { parallelism: 1, partitioning: { kind: 'hash', keys: [0] } })
    const g = buildJobGraph(plan(collectSink(c3, { kind: 'forward' })))
    expect(g.tasks.map((t) => t.nodes.map((n) => n.id))).toEqual([[s.id], [c1.id], [c2.id, c3.id, g.tasks[2]!.nodes[2]!.id]])
    expect(g.edges.map((e) => [e.source.id, e.target.id, e.partitioning.kind])).toEqual([
      [s.id, c1.id, 'hash'],
      [c1.id, c2.id, 'global'],
    ])
    expect(g.tasks[1]!.inputs.map((e) => e.id)).toEqual([0])
  })

  it('a shared sub-plan is one vertex feeding several consumers; multi-input nodes head their own task', () => {
    const s = scan('fake', fs)
    const a = calc(s, id, null, fs)
    const b = calc(s, id, null, fs)
    const u = union([{ node: a }, { node: b }])
    const g = buildJobGraph(plan(collectSink(u, { kind: 'forward' })))
    expect(g.tasks).toHaveLength(2)
    expect(g.tasks[0]!.nodes.map((n) => n.id)).toEqual([s.id, a.id, b.id])
    expect(g.tasks[1]!.head.id).toBe(u.id)
    expect(g.tasks[1]!.inputs.map((e) => [e.source.id, e.targetInput])).toEqual([
      [a.id, 0],
      [b.id, 1],
    ])
  })
})
