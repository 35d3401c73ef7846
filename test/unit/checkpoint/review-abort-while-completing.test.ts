/** Review: a pending checkpoint aborted while complete() awaits its writes must not end up completed. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CheckpointStorage } from '../../../src/checkpoint/checkpoint-storage.js'
import { tempDir } from '../runtime/checkpoint-test-helpers.js'

describe('abort during complete', () => {
  it('complete() fails and writes no _metadata when the checkpoint was aborted meanwhile', async () => {
    const storage = await CheckpointStorage.open({ jobId: 'f'.repeat(32), checkpointDir: tempDir('abort-completing'), savepointDir: null, numRetained: 2, maxParallelism: 128, operators: [{ uid: 'op', name: 'Op[op]', kind: 'StreamCalc', parallelism: 1, stateVersion: 1 }] })
    const p = storage.beginCheckpoint(1)
    // Larger than the inline threshold: written to a file, so complete() has to wait for it.
    await p.acknowledge('op', 0, { keyed: null, operator: new Uint8Array(64 * 1024) })
    const completing = p.complete()
    completing.catch(() => undefined)
    await storage.abort(1, 'subsumed')
    await expect(completing).rejects.toThrow(/checkpoint 1 was aborted/)
    expect(existsSync(join(p.dir, '_metadata'))).toBe(false)
    expect(storage.latestCompleted()).toBeUndefined()
  })
})
