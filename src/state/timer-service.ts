/**
 * Timers of one operator subtask, Flink's InternalTimerService: event-time and processing-time timers per
 * (key, key group, timestamp), deduplicated, kept in binary heaps ordered by timestamp. The runtime (or the
 * operator harness) advances time; due timers fire in timestamp order with the keyed backend's current key set.
 * Timers are part of the keyed state: snapshots group them by key group so any parallelism can restore them.
 */
import type { TimerService } from '../runtime/operator.js'
import { MIN_WATERMARK } from '../runtime/operator.js'
import type { KeyGroupRange } from './key-groups.js'
import type { KeyedStateBackend } from './keyed-state.js'

/** One timer: [timestamp, key]. */
export type TimerEntry = readonly [number, string]

export interface TimerGroupSnapshot {
  readonly event: readonly TimerEntry[]
  readonly processing: readonly TimerEntry[]
}

/** Canonical, plain-data form: timers per key group, each list sorted by (timestamp, key). */
export interface TimerSnapshot {
  readonly groups: ReadonlyMap<number, TimerGroupSnapshot>
}

export type FireTimer = (timestamp: number, key: string, keyGroup: number) => void

interface Timer {
  readonly ts: number
  readonly key: string
  readonly kg: number
  readonly id: string
}

function before(a: Timer, b: Timer): boolean {
  // Ties broken by key so firing order is deterministic (and identical after a restore).
  return a.ts < b.ts || (a.ts === b.ts && (a.key < b.key || (a.key === b.key && a.kg < b.kg)))
}

/** Min-heap of timers with lazy deletion: entries absent from `live` are skipped when they surface. */
class TimerQueue {
  private heap: Timer[] = []
  readonly live = new Map<string, Timer>()

  get size(): number {
    return this.live.size
  }

  add(ts: number, key: string, kg: number): void {
    const id = `${ts}|${kg}|${key}`
    if (this.live.has(id)) return
    const t: Timer = { ts, key, kg, id }
    this.live.set(id, t)
    this.push(t)
  }

  remove(ts: number, key: string, kg: number): void {
    this.live.delete(`${ts}|${kg}|${key}`)
    // Rebuild when stale entries dominate, so deleted timers cannot grow the heap without bound.
    if (this.heap.length > 1024 && this.heap.length > 2 * this.live.size) this.rebuild()
  }

  /** Next live timer without removing it. */
  peek(): Timer | undefined {
    for (;;) {
      const top = this.heap[0]
      if (top === undefined) return undefined
      if (this.live.get(top.id) === top) return top
      this.pop()
    }
  }

  /** Removes and returns the next live timer if its timestamp is <= `upTo`. */
  pollDue(upTo: number): Timer | undefined {
    const top = this.peek()
    if (top === undefined || top.ts > upTo) return undefined
    this.pop()
    this.live.delete(top.id)
    return top
  }

  clear(): void {
    this.heap = []
    this.live.clear()
  }

  private rebuild(): void {
    this.heap = []
    for (const t of this.live.values()) this.push(t)
  }

  private push(t: Timer): void {
    const h = this.heap
    h.push(t)
    let i = h.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      const parent = h[p]!
      if (!before(t, parent)) break
      h[i] = parent
      i = p
    }
    h[i] = t
  }

  private pop(): void {
    const h = this.heap
    const last = h.pop()
    if (last === undefined || h.length === 0) return
    let i = 0
    const n = h.length
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      let c = l
      if (r < n && before(h[r]!, h[l]!)) c = r
      if (!before(h[c]!, last)) break
      h[i] = h[c]!
      i = c
    }
    h[i] = last
  }
}

export class InternalTimerService implements TimerService {
  private watermark = MIN_WATERMARK
  private readonly eventTimers = new TimerQueue()
  private readonly processingTimers = new TimerQueue()

  constructor(
    private readonly backend: KeyedStateBackend,
    private readonly clock: () => number = Date.now,
  ) {}

  get keyGroupRange(): KeyGroupRange {
    return this.backend.keyGroupRange
  }

  currentWatermark(): number {
    return this.watermark
  }

  currentProcessingTime(): number {
    return this.clock()
  }

  registerEventTimeTimer(timestamp: number): void {
    this.eventTimers.add(timestamp, this.backend.currentKey, this.backend.currentKeyGroup)
  }

  deleteEventTimeTimer(timestamp: number): void {
    this.eventTimers.remove(timestamp, this.backend.currentKey, this.backend.currentKeyGroup)
  }

  registerProcessingTimeTimer(timestamp: number): void {
    this.processingTimers.add(timestamp, this.backend.currentKey, this.backend.currentKeyGroup)
  }

  deleteProcessingTimeTimer(timestamp: number): void {
    this.processingTimers.remove(timestamp, this.backend.currentKey, this.backend.currentKeyGroup)
  }

  /**
   * Sets the watermark, then fires every event-time timer <= it in timestamp order (timers registered while firing
   * fire too when due). Returns how many fired. The watermark never goes back.
   */
  advanceWatermark(watermark: number, fire: FireTimer): number {
    if (watermark > this.watermark) this.watermark = watermark
    return this.drain(this.eventTimers, this.watermark, fire)
  }

  /** Fires every processing-time timer <= `now` in timestamp order. */
  advanceProcessingTime(now: number, fire: FireTimer): number {
    return this.drain(this.processingTimers, now, fire)
  }

  /** Timestamp of the earliest processing-time timer, for the runtime to schedule a wake-up; null when none. */
  nextProcessingTimer(): number | null {
    return this.processingTimers.peek()?.ts ?? null
  }

  /** Timestamp of the earliest event-time timer; null when none. */
  nextEventTimer(): number | null {
    return this.eventTimers.peek()?.ts ?? null
  }

  numEventTimers(): number {
    return this.eventTimers.size
  }

  numProcessingTimers(): number {
    return this.processingTimers.size
  }

  private drain(q: TimerQueue, upTo: number, fire: FireTimer): number {
    let n = 0
    for (let t = q.pollDue(upTo); t !== undefined; t = q.pollDue(upTo)) {
      this.backend.setCurrentKey(t.key, t.kg)
      fire(t.ts, t.key, t.kg)
      n++
    }
    return n
  }

  /** Plain-data cut of all timers, grouped by key group. */
  snapshot(): TimerSnapshot {
    const groups = new Map<number, { event: TimerEntry[]; processing: TimerEntry[] }>()
    const groupOf = (kg: number): { event: TimerEntry[]; processing: TimerEntry[] } => {
      let g = groups.get(kg)
      if (g === undefined) groups.set(kg, (g = { event: [], processing: [] }))
      return g
    }
    for (const t of this.eventTimers.live.values()) groupOf(t.kg).event.push([t.ts, t.key])
    for (const t of this.processingTimers.live.values()) groupOf(t.kg).processing.push([t.ts, t.key])
    const order = (a: TimerEntry, b: TimerEntry): number => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)
    for (const g of groups.values()) {
      g.event.sort(order)
      g.processing.sort(order)
    }
    return { groups }
  }

  /** Adds the timers of the key groups this subtask owns; groups outside the range are ignored. */
  restore(snapshots: readonly TimerSnapshot[]): void {
    const { start, end } = this.backend.keyGroupRange
    for (const snap of snapshots) {
      for (const [kg, g] of snap.groups) {
        if (kg < start || kg >= end) continue
        for (const [ts, key] of g.event) this.eventTimers.add(ts, key, kg)
        for (const [ts, key] of g.processing) this.processingTimers.add(ts, key, kg)
      }
    }
  }

  clear(): void {
    this.eventTimers.clear()
    this.processingTimers.clear()
  }
}
