/**
 * `table.exec.state.ttl` and Flink's duration syntax (TimeUtils.parseDuration): a number with an optional unit,
 * `3600000`, `3600000 ms`, `10 min`, `1 h`, `2 d`, `30s`. No unit means milliseconds.
 */
import { EngineError } from '../errors.js'

const UNITS: ReadonlyMap<string, number> = new Map([
  ...['d', 'day', 'days'].map((u) => [u, 86_400_000] as const),
  ...['h', 'hour', 'hours'].map((u) => [u, 3_600_000] as const),
  ...['m', 'min', 'mins', 'minute', 'minutes'].map((u) => [u, 60_000] as const),
  ...['s', 'sec', 'secs', 'second', 'seconds'].map((u) => [u, 1000] as const),
  ...['ms', 'milli', 'millis', 'millisecond', 'milliseconds'].map((u) => [u, 1] as const),
  ...['us', 'µs', 'micro', 'micros', 'microsecond', 'microseconds'].map((u) => [u, 0.001] as const),
  ...['ns', 'nano', 'nanos', 'nanosecond', 'nanoseconds'].map((u) => [u, 0.000001] as const),
])

/** Parses a Flink duration into milliseconds. */
export function parseDuration(text: string, key = 'duration'): number {
  const m = /^\s*(\d+)\s*([a-zA-Zµ]*)\s*$/.exec(text)
  const unit = m?.[2]?.toLowerCase() ?? ''
  const factor = unit === '' ? 1 : UNITS.get(unit)
  if (m === null || factor === undefined) {
    throw new EngineError('PLAN_INVALID_OPTION', `invalid duration '${text}' for '${key}'`, {
      hint: "use a number with a unit, e.g. '1 h', '10 min', '30 s' or '3600000 ms'",
    })
  }
  return Math.floor(Number(m[1]) * factor)
}

/** Idle-state retention from the job configuration: undefined when unset or 0 (state is kept forever). */
export function stateTtlMs(config: Readonly<Record<string, string>>): number | undefined {
  const v = config['table.exec.state.ttl']
  if (v === undefined || v.trim() === '') return undefined
  const ms = parseDuration(v, 'table.exec.state.ttl')
  return ms > 0 ? ms : undefined
}

/** StateOptions for the configured TTL (an empty object when there is none, to satisfy exactOptionalPropertyTypes). */
export function ttlOptions(config: Readonly<Record<string, string>>): { ttlMs?: number } {
  const ttl = stateTtlMs(config)
  return ttl === undefined ? {} : { ttlMs: ttl }
}
