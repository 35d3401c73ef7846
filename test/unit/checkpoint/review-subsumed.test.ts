/** Review: a checkpoint subsumed by a newer completed one is not a failed checkpoint (Flink: CHECKPOINT_SUBSUMED). */
import { describe, expect, it } from 'vitest'
import { CheckpointCoordinator } from '../../../src/checkpoint/checkpoint-coordinator.js'
import { parseCheckpointOptions } from '../../../src/checkpoint/checkpoint-options.js'
import { CheckpointStorage } from '../../../src/checkpoint/checkpoint-storage.js'
import type { CheckpointNotification, CheckpointTarget } from '../../../src/runtime/checkpoint-messages.js'
import { tempDir } from '../runtime/checkpoint-test-helpers.js'

const JOB = 'e'.repeat(32)

async function setup() {
  const options = parseCheckpointOptions({ 'execution.checkpointing.dir': tempDir('subsumed'), 'execution.checkpointing.tolerable-failed-checkpoints': '0' })
  const storage = await CheckpointStorage.open({ jobId: JOB, checkpointDir: options.checkpointDir, savepointDir: null, numRetained: 1, maxParallelism: 128, operators: [{ uid: 'op', name: 'Op[op]', kind: 'StreamCalc', parallelism: 2, stateVersion: 1 }] })
  const fatal: Error[] = []
  const notes: CheckpointNotification[] = []
  const target: CheckpointTarget = { injectBarrier: () => {}, notify: async (n) => void notes.push(n) }
  const c = new CheckpointCoordinator({ jobId: JOB, options, storage, subtaskCount: 2, log: () => {}, onFatal: (e) => fatal.push(e), firstCheckpointId: 1 })
  c.attach(target)
  const ack = (id: number, i: number): void => c.acknowledge({ checkpointId: id, taskId: 0, subtaskIndex: i, operators: [{ uid: 'op', keyed: null, operator: new Uint8Array([1]) }] })
  return { c, storage, fatal, notes, ack }
}

describe('subsumed checkpoints', () => {
  it('an older checkpoint still missing acks when a newer one completes ends as subsumed, not as a failure', async () => {
    const { c, storage, fatal, ack } = await setup()
    const first = c.trigger({ savepoint: false })
    first.catch(() => undefined)
    const second = c.trigger({ savepoint: false })
    ack(1, 0)
    ack(2, 0)
    ack(2, 1)
    await second
    ack(1, 1) // the late acknowledgement of the subsumed checkpoint
    await expect(first).rejects.toThrow(/subsumed/)
    expect(c.failedCount).toBe(0)
    expect(fatal).toEqual([])
    expect(storage.latestCompleted()?.checkpointId).toBe(2)
    await c.shutdown('test')
  })

  it('an older checkpoint completing concurrently with a newer one is never a failure; the newer one is the latest', async () => {
    const { c, storage, fatal } = await setup()
    const first = c.trigger({ savepoint: false })
    first.catch(() => undefined)
    const second = c.trigger({ savepoint: false })
    ack2(c, 2)
    ack2(c, 1)
    await second
    await first.catch(() => undefined)
    expect(c.failedCount).toBe(0)
    expect(fatal).toEqual([])
    expect(storage.latestCompleted()?.checkpointId).toBe(2)
    await c.shutdown('test')
  })
})

function ack2(c: CheckpointCoordinator, id: number): void {
  for (let i = 0; i < 2; i++) c.acknowledge({ checkpointId: id, taskId: 0, subtaskIndex: i, operators: [{ uid: 'op', keyed: null, operator: new Uint8Array(30 * 1024) }] })
}

describe('rejected acknowledgements', () => {
  it('an acknowledgement the pending checkpoint refuses fails that checkpoint, without an unhandled rejection', async () => {
    const { c, ack } = await setup()
    const first = c.trigger({ savepoint: false })
    first.catch(() => undefined)
    // An operator the checkpoint does not know (a programming error) while the other subtask has not answered yet.
    c.acknowledge({ checkpointId: 1, taskId: 0, subtaskIndex: 0, operators: [{ uid: 'unknown', keyed: null, operator: null }] })
    await new Promise<void>((r) => setTimeout(r, 20))
    ack(1, 1)
    await expect(first).rejects.toThrow(/unknown/)
    await c.shutdown('test')
  })
})
