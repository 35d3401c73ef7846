/** Run-time helpers of integer and temporal arithmetic. */
import { exprError } from './expr-error.js'
import { addMonthsToDays, addMonthsToTimestamp, floorMod, MS_PER_DAY } from './date-time.js'
import type { Zone } from './time-zone.js'

/** Java int division: truncates; x / 0 fails as in Flink (ArithmeticException). */
export function divInt(a: number, b: number): number {
  if (b === 0) throw exprError('/', `division by zero (${a} / 0)`)
  return (a / b) | 0
}

export function modInt(a: number, b: number): number {
  if (b === 0) throw exprError('MOD', `division by zero (${a} % 0)`)
  const r = a % b
  return r === 0 ? 0 : r
}

export function addMonthsLtz(ts: number, months: number, zone: Zone): number {
  return zone.fromLocal(addMonthsToTimestamp(zone.toLocal(ts), months))
}

export function addMonthsDate(days: number, months: number): number {
  return addMonthsToDays(days, months)
}

export function addMonthsTs(ts: number, months: number): number {
  return addMonthsToTimestamp(ts, months)
}

/** DATE + INTERVAL DAY TO SECOND as a DATE: whole days only. */
export function addMsToDate(days: number, ms: number): number {
  return days + Math.trunc(ms / MS_PER_DAY)
}

export function addMsToTime(time: number, ms: number): number {
  return floorMod(time + ms, MS_PER_DAY)
}
