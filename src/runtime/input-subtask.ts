/** A subtask fed by channels: reads its input gate (alignment, watermark minimum, idleness, end of input). */
import { InputGate } from './input-gate.js'
import type { JobTask } from './job-graph.js'
import type { OperatorMetricsSnapshot } from './metrics.js'
import { isKeyedOperator } from './operator-chain.js'
import { operatorFailure } from './operator-failure.js'
import { Subtask, type Chain, type TaskEnvironment } from './task.js'

export class InputSubtask extends Subtask {
  private readonly gate: InputGate
  private readonly prefetching: boolean

  constructor(task: JobTask, subtaskIndex: number, env: TaskEnvironment, chain: Chain) {
    super(task, subtaskIndex, env, chain)
    this.prefetching = env.runtime.stateBackend !== 'hashmap' && isKeyedOperator(chain.head.operator)
    const channels = []
    for (const edge of task.inputs) {
      for (let from = 0; from < edge.source.parallelism; from++) {
        channels.push({ reader: env.readerFor(edge, from, subtaskIndex), input: edge.targetInput })
      }
    }
    this.gate = new InputGate(channels, env.runtime.checkpointingMode)
  }

  protected override async loop(): Promise<void> {
    const gate = this.gate
    const head = this.head
    while (!this.cancelled) {
      if (this.hasMail) await this.processMail()
      if (this.prefetching) await this.prefetchProcessingTimers()
      this.fireProcessingTimers()
      const ev = gate.poll()
      if (ev === null) {
        this.scheduleTimerWake()
        await gate.waitForData()
        continue
      }
      switch (ev.kind) {
        case 'batch': {
          // A disk-backed backend loads the batch's keys first (keyed operators head their task then, see job-graph).
          const loading = this.prefetching ? head.prefetch(ev.input, ev.batch) : null
          if (loading !== null) {
            try {
              await loading
            } catch (e) {
              throw operatorFailure(head.name, e)
            }
          }
          head.processBatch(ev.input, ev.batch)
          break
        }
        case 'watermark':
          await this.beforeWatermark(ev.watermark)
          head.advanceWatermark(ev.watermark)
          break
        case 'idle':
          head.forwardIdle(ev.idle)
          break
        case 'barrier':
          // Aligned (exactly-once) or the last barrier arrived (at-least-once): snapshot, then the barrier moves on.
          await this.takeSnapshot(ev.barrier, null)
          break
        case 'checkpoint-aborted':
          // A newer barrier overtook this checkpoint's alignment: it cannot complete.
          this.env.checkpoints.decline(ev.checkpointId, `${this.name}: barrier alignment superseded by a newer checkpoint`)
          break
        case 'end-of-input':
          await this.endOfInput()
          return
      }
      await this.afterElement()
    }
  }

  /** RocksDB: the keys of the timers a watermark fires are loaded before they fire. */
  protected override async beforeWatermark(watermark: number): Promise<void> {
    if (!this.prefetching) return
    const p = this.head.prefetchTimers(watermark)
    if (p !== null) {
      try {
        await p
      } catch (e) {
        throw operatorFailure(this.head.name, e)
      }
    }
  }

  private async prefetchProcessingTimers(): Promise<void> {
    const next = this.head.nextProcessingTimer()
    if (next === null || next > Date.now()) return
    const p = this.head.prefetchProcessingTimers(Date.now())
    if (p !== null) await p
  }

  protected override wake(): void {
    this.gate.wake()
  }

  override metrics(): OperatorMetricsSnapshot[] {
    const m = super.metrics()
    const first = m[0]
    if (first !== undefined) m[0] = { name: first.name, counters: { ...first.counters, maxQueuedBatches: this.gate.maxQueuedBatches() } }
    return m
  }
}

