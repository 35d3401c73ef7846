import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createPartitioner, HashPartitioner } from '../../../src/runtime/partitioner.js'
import type { Row, RowBatch } from '../../../src/runtime/row-batch.js'
import { encodeKey, keyGroupOf, keyGroupRangeFor } from '../../../src/state/key-groups.js'

const batchOf = (rows: Row[], kinds: number[] | null = null): RowBatch => ({ rows, kinds: kinds === null ? null : Uint8Array.from(kinds) })

describe('hash partitioner', () => {
  it('sends each row to the subtask owning its key group', () => {
    const maxP = 128
    const p = new HashPartitioner([1], 3, maxP)
    const rows: Row[] = Array.from({ length: 200 }, (_, i) => [i, `key-${i % 17}`])
    const parts = p.split(batchOf(rows))
    parts.forEach((part, subtask) => {
      const range = keyGroupRangeFor(subtask, 3, maxP)
      for (const r of part?.rows ?? []) {
        const kg = keyGroupOf(encodeKey([r[1]]), maxP)
        expect(kg >= range.start && kg < range.end).toBe(true)
      }
    })
    expect(parts.reduce((n, b) => n + (b?.rows.length ?? 0), 0)).toBe(200)
  })

  it('routes a key to the same subtask every time, and row kinds follow their rows', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        (entries, parallelism) => {
          const p = new HashPartitioner([0], parallelism, 128)
          const parts = p.split(batchOf(entries.map(([k, kind]) => [k, kind]), entries.map(([, kind]) => kind)))
          const seen = new Map<string, number>()
          parts.forEach((part, subtask) => {
            if (part === null) return
            part.rows.forEach((r, i) => {
              expect(part.kinds![i]).toBe(r[1])
              const key = encodeKey([r[0]])
              const prev = seen.get(key)
              if (prev !== undefined) expect(prev).toBe(subtask)
              seen.set(key, subtask)
              expect(p.targetOf(r)).toBe(subtask)
            })
          })
        },
      ),
    )
  })

  it('is consistent with keyGroupRangeFor at every parallelism (rescaling keeps key groups whole)', () => {
    const maxP = 128
    for (const parallelism of [1, 2, 3, 5, 7, 128]) {
      const p = new HashPartitioner([0], parallelism, maxP)
      for (let k = 0; k < 500; k++) {
        const row = [`k${k}`]
        const kg = keyGroupOf(encodeKey(row), maxP)
        const t = p.targetOf(row)
        const range = keyGroupRangeFor(t, parallelism, maxP)
        expect(kg).toBeGreaterThanOrEqual(range.start)
        expect(kg).toBeLessThan(range.end)
      }
    }
  })
})

describe('other partitioners', () => {
  const rows = (): Row[] => [[1], [2], [3]]
  it('forward keeps the subtask index, global sends to 0', () => {
    expect(createPartitioner({ kind: 'forward' }, 2, 4, 128).split(batchOf(rows())).map((b) => b?.rows.length ?? 0)).toEqual([0, 0, 3, 0])
    expect(createPartitioner({ kind: 'global' }, 2, 4, 128).split(batchOf(rows())).map((b) => b?.rows.length ?? 0)).toEqual([3, 0, 0, 0])
  })
  it('broadcast gives every target its own copy', () => {
    const parts = createPartitioner({ kind: 'broadcast' }, 0, 3, 128).split(batchOf(rows()))
    expect(parts.map((b) => b!.rows)).toEqual([rows(), rows(), rows()])
    expect(parts[0]!.rows[0]).not.toBe(parts[1]!.rows[0])
  })
  it('rebalance spreads whole batches round robin', () => {
    const p = createPartitioner({ kind: 'rebalance' }, 0, 3, 128)
    const targets = [0, 1, 2, 3, 4].map(() => p.split(batchOf(rows())).findIndex((b) => b !== null))
    expect(targets).toEqual([0, 1, 2, 0, 1])
  })
})
