/**
 * Reading a table's WITH options in a connector or format: typed getters that apply the spec's default and raise
 * CONNECTOR_INVALID_OPTION naming the key and the bad value. Keys may be patterns with `#` (a column name).
 */
import { EngineError } from '../../src/errors.js'
import type { OptionSpec } from '../../src/catalog/connector.js'

export function invalidOption(key: string, value: string, expected: string): EngineError {
  return new EngineError('CONNECTOR_INVALID_OPTION', `invalid value '${value}' for option '${key}': expected ${expected}`)
}

export function missingOption(key: string, why: string): EngineError {
  return new EngineError('CONNECTOR_MISSING_OPTION', `option '${key}' is required ${why}`)
}

/** Parses Flink's duration syntax: `100ms`, `10 s`, `1min`, `2 h`, `1d`; a bare number is milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text)
  if (m === null) return undefined
  const n = Number(m[1])
  const unit = (m[2] ?? '').toLowerCase()
  const factor = DURATION_UNITS[unit]
  return factor === undefined ? undefined : Math.round(n * factor)
}

const DURATION_UNITS: Record<string, number> = {
  '': 1,
  ns: 1e-6,
  nano: 1e-6,
  nanos: 1e-6,
  nanosecond: 1e-6,
  nanoseconds: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  micro: 1e-3,
  micros: 1e-3,
  microsecond: 1e-3,
  microseconds: 1e-3,
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
}

/** Parses Flink's memory size syntax: `200b`, `64kb`, `128 mb`, `1g`; a bare number is bytes. */
export function parseMemory(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([a-zA-Z]*)\s*$/.exec(text)
  if (m === null) return undefined
  const unit = (m[2] ?? '').toLowerCase()
  const factor = MEMORY_UNITS[unit]
  return factor === undefined ? undefined : Number(m[1]) * factor
}

const MEMORY_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  bytes: 1,
  k: 1024,
  kb: 1024,
  kibibytes: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mebibytes: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gibibytes: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tebibytes: 1024 ** 4,
}

/** Typed access to a table's options, with defaults taken from the option specs. */
export class OptionReader {
  private readonly defaults = new Map<string, string>()
  private readonly fallbacks = new Map<string, readonly string[]>()
  /** Every key looked up so far (lets a connector report keys nothing reads). */
  readonly touched = new Set<string>()

  constructor(
    readonly options: Readonly<Record<string, string>>,
    specs: readonly OptionSpec[],
  ) {
    for (const s of specs) {
      if (s.default !== undefined) this.defaults.set(s.key, s.default)
      if (s.fallbackKeys !== undefined) this.fallbacks.set(s.key, s.fallbackKeys)
    }
  }

  /** The raw value; `pattern` is the spec key (`fields.#.kind`) when `key` is one of its instances. */
  raw(key: string, pattern: string = key): string | undefined {
    this.touched.add(key)
    const v = this.options[key]
    if (v !== undefined) return v
    for (const fb of this.fallbacks.get(pattern) ?? []) {
      const fv = this.options[pattern === key ? fb : key]
      if (fv !== undefined) return fv
    }
    return this.defaults.get(pattern)
  }

  has(key: string): boolean {
    return this.options[key] !== undefined
  }

  string(key: string, pattern?: string): string | undefined {
    return this.raw(key, pattern)
  }

  requiredString(key: string, why = ''): string {
    const v = this.raw(key)
    if (v === undefined || v === '') throw missingOption(key, why)
    return v
  }

  int(key: string, pattern?: string): number | undefined {
    const v = this.raw(key, pattern)
    if (v === undefined) return undefined
    const t = v.trim()
    if (!/^[-+]?\d+$/.test(t)) throw invalidOption(key, v, 'an integer')
    const n = Number(t)
    if (!Number.isSafeInteger(n)) throw invalidOption(key, v, 'an integer in range')
    return n
  }

  double(key: string, pattern?: string): number | undefined {
    const v = this.raw(key, pattern)
    if (v === undefined) return undefined
    const n = Number(v.trim())
    if (v.trim() === '' || Number.isNaN(n)) throw invalidOption(key, v, 'a number')
    return n
  }

  boolean(key: string, pattern?: string): boolean | undefined {
    const v = this.raw(key, pattern)
    if (v === undefined) return undefined
    const t = v.trim().toLowerCase()
    if (t === 'true') return true
    if (t === 'false') return false
    throw invalidOption(key, v, "'true' or 'false'")
  }

  /** Milliseconds. */
  duration(key: string, pattern?: string): number | undefined {
    const v = this.raw(key, pattern)
    if (v === undefined) return undefined
    const d = parseDuration(v)
    if (d === undefined) throw invalidOption(key, v, "a duration such as '10 s' or '1 min'")
    return d
  }

  /** Bytes. */
  memory(key: string, pattern?: string): number | undefined {
    const v = this.raw(key, pattern)
    if (v === undefined) return undefined
    const d = parseMemory(v)
    if (d === undefined) throw invalidOption(key, v, "a memory size such as '128mb'")
    return d
  }

  enumValue<T extends string>(key: string, values: readonly T[], pattern?: string): T | undefined {
    const v = this.raw(key, pattern)
    if (v === undefined) return undefined
    const hit = values.find((x) => x.toLowerCase() === v.trim().toLowerCase())
    if (hit === undefined) throw invalidOption(key, v, `one of ${values.map((x) => `'${x}'`).join(', ')}`)
    return hit
  }

  /** A single character option (delimiters, quotes); accepts Java escapes `\t` and `\u0001`. */
  char(key: string, pattern?: string): string | undefined {
    const v = this.raw(key, pattern)
    if (v === undefined) return undefined
    const c = unescapeChar(v)
    if (c === undefined) throw invalidOption(key, v, 'a single character')
    return c
  }
}

function unescapeChar(v: string): string | undefined {
  if (v.length === 1) return v
  if (v === '\\t') return '\t'
  if (v === '\\n') return '\n'
  if (v === '\\r') return '\r'
  if (v === '\\\\') return '\\'
  const u = /^\\u([0-9a-fA-F]{4})$/.exec(v)
  if (u !== null) return String.fromCharCode(parseInt(u[1] as string, 16))
  return undefined
}

/** Options of a format: the keys under `<identifier>.` with the prefix removed. */
export function formatOptions(options: Readonly<Record<string, string>>, identifier: string): Record<string, string> {
  const prefix = identifier + '.'
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(options)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v
  return out
}
