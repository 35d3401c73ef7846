/**
 * Java date-time patterns (DateTimeFormatter and SimpleDateFormat letters) compiled once to formatter and parser
 * functions. Flink formats TIMESTAMPs with java.time's DateTimeFormatter (DATE_FORMAT, TO_TIMESTAMP) and uses
 * SimpleDateFormat in FROM_UNIXTIME, UNIX_TIMESTAMP and DATE_FORMAT(string, ...); the two differ mainly in 'S'
 * (fraction digits vs. a milliseconds number), 'u' (year vs. day-of-week number) and parsing (strict widths and
 * whole input vs. lenient numbers, roll-over and trailing text ignored).
 */
import { exprError } from './expr-error.js'
import { MS_PER_DAY, civilFromDays, daysFromCivil, daysInMonth, floorMod, isoDayOfWeek } from './date-time.js'
import type { Zone } from './time-zone.js'

export type PatternFlavor = 'java-time' | 'simple'

type Token = { readonly kind: 'lit'; readonly text: string } | { readonly kind: 'field'; readonly letter: string; readonly count: number }

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
const KNOWN = new Set('GuyYQqMLwWEecFdDaBhKkHmsSAnNVvzOXxZ'.split(''))

function tokenize(pattern: string): Token[] {
  const out: Token[] = []
  let i = 0
  const lit = (text: string): void => {
    const last = out[out.length - 1]
    if (last !== undefined && last.kind === 'lit') out[out.length - 1] = { kind: 'lit', text: last.text + text }
    else out.push({ kind: 'lit', text })
  }
  while (i < pattern.length) {
    const c = pattern[i] as string
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1)
      if (end === i + 1) {
        lit("'")
        i += 2
        continue
      }
      if (end < 0) throw exprError('DATE_FORMAT', `unterminated quote in pattern '${pattern}'`)
      // '' inside quotes is a quote
      let text = ''
      let j = i + 1
      for (;;) {
        const k = pattern.indexOf("'", j)
        if (k < 0) throw exprError('DATE_FORMAT', `unterminated quote in pattern '${pattern}'`)
        text += pattern.slice(j, k)
        if (pattern[k + 1] === "'") {
          text += "'"
          j = k + 2
          continue
        }
        i = k + 1
        break
      }
      lit(text)
      continue
    }
    if (c === '[' || c === ']') {
      // Optional sections: formatting prints their content; parsing treats them as present.
      i++
      continue
    }
    if (/[A-Za-z]/.test(c)) {
      if (!KNOWN.has(c)) throw exprError('DATE_FORMAT', `unknown pattern letter '${c}' in '${pattern}'`)
      let j = i
      while (pattern[j] === c) j++
      out.push({ kind: 'field', letter: c, count: j - i })
      i = j
      continue
    }
    lit(c)
    i++
  }
  return out
}

/** Broken-down local date-time. */
interface Fields {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  /** nanoseconds of the second */
  nano: number
  days: number
  offset: number
  zoneId: string
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n))
  const padded = s.length >= width ? s : '0'.repeat(width - s.length) + s
  return n < 0 ? `-${padded}` : padded
}

function breakDown(localMs: number, offset: number, zoneId: string): Fields {
  const whole = Math.floor(localMs)
  const days = Math.floor(whole / MS_PER_DAY)
  const ms = whole - days * MS_PER_DAY
  const [year, month, day] = civilFromDays(days)
  const sub = localMs - whole
  return {
    year,
    month,
    day,
    hour: Math.floor(ms / 3_600_000),
    minute: Math.floor((ms % 3_600_000) / 60_000),
    second: Math.floor((ms % 60_000) / 1000),
    nano: (ms % 1000) * 1_000_000 + Math.round(sub * 1_000_000),
    days,
    offset,
    zoneId,
  }
}

function formatOffset(offsetMs: number, colon: boolean, zForZero: boolean, withMinutes = true): string {
  if (offsetMs === 0 && zForZero) return 'Z'
  const sign = offsetMs < 0 ? '-' : '+'
  const total = Math.abs(Math.round(offsetMs / 60000))
  const h = pad(Math.floor(total / 60), 2)
  const m = pad(total % 60, 2)
  if (!withMinutes && total % 60 === 0) return sign + h
  return sign + h + (colon ? ':' : '') + m
}

/** US week-of-year (weeks start Sunday; week 1 contains January 1), as the default en_US locale. */
function usWeekOfYear(f: Fields): number {
  const jan1 = daysFromCivil(f.year, 1, 1)
  const jan1Dow = floorMod(jan1 + 4, 7) // 0 = Sunday
  return Math.floor((f.days - jan1 + jan1Dow) / 7) + 1
}

function fieldText(t: { letter: string; count: number }, f: Fields, flavor: PatternFlavor): string {
  const n = t.count
  switch (t.letter) {
    case 'G':
      return f.year > 0 ? 'AD' : 'BC'
    case 'u':
      if (flavor === 'simple') return pad(isoDayOfWeek(f.days), n)
      return n === 2 ? pad(floorMod(f.year, 100), 2) : pad(f.year, n)
    case 'y': {
      const y = f.year > 0 ? f.year : 1 - f.year
      return n === 2 ? pad(y % 100, 2) : pad(y, n)
    }
    case 'Y': {
      const thursday = f.days + (4 - isoDayOfWeek(f.days))
      const wy = civilFromDays(thursday)[0]
      return n === 2 ? pad(floorMod(wy, 100), 2) : pad(wy, n)
    }
    case 'Q':
    case 'q': {
      const q = Math.floor((f.month - 1) / 3) + 1
      return n <= 2 ? pad(q, n) : n === 3 ? `Q${q}` : `${q}${['st', 'nd', 'rd', 'th'][q - 1] as string} quarter`
    }
    case 'M':
    case 'L': {
      if (n <= 2) return pad(f.month, n)
      const name = MONTHS[f.month - 1] as string
      return n === 3 ? name.slice(0, 3) : n === 4 ? name : name.slice(0, 1)
    }
    case 'w':
      return pad(usWeekOfYear(f), n)
    case 'W': {
      const first = daysFromCivil(f.year, f.month, 1)
      const firstDow = floorMod(first + 4, 7)
      return pad(Math.floor((f.day - 1 + firstDow) / 7) + 1, n)
    }
    case 'E':
    case 'e':
    case 'c': {
      const dow = isoDayOfWeek(f.days)
      if ((t.letter === 'e' || t.letter === 'c') && n <= 2) return pad((dow % 7) + 1, n)
      const name = DAYS[dow - 1] as string
      return n <= 3 ? name.slice(0, 3) : n === 4 ? name : name.slice(0, 1)
    }
    case 'F':
      return pad(Math.floor((f.day - 1) / 7) + 1, n)
    case 'd':
      return pad(f.day, n)
    case 'D':
      return pad(f.days - daysFromCivil(f.year, 1, 1) + 1, n)
    case 'a':
    case 'B':
      return f.hour < 12 ? 'AM' : 'PM'
    case 'h':
      return pad(f.hour % 12 === 0 ? 12 : f.hour % 12, n)
    case 'K':
      return pad(f.hour % 12, n)
    case 'k':
      return pad(f.hour === 0 ? 24 : f.hour, n)
    case 'H':
      return pad(f.hour, n)
    case 'm':
      return pad(f.minute, n)
    case 's':
      return pad(f.second, n)
    case 'S':
      if (flavor === 'simple') return pad(Math.floor(f.nano / 1_000_000), n)
      return pad(f.nano, 9).slice(0, Math.min(n, 9)) + '0'.repeat(Math.max(0, n - 9))
    case 'A':
      return pad(((f.hour * 60 + f.minute) * 60 + f.second) * 1000 + Math.floor(f.nano / 1_000_000), n)
    case 'n':
      return pad(f.nano, n)
    case 'N':
      return pad(((f.hour * 60 + f.minute) * 60 + f.second) * 1e9 + f.nano, n)
    case 'V':
    case 'v':
      return f.zoneId
    case 'z':
      return f.offset === 0 ? 'UTC' : formatOffset(f.offset, true, false).replace(/^/, 'GMT')
    case 'O':
      return f.offset === 0 ? 'GMT' : `GMT${formatOffset(f.offset, true, false, n === 4)}`
    case 'X':
      return formatOffset(f.offset, n >= 3, true, n !== 1)
    case 'x':
      return formatOffset(f.offset, n >= 3, false, n !== 1)
    case 'Z':
      return n <= 3 ? formatOffset(f.offset, false, false) : n === 4 ? `GMT${formatOffset(f.offset, true, false)}` : formatOffset(f.offset, true, true)
    default:
      return ''
  }
}

export type Formatter = (localMs: number, offset?: number, zoneId?: string) => string

const formatCache = new Map<string, Formatter>()

/** A formatter for wall-clock ms (TIMESTAMP representation); `offset`/`zoneId` feed the zone letters. */
export function compileFormatter(pattern: string, flavor: PatternFlavor): Formatter {
  const key = flavor + '\u0000' + pattern
  const hit = formatCache.get(key)
  if (hit !== undefined) return hit
  const tokens = tokenize(pattern)
  const fmt: Formatter = (localMs, offset = 0, zoneId = 'UTC') => {
    const f = breakDown(localMs, offset, zoneId)
    let out = ''
    for (const t of tokens) out += t.kind === 'lit' ? t.text : fieldText(t, f, flavor)
    return out
  }
  if (formatCache.size > 500) formatCache.clear()
  formatCache.set(key, fmt)
  return fmt
}

/** Formats an instant (epoch ms) in a zone. */
export function formatInstant(fmt: Formatter, epochMs: number, zone: Zone): string {
  const off = zone.offsetAt(epochMs)
  return fmt(epochMs + off, off, zone.id)
}

// ---- parsing ----

export interface Parsed {
  /** Wall-clock ms (read as UTC). */
  readonly localMs: number
  /** Offset in ms when the text carried one (z, Z, X, x, O). */
  readonly offset: number | undefined
}

export type Parser = (text: string) => Parsed | undefined

const NUMERIC = new Set('uyYqQMLwWdDFhKkHmsSAnNe'.split(''))

function isNumericToken(t: Token | undefined, flavor: PatternFlavor): boolean {
  if (t === undefined || t.kind !== 'field') return false
  if ((t.letter === 'M' || t.letter === 'L' || t.letter === 'Q' || t.letter === 'q') && t.count >= 3) return false
  if (t.letter === 'u' && flavor === 'simple') return true
  return NUMERIC.has(t.letter)
}

const parseCache = new Map<string, Parser>()

/**
 * A parser for the pattern. java-time: fixed widths for counts >= 2, the whole text must match, day-of-month past
 * the month's end is clamped (SMART resolution). simple (SimpleDateFormat, lenient): numbers of any width, text
 * after the pattern ignored, out-of-range fields roll over.
 */
export function compileParser(pattern: string, flavor: PatternFlavor): Parser {
  const key = flavor + '\u0000' + pattern
  const hit = parseCache.get(key)
  if (hit !== undefined) return hit
  const tokens = tokenize(pattern)
  const parser: Parser = (text) => parseWith(tokens, text, flavor)
  if (parseCache.size > 500) parseCache.clear()
  parseCache.set(key, parser)
  return parser
}

function parseWith(tokens: readonly Token[], text: string, flavor: PatternFlavor): Parsed | undefined {
  let pos = 0
  let year = 1970
  let month = 1
  let day = 1
  let hour = 0
  let minute = 0
  let second = 0
  let nano = 0
  let pm: boolean | undefined
  let hour12: number | undefined
  let offset: number | undefined
  let dayOfYear: number | undefined
  const strict = flavor === 'java-time'
  for (let ti = 0; ti < tokens.length; ti++) {
    const t = tokens[ti] as Token
    if (t.kind === 'lit') {
      if (!strict) {
        // SimpleDateFormat: whitespace in the pattern matches any run of whitespace
        let k = 0
        for (const ch of t.text) {
          if (ch === ' ' && text[pos + k] !== ' ') continue
          if (text[pos + k] !== ch) return undefined
          k++
        }
        pos += k
        continue
      }
      if (!text.startsWith(t.text, pos)) return undefined
      pos += t.text.length
      continue
    }
    const L = t.letter
    if (isNumericToken(t, flavor)) {
      const adjacent = isNumericToken(tokens[ti + 1], flavor)
      let min = 1
      let max = 10
      if (strict) {
        if (t.count >= 2 || adjacent) {
          min = L === 'y' || L === 'u' || L === 'Y' ? (t.count === 2 ? 2 : Math.max(t.count, 4)) : t.count
          max = L === 'y' || L === 'u' || L === 'Y' ? (t.count === 2 || adjacent ? min : 10) : t.count
          if (L === 'S') max = min = t.count
        } else {
          max = L === 'y' || L === 'u' || L === 'Y' || L === 'S' || L === 'n' || L === 'A' || L === 'N' ? 10 : 2
        }
      } else if (adjacent) {
        min = max = t.count
      }
      let sign = 1
      if ((L === 'y' || L === 'u') && (text[pos] === '-' || text[pos] === '+') && !strict) {
        sign = text[pos] === '-' ? -1 : 1
        pos++
      }
      let j = pos
      while (j < text.length && j - pos < max && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++
      if (j - pos < min) return undefined
      const digits = text.slice(pos, j)
      const v = sign * Number(digits)
      pos = j
      switch (L) {
        case 'y':
        case 'u':
        case 'Y':
          if (L === 'u' && flavor === 'simple') break
          year = t.count === 2 && digits.length === 2 ? 2000 + v - (strict ? 0 : v > 50 ? 100 : 0) : v
          break
        case 'M':
        case 'L':
          month = v
          break
        case 'd':
          day = v
          break
        case 'D':
          dayOfYear = v
          break
        case 'H':
          hour = v
          break
        case 'k':
          hour = v === 24 ? 0 : v
          break
        case 'h':
          hour12 = v === 12 ? 0 : v
          break
        case 'K':
          hour12 = v
          break
        case 'm':
          minute = v
          break
        case 's':
          second = v
          break
        case 'S':
          nano = flavor === 'simple' ? v * 1_000_000 : Number(digits.padEnd(9, '0').slice(0, 9))
          break
        case 'n':
          nano = v
          break
        default:
          break
      }
      continue
    }
    switch (L) {
      case 'M':
      case 'L': {
        const idx = matchName(text, pos, MONTHS, t.count === 3 || !strict)
        if (idx === undefined) return undefined
        month = idx.index + 1
        pos = idx.end
        break
      }
      case 'E': {
        const idx = matchName(text, pos, DAYS, t.count <= 3 || !strict)
        if (idx === undefined) return undefined
        pos = idx.end
        break
      }
      case 'a': {
        const s = text.slice(pos, pos + 2).toUpperCase()
        if (s !== 'AM' && s !== 'PM') return undefined
        pm = s === 'PM'
        pos += 2
        break
      }
      case 'G': {
        const s = text.slice(pos, pos + 2).toUpperCase()
        if (s !== 'AD' && s !== 'BC') return undefined
        pos += 2
        break
      }
      case 'z':
      case 'Z':
      case 'X':
      case 'x':
      case 'O':
      case 'V':
      case 'v': {
        const m = /^(?:Z|UTC|GMT|UT)?(?:([+-])(\d{1,2})(?::?(\d{2}))?)?/i.exec(text.slice(pos))
        if (m === null || m[0] === '') return undefined
        offset = m[1] === undefined ? 0 : (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60000
        pos += m[0].length
        break
      }
      default:
        return undefined
    }
  }
  if (strict && pos !== text.length) return undefined
  if (hour12 !== undefined) hour = hour12 + (pm === true ? 12 : 0)
  else if (pm === true && hour < 12) hour += 12
  let days: number
  if (dayOfYear !== undefined) days = daysFromCivil(year, 1, 1) + dayOfYear - 1
  else if (strict) {
    if (month < 1 || month > 12 || day < 1 || day > 31) return undefined
    days = daysFromCivil(year, month, Math.min(day, daysInMonth(year, month)))
  } else {
    // Lenient: roll over out-of-range months and days.
    const y = year + Math.floor((month - 1) / 12)
    const mo = floorMod(month - 1, 12) + 1
    days = daysFromCivil(y, mo, 1) + day - 1
  }
  if (strict && (hour > 23 || minute > 59 || second > 59)) return undefined
  const ms = ((hour * 60 + minute) * 60 + second) * 1000
  const wholeMs = Math.floor(nano / 1_000_000)
  const subMs = (nano - wholeMs * 1_000_000) / 1_000_000
  return { localMs: days * MS_PER_DAY + ms + wholeMs + subMs, offset }
}

function matchName(text: string, pos: number, names: readonly string[], allowShort: boolean): { index: number; end: number } | undefined {
  const rest = text.slice(pos).toLowerCase()
  for (let i = 0; i < names.length; i++) {
    const full = (names[i] as string).toLowerCase()
    if (rest.startsWith(full)) return { index: i, end: pos + full.length }
  }
  if (allowShort) {
    for (let i = 0; i < names.length; i++) {
      const short = (names[i] as string).slice(0, 3).toLowerCase()
      if (rest.startsWith(short)) return { index: i, end: pos + 3 }
    }
  }
  return undefined
}

/** Epoch ms of parsed text: its own offset if it had one, else the zone's. */
export function parsedToInstant(p: Parsed, zone: Zone): number {
  return p.offset !== undefined ? p.localMs - p.offset : zone.fromLocal(p.localMs)
}

