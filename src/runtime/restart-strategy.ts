/**
 * Restart strategies (Flink's `restart-strategy.type`, older key `restart-strategy`), with Flink's options,
 * defaults and semantics (RestartBackoffTimeStrategy): on a failure the job runner calls `notifyFailure(now)`,
 * then `canRestart(now)`; if it may, it waits `nextDelayMs(now)` and restores from the latest checkpoint.
 *
 *   none | off | disable    never restart (the default when checkpointing is off)
 *   fixed-delay             restart-strategy.fixed-delay.attempts (1), .delay (1 s)
 *   failure-rate            restart-strategy.failure-rate.max-failures-per-interval (1),
 *                           .failure-rate-interval (1 min), .delay (1 s)
 *   exponential-delay       restart-strategy.exponential-delay.initial-backoff (1 s), .max-backoff (1 min),
 *                           .backoff-multiplier (1.5), .reset-backoff-threshold (1 h), .jitter-factor (0.1),
 *                           .attempts-before-reset-backoff (unlimited); the default when checkpointing is on
 *                           (Flink 1.19+, FLIP-364)
 */
import { invalidOption, parseDuration, parseInteger, readOption } from '../checkpoint/checkpoint-options.js'
import { assertNever } from '../errors.js'

export type RestartStrategyKind = 'none' | 'fixed-delay' | 'failure-rate' | 'exponential-delay'

export interface RestartStrategy {
  readonly kind: RestartStrategyKind
  /** Records a failure at `now` (ms). Call it first, then `canRestart`. */
  notifyFailure(now: number): void
  /** Whether the job may restart after the failures recorded so far. */
  canRestart(now: number): boolean
  /** How long to wait before restarting, after `notifyFailure`. */
  nextDelayMs(now: number): number
  /** For messages: `Recovery is suppressed by <describe()>`. */
  describe(): string
}

export interface RestartStrategyDeps {
  /** Uniform in [0, 1), for exponential-delay's jitter. */
  readonly random?: () => number
}

const TYPE = { key: 'restart-strategy.type', fallbacks: ['restart-strategy'] }
const ACCEPTED = 'one of none, off, disable, fixed-delay, failure-rate, exponential-delay'

type Config = Readonly<Record<string, string>>

export function restartStrategyKind(config: Config, checkpointingEnabled: boolean): RestartStrategyKind {
  const o = readOption(config, TYPE)
  if (o === undefined) return checkpointingEnabled ? 'exponential-delay' : 'none'
  switch (o.value.toLowerCase()) {
    case 'none':
    case 'off':
    case 'disable':
      return 'none'
    case 'fixed-delay':
    case 'fixeddelay':
      return 'fixed-delay'
    case 'failure-rate':
    case 'failurerate':
      return 'failure-rate'
    case 'exponential-delay':
    case 'exponentialdelay':
      return 'exponential-delay'
    default:
      throw invalidOption(o.key, o.value, ACCEPTED)
  }
}

export function createRestartStrategy(config: Config, checkpointingEnabled: boolean, deps: RestartStrategyDeps = {}): RestartStrategy {
  const kind = restartStrategyKind(config, checkpointingEnabled)
  const duration = (key: string, dflt: number, min: number): number => {
    const o = readOption(config, { key, fallbacks: [] })
    if (o === undefined) return dflt
    const ms = parseDuration(o.key, o.value)
    if (ms < min) throw invalidOption(o.key, o.value, `a duration of at least ${min} ms`)
    return ms
  }
  const int = (key: string, dflt: number, min: number): number => {
    const o = readOption(config, { key, fallbacks: [] })
    return o === undefined ? dflt : parseInteger(o.key, o.value, min)
  }
  const double = (key: string, dflt: number, ok: (x: number) => boolean, accepted: string): number => {
    const o = readOption(config, { key, fallbacks: [] })
    if (o === undefined) return dflt
    const x = Number(o.value)
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(o.value) || !ok(x)) throw invalidOption(o.key, o.value, accepted)
    return x
  }
  switch (kind) {
    case 'none':
      return noRestart()
    case 'fixed-delay':
      return fixedDelay(int('restart-strategy.fixed-delay.attempts', 1, 0), duration('restart-strategy.fixed-delay.delay', 1000, 0))
    case 'failure-rate':
      return failureRate(
        int('restart-strategy.failure-rate.max-failures-per-interval', 1, 1),
        duration('restart-strategy.failure-rate.failure-rate-interval', 60_000, 1),
        duration('restart-strategy.failure-rate.delay', 1000, 0),
      )
    case 'exponential-delay': {
      const p = 'restart-strategy.exponential-delay.'
      const initial = duration(p + 'initial-backoff', 1000, 1)
      const max = duration(p + 'max-backoff', 60_000, 1)
      if (initial > max) throw invalidOption(p + 'initial-backoff', String(initial) + ' ms', `at most ${p}max-backoff (${max} ms)`)
      return exponentialDelay(
        {
          initialMs: initial,
          maxMs: max,
          multiplier: double(p + 'backoff-multiplier', 1.5, (x) => x > 1, 'a number greater than 1'),
          resetThresholdMs: duration(p + 'reset-backoff-threshold', 3_600_000, 1),
          jitter: double(p + 'jitter-factor', 0.1, (x) => x >= 0 && x <= 1, 'a number between 0 and 1'),
          attempts: int(p + 'attempts-before-reset-backoff', Number.POSITIVE_INFINITY, 1),
        },
        deps.random ?? Math.random,
      )
    }
    default:
      return assertNever(kind, 'restart strategy')
  }
}

export function noRestart(): RestartStrategy {
  return { kind: 'none', notifyFailure: () => undefined, canRestart: () => false, nextDelayMs: () => 0, describe: () => 'no restart strategy (restart-strategy.type = none)' }
}

export function fixedDelay(attempts: number, delayMs: number): RestartStrategy {
  let failures = 0
  return {
    kind: 'fixed-delay',
    notifyFailure: () => {
      failures++
    },
    canRestart: () => failures <= attempts,
    nextDelayMs: () => delayMs,
    describe: () => `fixed-delay restart strategy (attempts=${attempts}, delay=${delayMs} ms)`,
  }
}

/** At most `maxFailures` restarts within any `intervalMs` (Flink counts the failure that would exceed it). */
export function failureRate(maxFailures: number, intervalMs: number, delayMs: number): RestartStrategy {
  const failures: number[] = []
  const full = (): boolean => failures.length > maxFailures
  return {
    kind: 'failure-rate',
    notifyFailure: (now) => {
      if (full()) failures.shift()
      failures.push(now)
    },
    canRestart: (now) => !full() || now - failures[0]! > intervalMs,
    nextDelayMs: () => delayMs,
    describe: () => `failure-rate restart strategy (max-failures-per-interval=${maxFailures}, failure-rate-interval=${intervalMs} ms, delay=${delayMs} ms)`,
  }
}

export interface ExponentialDelaySettings {
  readonly initialMs: number
  readonly maxMs: number
  readonly multiplier: number
  readonly resetThresholdMs: number
  readonly jitter: number
  readonly attempts: number
}

/**
 * Backoff initial * multiplier^attempt (± jitter), capped at max; failures during a pending restart count as one;
 * a run without failure for reset-threshold (after the restart) starts again from the initial backoff.
 */
export function exponentialDelay(s: ExponentialDelaySettings, random: () => number): RestartStrategy {
  let attempt = 0
  let nextRestartAt = Number.NEGATIVE_INFINITY
  const backoff = (): number => {
    const base = Math.floor(s.initialMs * Math.pow(s.multiplier, attempt))
    const offset = Math.floor(Math.min(base, s.maxMs) * s.jitter)
    const jitter = offset === 0 ? 0 : Math.floor(random() * (2 * offset + 1)) - offset
    return Math.max(s.initialMs, Math.min(base + jitter, s.maxMs))
  }
  return {
    kind: 'exponential-delay',
    notifyFailure: (now) => {
      if (now <= nextRestartAt) return // part of the restart already scheduled
      if (now - nextRestartAt >= s.resetThresholdMs) attempt = 0
      nextRestartAt = now + backoff()
      attempt++
    },
    canRestart: () => attempt <= s.attempts,
    nextDelayMs: (now) => Math.max(0, nextRestartAt - now),
    describe: () =>
      `exponential-delay restart strategy (initial-backoff=${s.initialMs} ms, max-backoff=${s.maxMs} ms, backoff-multiplier=${s.multiplier}, reset-backoff-threshold=${s.resetThresholdMs} ms, jitter-factor=${s.jitter}, attempts-before-reset-backoff=${s.attempts === Number.POSITIVE_INFINITY ? 'unlimited' : s.attempts})`,
  }
}
