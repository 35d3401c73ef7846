import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BarrierAligner } from '../../../src/runtime/barrier-aligner.js'
import type { Barrier, ChannelElement } from '../../../src/runtime/channel-element.js'
import { LocalChannel } from '../../../src/runtime/channel.js'
import { InputGate, type GateEvent } from '../../../src/runtime/input-gate.js'

const barrier = (checkpointId: number): Barrier => ({ checkpointId, timestamp: 0, savepoint: false })

function recorder() {
  const aligned: number[] = []
  const aborted: number[] = []
  return { aligned, aborted, listener: { aligned: (b: Barrier) => aligned.push(b.checkpointId), aborted: (id: number) => aborted.push(id) } }
}

describe('BarrierAligner (exactly-once)', () => {
  it('blocks a channel from its barrier until every channel has it, then signals once', () => {
    const r = recorder()
    const a = new BarrierAligner(3, 'exactly-once', r.listener)
    a.onBarrier(1, barrier(1))
    expect([a.isBlocked(0), a.isBlocked(1), a.isBlocked(2)]).toEqual([false, true, false])
    a.onBarrier(0, barrier(1))
    expect(r.aligned).toEqual([])
    a.onBarrier(2, barrier(1))
    expect(r.aligned).toEqual([1])
    expect([a.isBlocked(0), a.isBlocked(1), a.isBlocked(2)]).toEqual([false, false, false])
  })

  it('aborts a pending checkpoint when a newer barrier arrives, and ignores its late barriers', () => {
    const r = recorder()
    const a = new BarrierAligner(2, 'exactly-once', r.listener)
    a.onBarrier(0, barrier(1))
    a.onBarrier(0, barrier(2))
    expect(r.aborted).toEqual([1])
    a.onBarrier(1, barrier(1))
    expect(r.aligned).toEqual([])
    expect(a.isBlocked(1)).toBe(false)
    a.onBarrier(1, barrier(2))
    expect(r.aligned).toEqual([2])
  })

  it('counts an ended channel as aligned', () => {
    const r = recorder()
    const a = new BarrierAligner(2, 'exactly-once', r.listener)
    a.onBarrier(0, barrier(1))
    a.onEndOfInput(1)
    expect(r.aligned).toEqual([1])
    a.onBarrier(0, barrier(2))
    expect(r.aligned).toEqual([1, 2])
  })

  it('with one channel, aligns at once', () => {
    const r = recorder()
    const a = new BarrierAligner(1, 'exactly-once', r.listener)
    a.onBarrier(0, barrier(7))
    expect(r.aligned).toEqual([7])
    expect(a.isBlocked(0)).toBe(false)
  })
})

describe('BarrierAligner (at-least-once)', () => {
  it('never blocks and triggers when the last barrier arrives', () => {
    const r = recorder()
    const a = new BarrierAligner(2, 'at-least-once', r.listener)
    a.onBarrier(0, barrier(1))
    expect(a.isBlocked(0)).toBe(false)
    expect(r.aligned).toEqual([])
    a.onBarrier(1, barrier(1))
    expect(r.aligned).toEqual([1])
  })
})

/** A data element tagged with its channel, position, and how many barriers precede it on its channel. */
interface Tagged {
  readonly channel: number
  readonly seq: number
  readonly epoch: number
}

function script(dataCounts: number[][]): ChannelElement[][] {
  // dataCounts[c][e] = data elements on channel c in epoch e (before barrier e+1); all channels see every barrier.
  return dataCounts.map((epochs, channel) => {
    const els: ChannelElement[] = []
    let seq = 0
    epochs.forEach((count, epoch) => {
      for (let i = 0; i < count; i++) els.push({ kind: 'batch', batch: { rows: [[{ channel, seq: seq++, epoch } satisfies Tagged]], kinds: null } })
      if (epoch < epochs.length - 1) els.push({ kind: 'barrier', barrier: barrier(epoch + 1) })
    })
    els.push({ kind: 'end-of-input' })
    return els
  })
}

describe('InputGate with barrier alignment (property)', () => {
  it('never delivers from a blocked input and delivers everything exactly once, in channel order', () => {
    const arb = fc
      .integer({ min: 1, max: 4 })
      .chain((channels) =>
        fc.integer({ min: 1, max: 4 }).chain((epochs) =>
          fc.record({
            counts: fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: epochs, maxLength: epochs }), { minLength: channels, maxLength: channels }),
            // Interleaving of pushes (channel index) and polls (-1).
            steps: fc.array(fc.integer({ min: -1, max: channels - 1 }), { maxLength: 80 }),
          }),
        ),
      )
    fc.assert(
      fc.property(arb, ({ counts, steps }) => {
        const scripts = script(counts)
        const chans = scripts.map(() => new LocalChannel(1000))
        const gate = new InputGate(chans.map((reader) => ({ reader, input: 0 })), 'exactly-once')
        const events: GateEvent[] = []
        const poll = (): void => {
          for (let e = gate.poll(); e !== null; e = gate.poll()) events.push(e)
        }
        const pushNext = (c: number): void => {
          const el = scripts[c]!.shift()
          if (el !== undefined) chans[c]!.push(el)
        }
        for (const s of steps) {
          if (s < 0) {
            const e = gate.poll()
            if (e !== null) events.push(e)
          } else pushNext(s)
        }
        for (let c = 0; c < scripts.length; c++) while (scripts[c]!.length > 0) pushNext(c)
        poll()

        const delivered: Tagged[] = []
        let completedCheckpoints = 0
        for (const e of events) {
          if (e.kind === 'batch') {
            const t = e.batch.rows[0]![0] as Tagged
            // Data of epoch n (after barrier n on its channel) must wait until checkpoint n aligned.
            expect(t.epoch).toBeLessThanOrEqual(completedCheckpoints)
            delivered.push(t)
          } else if (e.kind === 'barrier') {
            // All data before barrier n, from every channel, arrived before the aligned barrier.
            const n = e.barrier.checkpointId
            expect(n).toBe(completedCheckpoints + 1)
            const expectedBefore = counts.reduce((sum, ch) => sum + ch.slice(0, n).reduce((a, b) => a + b, 0), 0)
            expect(delivered.filter((d) => d.epoch < n).length).toBe(expectedBefore)
            completedCheckpoints = n
          }
        }
        const epochs = counts[0]!.length
        expect(completedCheckpoints).toBe(epochs - 1)
        expect(events[events.length - 1]!.kind).toBe('end-of-input')
        const total = counts.flat().reduce((a, b) => a + b, 0)
        expect(delivered.length).toBe(total)
        for (let c = 0; c < counts.length; c++) {
          const seqs = delivered.filter((d) => d.channel === c).map((d) => d.seq)
          expect(seqs).toEqual(seqs.map((_, i) => i))
        }
      }),
      { numRuns: 300 },
    )
  })
})
