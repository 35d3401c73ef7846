/**
 * Session time zones (table.local-time-zone) for TIMESTAMP_LTZ: offsets of IANA zones come from Intl and are
 * cached per 15-minute bucket (zone transitions fall on such boundaries), fixed offsets need no lookup.
 */
import { EngineError } from '../../errors.js'

export interface Zone {
  readonly id: string
  /** Offset from UTC in ms at the instant `epochMs`. */
  offsetAt(epochMs: number): number
  /** Epoch ms of a wall-clock value (ms of the local date-time read as UTC), as Java's LocalDateTime.atZone. */
  fromLocal(localMs: number): number
  /** Wall-clock ms (read as UTC) of an instant. */
  toLocal(epochMs: number): number
}

const BUCKET = 15 * 60 * 1000
const DAY = 86_400_000

class FixedZone implements Zone {
  constructor(
    readonly id: string,
    private readonly offset: number,
  ) {}
  offsetAt(): number {
    return this.offset
  }
  fromLocal(localMs: number): number {
    return localMs - this.offset
  }
  toLocal(epochMs: number): number {
    return epochMs + this.offset
  }
}

class RegionZone implements Zone {
  private readonly fmt: Intl.DateTimeFormat
  private readonly cache = new Map<number, number>()

  constructor(readonly id: string) {
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    })
  }

  offsetAt(epochMs: number): number {
    const bucket = Math.floor(epochMs / BUCKET)
    const hit = this.cache.get(bucket)
    if (hit !== undefined) return hit
    const off = this.compute(bucket * BUCKET)
    if (this.cache.size > 50_000) this.cache.clear()
    this.cache.set(bucket, off)
    return off
  }

  private compute(epochMs: number): number {
    let y = 0
    let mo = 1
    let d = 1
    let h = 0
    let mi = 0
    let s = 0
    let bc = false
    for (const p of this.fmt.formatToParts(new Date(epochMs))) {
      switch (p.type) {
        case 'year':
          y = Number(p.value)
          break
        case 'month':
          mo = Number(p.value)
          break
        case 'day':
          d = Number(p.value)
          break
        case 'hour':
          h = Number(p.value)
          break
        case 'minute':
          mi = Number(p.value)
          break
        case 'second':
          s = Number(p.value)
          break
        case 'era':
          bc = p.value.startsWith('B')
          break
        default:
          break
      }
    }
    if (bc) y = 1 - y
    const local = new Date(Date.UTC(2000, 0, 1, h, mi, s))
    local.setUTCFullYear(y, mo - 1, d)
    return local.getTime() - epochMs
  }

  fromLocal(localMs: number): number {
    const early = this.offsetAt(localMs - DAY)
    const late = this.offsetAt(localMs + DAY)
    if (early === late) return localMs - early
    const c1 = localMs - early
    if (this.offsetAt(c1) === early) return c1 // also the choice in an overlap: the earlier offset, as Java
    const c2 = localMs - late
    if (this.offsetAt(c2) === late) return c2
    return c1 // in a gap, Java moves the wall clock forward by the gap's length
  }

  toLocal(epochMs: number): number {
    return epochMs + this.offsetAt(epochMs)
  }
}

const OFFSET_RE = /^(?:(?:UTC|GMT|UT)(?=[+-]|$))?(?:([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/i
const zones = new Map<string, Zone>()

/** Resolves a zone id as Java's ZoneId.of would accept it ('UTC', 'Z', 'GMT+8', 'UTC+08:00', '+05:30', 'Asia/Tokyo'). */
export function zoneOf(id: string): Zone {
  const cached = zones.get(id)
  if (cached !== undefined) return cached
  const z = resolveZone(id)
  zones.set(id, z)
  return z
}

function resolveZone(id: string): Zone {
  const trimmed = id.trim()
  // table.local-time-zone = 'default' means the machine's zone, as Flink uses the JVM's.
  if (trimmed.toLowerCase() === 'default') return resolveZone(Intl.DateTimeFormat().resolvedOptions().timeZone)
  if (trimmed === 'Z' || /^(UTC|GMT|UT|Etc\/UTC|Etc\/GMT|Zulu|UCT|Universal)$/i.test(trimmed)) return new FixedZone(id, 0)
  const m = OFFSET_RE.exec(trimmed)
  if (m !== null && m[1] !== undefined) {
    const off = (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0)) * 1000
    if (off > 18 * 3600 * 1000) throw badZone(id)
    return new FixedZone(id, m[1] === '-' ? -off : off)
  }
  try {
    return new RegionZone(trimmed)
  } catch {
    throw badZone(id)
  }
}

function badZone(id: string): EngineError {
  return new EngineError('RUNTIME_EXPRESSION_ERROR', `invalid time zone '${id}'`, {
    hint: "use a region id such as 'Europe/Berlin', 'UTC', or an offset such as 'GMT+08:00'",
  })
}
