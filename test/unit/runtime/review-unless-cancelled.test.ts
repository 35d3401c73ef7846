/** Review: waiting "unless cancelled" must not keep every awaited promise alive until the subtask is cancelled. */
import { runInNewContext } from 'node:vm'
import { setFlagsFromString } from 'node:v8'
import { describe, expect, it } from 'vitest'
import { Subtask, type Chain, type TaskEnvironment } from '../../../src/runtime/task.js'
import type { JobTask } from '../../../src/runtime/job-graph.js'

class Probe extends Subtask {
  protected override async loop(): Promise<void> {}
  protected override wake(): void {}
  wait<T>(p: Promise<T>): Promise<T | undefined> {
    return this.unlessCancelled(p)
  }
}

describe('unlessCancelled', () => {
  it('a settled wait releases its promise (no reaction left on the cancellation signal)', async () => {
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const chain = { nodes: [], head: { context: {} }, writers: [] } as unknown as Chain
    const task = { name: 't', parallelism: 1 } as unknown as JobTask
    const probe = new Probe(task, 0, {} as TaskEnvironment, chain)
    const refs = await waits(probe, 10)
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((r) => setImmediate(r))
      gc()
    }
    expect(refs.filter((r) => r.deref() !== undefined).length).toBe(0)
    probe.cancel()
  })
})

/** In its own function, so no local of the test keeps the last value alive. */
async function waits(probe: Probe, n: number): Promise<WeakRef<object>[]> {
  const refs: WeakRef<object>[] = []
  for (let i = 0; i < n; i++) {
    const big = { payload: new Array<number>(1000).fill(i) }
    refs.push(new WeakRef(big))
    await probe.wait(Promise.resolve(big))
  }
  return refs
}
