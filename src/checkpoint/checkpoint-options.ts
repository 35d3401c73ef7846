/**
 * Checkpoint, state backend and state recovery options from the job configuration, with Flink's keys: the
 * current spelling first, the deprecated one as a fallback (`execution.checkpointing.dir` / `state.checkpoints.dir`).
 */
import { EngineError } from '../errors.js'

export type CheckpointingMode = 'EXACTLY_ONCE' | 'AT_LEAST_ONCE'
export type ExternalizedCheckpointRetention = 'RETAIN_ON_CANCELLATION' | 'DELETE_ON_CANCELLATION' | 'NO_EXTERNALIZED_CHECKPOINTS'
export type ClaimMode = 'CLAIM' | 'NO_CLAIM'
export type StateBackendType = 'hashmap' | 'rocksdb'

export interface CheckpointOptions {
  /** null: checkpointing is off (Flink's default when no interval is set). */
  readonly intervalMs: number | null
  readonly mode: CheckpointingMode
  readonly timeoutMs: number
  readonly minPauseMs: number
  readonly maxConcurrent: number
  readonly tolerableFailed: number
  readonly externalizedRetention: ExternalizedCheckpointRetention
  readonly numRetained: number
  /** Root of `<dir>/<job-id>/chk-<n>`; null when not configured. */
  readonly checkpointDir: string | null
  readonly incremental: boolean
  readonly stateBackend: StateBackendType
  readonly savepointDir: string | null
  /** A savepoint or retained checkpoint to start from. */
  readonly recoveryPath: string | null
  /** allowNonRestoredState: skip state of operators the new plan does not have. */
  readonly ignoreUnclaimedState: boolean
  readonly claimMode: ClaimMode
}

interface Key {
  readonly key: string
  readonly fallbacks: readonly string[]
}

/** Every key this module reads, current spelling first; exported so option listings can show them. */
export const CHECKPOINT_KEYS = {
  interval: { key: 'execution.checkpointing.interval', fallbacks: [] },
  mode: { key: 'execution.checkpointing.mode', fallbacks: [] },
  timeout: { key: 'execution.checkpointing.timeout', fallbacks: [] },
  minPause: { key: 'execution.checkpointing.min-pause', fallbacks: [] },
  maxConcurrent: { key: 'execution.checkpointing.max-concurrent-checkpoints', fallbacks: [] },
  tolerableFailed: { key: 'execution.checkpointing.tolerable-failed-checkpoints', fallbacks: [] },
  externalizedRetention: { key: 'execution.checkpointing.externalized-checkpoint-retention', fallbacks: [] },
  numRetained: { key: 'execution.checkpointing.num-retained', fallbacks: ['state.checkpoints.num-retained'] },
  checkpointDir: { key: 'execution.checkpointing.dir', fallbacks: ['state.checkpoints.dir'] },
  incremental: { key: 'execution.checkpointing.incremental', fallbacks: ['state.backend.incremental'] },
  stateBackend: { key: 'state.backend.type', fallbacks: ['state.backend'] },
  savepointDir: { key: 'execution.checkpointing.savepoint-dir', fallbacks: ['state.savepoints.dir'] },
  recoveryPath: { key: 'execution.state-recovery.path', fallbacks: ['execution.savepoint.path'] },
  ignoreUnclaimedState: { key: 'execution.state-recovery.ignore-unclaimed-state', fallbacks: ['execution.savepoint.ignore-unclaimed-state'] },
  claimMode: { key: 'execution.state-recovery.claim-mode', fallbacks: ['execution.savepoint-restore-mode'] },
} as const satisfies Record<string, Key>

type Config = Readonly<Record<string, string>>

/** The value under the key or, when absent, under its first present fallback; with the key actually used. */
export function readOption(config: Config, k: Key): { key: string; value: string } | undefined {
  for (const key of [k.key, ...k.fallbacks]) {
    const value = config[key]
    if (value !== undefined && value.trim() !== '') return { key, value: value.trim() }
  }
  return undefined
}

export function invalidOption(key: string, value: string, accepted: string): EngineError {
  return new EngineError('CHECKPOINT_INVALID_OPTION', `invalid value '${value}' for '${key}': expected ${accepted}`, { domain: 'user' })
}

const DURATION_UNITS: Record<string, number> = {
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  min: 60_000,
  m: 60_000,
  minute: 60_000,
  minutes: 60_000,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  µs: 0.001,
  us: 0.001,
  micro: 0.001,
  micros: 0.001,
  microsecond: 0.001,
  microseconds: 0.001,
  ns: 0.000001,
  nano: 0.000001,
  nanos: 0.000001,
  nanosecond: 0.000001,
  nanoseconds: 0.000001,
}

const DURATION_ACCEPTED = "a duration such as '500 ms', '10 s', '1 min', '2 h', '1 d' (a plain number is milliseconds)"

/** Flink's duration syntax (TimeUtils.parseDuration): an integer and an optional unit; no unit means ms. */
export function parseDuration(key: string, value: string): number {
  const m = /^(\d+)\s*([a-zµ]*)$/i.exec(value.trim())
  if (m === null) throw invalidOption(key, value, DURATION_ACCEPTED)
  const unit = (m[2] ?? '').toLowerCase()
  const factor = unit === '' ? 1 : DURATION_UNITS[unit]
  if (factor === undefined) throw invalidOption(key, value, DURATION_ACCEPTED)
  return Number(m[1]) * factor
}

export function parseBoolean(key: string, value: string): boolean {
  const v = value.toLowerCase()
  if (v === 'true') return true
  if (v === 'false') return false
  throw invalidOption(key, value, "'true' or 'false'")
}

export function parseInteger(key: string, value: string, min: number): number {
  if (!/^-?\d+$/.test(value)) throw invalidOption(key, value, `an integer >= ${min}`)
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < min) throw invalidOption(key, value, `an integer >= ${min}`)
  return n
}

export function parseEnum<T extends string>(key: string, value: string, accepted: readonly T[], aliases: Readonly<Record<string, T>> = {}): T {
  const upper = value.toUpperCase()
  for (const a of accepted) if (a.toUpperCase() === upper) return a
  const alias = aliases[value.toLowerCase()]
  if (alias !== undefined) return alias
  throw invalidOption(key, value, `one of ${accepted.join(', ')}`)
}

/** Flink's MINIMAL_CHECKPOINT_TIME. */
const MIN_CHECKPOINT_MS = 10

export function parseCheckpointOptions(config: Config): CheckpointOptions {
  const K = CHECKPOINT_KEYS
  const opt = (k: Key): { key: string; value: string } | undefined => readOption(config, k)
  const duration = (k: Key, dflt: number, min: number): number => {
    const o = opt(k)
    if (o === undefined) return dflt
    const ms = parseDuration(o.key, o.value)
    if (ms < min) throw invalidOption(o.key, o.value, `a duration of at least ${min} ms`)
    return ms
  }
  const int = (k: Key, dflt: number, min: number): number => {
    const o = opt(k)
    return o === undefined ? dflt : parseInteger(o.key, o.value, min)
  }
  const bool = (k: Key, dflt: boolean): boolean => {
    const o = opt(k)
    return o === undefined ? dflt : parseBoolean(o.key, o.value)
  }
  const str = (k: Key): string | null => opt(k)?.value ?? null
  const enumOf = <T extends string>(k: Key, accepted: readonly T[], dflt: T, aliases?: Readonly<Record<string, T>>): T => {
    const o = opt(k)
    return o === undefined ? dflt : parseEnum(o.key, o.value, accepted, aliases)
  }

  const interval = opt(K.interval)
  let intervalMs: number | null = null
  if (interval !== undefined) {
    intervalMs = parseDuration(interval.key, interval.value)
    if (intervalMs < MIN_CHECKPOINT_MS) throw invalidOption(interval.key, interval.value, `a duration of at least ${MIN_CHECKPOINT_MS} ms (leave it unset to turn checkpointing off)`)
  }
  return {
    intervalMs,
    mode: enumOf(K.mode, ['EXACTLY_ONCE', 'AT_LEAST_ONCE'], 'EXACTLY_ONCE'),
    timeoutMs: duration(K.timeout, 600_000, MIN_CHECKPOINT_MS),
    minPauseMs: duration(K.minPause, 0, 0),
    maxConcurrent: int(K.maxConcurrent, 1, 1),
    tolerableFailed: int(K.tolerableFailed, 0, 0),
    externalizedRetention: enumOf(K.externalizedRetention, ['RETAIN_ON_CANCELLATION', 'DELETE_ON_CANCELLATION', 'NO_EXTERNALIZED_CHECKPOINTS'], 'NO_EXTERNALIZED_CHECKPOINTS'),
    numRetained: int(K.numRetained, 1, 1),
    checkpointDir: stripFileScheme(str(K.checkpointDir)),
    incremental: bool(K.incremental, false),
    // 'filesystem' and 'jobmanager' are Flink 1.x names of heap backends.
    stateBackend: enumOf(K.stateBackend, ['hashmap', 'rocksdb'], 'hashmap', { filesystem: 'hashmap', jobmanager: 'hashmap' }),
    savepointDir: stripFileScheme(str(K.savepointDir)),
    recoveryPath: stripFileScheme(str(K.recoveryPath)),
    ignoreUnclaimedState: bool(K.ignoreUnclaimedState, false),
    claimMode: enumOf(K.claimMode, ['NO_CLAIM', 'CLAIM'], 'NO_CLAIM'),
  }
}

/** `file:///tmp/x` and `file:/tmp/x` (as Flink prints savepoint paths) are local paths. */
export function stripFileScheme(p: string | null): string | null {
  if (p === null) return null
  if (p.startsWith('file://')) return p.slice('file://'.length)
  if (p.startsWith('file:')) return p.slice('file:'.length)
  return p
}
