import { describe, expect, it } from 'vitest'
import { MAX_WATERMARK } from '../../../src/runtime/operator.js'
import { WatermarkValve } from '../../../src/runtime/watermark-valve.js'

describe('WatermarkValve', () => {
  it('takes the minimum over channels and only moves forward', () => {
    const v = new WatermarkValve(2)
    expect(v.onWatermark(0, 10)).toBeNull()
    expect(v.onWatermark(1, 5)).toBe(5)
    expect(v.onWatermark(1, 20)).toBe(10)
    expect(v.onWatermark(0, 8)).toBeNull() // a channel going back changes nothing
    expect(v.watermark).toBe(10)
  })

  it('ignores idle channels; when all are idle the watermark catches up with the highest', () => {
    const v = new WatermarkValve(3)
    v.onWatermark(0, 100)
    v.onWatermark(1, 50)
    expect(v.onIdle(2, true)).toBe(50)
    expect(v.onIdle(1, true)).toBe(100)
    expect(v.isIdle).toBe(false)
    expect(v.onIdle(0, true)).toBeNull()
    expect(v.isIdle).toBe(true)
    v.onData(1)
    expect(v.isIdle).toBe(false)
  })

  it('an idle channel that resumes holds the minimum again, without moving it back', () => {
    const v = new WatermarkValve(2)
    v.onWatermark(0, 100)
    v.onIdle(1, true)
    expect(v.watermark).toBe(100)
    expect(v.onWatermark(1, 40)).toBeNull()
    expect(v.onWatermark(0, 200)).toBeNull() // channel 1 at 40 holds it
    expect(v.onWatermark(1, 150)).toBe(150)
  })

  it('ended channels stop counting; all ended means MAX', () => {
    const v = new WatermarkValve(2)
    v.onWatermark(0, 7)
    expect(v.onEndOfInput(1)).toBe(7)
    expect(v.onEndOfInput(0)).toBe(MAX_WATERMARK)
  })
})
