/** Messages between the job runner (main thread) and the worker threads hosting subtasks. */
import type { MessagePort } from 'node:worker_threads'
import type { StreamPlan } from '../plan/physical/stream-nodes.js'
import type { SubtaskRef } from './local-execution.js'
import type { OperatorMetricsSnapshot } from './metrics.js'
import type { SerializedError } from './operator-failure.js'
import type { RowBatch } from './row-batch.js'
import type { Barrier } from './channel-element.js'
import type { CheckpointNotification, ExecutionRestore, SubtaskAck } from './checkpoint-messages.js'
import type { CollectRelease } from './sink-operators.js'

export interface WorkerInit {
  readonly jobId: string
  readonly config: Readonly<Record<string, string>>
  readonly plan: StreamPlan
  /** Module exporting createConnectorRegistry(); null when the plan needs no connectors. */
  readonly modulePath: string | null
  readonly slot: number
  readonly subtasks: readonly SubtaskRef[]
  /** Channels to other slots: `${edgeId}:${from}:${to}` -> port; `out` for channels this slot writes. */
  readonly outPorts: Readonly<Record<string, MessagePort>>
  readonly inPorts: Readonly<Record<string, MessagePort>>
  readonly restore: ExecutionRestore | null
  readonly attempt: number
  readonly checkpointing: boolean
}

export type ToWorker =
  | { readonly type: 'start' }
  | { readonly type: 'cancel' }
  /** Every worker's subtasks have ended: close them and exit. */
  | { readonly type: 'close' }
  | { readonly type: 'barrier'; readonly barrier: Barrier }
  | { readonly type: 'notify'; readonly notification: CheckpointNotification; readonly requestId: number }

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly metrics: readonly OperatorMetricsSnapshot[] }
  | { readonly type: 'failed'; readonly error: SerializedError; readonly metrics: readonly OperatorMetricsSnapshot[] }
  | { readonly type: 'metrics'; readonly metrics: readonly OperatorMetricsSnapshot[] }
  | { readonly type: 'collect'; readonly batch: RowBatch; readonly tag: CollectRelease | null }
  | { readonly type: 'ack'; readonly ack: SubtaskAck }
  /** All subtasks of this worker ended at the end of their input; it waits for 'close'. */
  | { readonly type: 'finished' }
  | { readonly type: 'decline'; readonly checkpointId: number; readonly reason: string }
  | { readonly type: 'subtask-finished'; readonly taskId: number; readonly subtaskIndex: number }
  | { readonly type: 'notified'; readonly requestId: number; readonly error: SerializedError | null }
  | { readonly type: 'log'; readonly line: string }

export function channelKey(edgeId: number, from: number, to: number): string {
  return `${edgeId}:${from}:${to}`
}
