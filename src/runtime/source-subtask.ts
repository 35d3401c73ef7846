/** A subtask whose chain starts with a source: polls the reader, projects, generates per-split watermarks. */
import { END_OF_INPUT } from '../catalog/connector.js'
import type { SourceReader, SplitState } from '../catalog/connector.js'
import { EngineError } from '../errors.js'
import type { StreamTableSourceScan, StreamValues } from '../plan/physical/stream-nodes.js'
import { compileExpr, compileProjection } from './expr/compile.js'
import type { JobTask } from './job-graph.js'
import { MAX_WATERMARK, MIN_WATERMARK } from './operator.js'
import type { Barrier } from './channel-element.js'
import { operatorFailure } from './operator-failure.js'
import type { Row } from './row-batch.js'
import { compileOptionsOf } from './runtime-config.js'
import { ValuesReader } from './source-operator.js'
import { Subtask, type Chain, type TaskEnvironment } from './task.js'

export class SourceSubtask extends Subtask {
  private reader: SourceReader | null = null
  private readonly watermarkOf: ((row: Row) => unknown) | null
  private readonly project: ((row: Row) => Row) | null
  private readonly splitWatermarks = new Map<string, number>()
  private readonly splitLastActive = new Map<string, number>()
  private emitted = MIN_WATERMARK
  private idle = false
  private readonly startTime = Date.now()
  private sleeper: (() => void) | null = null
  private readonly source: StreamTableSourceScan | StreamValues
  /** Barriers the coordinator injected, taken between two batches. */
  private barriers: Barrier[] = []
  /** stop-with-savepoint: after the final barrier the source emits nothing more and waits to be ended. */
  private stopped = false

  constructor(task: JobTask, subtaskIndex: number, env: TaskEnvironment, chain: Chain) {
    super(task, subtaskIndex, env, chain)
    this.source = task.head as StreamTableSourceScan | StreamValues
    const wm = this.source.kind === 'StreamTableSourceScan' ? this.source.watermark : null
    const options = compileOptionsOf(env.config)
    this.watermarkOf = wm === null ? null : compileExpr(wm.expr, options)
    this.project = this.source.kind === 'StreamTableSourceScan' && this.source.projection !== null ? compileProjection(this.source.projection, options) : null
  }

  private createReader(): SourceReader {
    const node = this.source
    const restoredSplits = this.restoredSplits()
    if (node.kind === 'StreamValues') return new ValuesReader(this.subtaskIndex === 0 ? node.rows : [], restoredSplits)
    const table = node.table
    const factory = this.env.connectors.connector(table.connector)
    if (factory.source === undefined) {
      throw new EngineError('CONNECTOR_UNSUPPORTED_SOURCE', `connector '${table.connector}' cannot be used as a source`)
    }
    return factory.source
      .createSource({
        table: { path: table.path, physicalFields: table.physicalFields, primaryKey: table.primaryKey, partitionKeys: table.partitionKeys, options: table.options },
        readFields: node.readFields,
        metadata: node.metadata,
        formats: this.env.connectors,
      })
      .createReader({ subtaskIndex: this.subtaskIndex, parallelism: this.task.parallelism, restoredSplits, jobConfig: this.env.config })
  }

  protected override async loop(): Promise<void> {
    const name = this.head.name
    let reader: SourceReader
    try {
      reader = this.reader = this.createReader()
      await this.unlessCancelled(reader.open())
    } catch (e) {
      throw operatorFailure(name, e)
    }
    const maxRows = this.env.runtime.batchSize
    let backoff = 1
    let ended = false
    while (!this.cancelled) {
      if (this.hasMail) await this.processMail()
      if (this.barriers.length > 0) {
        await this.injectPending(reader)
        if (this.stopped) {
          await this.waitStopped()
          return
        }
      }
      this.fireProcessingTimers()
      let r
      try {
        r = reader.poll(maxRows)
        if (r instanceof Promise) r = (await this.unlessCancelled(r)) ?? null
      } catch (e) {
        throw operatorFailure(name, e)
      }
      if (this.cancelled) break
      if (r === END_OF_INPUT) {
        ended = true
        break
      }
      if (r === null) {
        this.checkIdle(reader)
        this.scheduleTimerWake()
        try {
          if (reader.waitForData !== undefined) await this.unlessCancelled(Promise.race([reader.waitForData(), this.sleep(50)]))
          else await this.sleep(backoff)
        } catch (e) {
          throw operatorFailure(name, e)
        }
        backoff = Math.min(backoff * 2, 20)
        continue
      }
      backoff = 1
      if (this.idle) {
        this.idle = false
        this.head.forwardIdle(false)
      }
      let batch = r.batch
      const project = this.project
      if (project !== null) {
        const src = batch.rows
        const rows = new Array<Row>(src.length)
        for (let i = 0; i < src.length; i++) rows[i] = project(src[i]!)
        batch = { rows, kinds: batch.kinds }
      }
      // The watermark expression refers to the scan's output row; evaluate it before the chain takes the batch.
      const splitMax = this.watermarkOf === null ? MIN_WATERMARK : this.batchWatermark(batch.rows)
      this.head.processBatch(0, batch)
      if (this.watermarkOf !== null) this.updateWatermark(r.splitId, splitMax, reader)
      await this.afterElement()
    }
    if (ended && !this.cancelled) {
      // Barriers queued while the last batches went out or while the chain finished (onTrigger queues them until
      // finishedNormally): answered with the final state after the end.
      await this.endOfInput()
      const queued = this.barriers
      this.barriers = []
      for (const b of queued) this.onTrigger(b)
    }
  }

  /** The coordinator's barrier: taken before the next poll (a finished source snapshots its final state). */
  override onTrigger(barrier: Barrier): void {
    if (this.stopped) return
    if (this.finishedNormally) return super.onTrigger(barrier)
    this.barriers.push(barrier)
    this.wake()
  }

  protected override finalSplits(checkpointId: number): readonly SplitState[] | null {
    return this.reader?.snapshotState(checkpointId) ?? null
  }

  /** Snapshot of the reader's splits and the chain, then the barrier downstream (Chandy-Lamport at the source). */
  private async injectPending(reader: SourceReader): Promise<void> {
    const barriers = this.barriers
    this.barriers = []
    for (const b of barriers) {
      if (this.cancelled || this.stopped) return
      if (b.stop?.drain === true) {
        // Drain: event time ends, so every window and timer fires before the final snapshot.
        this.head.advanceWatermark(MAX_WATERMARK)
        await this.afterElement()
      }
      let splits
      try {
        splits = reader.snapshotState(b.checkpointId)
      } catch (e) {
        throw operatorFailure(this.head.name, e)
      }
      await this.takeSnapshot(b, splits)
      await this.afterElement()
      if (b.stop !== null && b.stop !== undefined) this.stopped = true
    }
  }

  /** After stop-with-savepoint's barrier: answer mail (the savepoint's commit) until the job ends us. */
  private async waitStopped(): Promise<void> {
    while (!this.cancelled) {
      if (this.hasMail) await this.processMail()
      await this.sleep(1000)
    }
  }

  /** Watermark of a split = max of the watermark expression over its rows; the subtask's = min over active splits. */
  private batchWatermark(rows: readonly Row[]): number {
    const f = this.watermarkOf!
    let max = MIN_WATERMARK
    for (let i = 0; i < rows.length; i++) {
      const v = f(rows[i]!)
      if (typeof v === 'number' && v > max) max = v
    }
    return max
  }

  private updateWatermark(splitId: string, batchMax: number, reader: SourceReader): void {
    const prev = this.splitWatermarks.get(splitId) ?? MIN_WATERMARK
    if (batchMax > prev) this.splitWatermarks.set(splitId, batchMax)
    this.splitLastActive.set(splitId, Date.now())
    this.emitWatermark(reader)
  }

  private emitWatermark(reader: SourceReader): void {
    const idleTimeout = this.env.runtime.idleTimeoutMs
    const now = Date.now()
    const splits = reader.activeSplits()
    if (splits.length === 0) {
      // Every split read so far is finished (a monitored folder's files are read in one poll): what they held is
      // complete, so event time advances to the furthest of them instead of waiting for a split that may never come.
      let max = MIN_WATERMARK
      for (const wm of this.splitWatermarks.values()) if (wm > max) max = wm
      if (max > this.emitted) {
        this.emitted = max
        this.head.advanceWatermark(max)
      }
      return
    }
    let min = Infinity
    let active = 0
    for (const s of splits) {
      if (idleTimeout > 0 && now - (this.splitLastActive.get(s) ?? this.startTime) >= idleTimeout) continue
      active++
      const wm = this.splitWatermarks.get(s) ?? MIN_WATERMARK
      if (wm < min) min = wm
    }
    if (active === 0) return
    if (min > this.emitted) {
      this.emitted = min
      this.head.advanceWatermark(min)
    }
  }

  private checkIdle(reader: SourceReader): void {
    if (this.watermarkOf === null) return
    const idleTimeout = this.env.runtime.idleTimeoutMs
    const splits = reader.activeSplits()
    const now = Date.now()
    let allIdle = true
    if (idleTimeout <= 0) allIdle = splits.length === 0
    else for (const s of splits) if (now - (this.splitLastActive.get(s) ?? this.startTime) < idleTimeout) allIdle = false
    if (!allIdle) {
      this.emitWatermark(reader)
      return
    }
    if (!this.idle) {
      this.idle = true
      this.head.forwardIdle(true)
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.sleeper = null
        resolve()
      }, ms)
      this.sleeper = () => {
        clearTimeout(t)
        this.sleeper = null
        resolve()
      }
    })
  }

  protected override wake(): void {
    this.sleeper?.()
  }

  override async close(): Promise<void> {
    const r = this.reader
    this.reader = null
    if (r !== null) {
      try {
        await r.close()
      } catch (e) {
        this.env.log(`error closing source ${this.head.name}: ${e instanceof Error ? e.message : String(e)}`)
      }
    }
    await super.close()
  }
}

