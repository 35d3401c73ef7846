/**
 * Merging session windows for one key, kept in a MapState: window start -> [window end, payload]. A new element
 * opens [ts, ts + gap) and merges with every session it touches (Flink's TimeWindow.intersects is inclusive at
 * both ends, so sessions that meet at a boundary merge). One timer per session at end - 1.
 */
import type { TimerService, TimeDomain } from '../runtime/operator.js'
import type { MapState } from '../state/keyed-state.js'
import { isWindowFired } from './window-assigner.js'

export type SessionState<P> = MapState<number, [number, P]>

export interface SessionOps<P> {
  create(): P
  /** Folds `from` into `into` (the earlier session) and returns the result. */
  merge(into: P, from: P): P
}

function registerTimer(timers: TimerService, domain: TimeDomain, ts: number): void {
  if (domain === 'event') timers.registerEventTimeTimer(ts)
  else timers.registerProcessingTimeTimer(ts)
}

function deleteTimer(timers: TimerService, domain: TimeDomain, ts: number): void {
  if (domain === 'event') timers.deleteEventTimeTimer(ts)
  else timers.deleteProcessingTimeTimer(ts)
}

/**
 * Adds an element at `ts` to the current key's sessions: merges, then lets `add` update the merged session's
 * payload. Returns false (changing nothing) when the merged session has already fired, i.e. the element is late.
 */
export function addToSession<P>(
  state: SessionState<P>,
  ts: number,
  gap: number,
  progress: number,
  timers: TimerService,
  domain: TimeDomain,
  ops: SessionOps<P>,
  add: (payload: P) => P,
): boolean {
  let start = ts
  let end = ts + gap
  const touched: [number, number, P][] = []
  for (const [s, [e, p]] of state.entries()) {
    if (s <= ts + gap && e >= ts) {
      touched.push([s, e, p])
      if (s < start) start = s
      if (e > end) end = e
    }
  }
  if (isWindowFired(end, progress)) return false
  touched.sort((a, b) => a[0] - b[0])
  let payload: P | undefined
  for (const [s, e, p] of touched) {
    payload = payload === undefined ? p : ops.merge(payload, p)
    state.remove(s)
    if (e !== end) deleteTimer(timers, domain, e - 1)
  }
  payload = add(payload ?? ops.create())
  state.put(start, [end, payload])
  registerTimer(timers, domain, end - 1)
  return true
}

/** Removes and returns the current key's sessions that end at `timerTs + 1`. */
export function takeFiredSessions<P>(state: SessionState<P>, timerTs: number): [number, number, P][] {
  const fired: [number, number, P][] = []
  for (const [s, [e, p]] of state.entries()) if (e - 1 === timerTs) fired.push([s, e, p])
  for (const [s] of fired) state.remove(s)
  return fired
}
