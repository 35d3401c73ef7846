/**
 * WITH-clause validation against a connector's declared options (and its formats' options), as Flink's
 * FactoryUtil does: required keys, unsupported keys (listing all supported ones), value types, `#` column
 * patterns, format options under `<format>.`, pass-through prefixes. Also secret masking for display.
 */
import { EngineError } from '../errors.js'
import type { ConnectorFactory, OptionSpec, TableContext } from './connector.js'
import type { ConnectorRegistry } from './connector-registry.js'

const SECRET_MARKERS = ['password', 'secret', 'token', 'sasl.jaas.config']

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase()
  return SECRET_MARKERS.some((m) => k.includes(m))
}

/** A copy with values of password/secret/token/JAAS keys replaced by '******'. */
export function maskSecrets(options: Readonly<Record<string, string>>, specs: readonly OptionSpec[] = []): Record<string, string> {
  const sensitive = new Set(specs.filter((s) => s.sensitive === true).map((s) => s.key))
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(options)) out[k] = isSecretKey(k) || sensitive.has(k) ? '******' : v
  return out
}

const DURATION_UNITS: ReadonlyArray<readonly [readonly string[], number]> = [
  [['d', 'day', 'days'], 86400000],
  [['h', 'hour', 'hours'], 3600000],
  [['min', 'mins', 'minute', 'minutes', 'm'], 60000],
  [['s', 'sec', 'secs', 'second', 'seconds'], 1000],
  [['ms', 'milli', 'millis', 'millisecond', 'milliseconds'], 1],
  [['µs', 'us', 'micro', 'micros', 'microsecond', 'microseconds'], 0.001],
  [['ns', 'nano', 'nanos', 'nanosecond', 'nanoseconds'], 0.000001],
]

/** Flink's duration syntax: `5 s`, `100ms`, `1 min`, `2h`; a bare number is milliseconds. Undefined if invalid. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([a-zA-Zµ]*)\s*$/.exec(text)
  if (m === null) return undefined
  const n = Number(m[1])
  const unit = (m[2] ?? '').toLowerCase()
  if (unit === '') return n
  for (const [names, factor] of DURATION_UNITS) if (names.includes(unit)) return n * factor
  return undefined
}

const MEMORY_UNITS: ReadonlyArray<readonly [readonly string[], number]> = [
  [['b', 'bytes'], 1],
  [['k', 'kb', 'kibibytes'], 1024],
  [['m', 'mb', 'mebibytes'], 1024 ** 2],
  [['g', 'gb', 'gibibytes'], 1024 ** 3],
  [['t', 'tb', 'tebibytes'], 1024 ** 4],
]

/** Flink's memory size syntax: `64mb`, `1 gb`, `512k`; a bare number is bytes. Undefined if invalid. */
export function parseMemory(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([a-zA-Z]*)\s*$/.exec(text)
  if (m === null) return undefined
  const n = Number(m[1])
  const unit = (m[2] ?? '').toLowerCase()
  if (unit === '') return n
  for (const [names, factor] of MEMORY_UNITS) if (names.includes(unit)) return n * factor
  return undefined
}

function valueError(key: string, value: string, why: string): EngineError {
  return new EngineError('CONNECTOR_INVALID_OPTION', `Could not parse value '${value}' for key '${key}'.`, { hint: why })
}

/** Checks one option value against its declared type; throws CONNECTOR_INVALID_OPTION. */
export function checkOptionValue(spec: OptionSpec, key: string, value: string): void {
  switch (spec.type) {
    case 'string':
      return
    case 'int':
    case 'long': {
      if (!/^\s*[-+]?\d+\s*$/.test(value)) throw valueError(key, value, `expected an integer`)
      const n = Number(value)
      if (spec.type === 'int' && (n > 2147483647 || n < -2147483648)) throw valueError(key, value, 'expected a 32-bit integer')
      return
    }
    case 'double':
      if (value.trim() === '' || Number.isNaN(Number(value))) throw valueError(key, value, 'expected a number')
      return
    case 'boolean':
      if (!/^(true|false)$/i.test(value.trim())) throw valueError(key, value, `expected 'true' or 'false'`)
      return
    case 'duration':
      if (parseDuration(value) === undefined) throw valueError(key, value, `expected a duration such as '5 s', '100ms' or '1 min'`)
      return
    case 'memory':
      if (parseMemory(value) === undefined) throw valueError(key, value, `expected a memory size such as '64mb' or '1 gb'`)
      return
    case 'enum': {
      const allowed = spec.enumValues ?? []
      if (!allowed.some((a) => a.toLowerCase() === value.trim().toLowerCase())) {
        throw valueError(key, value, `expected one of: ${allowed.join(', ')}`)
      }
      return
    }
  }
}

interface KeyMatcher {
  readonly spec: OptionSpec
  readonly display: string
  match(key: string): boolean
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function matcherFor(spec: OptionSpec, key: string, prefix: string, columns: ReadonlySet<string>): KeyMatcher {
  const full = prefix + key
  if (!key.includes('#')) return { spec, display: full, match: (k) => k === full }
  const re = new RegExp(`^${full.split('#').map(escapeRe).join('(.+)')}$`)
  return {
    spec,
    display: full,
    match: (k) => {
      const m = re.exec(k)
      if (m === null) return false
      return m.slice(1).every((c) => columns.has(c))
    },
  }
}

export interface ValidationTarget {
  readonly factory: ConnectorFactory
  readonly table: TableContext
}

/**
 * Validates `ctx.options` for `factory`. Throws EngineError CONNECTOR_MISSING_OPTION,
 * CONNECTOR_UNSUPPORTED_OPTION, CONNECTOR_INVALID_OPTION or CONNECTOR_FORMAT_NOT_FOUND (codes for the user:
 * the WITH clause is wrong), or whatever the factory's own validate() throws.
 */
export function validateConnectorOptions(factory: ConnectorFactory, ctx: TableContext, registry: ConnectorRegistry): void {
  const options = ctx.options
  const columns = new Set(ctx.physicalFields.map((f) => f.name))
  const matchers: KeyMatcher[] = [matcherFor({ key: 'connector', type: 'string', required: true, description: '' }, 'connector', '', columns)]
  for (const spec of factory.options) {
    matchers.push(matcherFor(spec, spec.key, '', columns))
    for (const fb of spec.fallbackKeys ?? []) matchers.push(matcherFor(spec, fb, '', columns))
  }
  for (const fk of factory.formatOptionKeys ?? []) {
    const id = options[fk]
    if (id === undefined) continue
    if (!registry.hasFormat(id)) {
      throw new EngineError('CONNECTOR_FORMAT_NOT_FOUND', `Could not find any format factory for identifier '${id}' (option '${fk}' of connector '${factory.identifier}')`, {
        hint: `known formats: ${registry.formatIds().join(', ')}`,
      })
    }
    const prefix = fk.slice(0, fk.length - 'format'.length) + id + '.'
    for (const spec of registry.get(id).options) {
      matchers.push(matcherFor(spec, spec.key, prefix, columns))
      for (const fb of spec.fallbackKeys ?? []) matchers.push(matcherFor(spec, fb, prefix, columns))
    }
  }
  const prefixes = factory.optionPrefixes ?? []

  // Required options (a fallback spelling satisfies the requirement).
  const missing: string[] = []
  for (const spec of factory.options) {
    if (spec.required !== true || spec.key.includes('#')) continue
    const keys = [spec.key, ...(spec.fallbackKeys ?? [])]
    if (!keys.some((k) => options[k] !== undefined)) missing.push(spec.key)
  }
  if (missing.length > 0) {
    throw new EngineError(
      'CONNECTOR_MISSING_OPTION',
      `One or more required options are missing for connector '${factory.identifier}' (table ${ctx.path}).\n\nMissing required options are:\n\n${missing.join('\n')}`,
    )
  }

  const unsupported: string[] = []
  for (const [key, value] of Object.entries(options)) {
    const m = matchers.find((x) => x.match(key))
    if (m === undefined) {
      if (prefixes.some((p) => key.startsWith(p))) continue
      unsupported.push(key)
      continue
    }
    checkOptionValue(m.spec, key, value)
  }
  if (unsupported.length > 0) {
    const supported = [...new Set(matchers.map((m) => m.display)), ...prefixes.map((p) => `${p}*`)].sort()
    throw new EngineError(
      'CONNECTOR_UNSUPPORTED_OPTION',
      `Unsupported options found for '${factory.identifier}'.\n\nUnsupported options:\n\n${unsupported.sort().join('\n')}\n\nSupported options:\n\n${supported.join('\n')}`,
    )
  }
  factory.validate?.(ctx)
}
