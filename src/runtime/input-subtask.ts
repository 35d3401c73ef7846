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
          head.advanceWatermark(ev.watermark)
          break
        case 'idle':
          head.forwardIdle(ev.idle)
          break
        case 'barrier':
          // Aligned: the snapshot of this subtask's operators goes here with the checkpoint coordinator (issue 4);
          // the barrier itself moves on so downstream tasks can align too.
          for (const w of this.writers) w.pushBarrier(ev.barrier)
          break
        case 'checkpoint-aborted':
          break
        case 'end-of-input':
          await this.endOfInput()
          return
      }
      await this.afterElement()
    }
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

