import { describe, expect, it } from 'vitest'
import type { Operator, OperatorContext, OperatorSnapshot } from '../../../src/runtime/operator.js'
import type { RowBatch } from '../../../src/runtime/row-batch.js'
import { RowBatchBuilder } from '../../../src/runtime/row-batch.js'
import type { DataType } from '../../../src/sql/data-type.js'
import { RowKind } from '../../../src/sql/row-kind.js'
import { encodeKey, keyGroupOf } from '../../../src/state/key-groups.js'
import { changelog, OperatorHarness, ParallelHarness } from '../../../src/testing/operator-harness.js'

const STR: DataType = { kind: 'VARCHAR', length: 2147483647, nullable: true }
const INT: DataType = { kind: 'INT', nullable: true }
const DEC: DataType = { kind: 'DECIMAL', precision: 10, scale: 2, nullable: true }

/** Counts rows per key; on each count change emits -U/+U; at watermark >= 100 emits "final" rows via timers. */
class CountOperator implements Operator {
  readonly uid = 'count'
  readonly stateVersion = 1
  protected ctx!: OperatorContext
  private out = new RowBatchBuilder()
  batches = 0
  async open(ctx: OperatorContext): Promise<void> {
    this.ctx = ctx
  }
  processBatch(_input: number, batch: RowBatch): void {
    this.batches++
    const count = this.ctx.state.getValueState<number>('count')
    for (const row of batch.rows) {
      const key = encodeKey([row[0]])
      this.ctx.state.setCurrentKey(key, keyGroupOf(key, this.ctx.maxParallelism))
      const c = count.value()
      if (c !== undefined) this.out.push([row[0], c], RowKind.UPDATE_BEFORE)
      count.update((c ?? 0) + 1)
      this.out.push([row[0], (c ?? 0) + 1], c === undefined ? RowKind.INSERT : RowKind.UPDATE_AFTER)
      this.ctx.timers.registerEventTimeTimer(100)
    }
    this.ctx.output.emit(this.out.build())
  }
  onTimer(ts: number): void {
    const c = this.ctx.state.getValueState<number>('count').value()
    this.out.push(['final', c ?? -1, ts])
  }
  processWatermark(): void {
    this.ctx.output.emit(this.out.build())
  }
  snapshot(): OperatorSnapshot {
    return { operatorState: this.batches }
  }
  restore(snapshots: readonly OperatorSnapshot[]): void {
    this.batches = snapshots.reduce((n, s) => n + (s.operatorState as number), 0)
  }
  async finish(): Promise<void> {}
  async close(): Promise<void> {}
}

describe('changelog literals', () => {
  it('parses row kinds, quoted strings, nulls and decimals by type', () => {
    const b = changelog([STR, INT, DEC], '+I a 1 1.5', "-U 'x y' null -0.25", "+U '' 3 null")
    expect(b.rows).toEqual([
      ['a', 1, 150n],
      ['x y', null, -25n],
      ['', 3, null],
    ])
    expect([...(b.kinds ?? [])]).toEqual([RowKind.INSERT, RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER])
  })

  it('rejects a line with the wrong number of fields', () => {
    expect(() => changelog([STR, INT], '+I a')).toThrow(/expected 2/)
  })
})

describe('OperatorHarness', () => {
  const opts = { inputTypes: [[STR]], outputTypes: [STR, INT] }

  it('collects output as changelog lines and fires timers on watermarks', async () => {
    const h = await OperatorHarness.open(() => new CountOperator(), opts)
    h.push('+I a', '+I b', '+I a')
    expect(h.take()).toEqual(['+I[a, 1]', '+I[b, 1]', '-U[a, 1]', '+U[a, 2]'])
    h.watermark(99)
    expect(h.take()).toEqual([])
    h.watermark(100)
    expect(h.take().sort()).toEqual(['+I[final, 1, 100]', '+I[final, 2, 100]'])
  })

  it('restores keyed state, timers and operator state into a fresh instance', async () => {
    const h = await OperatorHarness.open(() => new CountOperator(), opts)
    h.push('+I a', '+I b')
    const snap = h.snapshot()
    h.push('+I a') // after the cut: must not be visible in the restored instance
    const r = await OperatorHarness.open(() => new CountOperator(), opts, snap)
    expect((r.operator as CountOperator).batches).toBe(1)
    r.push('+I a')
    expect(r.take()).toEqual(['-U[a, 1]', '+U[a, 2]'])
    r.watermark(200)
    expect(r.take().sort()).toEqual(['+I[final, 1, 100]', '+I[final, 2, 100]'])
  })

  it('restores at another parallelism with each subtask keeping its key groups', async () => {
    const h = await OperatorHarness.open(() => new CountOperator(), opts)
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`)
    h.push(...keys.map((k) => `+I ${k}`))
    const p = await ParallelHarness.open(() => new CountOperator(), 3, { ...opts, inputKeys: [[0]] }, h.snapshot())
    p.push(...keys.map((k) => `+I ${k}`))
    expect(p.take().filter((l) => l.startsWith('+U')).sort()).toEqual(keys.map((k) => `+U[${k}, 2]`).sort())
    p.watermark(100)
    expect(p.take()).toHaveLength(20)
    // and back to one subtask
    const back = await OperatorHarness.open(() => new CountOperator(), opts, p.snapshot())
    back.push('+I k7')
    expect(back.take()).toEqual(['-U[k7, 2]', '+U[k7, 3]'])
  })

  it('fails a batch that touches a key its keysOf did not announce (a prefetch miss)', async () => {
    class Liar extends CountOperator {
      keysOf(): readonly { key: string; keyGroup: number }[] {
        return []
      }
    }
    const h = await OperatorHarness.open(() => new Liar(), opts)
    expect(() => h.push('+I a')).toThrow(/keysOf did not announce/)
  })

  it('drives processing time and TTL through the controllable clock', async () => {
    class TtlOp extends CountOperator {
      override processBatch(_i: number, batch: RowBatch): void {
        const s = this.ctx.state.getValueState<number>('seen', { ttlMs: 1000 })
        for (const row of batch.rows) {
          const key = encodeKey([row[0]])
          this.ctx.state.setCurrentKey(key, keyGroupOf(key, 128))
          this.ctx.output.emit({ rows: [[row[0], s.value() ?? 0]], kinds: null })
          s.update(1)
          this.ctx.timers.registerProcessingTimeTimer(this.ctx.timers.currentProcessingTime() + 10)
        }
      }
      override onTimer(ts: number, domain?: string): void {
        this.ctx.output.emit({ rows: [[domain, ts]], kinds: null })
      }
    }
    const h = await OperatorHarness.open(() => new TtlOp(), { ...opts, startTime: 5 })
    h.push('+I a')
    h.advanceProcessingTime(10)
    h.push('+I a')
    h.setProcessingTime(2000)
    h.push('+I a')
    expect(h.take()).toEqual(['+I[a, 0]', '+I[processing, 15]', '+I[a, 1]', '+I[processing, 25]', '+I[a, 0]'])
  })
})
