import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeBatch, encodeBatch } from '../../../src/runtime/batch-codec.js'

describe('batch codec (cross-thread transfer)', () => {
  it('round-trips rows of any values; numeric columns travel as transferable buffers', () => {
    const value = fc.oneof(fc.double(), fc.integer(), fc.string(), fc.constant(null), fc.bigInt(), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }))
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((arity) => fc.array(fc.array(value, { minLength: arity, maxLength: arity }), { minLength: 1, maxLength: 30 })), (rows) => {
        const transfer: ArrayBuffer[] = []
        const kinds = Uint8Array.from(rows.map((_, i) => i % 4))
        const enc = encodeBatch({ rows, kinds }, transfer)!
        const numericColumns = rows[0]!.map((_, c) => rows.every((r) => typeof r[c] === 'number')).filter(Boolean).length
        expect(transfer).toHaveLength(numericColumns)
        const dec = decodeBatch(structuredClone(enc, { transfer }))
        expect(dec.rows).toEqual(rows)
        expect(dec.kinds).toEqual(kinds)
      }),
    )
  })

  it('keeps -0 and NaN', () => {
    const dec = decodeBatch(encodeBatch({ rows: [[-0, NaN]], kinds: null }, [])!)
    expect(Object.is(dec.rows[0]![0], -0)).toBe(true)
    expect(dec.rows[0]![1]).toBeNaN()
  })
})
