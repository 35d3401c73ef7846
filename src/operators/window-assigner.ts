/**
 * Window assignment for TUMBLE, HOP and CUMULATE (SESSION windows are merged by the operators themselves).
 * Windows are [start, end) in ms; window_time is end - 1. A window has fired once the time passed end - 1.
 */
import type { WindowSpec } from '../plan/physical/stream-nodes.js'
import { EngineError } from '../errors.js'

function mod(x: number, m: number): number {
  const r = x % m
  return r < 0 ? r + m : r
}

/** Start of the window of `size` (with `offset`) that holds `ts`, Flink's getWindowStartWithOffset. */
export function windowStart(ts: number, size: number, offset: number): number {
  return ts - mod(ts - offset, size)
}

/**
 * Calls `f(start, end)` for every window holding `ts`, in increasing end order. Not for SESSION.
 */
export function forEachWindow(spec: WindowSpec, ts: number, f: (start: number, end: number) => void): void {
  switch (spec.kind) {
    case 'TUMBLE': {
      const start = windowStart(ts, spec.size, spec.offset)
      f(start, start + spec.size)
      return
    }
    case 'HOP': {
      const last = windowStart(ts, spec.slide, spec.offset)
      let first = last
      while (first - spec.slide > ts - spec.size) first -= spec.slide
      // With size < slide windows leave gaps: the newest window may end before ts.
      for (let start = first; start <= last; start += spec.slide) if (start + spec.size > ts) f(start, start + spec.size)
      return
    }
    case 'CUMULATE': {
      const start = windowStart(ts, spec.maxSize, spec.offset)
      for (let end = start + spec.step; end <= start + spec.maxSize; end += spec.step) if (end > ts) f(start, end)
      return
    }
    case 'SESSION':
      throw new EngineError('INTERNAL', 'session windows are merged, not assigned', { domain: 'internal' })
  }
}

/** True once a window ending at `end` has fired for progress `time` (watermark or processing time). */
export function isWindowFired(end: number, time: number): boolean {
  return end - 1 <= time
}

/** Reads a time attribute; a NULL rowtime is a user data error, as in Flink. */
export function timeOf(row: readonly unknown[], index: number): number {
  const v = row[index]
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  throw new EngineError('RUNTIME_NULL_ROWTIME', `the time attribute (field ${index}) is NULL; windows and time-based operators need a non-null time`, {
    hint: 'filter out rows with a NULL time attribute, or COALESCE it to a value',
  })
}

export function validateWindowSpec(spec: WindowSpec): void {
  const positive = (name: string, v: number): void => {
    if (!(v > 0)) throw new EngineError('PLAN_INVALID_WINDOW', `window ${name} must be positive, got ${v}`)
  }
  switch (spec.kind) {
    case 'TUMBLE':
      positive('size', spec.size)
      return
    case 'HOP':
      positive('size', spec.size)
      positive('slide', spec.slide)
      return
    case 'CUMULATE':
      positive('step', spec.step)
      positive('max size', spec.maxSize)
      if (spec.maxSize % spec.step !== 0) throw new EngineError('PLAN_INVALID_WINDOW', `CUMULATE max size ${spec.maxSize} must be a multiple of step ${spec.step}`)
      return
    case 'SESSION':
      positive('gap', spec.gap)
      return
  }
}
