import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { compareValues, formatValue, formatValueForPrint, valuesEqual } from '../../../src/runtime/expr/values.js'
import { formatDouble, formatFloat } from '../../../src/runtime/expr/number-format.js'
import { T, ts } from './helpers.js'

describe('compareValues / valuesEqual', () => {
  it('orders numbers, bigint mixes, strings by UTF-16 units, booleans, bytes, arrays', () => {
    expect(compareValues(1, 2)).toBe(-1)
    expect(compareValues(9007199254740993n, 9007199254740991)).toBe(1)
    expect(compareValues(-9007199254740993n, 5)).toBe(-1)
    expect(compareValues('a', 'B')).toBe(1)
    expect(compareValues('\uffff', '\ud83d\ude00')).toBe(1)
    expect(compareValues(false, true)).toBe(-1)
    expect(compareValues(new Uint8Array([1, 200]), new Uint8Array([1, 2])) > 0).toBe(true)
    expect(compareValues(new Uint8Array([1]), new Uint8Array([1, 0]))).toBe(-1)
    expect(compareValues([1, 'b'], [1, 'a'])).toBe(1)
    expect(compareValues([1, null], [1, 0])).toBe(-1)
    expect(compareValues(Number.NaN, Infinity)).toBe(1)
    expect(compareValues(Number.NaN, Number.NaN)).toBe(0)
  })

  it('valuesEqual: bigint/number mixes, bytes, arrays, maps, NaN', () => {
    expect(valuesEqual(5, 5n)).toBe(true)
    expect(valuesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true)
    expect(valuesEqual([1, null, [2]], [1, null, [2]])).toBe(true)
    expect(valuesEqual([1, null], [1, 0])).toBe(false)
    expect(valuesEqual(new Map([['a', 1], ['b', 2]]), new Map([['b', 2], ['a', 1]]))).toBe(true)
    expect(valuesEqual(new Map([[[1], 'x']]), new Map([[[1], 'x']]))).toBe(true)
    expect(valuesEqual(new Map([['a', 1]]), new Map([['a', 2]]))).toBe(false)
    expect(valuesEqual(Number.NaN, Number.NaN)).toBe(true)
    expect(valuesEqual('1', 1)).toBe(false)
  })

  const value = fc.oneof(
    fc.integer(),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((b) => (b >= -(2n ** 53n) + 1n && b <= 2n ** 53n - 1n ? Number(b) : b)),
    fc.double(),
  )
  const strings = fc.string({ unit: 'binary' })
  const arrays = fc.array(fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }), { maxLength: 4 })

  for (const [name, arb] of [
    ['numbers', value],
    ['strings', strings],
    ['arrays', arrays],
  ] as const) {
    it(`is a total order consistent with valuesEqual (${name})`, () => {
      fc.assert(
        fc.property(arb, arb, arb, (a, b, c) => {
          const ab = compareValues(a, b)
          expect(Math.sign(compareValues(b, a))).toBe(-Math.sign(ab) || 0)
          expect(ab === 0).toBe(valuesEqual(a, b))
          if (ab <= 0 && compareValues(b, c) <= 0) expect(compareValues(a, c)).toBeLessThanOrEqual(0)
        }),
      )
    })
  }
})

describe('Java number rendering', () => {
  it.each([
    [1, '1.0'],
    [0, '0.0'],
    [100, '100.0'],
    [0.1, '0.1'],
    [1.5e-3, '0.0015'],
    [1e-3, '0.001'],
    [9.99e-4, '9.99E-4'],
    [1234567.25, '1234567.25'],
    [12345678.9, '1.23456789E7'],
    [1e21, '1.0E21'],
    [Number.MAX_VALUE, '1.7976931348623157E308'],
    [Number.MIN_VALUE, '4.9E-324'],
    [-2.5, '-2.5'],
  ] as const)('Double.toString(%d) = %s', (v, s) => {
    expect(formatDouble(v)).toBe(s)
  })

  it('Float.toString uses the shortest float digits', () => {
    expect(formatFloat(0.1)).toBe('0.1')
    expect(formatFloat(1 / 3)).toBe('0.33333334')
    expect(formatFloat(16777216)).toBe('1.6777216E7')
  })
})

describe('formatValue and formatValueForPrint', () => {
  it('renders timestamps with the precision, LTZ in the zone, nested values', () => {
    expect(formatValue(ts('2020-04-15 08:05:00.1'), T.timestamp(3))).toBe('2020-04-15 08:05:00.100')
    expect(formatValue(ts('2020-04-15 08:05:00'), T.timestamp(9))).toBe('2020-04-15 08:05:00.000000000')
    expect(formatValue(Date.parse('2020-04-15T00:00:00Z'), T.ltz(3), 'America/New_York')).toBe('2020-04-14 20:00:00.000')
    expect(formatValue([[1, 'x'], null], T.array(T.row([['a', T.int()], ['b', T.string()]])))).toBe('[(1, x), NULL]')
    expect(formatValue(new Map([['a', [1.5]]]), T.map(T.string(), T.array(T.double())))).toBe('{a=[1.5]}')
    expect(formatValue(null, T.null())).toBe('NULL')
  })

  it('print renders bytes as hex literals, also inside collections', () => {
    expect(formatValueForPrint(new Uint8Array([0x0a, 0x1b]), T.bytes())).toBe("x'0a1b'")
    expect(formatValueForPrint([new Uint8Array([1])], T.array(T.bytes()))).toBe("[x'01']")
    expect(formatValueForPrint(true, T.bool())).toBe('TRUE')
    expect(formatValue(new Uint8Array([0x68, 0x69]), T.bytes())).toBe('hi')
  })
})
