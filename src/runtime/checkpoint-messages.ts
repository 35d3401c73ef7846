/**
 * What subtasks and the checkpoint coordinator tell each other. All plain data (structured-clone safe): with
 * worker threads these travel as messages between a worker and the main thread.
 */
import type { OperatorRestore } from '../checkpoint/restore-mapping.js'
import type { KeyedStateHandle } from '../state/state-serializer.js'
import type { Barrier } from './channel-element.js'

/** The snapshot of one operator of one subtask (an empty ack has both null). */
export interface OperatorAck {
  readonly uid: string
  readonly keyed: KeyedStateHandle | null
  /** encodeOperatorLevelState({ operatorState, splits, committables }) */
  readonly operator: Uint8Array | null
}

/** One subtask's snapshot for one checkpoint: an ack per operator of its chain. */
export interface SubtaskAck {
  readonly checkpointId: number
  readonly taskId: number
  readonly subtaskIndex: number
  readonly operators: readonly OperatorAck[]
}

export interface CheckpointNotification {
  readonly checkpointId: number
  readonly kind: 'complete' | 'abort'
  /** Sinks commit on a completed checkpoint and on stop-with-savepoint, not on an intermediate savepoint. */
  readonly commit: boolean
}

/** The coordinator's side as subtasks see it (direct calls in-thread, messages from workers). */
export interface CheckpointHost {
  acknowledge(ack: SubtaskAck): void
  /** The subtask could not take or write its snapshot: the checkpoint fails (not the job). */
  decline(checkpointId: number, reason: string): void
  /** A subtask reached the end of its input and ended; it takes part in no later checkpoint. */
  subtaskFinished(taskId: number, subtaskIndex: number): void
}

/** What a new execution restores (from a checkpoint or savepoint), per operator uid. */
export interface ExecutionRestore {
  readonly operators: Readonly<Record<string, OperatorRestore>>
  /** The restored checkpoint id when the job owns it (CLAIM, or a restart from its own checkpoint). */
  readonly claimedCheckpointId: number | null
}

/** The coordinator's handle on a running execution (in-thread or worker threads). */
export interface CheckpointTarget {
  /** Injects the barrier at every source subtask. */
  injectBarrier(barrier: Barrier): void
  /** Tells every subtask; resolves once all of them handled it (sinks committed). */
  notify(n: CheckpointNotification): Promise<void>
}

export const NO_CHECKPOINT_HOST: CheckpointHost = {
  acknowledge: () => undefined,
  decline: () => undefined,
  subtaskFinished: () => undefined,
}
