import { describe, expect, test } from 'vitest'
import { EngineError } from '../../../src/errors.js'
import type { ConnectorFactory, TableContext } from '../../../src/catalog/connector.js'
import { maskSecrets, parseDuration, parseMemory, validateConnectorOptions } from '../../../src/catalog/option-validator.js'
import { T } from '../../../src/catalog/type-inference.js'
import { testRegistry } from '../../plan/helpers.js'

const factory: ConnectorFactory = {
  identifier: 'demo',
  description: 'demo',
  options: [
    { key: 'hostname', type: 'string', required: true, description: 'host', fallbackKeys: ['host'] },
    { key: 'port', type: 'int', description: 'port' },
    { key: 'enabled', type: 'boolean', description: 'flag' },
    { key: 'interval', type: 'duration', description: 'poll' },
    { key: 'buffer', type: 'memory', description: 'buffer' },
    { key: 'mode', type: 'enum', enumValues: ['fast', 'safe'], description: 'mode' },
    { key: 'fields.#.kind', type: 'enum', enumValues: ['random', 'sequence'], description: 'per field' },
    { key: 'format', type: 'string', description: 'format' },
  ],
  optionPrefixes: ['properties.'],
  formatOptionKeys: ['format'],
}

function ctx(options: Record<string, string>): TableContext {
  return { path: 'cat.db.t', physicalFields: [{ name: 'id', type: T.int() }, { name: 'name', type: T.string() }], primaryKey: null, partitionKeys: [], options: { connector: 'demo', ...options } }
}

function errorOf(options: Record<string, string>): EngineError {
  try {
    validateConnectorOptions(factory, ctx(options), testRegistry())
  } catch (e) {
    if (e instanceof EngineError) return e
    throw e
  }
  throw new Error('expected a validation error')
}

describe('connector option validation', () => {
  test('accepts valid options, fallback keys, column patterns, prefixes and format options', () => {
    expect(() =>
      validateConnectorOptions(
        factory,
        ctx({ host: 'h', port: '9092', enabled: 'TRUE', interval: '5 s', buffer: '64mb', mode: 'Safe', 'fields.id.kind': 'sequence', 'properties.client.id': 'x', format: 'json', 'json.ignore-parse-errors': 'true' }),
        testRegistry(),
      ),
    ).not.toThrow()
  })
  test('missing required option', () => {
    const e = errorOf({})
    expect(e.code).toBe('CONNECTOR_MISSING_OPTION')
    expect(e.message).toContain('Missing required options are:\n\nhostname')
  })
  test('unsupported options list the unknown and all supported keys', () => {
    const e = errorOf({ hostname: 'h', prot: '1', 'fields.nope.kind': 'random' })
    expect(e.code).toBe('CONNECTOR_UNSUPPORTED_OPTION')
    expect(e.message).toContain("Unsupported options found for 'demo'.")
    expect(e.message).toContain('Unsupported options:\n\nfields.nope.kind\nprot\n')
    expect(e.message).toContain('Supported options:\n\nbuffer\nconnector\nenabled\nfields.#.kind\nformat\nhost\nhostname\ninterval\nmode\nport\nproperties.*')
  })
  test('typed values', () => {
    expect(errorOf({ hostname: 'h', port: 'x' }).message).toBe("Could not parse value 'x' for key 'port'.")
    expect(errorOf({ hostname: 'h', port: '99999999999' }).code).toBe('CONNECTOR_INVALID_OPTION')
    expect(errorOf({ hostname: 'h', enabled: 'yes' }).hint).toContain("'true' or 'false'")
    expect(errorOf({ hostname: 'h', interval: '5 parsecs' }).code).toBe('CONNECTOR_INVALID_OPTION')
    expect(errorOf({ hostname: 'h', buffer: 'lots' }).code).toBe('CONNECTOR_INVALID_OPTION')
    expect(errorOf({ hostname: 'h', mode: 'reckless' }).hint).toBe('expected one of: fast, safe')
  })
  test('unknown format', () => {
    const e = errorOf({ hostname: 'h', format: 'xml' })
    expect(e.code).toBe('CONNECTOR_FORMAT_NOT_FOUND')
    expect(e.hint).toContain('json')
  })
  test('format options must be known to the format', () => {
    expect(errorOf({ hostname: 'h', format: 'json', 'json.bogus': '1' }).message).toContain('json.bogus')
  })
})

describe('durations, memory sizes, secrets', () => {
  test('durations', () => {
    expect(parseDuration('5 s')).toBe(5000)
    expect(parseDuration('100ms')).toBe(100)
    expect(parseDuration('1 min')).toBe(60000)
    expect(parseDuration('2h')).toBe(7200000)
    expect(parseDuration('250')).toBe(250)
    expect(parseDuration('fast')).toBeUndefined()
  })
  test('memory', () => {
    expect(parseMemory('64mb')).toBe(64 * 1024 * 1024)
    expect(parseMemory('1 gb')).toBe(1024 ** 3)
    expect(parseMemory('512')).toBe(512)
    expect(parseMemory('1 parsec')).toBeUndefined()
  })
  test('secrets are masked', () => {
    expect(maskSecrets({ 'properties.sasl.jaas.config': 'x', password: 'p', 'auth.token': 't', 'client.secret': 's', topic: 'a' })).toEqual({
      'properties.sasl.jaas.config': '******',
      password: '******',
      'auth.token': '******',
      'client.secret': '******',
      topic: 'a',
    })
  })
})
