import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { forEachWindow } from '../../../src/operators/window-assigner.js'
import type { WindowSpec } from '../../../src/plan/physical/stream-nodes.js'

function windowsOf(spec: WindowSpec, ts: number): [number, number][] {
  const out: [number, number][] = []
  forEachWindow(spec, ts, (s, e) => out.push([s, e]))
  return out
}

describe('forEachWindow', () => {
  it('HOP with size < slide leaves gaps: a row in a gap belongs to no window', () => {
    const spec: WindowSpec = { kind: 'HOP', slide: 10, size: 4, offset: 0 }
    expect(windowsOf(spec, 2)).toEqual([[0, 4]])
    expect(windowsOf(spec, 4)).toEqual([])
    expect(windowsOf(spec, 9)).toEqual([])
    expect(windowsOf(spec, 13)).toEqual([[10, 14]])
  })

  it('HOP assigns exactly the windows [k*slide+offset, +size) that contain ts, in increasing end order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: -5, max: 5 }), fc.integer({ min: -200, max: 200 }), (slide, size, offset, ts) => {
        const spec: WindowSpec = { kind: 'HOP', slide, size, offset }
        const expected: [number, number][] = []
        for (let start = -400 - (((-400 - offset) % slide) + slide) % slide; start <= ts; start += slide) {
          if (start <= ts && ts < start + size) expected.push([start, start + size])
        }
        expect(windowsOf(spec, ts)).toEqual(expected)
      }),
    )
  })
})
