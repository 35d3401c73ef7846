/**
 * Session configuration: what SET / RESET change and what a job is submitted with. Keys, defaults and deprecated
 * aliases follow Flink (flink-behaviour.md §1.6). Any key may be set (connectors and future modules read their
 * own), but the keys Weir knows are validated and normalised, and deprecated spellings are stored under the
 * current name so every reader looks up one key.
 */
import { assertNever, EngineError } from '../errors.js'

type ConfigType =
  | { readonly kind: 'string' }
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'duration' }
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly upper: boolean }
  | { readonly kind: 'timezone' }

export interface ConfigKeySpec {
  readonly key: string
  readonly type: ConfigType
  /** Effective value when nobody set it; absent means "no value" (Flink's `(none)`). */
  readonly default?: string
  /** Older spellings that mean the same key (SET on them stores under `key`). */
  readonly aliases?: readonly string[]
  /** Shown by `SET;` even when not set explicitly (the session's base configuration). */
  readonly listed?: boolean
  readonly description: string
}

const STRING: ConfigType = { kind: 'string' }
const BOOL: ConfigType = { kind: 'boolean' }
const DURATION: ConfigType = { kind: 'duration' }
const TZ: ConfigType = { kind: 'timezone' }
function int(min: number, max = Number.MAX_SAFE_INTEGER): ConfigType {
  return { kind: 'int', min, max }
}
function enumOf(values: readonly string[], upper: boolean): ConfigType {
  return { kind: 'enum', values, upper }
}

export const CONFIG_KEYS: readonly ConfigKeySpec[] = [
  { key: 'execution.runtime-mode', type: enumOf(['streaming', 'batch'], false), default: 'streaming', listed: true, description: 'streaming or batch execution' },
  { key: 'parallelism.default', type: int(1, 32768), default: '1', listed: true, description: 'parallelism of operators' },
  { key: 'pipeline.max-parallelism', type: int(1, 32768), default: '128', listed: true, description: 'number of key groups; fixed across restores' },
  { key: 'pipeline.name', type: STRING, description: 'job name of the following DML statements (default insert-into_<sink>)' },
  { key: 'pipeline.auto-watermark-interval', type: DURATION, default: '200 ms', description: 'how often sources emit watermarks' },
  { key: 'sql-client.execution.result-mode', type: enumOf(['TABLE', 'CHANGELOG', 'TABLEAU'], true), default: 'TABLE', listed: true, description: 'how the shell shows query results' },
  { key: 'sql-client.execution.max-table-result.rows', type: int(1), default: '1000000', description: 'rows kept by the table result mode' },
  { key: 'sql-client.verbose', type: BOOL, default: 'false', description: 'print stack traces of errors' },
  { key: 'table.display.max-column-width', type: int(1), default: '30', aliases: ['sql-client.display.max-column-width'], description: 'tableau truncation of variable-width columns' },
  { key: 'table.dml-sync', type: BOOL, default: 'false', listed: true, description: 'INSERT waits for its job to finish' },
  { key: 'table.local-time-zone', type: TZ, default: 'default', description: 'zone TIMESTAMP_LTZ values are shown in (default: the system zone)' },
  { key: 'table.sql-dialect', type: enumOf(['default'], false), default: 'default', description: 'SQL dialect (only default)' },
  { key: 'table.exec.state.ttl', type: DURATION, default: '0 ms', description: 'idle state retention of SQL operators (0: never expire)' },
  { key: 'table.exec.source.idle-timeout', type: DURATION, default: '0 ms', description: 'mark sources idle after this long without data' },
  { key: 'table.exec.sink.upsert-materialize', type: enumOf(['NONE', 'AUTO', 'FORCE'], true), default: 'AUTO', description: 'materialiser before upsert sinks' },
  { key: 'table.exec.mini-batch.enabled', type: BOOL, default: 'false', description: 'mini-batch aggregation' },
  { key: 'table.exec.mini-batch.allow-latency', type: DURATION, default: '0 ms', description: 'mini-batch latency' },
  { key: 'table.exec.mini-batch.size', type: int(-1), default: '-1', description: 'mini-batch size' },
  { key: 'execution.state-recovery.path', type: STRING, aliases: ['execution.savepoint.path'], description: 'savepoint or retained checkpoint the following DML restores from' },
  { key: 'execution.state-recovery.ignore-unclaimed-state', type: BOOL, default: 'false', aliases: ['execution.savepoint.ignore-unclaimed-state'], description: 'allow state of removed operators (allowNonRestoredState)' },
  { key: 'execution.state-recovery.claim-mode', type: enumOf(['CLAIM', 'NO_CLAIM'], true), default: 'NO_CLAIM', aliases: ['execution.savepoint-restore-mode'], description: 'who owns the restored snapshot' },
  { key: 'execution.checkpointing.interval', type: DURATION, description: 'checkpoint interval (unset: checkpointing off)' },
  { key: 'execution.checkpointing.mode', type: enumOf(['EXACTLY_ONCE', 'AT_LEAST_ONCE'], true), default: 'EXACTLY_ONCE', description: 'barrier alignment' },
  { key: 'execution.checkpointing.timeout', type: DURATION, default: '10 min', description: 'checkpoint timeout' },
  { key: 'execution.checkpointing.min-pause', type: DURATION, default: '0 ms', description: 'pause between checkpoints' },
  { key: 'execution.checkpointing.max-concurrent-checkpoints', type: int(1), default: '1', description: 'checkpoints in flight' },
  { key: 'execution.checkpointing.tolerable-failed-checkpoints', type: int(0), default: '0', description: 'consecutive failures before failover' },
  { key: 'execution.checkpointing.externalized-checkpoint-retention', type: enumOf(['NO_EXTERNALIZED_CHECKPOINTS', 'DELETE_ON_CANCELLATION', 'RETAIN_ON_CANCELLATION'], true), default: 'NO_EXTERNALIZED_CHECKPOINTS', description: 'keep checkpoints after cancel' },
  { key: 'execution.checkpointing.dir', type: STRING, aliases: ['state.checkpoints.dir'], description: 'checkpoint root directory' },
  { key: 'execution.checkpointing.savepoint-dir', type: STRING, aliases: ['state.savepoints.dir'], description: 'default savepoint directory' },
  { key: 'execution.checkpointing.num-retained', type: int(1), default: '1', aliases: ['state.checkpoints.num-retained'], description: 'completed checkpoints kept' },
  { key: 'execution.checkpointing.incremental', type: BOOL, default: 'false', aliases: ['state.backend.incremental'], description: 'incremental checkpoints' },
  { key: 'execution.checkpointing.unaligned.enabled', type: BOOL, default: 'false', aliases: ['execution.checkpointing.unaligned'], description: 'unaligned checkpoints' },
  { key: 'weir.stop-with-savepoint-on-sigterm', type: BOOL, default: 'false', description: 'weir -f: on SIGTERM stop running INSERT jobs with a savepoint (into execution.checkpointing.savepoint-dir) instead of cancelling them' },
  { key: 'state.backend.type', type: enumOf(['hashmap', 'rocksdb'], false), default: 'hashmap', aliases: ['state.backend'], description: 'keyed state backend' },
  { key: 'restart-strategy.type', type: enumOf(['none', 'off', 'disable', 'fixed-delay', 'failure-rate', 'exponential-delay'], false), aliases: ['restart-strategy'], description: 'restart strategy (default: none without checkpointing)' },
  { key: 'restart-strategy.fixed-delay.attempts', type: int(0), default: '1', description: 'fixed-delay attempts' },
  { key: 'restart-strategy.fixed-delay.delay', type: DURATION, default: '1 s', description: 'fixed-delay delay' },
]

const SPECS = new Map<string, ConfigKeySpec>(CONFIG_KEYS.map((s) => [s.key, s]))
const ALIASES = new Map<string, string>(CONFIG_KEYS.flatMap((s) => (s.aliases ?? []).map((a) => [a, s.key] as const)))

/** The current name of a key (deprecated spellings map to their replacement; unknown keys stay as they are). */
export function canonicalConfigKey(key: string): string {
  return ALIASES.get(key) ?? key
}

export function configKeySpec(key: string): ConfigKeySpec | undefined {
  return SPECS.get(canonicalConfigKey(key))
}

const SECRET_WORDS = ['password', 'secret', 'token', 'jaas']

/** Keys naming a password, secret, token or JAAS config are never shown or logged in clear. */
export function isSensitiveKey(key: string): boolean {
  const k = key.toLowerCase()
  return SECRET_WORDS.some((w) => k.includes(w))
}

export const MASKED_VALUE = '******'

export function maskValue(key: string, value: string): string {
  return isSensitiveKey(key) ? MASKED_VALUE : value
}

const DURATION_UNITS: ReadonlyArray<readonly [readonly string[], number]> = [
  [['d', 'day', 'days'], 86_400_000],
  [['h', 'hour', 'hours'], 3_600_000],
  [['min', 'm', 'minute', 'minutes'], 60_000],
  [['s', 'sec', 'secs', 'second', 'seconds'], 1000],
  [['ms', 'milli', 'millis', 'millisecond', 'milliseconds'], 1],
]

/** Flink's duration syntax (`10 s`, `1min`, `500 ms`, a bare number is milliseconds); undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([a-zA-Z]*)\s*$/.exec(text)
  if (m === null) return undefined
  const amount = Number(m[1])
  const unit = (m[2] ?? '').toLowerCase()
  if (unit === '') return amount
  for (const [names, factor] of DURATION_UNITS) if (names.includes(unit)) return amount * factor
  return undefined
}

/** The zone of this process (TZ), as Flink's 'default' means the JVM's zone. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

function isValidTimeZone(zone: string): boolean {
  if (zone === 'default') return true
  if (zone === 'Z' || /^(?:UTC|GMT|UT)?[+-]\d{1,2}(?::?\d{2})?(?::?\d{2})?$/i.test(zone)) return true
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

function invalid(key: string, value: string, expected: string): EngineError {
  return new EngineError('GATEWAY_INVALID_CONFIG_VALUE', `invalid value '${value}' for configuration key '${key}'`, {
    hint: `expected ${expected}`,
  })
}

/** Checks a value for a known key and returns its normalised spelling; unknown keys pass unchanged. */
export function normalizeConfigValue(key: string, value: string): string {
  const spec = configKeySpec(key)
  if (spec === undefined) return value
  const t = spec.type
  switch (t.kind) {
    case 'string':
      return value
    case 'int': {
      const v = value.trim()
      if (!/^-?\d+$/.test(v) || Number(v) < t.min || Number(v) > t.max) {
        throw invalid(spec.key, value, t.max === Number.MAX_SAFE_INTEGER ? `an integer >= ${t.min}` : `an integer between ${t.min} and ${t.max}`)
      }
      return String(Number(v))
    }
    case 'boolean': {
      const v = value.trim().toLowerCase()
      if (v !== 'true' && v !== 'false') throw invalid(spec.key, value, 'true or false')
      return v
    }
    case 'duration':
      if (parseDuration(value) === undefined) throw invalid(spec.key, value, "a duration such as '10 s', '5 min' or '500 ms'")
      return value.trim()
    case 'enum': {
      const v = value.trim()
      const found = t.values.find((e) => e.toLowerCase() === v.toLowerCase())
      if (found === undefined) throw invalid(spec.key, value, `one of ${t.values.join(', ')}`)
      return t.upper ? found.toUpperCase() : found
    }
    case 'timezone':
      if (!isValidTimeZone(value.trim())) throw invalid(spec.key, value, "'default', a zone id such as 'UTC' or 'Europe/Berlin', or an offset such as 'GMT+08:00'")
      return value.trim()
    default:
      return assertNever(t, 'config type')
  }
}

/**
 * One session's configuration. `initial` (the command's -D options) is what RESET returns to; defaults of known
 * keys fill in what nobody set.
 */
export class SessionConfig {
  private readonly base: ReadonlyMap<string, string>
  private readonly values: Map<string, string>

  constructor(initial: Readonly<Record<string, string>> = {}) {
    const base = new Map<string, string>()
    for (const [k, v] of Object.entries(initial)) base.set(canonicalConfigKey(k), normalizeConfigValue(k, v))
    this.base = base
    this.values = new Map(base)
  }

  set(key: string, value: string): void {
    this.values.set(canonicalConfigKey(key), normalizeConfigValue(key, value))
  }

  /** The effective value: set explicitly, else the key's default; undefined when neither. */
  get(key: string): string | undefined {
    const k = canonicalConfigKey(key)
    return this.values.get(k) ?? SPECS.get(k)?.default
  }

  /** Whether the key has a value other than its default (SET or -D). */
  isSet(key: string): boolean {
    return this.values.has(canonicalConfigKey(key))
  }

  reset(key?: string): void {
    if (key === undefined) {
      this.values.clear()
      for (const [k, v] of this.base) this.values.set(k, v)
      return
    }
    const k = canonicalConfigKey(key)
    const b = this.base.get(k)
    if (b === undefined) this.values.delete(k)
    else this.values.set(k, b)
  }

  getInt(key: string, fallback: number): number {
    const v = this.get(key)
    return v === undefined ? fallback : Number(v)
  }

  getBoolean(key: string): boolean {
    return this.get(key) === 'true'
  }

  /** Milliseconds of a duration key; undefined when unset. */
  getDuration(key: string): number | undefined {
    const v = this.get(key)
    return v === undefined ? undefined : parseDuration(v)
  }

  /** `SET;` rows: the base keys and everything set, sorted, secrets masked. */
  listing(): Array<[string, string]> {
    const keys = new Set<string>(this.values.keys())
    for (const s of CONFIG_KEYS) if (s.listed === true) keys.add(s.key)
    return [...keys]
      .sort()
      .map((k) => [k, maskValue(k, this.get(k) ?? '')] as [string, string])
  }

  /**
   * What the planner and a job see: every known key's effective value plus everything set (canonical keys).
   * table.local-time-zone 'default' is resolved to the system zone here, so every reader agrees on one zone.
   */
  toJobConfig(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const s of CONFIG_KEYS) if (s.default !== undefined) out[s.key] = s.default
    for (const [k, v] of this.values) out[k] = v
    if (out['table.local-time-zone'] === 'default') out['table.local-time-zone'] = systemTimeZone()
    return out
  }
}
