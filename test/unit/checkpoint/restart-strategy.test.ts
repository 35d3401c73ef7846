import { describe, expect, it } from 'vitest'
import { EngineError } from '../../../src/errors.js'
import { createRestartStrategy, restartStrategyKind } from '../../../src/runtime/restart-strategy.js'
import type { RestartStrategy } from '../../../src/runtime/restart-strategy.js'

/** Drives a strategy the way the job runner does: notify, ask, and record the delay (or null: job fails). */
function fail(s: RestartStrategy, now: number): number | null {
  s.notifyFailure(now)
  return s.canRestart(now) ? s.nextDelayMs(now) : null
}

describe('restart strategy selection', () => {
  it('defaults: none without checkpointing, exponential-delay with it (Flink 1.19+)', () => {
    expect(restartStrategyKind({}, false)).toBe('none')
    expect(restartStrategyKind({}, true)).toBe('exponential-delay')
  })

  it('reads restart-strategy.type and the older restart-strategy, with all of Flink spellings', () => {
    expect(restartStrategyKind({ 'restart-strategy.type': 'fixed-delay' }, true)).toBe('fixed-delay')
    expect(restartStrategyKind({ 'restart-strategy': 'failurerate' }, false)).toBe('failure-rate')
    expect(restartStrategyKind({ 'restart-strategy.type': 'OFF' }, true)).toBe('none')
    expect(restartStrategyKind({ 'restart-strategy.type': 'disable', 'restart-strategy': 'fixed-delay' }, true)).toBe('none')
  })

  it('rejects unknown strategies and bad values, naming the key and what it accepts', () => {
    const err = (config: Record<string, string>): EngineError => {
      try {
        createRestartStrategy(config, true)
      } catch (e) {
        return e as EngineError
      }
      throw new Error('expected an error')
    }
    expect(err({ 'restart-strategy.type': 'sometimes' }).message).toBe(
      "invalid value 'sometimes' for 'restart-strategy.type': expected one of none, off, disable, fixed-delay, failure-rate, exponential-delay",
    )
    expect(err({ 'restart-strategy.type': 'exponential-delay', 'restart-strategy.exponential-delay.backoff-multiplier': '1' }).message).toContain('expected a number greater than 1')
    expect(err({ 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.delay': 'soon' }).message).toContain("for 'restart-strategy.fixed-delay.delay'")
  })
})

describe('fixed-delay', () => {
  it('restarts `attempts` times (default 1) after `delay` (default 1 s), then gives up', () => {
    const s = createRestartStrategy({ 'restart-strategy.type': 'fixed-delay' }, false)
    expect([fail(s, 0), fail(s, 5000)]).toEqual([1000, null])
    const three = createRestartStrategy({ 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': '3', 'restart-strategy.fixed-delay.delay': '10 s' }, false)
    expect([0, 1, 2, 3].map((i) => fail(three, i * 60_000))).toEqual([10_000, 10_000, 10_000, null])
  })
})

describe('failure-rate', () => {
  it('allows max-failures-per-interval restarts within any interval', () => {
    const s = createRestartStrategy(
      { 'restart-strategy.type': 'failure-rate', 'restart-strategy.failure-rate.max-failures-per-interval': '2', 'restart-strategy.failure-rate.failure-rate-interval': '1 min', 'restart-strategy.failure-rate.delay': '5 s' },
      false,
    )
    expect(fail(s, 0)).toBe(5000)
    expect(fail(s, 10_000)).toBe(5000)
    expect(fail(s, 20_000)).toBeNull() // third failure within one minute
    const t = createRestartStrategy({ 'restart-strategy.type': 'failure-rate', 'restart-strategy.failure-rate.max-failures-per-interval': '2' }, false)
    expect([fail(t, 0), fail(t, 10_000), fail(t, 70_001), fail(t, 140_002)]).toEqual([1000, 1000, 1000, 1000]) // spread out: fine
  })

  it('defaults: one restart per minute', () => {
    const s = createRestartStrategy({ 'restart-strategy.type': 'failure-rate' }, false)
    expect([fail(s, 0), fail(s, 30_000)]).toEqual([1000, null])
  })
})

describe('exponential-delay', () => {
  const noJitter = { 'restart-strategy.type': 'exponential-delay', 'restart-strategy.exponential-delay.jitter-factor': '0' }

  it('grows initial * 1.5^n up to max-backoff 1 min by default', () => {
    const s = createRestartStrategy(noJitter, true)
    const delays: (number | null)[] = []
    let now = 0
    for (let i = 0; i < 12; i++) {
      const d = fail(s, now)
      delays.push(d)
      now += (d ?? 0) + 1 // the next failure right after the restart
    }
    expect(delays).toEqual([1000, 1500, 2250, 3375, 5062, 7593, 11390, 17085, 25628, 38443, 57665, 60000])
  })

  it('merges failures that happen while a restart is pending into one attempt', () => {
    const s = createRestartStrategy(noJitter, true)
    expect(fail(s, 0)).toBe(1000)
    expect(fail(s, 400)).toBe(600) // same restart, 600 ms left
    expect(fail(s, 1001)).toBe(1500)
  })

  it('resets to the initial backoff after running reset-backoff-threshold without failure', () => {
    const s = createRestartStrategy({ ...noJitter, 'restart-strategy.exponential-delay.reset-backoff-threshold': '10 min' }, true)
    expect([fail(s, 0), fail(s, 1001), fail(s, 2502)]).toEqual([1000, 1500, 2250])
    expect(fail(s, 2502 + 2250 + 600_000)).toBe(1000)
  })

  it('gives up after attempts-before-reset-backoff', () => {
    const s = createRestartStrategy({ ...noJitter, 'restart-strategy.exponential-delay.attempts-before-reset-backoff': '2' }, true)
    expect([fail(s, 0), fail(s, 1001), fail(s, 2502)]).toEqual([1000, 1500, null])
  })

  it('adds jitter of at most jitter-factor of the backoff, from the injected random source', () => {
    const lo = createRestartStrategy({ 'restart-strategy.type': 'exponential-delay', 'restart-strategy.exponential-delay.initial-backoff': '10 s' }, true, { random: () => 0 })
    const hi = createRestartStrategy({ 'restart-strategy.type': 'exponential-delay', 'restart-strategy.exponential-delay.initial-backoff': '10 s' }, true, { random: () => 0.9999 })
    expect(fail(lo, 0)).toBe(10_000) // never below the initial backoff
    expect(fail(hi, 0)).toBe(11_000)
    expect(fail(lo, 20_000)).toBe(13_500) // 15 s - 1.5 s
    expect(fail(hi, 20_000)).toBe(16_500)
  })

  it('describes itself for "Recovery is suppressed by ..." messages', () => {
    expect(createRestartStrategy({}, true).describe()).toBe(
      'exponential-delay restart strategy (initial-backoff=1000 ms, max-backoff=60000 ms, backoff-multiplier=1.5, reset-backoff-threshold=3600000 ms, jitter-factor=0.1, attempts-before-reset-backoff=unlimited)',
    )
  })
})

describe('none', () => {
  it('never restarts', () => {
    expect(fail(createRestartStrategy({}, false), 0)).toBeNull()
  })
})
