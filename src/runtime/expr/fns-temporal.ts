/** Date and time built-ins: EXTRACT and friends, FLOOR/CEIL TO unit, formatting/parsing, TIMESTAMPADD/DIFF, clocks. */
import type { RexCall, RexNode } from '../../plan/rex.js'
import type { DataType } from '../../sql/data-type.js'
import type { CodeGen, FunctionDef } from './codegen.js'
import { MS_PER_DAY, addMonthsToDays, floorMod, parseTimestamp } from './date-time.js'
import { compileFormatter, compileParser, formatInstant, parsedToInstant, type Formatter, type Parser } from './date-format.js'
import { exprError } from './expr-error.js'
import { canonI64 } from './int64.js'
import { decimalToDouble } from './decimal.js'
import {
  extractFromDate,
  extractFromInterval,
  extractFromTime,
  extractFromTimestamp,
  floorDate,
  floorTimestamp,
  timeUnit,
  timestampAdd,
  timestampDiff,
  toDateDefault,
  toTimestampDefault,
  unitMillis,
  type TimeUnitName,
} from './temporal-runtime.js'
import { zoneOf, type Zone } from './time-zone.js'
import { intArg } from './fns-string.js'

function zone(g: CodeGen): Zone {
  return zoneOf(g.timeZone)
}

function zoneRef(g: CodeGen): string {
  return g.constant(zone(g), 'zone')
}

function literalUnit(c: RexCall, index: number, fn: string): TimeUnitName {
  const op = c.operands[index]
  if (op === undefined || op.kind !== 'Literal') throw exprError(fn, 'the time unit must be a literal')
  return timeUnit(op.value, fn)
}

/** Expression giving the wall-clock ms of a non-null datetime value (TIMESTAMP_LTZ in the session zone). */
function wallClock(g: CodeGen, ref: string, t: DataType): string {
  switch (t.kind) {
    case 'TIMESTAMP_LTZ':
      return `${zoneRef(g)}.toLocal(${ref})`
    case 'DATE':
      return `(${ref} * ${MS_PER_DAY})`
    default:
      return ref
  }
}

function extract(g: CodeGen, unit: TimeUnitName, ref: string, t: DataType): string {
  const u = g.constant(unit)
  switch (t.kind) {
    case 'DATE':
      return `${g.helper(extractFromDate)}(${u}, ${ref})`
    case 'TIME':
      return `${g.helper(extractFromTime)}(${u}, ${ref})`
    case 'INTERVAL_DAY_TIME':
    case 'INTERVAL_YEAR_MONTH':
      return `${g.helper(extractFromInterval)}(${u}, ${ref}, ${t.kind === 'INTERVAL_YEAR_MONTH'})`
    default:
      return `${g.helper(extractFromTimestamp)}(${u}, ${wallClock(g, ref, t)})`
  }
}

function extractFn(unit: TimeUnitName): FunctionDef {
  return { strict: (g, c, [a]) => extract(g, unit, a as string, (c.operands[0] as RexNode).type) }
}

/** FLOOR/CEIL(datetime TO unit); exported for the numeric FLOOR/CEIL, which delegate here for two operands. */
export function emitTemporalFloor(g: CodeGen, c: RexCall, args: readonly string[], ceil: boolean): string {
  const unit = literalUnit(c, 1, ceil ? 'CEIL' : 'FLOOR')
  const x = args[0] as string
  const t = (c.operands[0] as RexNode).type
  const u = g.constant(unit)
  switch (t.kind) {
    case 'DATE':
      return `${g.helper(floorDate)}(${u}, ${x}, ${ceil})`
    case 'TIME':
      return `${g.helper(floorMod)}(${g.helper(floorTimestamp)}(${u}, ${x}, ${ceil}), ${MS_PER_DAY})`
    case 'TIMESTAMP_LTZ':
      return `${zoneRef(g)}.fromLocal(${g.helper(floorTimestamp)}(${u}, ${zoneRef(g)}.toLocal(${x}), ${ceil}))`
    default:
      return `${g.helper(floorTimestamp)}(${u}, ${x}, ${ceil})`
  }
}

/** A formatter bound at compile time when the pattern is a literal, else looked up (cached) per row. */
function formatterRef(g: CodeGen, c: RexCall, index: number, arg: string, flavor: 'java-time' | 'simple'): string {
  const op = c.operands[index]
  if (op !== undefined && op.kind === 'Literal' && typeof op.value === 'string') return g.constant(compileFormatter(op.value, flavor), 'fmt')
  return `${g.helper(compileFormatter)}(${arg}, ${g.constant(flavor)})`
}

function parserRef(g: CodeGen, c: RexCall, index: number, arg: string | undefined, flavor: 'java-time' | 'simple', dflt: string): string {
  const op = c.operands[index]
  if (arg === undefined) return g.constant(compileParser(dflt, flavor), 'parser')
  if (op !== undefined && op.kind === 'Literal' && typeof op.value === 'string') return g.constant(compileParser(op.value, flavor), 'parser')
  return `${g.helper(compileParser)}(${arg}, ${g.constant(flavor)})`
}

const DEFAULT_TS = 'yyyy-MM-dd HH:mm:ss'

function dateFormat(g: CodeGen, c: RexCall, [x, f]: readonly string[]): string {
  const t = (c.operands[0] as RexNode).type
  const ref = x as string
  if (t.kind === 'CHAR' || t.kind === 'VARCHAR') {
    // Flink parses the string with 'yyyy-MM-dd HH:mm:ss' (SimpleDateFormat) and formats it the same way.
    const parse = g.constant(compileParser(DEFAULT_TS, 'simple'), 'parser')
    const fmt = formatterRef(g, c, 1, f as string, 'simple')
    const fn = (s: string, p: Parser, fm: Formatter): string | null => {
      const r = p(s)
      return r === undefined ? null : fm(r.localMs)
    }
    return `${g.constant(fn, 'dateFormatString')}(${ref}, ${parse}, ${fmt})`
  }
  const fmt = formatterRef(g, c, 1, f as string, 'java-time')
  if (t.kind === 'TIMESTAMP_LTZ') return `${g.helper(formatInstant)}(${fmt}, ${ref}, ${zoneRef(g)})`
  return `${fmt}(${wallClock(g, ref, t)})`
}

function toTimestamp(g: CodeGen, c: RexCall, [s, f]: readonly string[]): string {
  if (f === undefined) return `${g.helper(toTimestampDefault)}(${s as string})`
  const parser = parserRef(g, c, 1, f, 'java-time', DEFAULT_TS)
  const fn = (text: string, p: Parser): number | null => {
    const r = p(text)
    if (r !== undefined) return Math.floor(r.localMs)
    // Flink falls back to the lenient java.sql.Timestamp / Date forms.
    const t = parseTimestamp(text.trim())
    return t === undefined ? null : Math.floor(t)
  }
  return `${g.constant(fn, 'toTimestamp')}(${s as string}, ${parser})`
}

const MIN_EPOCH_SECONDS = -62167219200
const MAX_EPOCH_SECONDS = 253402300799
const MIN_EPOCH_MILLIS = -62167219200000
const MAX_EPOCH_MILLIS = 253402300799999

function epochToLtz(v: number, precision: number): number | null {
  if (precision === 0) {
    if (v < MIN_EPOCH_SECONDS || v > MAX_EPOCH_SECONDS) return null
    return Math.trunc(v * 1000)
  }
  if (precision !== 3) {
    throw exprError('TO_TIMESTAMP_LTZ', `precision ${precision} is unsupported; use 0 for seconds or 3 for milliseconds`)
  }
  const ms = Math.trunc(v)
  return ms < MIN_EPOCH_MILLIS || ms > MAX_EPOCH_MILLIS ? null : ms
}

function toTimestampLtz(g: CodeGen, c: RexCall, args: readonly string[]): string {
  const t = (c.operands[0] as RexNode).type
  const x = args[0] as string
  if (t.kind === 'CHAR' || t.kind === 'VARCHAR') {
    const parser = parserRef(g, c, 1, args[1], 'java-time', DEFAULT_TS)
    const hasFormat = args[1] !== undefined
    const z = args[2] !== undefined ? `${g.helper(zoneOf)}(${args[2]})` : zoneRef(g)
    const fn = (text: string, p: Parser, zn: Zone): number | null => {
      const r = p(text)
      if (r !== undefined) return Math.floor(parsedToInstant(r, zn))
      const ts = !hasFormat ? parseTimestamp(text.trim()) : undefined
      return ts === undefined ? null : zn.fromLocal(Math.floor(ts))
    }
    return `${g.constant(fn, 'toTimestampLtz')}(${x}, ${parser}, ${z})`
  }
  const num = t.kind === 'DECIMAL' ? `${g.helper(decimalToDouble)}(${x}, ${t.scale})` : t.kind === 'BIGINT' ? `Number(${x})` : x
  const p = args[1] === undefined ? '3' : intArg(args[1], c.operands[1]?.type)
  return `${g.helper(epochToLtz)}(${num}, ${p})`
}

function toDate(g: CodeGen, c: RexCall, [s, f]: readonly string[]): string {
  if (f === undefined) return `${g.helper(toDateDefault)}(${s as string})`
  const parser = parserRef(g, c, 1, f, 'simple', 'yyyy-MM-dd')
  const fn = (text: string, p: Parser): number | null => {
    const r = p(text)
    return r === undefined ? null : Math.floor(r.localMs / MS_PER_DAY)
  }
  return `${g.constant(fn, 'toDate')}(${s as string}, ${parser})`
}

function fromUnixtime(g: CodeGen, c: RexCall, [s, f]: readonly string[]): string {
  const fmt = f === undefined ? g.constant(compileFormatter(DEFAULT_TS, 'simple'), 'fmt') : formatterRef(g, c, 1, f, 'simple')
  const secs = intArg(s as string, c.operands[0]?.type)
  return `${g.helper(formatInstant)}(${fmt}, Math.trunc(${secs}) * 1000, ${zoneRef(g)})`
}

const LONG_MIN = -9223372036854775808n

function unixTimestamp(g: CodeGen, c: RexCall, [s, f]: readonly string[]): string {
  if (s === undefined) return `Math.floor(${g.constant(g.clock, 'clock')}() / 1000)`
  const parser = parserRef(g, c, 1, f, 'simple', DEFAULT_TS)
  // Flink returns Long.MIN_VALUE when the text does not parse.
  const fn = (text: string, p: Parser, zn: Zone): number | bigint => {
    const r = p(text)
    return r === undefined ? canonI64(LONG_MIN) : Math.trunc(parsedToInstant(r, zn) / 1000)
  }
  return `${g.constant(fn, 'unixTimestamp')}(${s}, ${parser}, ${zoneRef(g)})`
}

function convertTz(text: string, from: string, to: string): string | null {
  const r = compileParser(DEFAULT_TS, 'simple')(text)
  if (r === undefined) return null
  return formatInstant(compileFormatter(DEFAULT_TS, 'simple'), parsedToInstant(r, zoneOf(from)), zoneOf(to))
}

function timestampAddFn(g: CodeGen, c: RexCall, args: readonly string[]): string {
  const unit = literalUnit(c, 0, 'TIMESTAMPADD')
  const n = intArg(args[1] as string, c.operands[1]?.type)
  const x = args[2] as string
  const t = (c.operands[2] as RexNode).type
  const u = g.constant(unit)
  const monthLike = unit === 'YEAR' || unit === 'QUARTER' || unit === 'MONTH'
  switch (t.kind) {
    case 'DATE': {
      if (monthLike) return `${g.helper(addMonthsToDays)}(${x}, ${n} * ${unit === 'YEAR' ? 12 : unit === 'QUARTER' ? 3 : 1})`
      const ms = unitMillis(unit) ?? 0
      return `(${x} + Math.trunc(${n} * ${ms} / ${MS_PER_DAY}))`
    }
    case 'TIME': {
      if (monthLike) return x
      return `${g.helper(floorMod)}(${x} + ${n} * ${unitMillis(unit) ?? 0}, ${MS_PER_DAY})`
    }
    case 'TIMESTAMP_LTZ':
      if (monthLike) return `${zoneRef(g)}.fromLocal(${g.helper(timestampAdd)}(${u}, ${n}, ${zoneRef(g)}.toLocal(${x})))`
      return `${g.helper(timestampAdd)}(${u}, ${n}, ${x})`
    default:
      return `${g.helper(timestampAdd)}(${u}, ${n}, ${x})`
  }
}

function timestampDiffFn(g: CodeGen, c: RexCall, args: readonly string[]): string {
  const unit = literalUnit(c, 0, 'TIMESTAMPDIFF')
  const ta = (c.operands[1] as RexNode).type
  const tb = (c.operands[2] as RexNode).type
  const bothInstants = ta.kind === 'TIMESTAMP_LTZ' && tb.kind === 'TIMESTAMP_LTZ'
  const monthLike = unit === 'YEAR' || unit === 'QUARTER' || unit === 'MONTH'
  const a = bothInstants && !monthLike ? (args[1] as string) : wallClock(g, args[1] as string, ta)
  const b = bothInstants && !monthLike ? (args[2] as string) : wallClock(g, args[2] as string, tb)
  return `${g.helper(timestampDiff)}(${g.constant(unit)}, ${a}, ${b})`
}

function clock(g: CodeGen): string {
  return `${g.constant(g.clock, 'clock')}()`
}

export const TEMPORAL_FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  EXTRACT: {
    strict: (g, c, [, x]) => extract(g, literalUnit(c, 0, 'EXTRACT'), x as string, (c.operands[1] as RexNode).type),
  },
  YEAR: extractFn('YEAR'),
  QUARTER: extractFn('QUARTER'),
  MONTH: extractFn('MONTH'),
  WEEK: extractFn('WEEK'),
  DAYOFYEAR: extractFn('DOY'),
  DAYOFMONTH: extractFn('DAY'),
  DAY: extractFn('DAY'),
  DAYOFWEEK: extractFn('DOW'),
  HOUR: extractFn('HOUR'),
  MINUTE: extractFn('MINUTE'),
  SECOND: extractFn('SECOND'),
  DATE_FORMAT: { strict: dateFormat, mayReturnNull: true },
  TO_TIMESTAMP: { strict: toTimestamp, mayReturnNull: true },
  TO_TIMESTAMP_LTZ: { strict: toTimestampLtz, mayReturnNull: true },
  TO_DATE: { strict: toDate, mayReturnNull: true },
  FROM_UNIXTIME: { strict: fromUnixtime },
  UNIX_TIMESTAMP: { strict: unixTimestamp },
  CONVERT_TZ: { strict: (g, _c, args) => `${g.helper(convertTz)}(${args.join(', ')})`, mayReturnNull: true },
  TIMESTAMPADD: { strict: timestampAddFn },
  TIMESTAMPDIFF: { strict: timestampDiffFn },
  CURRENT_TIMESTAMP: { strict: (g) => clock(g) },
  NOW: { strict: (g) => clock(g) },
  CURRENT_ROW_TIMESTAMP: { strict: (g) => clock(g) },
  PROCTIME: { strict: (g) => clock(g) },
  LOCALTIMESTAMP: { strict: (g) => `${zoneRef(g)}.toLocal(${clock(g)})` },
  CURRENT_DATE: { strict: (g) => `Math.floor(${zoneRef(g)}.toLocal(${clock(g)}) / ${MS_PER_DAY})` },
  CURRENT_TIME: { strict: (g) => `${g.helper(floorMod)}(Math.floor(${zoneRef(g)}.toLocal(${clock(g)}) / 1000) * 1000, ${MS_PER_DAY})` },
  LOCALTIME: { strict: (g) => `${g.helper(floorMod)}(Math.floor(${zoneRef(g)}.toLocal(${clock(g)}) / 1000) * 1000, ${MS_PER_DAY})` },
}

