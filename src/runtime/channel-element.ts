/**
 * What travels on a channel between two subtasks. Batches carry data; the other elements are control events that
 * every input of a task must see in order with the data (watermarks, checkpoint barriers, idleness, end of input).
 */
import type { RowBatch } from './row-batch.js'

export type ChannelElement =
  | { readonly kind: 'batch'; readonly batch: RowBatch }
  | { readonly kind: 'watermark'; readonly watermark: number }
  | { readonly kind: 'barrier'; readonly barrier: Barrier }
  | { readonly kind: 'end-of-input' }
  /** The producer has (idle: true) or has not (idle: false) stopped holding back the watermark. */
  | { readonly kind: 'idle'; readonly idle: boolean }

export interface Barrier {
  readonly checkpointId: number
  readonly timestamp: number
  /** Savepoints are barriers too; the flag tells tasks to take a canonical snapshot. */
  readonly savepoint: boolean
  /** Where subtasks write their state files (the pending checkpoint's folders); travels with the barrier so a
   *  task needs no other message to snapshot. */
  readonly exclusiveDir?: string
  readonly sharedDir?: string
  /** execution.checkpointing.incremental (RocksDB only, never for savepoints). */
  readonly incremental?: boolean
  /** stop-with-savepoint: sources stop after this barrier (with `drain`, after MAX_WATERMARK). */
  readonly stop?: { readonly drain: boolean } | null
}

export const END_OF_INPUT_ELEMENT: ChannelElement = { kind: 'end-of-input' }

export function batchElement(batch: RowBatch): ChannelElement {
  return { kind: 'batch', batch }
}

export function watermarkElement(watermark: number): ChannelElement {
  return { kind: 'watermark', watermark }
}

export function idleElement(idle: boolean): ChannelElement {
  return { kind: 'idle', idle }
}
