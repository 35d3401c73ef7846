import { describe, expect, it } from 'vitest'
import { divHalfUp, fromDouble, rescaleDecimal } from '../../../src/operators/aggregates/agg-function.js'
import { AggsHandle } from '../../../src/operators/aggregates/aggs-handle.js'
import { parseDuration, stateTtlMs } from '../../../src/operators/state-ttl.js'
import { agg, BIGINT, dec, INT, STR } from './fixtures.js'

describe('decimal helpers', () => {
  it('rounds half away from zero like Java HALF_UP', () => {
    expect([divHalfUp(5n, 2n), divHalfUp(-5n, 2n), divHalfUp(4n, 3n), divHalfUp(-4n, 3n), divHalfUp(5n, -2n)]).toEqual([3n, -3n, 1n, -1n, -3n])
    expect(rescaleDecimal(12345n, 3, 1)).toBe(123n)
    expect(rescaleDecimal(12355n, 3, 2)).toBe(1236n)
    expect(rescaleDecimal(12n, 0, 2)).toBe(1200n)
  })

  it('casts doubles to result types', () => {
    expect(fromDouble(0.1, dec(10, 2))).toBe(10n)
    expect(fromDouble(-2.345, dec(10, 2))).toBe(-235n)
    expect(fromDouble(1e22, dec(38, 1))).toBe(100000000000000000000000n)
    expect(fromDouble(-7.9, INT)).toBe(-7)
    expect(fromDouble(2 ** 60, BIGINT)).toBe(1152921504606846976n)
  })
})

describe('AggsHandle', () => {
  const types = [STR, INT]

  it('merges window accumulators, counting DISTINCT values present in both once', () => {
    const h = new AggsHandle([agg('SUM', [1], INT, { distinct: true }), agg('COUNT', [], BIGINT), agg('MAX', [1], INT)], types, { retractable: false, embeddedDistinct: true })
    const a = h.createAccs()
    const b = h.createAccs()
    h.accumulate(a, ['x', 1])
    h.accumulate(a, ['x', 2])
    h.accumulate(b, ['x', 2])
    h.accumulate(b, ['x', 5])
    h.merge(a, b)
    expect(h.getValues(a)).toEqual([8, 4, 5])
    expect(structuredClone(a)).toEqual(a)
  })

  it('rejects unknown aggregate functions with a clear error', () => {
    expect(() => new AggsHandle([agg('PERCENTILE', [1], INT)], types, { retractable: false })).toThrow(/PERCENTILE is not supported/)
  })
})

describe('table.exec.state.ttl', () => {
  it("parses Flink's duration syntax", () => {
    expect(parseDuration('3600000')).toBe(3_600_000)
    expect(parseDuration('3600000 ms')).toBe(3_600_000)
    expect(parseDuration('10 min')).toBe(600_000)
    expect(parseDuration('1 h')).toBe(3_600_000)
    expect(parseDuration('2d')).toBe(172_800_000)
    expect(parseDuration('30 s')).toBe(30_000)
    expect(stateTtlMs({})).toBeUndefined()
    expect(stateTtlMs({ 'table.exec.state.ttl': '0 ms' })).toBeUndefined()
  })

  it('rejects a malformed duration with a user error naming the option', () => {
    expect(() => stateTtlMs({ 'table.exec.state.ttl': 'one hour' })).toThrow(/invalid duration 'one hour' for 'table.exec.state.ttl'/)
  })
})
