/**
 * A tiny job for checkpoint tests: a keyed operator 'agg' (any backend, any parallelism), a source 'src' with split
 * states and a sink 'snk' with committables, checkpointed through the real storage the way the coordinator and
 * the tasks will do it.
 */
import { createSnapshotTarget } from '../../../src/checkpoint/checkpoint-files.js'
import { CheckpointStorage } from '../../../src/checkpoint/checkpoint-storage.js'
import type { CheckpointStorageOptions } from '../../../src/checkpoint/checkpoint-storage.js'
import { cutKeyedState, notifyKeyedStateCheckpointComplete } from '../../../src/checkpoint/keyed-state-snapshots.js'
import type { CompletedCheckpoint, OperatorDescriptor } from '../../../src/checkpoint/pending-checkpoint.js'
import type { KeyedStateBackend } from '../../../src/state/keyed-state.js'
import { encodeOperatorLevelState } from '../../../src/state/state-serializer.js'
import { MAX_P } from '../state/backend-fixtures.js'

export const JOB_ID = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6'

export function operators(aggParallelism: number): OperatorDescriptor[] {
  return [
    { uid: 'src-uid', name: 'TableSourceScan(orders)', kind: 'StreamTableSourceScan', parallelism: 1, stateVersion: 1 },
    {
      uid: 'agg-uid',
      name: 'GroupAggregate(groupBy=[k], select=[k, COUNT(*)])',
      kind: 'StreamGroupAggregate',
      parallelism: aggParallelism,
      stateVersion: 1,
      schema: { key: [{ name: 'k', type: 'STRING' }], accumulators: [{ name: 'cnt', type: 'BIGINT' }] },
    },
    { uid: 'snk-uid', name: 'Sink(out)', kind: 'StreamSink', parallelism: 1, stateVersion: 1 },
  ]
}

export async function openStorage(dir: string, aggParallelism: number, extra: Partial<CheckpointStorageOptions> = {}): Promise<{ storage: CheckpointStorage; log: string[] }> {
  const log: string[] = []
  const storage = await CheckpointStorage.open({
    jobId: JOB_ID,
    checkpointDir: dir,
    savepointDir: null,
    numRetained: 1,
    maxParallelism: MAX_P,
    operators: operators(aggParallelism),
    log: (l) => log.push(l),
    ...extra,
  })
  return { storage, log }
}

export interface JobState {
  readonly agg: readonly KeyedStateBackend[]
  readonly splits?: readonly { splitId: string; state: unknown }[]
  readonly committables?: readonly unknown[]
  readonly limitCount?: number
}

/** Takes checkpoint (or savepoint) `id` of the job and completes it; notifies the backends like the runtime. */
export async function snapshotJob(
  storage: CheckpointStorage,
  id: number,
  job: JobState,
  opts: { incremental?: boolean; savepointDir?: string; complete?: boolean } = {},
): Promise<CompletedCheckpoint | null> {
  const savepoint = opts.savepointDir !== undefined
  const p = savepoint ? storage.beginSavepoint(id, opts.savepointDir) : storage.beginCheckpoint(id)
  // Synchronous cuts first (the barrier), asynchronous writes after.
  const cuts = job.agg.map((b) => cutKeyedState(b, { checkpointId: id, type: savepoint ? 'savepoint' : 'checkpoint', incremental: opts.incremental ?? false }))
  const src = encodeOperatorLevelState({ splits: job.splits ?? [] })
  const snk = encodeOperatorLevelState({ committables: job.committables ?? [], ...(job.limitCount !== undefined ? { operatorState: { count: job.limitCount } } : {}) })
  await p.acknowledge('src-uid', 0, { operator: src })
  await p.acknowledge('snk-uid', 0, { operator: snk })
  for (const [i, cut] of cuts.entries()) {
    const keyed = await cut.write(createSnapshotTarget(p.targetFor('agg-uid', i)))
    await p.acknowledge('agg-uid', i, { keyed })
  }
  if (opts.complete === false) return null
  const done = await p.complete()
  if (!savepoint) for (const b of job.agg) notifyKeyedStateCheckpointComplete(b, id)
  return done
}
