import { describe, expect, it } from 'vitest'
import { parseDurationMs, runtimeConfig } from '../../../src/runtime/runtime-config.js'

describe('runtime configuration', () => {
  it('parses Flink durations (default unit ms)', () => {
    expect(parseDurationMs('200')).toBe(200)
    expect(parseDurationMs('200 ms')).toBe(200)
    expect(parseDurationMs('5s')).toBe(5000)
    expect(parseDurationMs('1 min')).toBe(60_000)
    expect(parseDurationMs('2 h')).toBe(7_200_000)
    expect(parseDurationMs('soon')).toBeNull()
  })

  it('has defaults and rejects bad values with a clear error', () => {
    const rc = runtimeConfig({})
    expect(rc).toMatchObject({ batchSize: 1024, watermarkIntervalMs: 200, idleTimeoutMs: 0, stateBackend: 'hashmap', threads: null, checkpointingMode: 'exactly-once' })
    expect(runtimeConfig({ 'table.exec.source.idle-timeout': '5 s', 'weir.runtime.threads': 'false', 'execution.checkpointing.mode': 'AT_LEAST_ONCE' })).toMatchObject({ idleTimeoutMs: 5000, threads: false, checkpointingMode: 'at-least-once' })
    expect(() => runtimeConfig({ 'weir.runtime.batch-size': '0' })).toThrow(/positive integer/)
    expect(() => runtimeConfig({ 'table.exec.source.idle-timeout': 'later' })).toThrow(/not a duration/)
  })
})
