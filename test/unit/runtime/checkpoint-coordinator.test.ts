/** The checkpoint coordinator against a fake execution: completion, timeouts, tolerable failures, ids, savepoints. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CheckpointCoordinator } from '../../../src/checkpoint/checkpoint-coordinator.js'
import { parseCheckpointOptions } from '../../../src/checkpoint/checkpoint-options.js'
import { CheckpointStorage } from '../../../src/checkpoint/checkpoint-storage.js'
import type { Barrier } from '../../../src/runtime/channel-element.js'
import type { CheckpointNotification, CheckpointTarget } from '../../../src/runtime/checkpoint-messages.js'
import { tempDir } from './checkpoint-test-helpers.js'

const JOB = 'd'.repeat(32)

async function setup(config: Record<string, string>, subtasks = 2) {
  const options = parseCheckpointOptions({ 'execution.checkpointing.dir': tempDir('coord'), ...config })
  const storage = await CheckpointStorage.open({ jobId: JOB, checkpointDir: options.checkpointDir, savepointDir: null, numRetained: 1, maxParallelism: 128, operators: [{ uid: 'op', name: 'Op[op]', kind: 'StreamCalc', parallelism: subtasks, stateVersion: 1 }] })
  const fatal: Error[] = []
  const barriers: Barrier[] = []
  const notes: CheckpointNotification[] = []
  const target: CheckpointTarget = { injectBarrier: (b) => barriers.push(b), notify: async (n) => void notes.push(n) }
  const log: string[] = []
  const c = new CheckpointCoordinator({ jobId: JOB, options, storage, subtaskCount: subtasks, log: (l) => log.push(l), onFatal: (e) => fatal.push(e), firstCheckpointId: 1 })
  c.attach(target)
  const ackAll = (id: number): void => {
    for (let i = 0; i < subtasks; i++) c.acknowledge({ checkpointId: id, taskId: 0, subtaskIndex: i, operators: [{ uid: 'op', keyed: null, operator: new Uint8Array([1, 2, 3]) }] })
  }
  return { c, storage, fatal, barriers, notes, ackAll, log }
}

describe('checkpoint coordinator', () => {
  it('completes when every subtask acknowledged, then notifies with commit', async () => {
    const { c, barriers, notes, ackAll } = await setup({})
    const done = c.trigger({ savepoint: false })
    expect(barriers).toHaveLength(1)
    expect(barriers[0]!.checkpointId).toBe(1)
    ackAll(1)
    const completed = await done
    expect(existsSync(join(completed.path, '_metadata'))).toBe(true)
    expect(notes).toEqual([{ checkpointId: 1, kind: 'complete', commit: true }])
    expect(c.completedCount).toBe(1)
    await c.shutdown('test')
  })

  it('ids continue after a restored checkpoint', async () => {
    const { c, barriers, ackAll } = await setup({})
    c.continueAfter(41)
    const done = c.trigger({ savepoint: false })
    expect(barriers[0]!.checkpointId).toBe(42)
    ackAll(42)
    await done
    await c.shutdown('test')
  })

  it('a checkpoint that does not complete within the timeout fails; beyond tolerable failures the job fails', async () => {
    const { c, fatal, notes } = await setup({ 'execution.checkpointing.timeout': '20 ms', 'execution.checkpointing.tolerable-failed-checkpoints': '1' })
    await expect(c.trigger({ savepoint: false })).rejects.toThrow(/expired/)
    expect(c.failedCount).toBe(1)
    expect(fatal).toHaveLength(0)
    expect(notes.some((n) => n.kind === 'abort' && n.checkpointId === 1)).toBe(true)
    await expect(c.trigger({ savepoint: false })).rejects.toThrow(/expired/)
    expect(fatal).toHaveLength(1)
    expect(fatal[0]!.message).toContain('tolerable failure threshold (1)')
    await c.shutdown('test')
  })

  it('a declined checkpoint fails; quiescing aborts pending checkpoints without counting them', async () => {
    const { c, fatal } = await setup({ 'execution.checkpointing.tolerable-failed-checkpoints': '5' })
    const first = c.trigger({ savepoint: false })
    c.decline(1, 'disk full')
    await expect(first).rejects.toThrow(/disk full/)
    expect(c.failedCount).toBe(1)
    const second = c.trigger({ savepoint: false })
    c.quiesce()
    await expect(second).rejects.toThrow(/ending/)
    expect(c.failedCount).toBe(1)
    expect(fatal).toHaveLength(0)
    await c.shutdown('test')
  })

  it('a savepoint goes to its own folder and does not commit; stop-with-savepoint commits', async () => {
    const { c, notes, ackAll } = await setup({})
    const dir = tempDir('coord-sp')
    const sp = c.trigger({ savepoint: true, targetDirectory: dir })
    ackAll(1)
    const done = await sp
    expect(done.path.startsWith(dir)).toBe(true)
    expect(done.isSavepoint).toBe(true)
    expect(notes.at(-1)).toEqual({ checkpointId: 1, kind: 'complete', commit: false })
    const stop = c.trigger({ savepoint: true, targetDirectory: dir, stop: { drain: false } })
    ackAll(2)
    await stop
    expect(notes.at(-1)).toEqual({ checkpointId: 2, kind: 'complete', commit: true })
    await c.shutdown('test')
  })
})
