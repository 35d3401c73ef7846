/**
 * The row stream of a SELECT: the job's collect sink pushes batches in (synchronously, from the job's thread of
 * control), the consumer pulls rows out with `for await`. Ends when the job ends; a failed job makes the iteration
 * throw the job's error.
 */
import { kindAt, type RowBatch } from '../runtime/row-batch.js'
import type { ResultRow } from './statement-result.js'

/** A row stream that can also be read a batch at a time (one await per batch instead of one per row). */
export interface BatchedRows extends AsyncIterable<ResultRow> {
  batches(): AsyncIterable<readonly ResultRow[]>
}

/** Reads any row stream in chunks: whole batches when the stream offers them, single rows otherwise. */
export async function* rowChunks(rows: AsyncIterable<ResultRow>): AsyncIterable<readonly ResultRow[]> {
  const batched = rows as Partial<BatchedRows>
  if (typeof batched.batches === 'function') {
    yield* batched.batches.call(rows)
    return
  }
  for await (const r of rows) yield [r]
}

export class ResultStream implements BatchedRows {
  private buffer: ResultRow[] = []
  private ended = false
  private error: Error | undefined
  private wake: (() => void) | undefined

  /** Called by the collect sink; takes ownership of the batch. */
  push(batch: RowBatch): void {
    if (this.ended) return
    for (let i = 0; i < batch.rows.length; i++) this.buffer.push({ kind: kindAt(batch, i), row: batch.rows[i] as unknown[] })
    this.notify()
  }

  end(error?: Error): void {
    if (this.ended) return
    this.ended = true
    this.error = error
    this.notify()
  }

  get isEnded(): boolean {
    return this.ended
  }

  private notify(): void {
    const w = this.wake
    this.wake = undefined
    w?.()
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ResultRow> {
    for await (const rows of this.batches()) yield* rows
  }

  /** Everything buffered so far, at once; waits only when nothing is buffered. */
  async *batches(): AsyncIterable<readonly ResultRow[]> {
    for (;;) {
      if (this.buffer.length > 0) {
        const rows = this.buffer
        this.buffer = []
        yield rows
        continue
      }
      if (this.ended) {
        if (this.error !== undefined) throw this.error
        return
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve
      })
    }
  }
}
