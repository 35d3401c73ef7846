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

/**
 * Timers of one domain, bucketed by timestamp (timers of many keys usually share one, e.g. a window end): a
 * min-heap of distinct timestamps and, per timestamp, the keys (with their key groups). Deleted timers leave
 * their bucket at once; a timestamp whose bucket emptied is skipped when it surfaces.
 */
class TimerQueue {
  private heap: number[] = []
  private readonly buckets = new Map<number, Map<string, number>>()
  private count = 0

  get size(): number {
    return this.count
  }

  add(ts: number, key: string, kg: number): void {
    let b = this.buckets.get(ts)
    if (b === undefined) {
      this.buckets.set(ts, (b = new Map()))
      this.push(ts)
    }
    if (b.has(key)) return
    b.set(key, kg)
    this.count++
  }

  remove(ts: number, key: string): void {
    const b = this.buckets.get(ts)
    if (b === undefined || !b.delete(key)) return
    this.count--
    if (b.size === 0) this.buckets.delete(ts)
    // Rebuild when stale timestamps dominate, so deleted timers cannot grow the heap without bound.
    if (this.heap.length > 1024 && this.heap.length > 2 * this.buckets.size) this.heap = [...this.buckets.keys()].sort((x, y) => x - y)
  }

  /** Earliest timestamp with a live timer. */
  peek(): number | undefined {
    for (;;) {
      const top = this.heap[0]
      if (top === undefined) return undefined
      if (this.buckets.has(top)) return top
      this.pop()
    }
  }

  /**
   * Fires every timer <= `upTo` in timestamp order; within a timestamp in key order, so the order is the same
   * after a restore. Timers registered while firing fire too when due.
   */
  drain(upTo: number, fire: (ts: number, key: string, kg: number) => void): number {
    let n = 0
    for (let ts = this.peek(); ts !== undefined && ts <= upTo; ts = this.peek()) {
      const b = this.buckets.get(ts)!
      const keys = [...b.keys()].sort()
      for (const key of keys) {
        const kg = b.get(key)
        if (kg === undefined) continue // deleted by an earlier timer of this batch
        b.delete(key)
        this.count--
        fire(ts, key, kg)
        n++
      }
      if (b.size === 0 && this.buckets.get(ts) === b) {
        this.buckets.delete(ts)
        this.pop()
      }
    }
    return n
  }

  /** Keys (with key groups) of the timers due at `upTo`, so a disk-backed backend can load them first. */
  dueKeys(upTo: number): { key: string; keyGroup: number }[] {
    const out: { key: string; keyGroup: number }[] = []
    if ((this.peek() ?? Infinity) > upTo) return out
    for (const [ts, b] of this.buckets) if (ts <= upTo) for (const [key, kg] of b) out.push({ key, keyGroup: kg })
    return out
  }

  /** [timestamp, key, key group] of every live timer. */
  *entries(): IterableIterator<[number, string, number]> {
    for (const [ts, b] of this.buckets) for (const [key, kg] of b) yield [ts, key, kg]
  }

  clear(): void {
    this.heap = []
    this.buckets.clear()
    this.count = 0
  }

  private push(ts: number): void {
    const h = this.heap
    h.push(ts)
    let i = h.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (h[p]! <= ts) break
      h[i] = h[p]!
      i = p
    }
    h[i] = ts
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
      const c = r < n && h[r]! < h[l]! ? r : l
      if (h[c]! >= last) break
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
    this.eventTimers.remove(timestamp, this.backend.currentKey)
  }

  registerProcessingTimeTimer(timestamp: number): void {
    this.processingTimers.add(timestamp, this.backend.currentKey, this.backend.currentKeyGroup)
  }

  deleteProcessingTimeTimer(timestamp: number): void {
    this.processingTimers.remove(timestamp, this.backend.currentKey)
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
    return this.processingTimers.peek() ?? null
  }

  /** Timestamp of the earliest event-time timer; null when none. */
  nextEventTimer(): number | null {
    return this.eventTimers.peek() ?? null
  }

  /** Keys of the event-time timers a watermark of `upTo` fires (RocksDB prefetches them before firing). */
  dueEventTimerKeys(upTo: number): { key: string; keyGroup: number }[] {
    return this.eventTimers.dueKeys(upTo)
  }

  dueProcessingTimerKeys(upTo: number): { key: string; keyGroup: number }[] {
    return this.processingTimers.dueKeys(upTo)
  }

  numEventTimers(): number {
    return this.eventTimers.size
  }

  numProcessingTimers(): number {
    return this.processingTimers.size
  }

  private drain(q: TimerQueue, upTo: number, fire: FireTimer): number {
    return q.drain(upTo, (ts, key, kg) => {
      this.backend.setCurrentKey(key, kg)
      fire(ts, key, kg)
    })
  }

  /** Plain-data cut of all timers, grouped by key group. */
  snapshot(): TimerSnapshot {
    const groups = new Map<number, { event: TimerEntry[]; processing: TimerEntry[] }>()
    const groupOf = (kg: number): { event: TimerEntry[]; processing: TimerEntry[] } => {
      let g = groups.get(kg)
      if (g === undefined) groups.set(kg, (g = { event: [], processing: [] }))
      return g
    }
    for (const [ts, key, kg] of this.eventTimers.entries()) groupOf(kg).event.push([ts, key])
    for (const [ts, key, kg] of this.processingTimers.entries()) groupOf(kg).processing.push([ts, key])
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
