import { describe, expect, it } from 'vitest'
import { keyGroupOf, keyGroupRangeFor } from '../../../src/state/key-groups.js'
import { MemoryStateBackend } from '../../../src/state/memory-backend.js'
import { InternalTimerService } from '../../../src/state/timer-service.js'

function setup(range = { start: 0, end: 128 }) {
  let now = 0
  const backend = new MemoryStateBackend(range, 128, () => now)
  const timers = new InternalTimerService(backend, () => now)
  const at = (key: string): void => backend.setCurrentKey(key, keyGroupOf(key, 128))
  return { backend, timers, at, setNow: (t: number) => (now = t) }
}

describe('InternalTimerService', () => {
  it('fires event-time timers <= watermark in timestamp order with the key set, once each', () => {
    const { backend, timers, at } = setup()
    at('b')
    timers.registerEventTimeTimer(20)
    timers.registerEventTimeTimer(20) // deduplicated
    at('a')
    timers.registerEventTimeTimer(10)
    timers.registerEventTimeTimer(30)
    const fired: string[] = []
    timers.advanceWatermark(20, (ts, key) => fired.push(`${ts}:${key}:${backend.currentKey}`))
    expect(fired).toEqual(['10:a:a', '20:b:b'])
    expect(timers.currentWatermark()).toBe(20)
    timers.advanceWatermark(25, (ts, key) => fired.push(`${ts}:${key}`))
    expect(fired).toHaveLength(2)
    expect(timers.nextEventTimer()).toBe(30)
  })

  it('deleted timers do not fire and re-registered ones fire once', () => {
    const { timers, at } = setup()
    at('a')
    timers.registerEventTimeTimer(5)
    timers.deleteEventTimeTimer(5)
    timers.registerEventTimeTimer(7)
    timers.deleteEventTimeTimer(7)
    timers.registerEventTimeTimer(7)
    const fired: number[] = []
    timers.advanceWatermark(100, (ts) => fired.push(ts))
    expect(fired).toEqual([7])
  })

  it('fires timers registered while firing when they are due', () => {
    const { timers, at } = setup()
    at('a')
    timers.registerEventTimeTimer(1)
    const fired: number[] = []
    timers.advanceWatermark(10, (ts) => {
      fired.push(ts)
      if (ts === 1) timers.registerEventTimeTimer(5)
    })
    expect(fired).toEqual([1, 5])
  })

  it('processing-time timers fire on advance and report the next wake-up', () => {
    const { timers, at } = setup()
    at('x')
    timers.registerProcessingTimeTimer(100)
    timers.registerProcessingTimeTimer(50)
    expect(timers.nextProcessingTimer()).toBe(50)
    const fired: number[] = []
    timers.advanceProcessingTime(60, (ts) => fired.push(ts))
    expect(fired).toEqual([50])
    expect(timers.nextProcessingTimer()).toBe(100)
    timers.deleteProcessingTimeTimer(100)
    expect(timers.nextProcessingTimer()).toBeNull()
  })

  it('snapshots per key group and restores only the owned groups', () => {
    const { timers, at } = setup()
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`)
    keys.forEach((k, i) => {
      at(k)
      timers.registerEventTimeTimer(i)
      timers.registerProcessingTimeTimer(1000 + i)
    })
    const snap = structuredClone(timers.snapshot())
    const fired: string[] = []
    let procTotal = 0
    for (let s = 0; s < 3; s++) {
      const range = keyGroupRangeFor(s, 3, 128)
      const part = setup(range)
      part.timers.restore([snap])
      part.timers.advanceWatermark(1000, (ts, key, kg) => {
        expect(kg).toBeGreaterThanOrEqual(range.start)
        expect(kg).toBeLessThan(range.end)
        fired.push(`${ts}:${key}`)
      })
      procTotal += part.timers.numProcessingTimers()
    }
    expect(fired.sort()).toEqual(keys.map((k, i) => `${i}:${k}`).sort())
    expect(procTotal).toBe(40)
  })

  it('keeps many deletes from growing without bound', () => {
    const { timers, at } = setup()
    at('a')
    for (let i = 0; i < 5000; i++) {
      timers.registerEventTimeTimer(i)
      timers.deleteEventTimeTimer(i)
    }
    expect(timers.numEventTimers()).toBe(0)
    expect(timers.nextEventTimer()).toBeNull()
  })
})
