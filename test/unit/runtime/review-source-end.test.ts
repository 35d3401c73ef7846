/** Review: a checkpoint triggered while a source subtask drains its end of input still gets that subtask's ack. */
import { describe, expect, it } from 'vitest'
import { buildJobGraph } from '../../../src/runtime/job-graph.js'
import { SubtaskGroup } from '../../../src/runtime/local-execution.js'
import type { SubtaskAck } from '../../../src/runtime/checkpoint-messages.js'
import { runtimeConfig } from '../../../src/runtime/runtime-config.js'
import { ConnectorRegistry } from '../../../src/catalog/connector-registry.js'
import { INT, calc, collectSink, fields, inputRef, plan, values } from './plan-builders.js'
import { RecordingOperator } from './recording-operator.js'

const JOB = '0123456789abcdef0123456789abcdef'

describe('source subtask end of input', () => {
  it('acknowledges a checkpoint whose barrier came while the chain was finishing', async () => {
    const fs = fields(['a', INT])
    const v = values([[1], [2]], fs)
    const c = calc(v, [inputRef(0, INT)], null, fs)
    const sink = collectSink(c, { kind: 'forward' })
    const acks: SubtaskAck[] = []
    const declined: number[] = []
    const events: string[] = []
    let group: SubtaskGroup | null = null
    // The calc's finish() runs inside the source subtask's end of input: the coordinator triggers checkpoint 1 then.
    const op = new RecordingOperator(c.uid, events)
    op.finish = async () => {
      group!.injectBarrier({ checkpointId: 1, timestamp: Date.now(), savepoint: false, exclusiveDir: '/nonexistent', stop: null })
      await new Promise<void>((r) => setImmediate(r))
    }
    const config = { 'weir.runtime.threads': 'false' }
    group = new SubtaskGroup({
      graph: buildJobGraph(plan(sink)),
      runtime: runtimeConfig(config),
      env: { jobId: JOB, config, connectors: new ConnectorRegistry(null), collect: () => {}, operatorOverride: (n) => (n.id === c.id ? op : null) },
      log: () => {},
      checkpoints: { acknowledge: (a) => acks.push(a), decline: (id) => declined.push(id), subtaskFinished: () => {} },
    })
    await group.run()
    // Acks are written in the background: give them a few turns.
    for (let i = 0; i < 20 && acks.length === 0 && declined.length === 0; i++) await new Promise<void>((r) => setImmediate(r))
    expect(declined).toEqual([])
    expect(acks.map((a) => a.checkpointId)).toEqual([1])
  })
})
