/**
 * The nexmark source. The first run cuts the event-id space into `parallelism` splits with disjoint firstEventId
 * ranges (GeneratorConfig.split); split state is (events emitted, base times), so a restore at any parallelism
 * resumes every split at the same event, and seeded-by-id randomness makes the resumed events identical.
 */
import { END_OF_INPUT } from '../../src/catalog/connector.js'
import type {
  PollResult,
  ReaderContext,
  ScanSource,
  SourceContext,
  SourceReader,
  SplitState,
  TableContext,
} from '../../src/catalog/connector.js'
import type { DataType } from '../../src/sql/data-type.js'
import { EngineError } from '../../src/errors.js'
import { OptionReader, invalidOption } from '../shared/options.js'
import { parseTimestamp } from '../formats/shared/temporal.js'
import { EVENT_AUCTION, EVENT_BID, EVENT_PERSON, FIRST_EVENT_ID, FIRST_EVENT_NUMBER, NexmarkGenerator, eventType, timestampOf, totalProportion } from './generator.js'
import type { NexmarkConfig } from './generator.js'
import { NEXMARK_OPTIONS } from './options.js'

export const NEXMARK_COLUMNS = ['event_type', 'person', 'auction', 'bid'] as const
const NESTED: Record<'person' | 'auction' | 'bid', readonly string[]> = {
  person: ['id', 'name', 'emailAddress', 'creditCard', 'city', 'state', 'dateTime', 'extra'],
  auction: ['id', 'itemName', 'description', 'initialBid', 'reserve', 'dateTime', 'expires', 'seller', 'category', 'extra'],
  bid: ['auction', 'bidder', 'price', 'channel', 'url', 'dateTime', 'extra'],
}

export interface NexmarkSettings {
  readonly config: Omit<NexmarkConfig, 'interEventDelayUs' | 'baseTime'>
  readonly firstEventRate: number
  readonly eventsNum: number
  readonly stopAt: number
  readonly keepAlive: boolean
  readonly maxEmitSpeed: boolean
  readonly baseTime: number | null
}

export function nexmarkSettings(options: Readonly<Record<string, string>>): NexmarkSettings {
  const r = new OptionReader(options, NEXMARK_OPTIONS)
  const positive = (key: string, min = 1): number => {
    const v = r.int(key) as number
    if (v < min) throw invalidOption(key, String(v), `an integer >= ${min}`)
    return v
  }
  const baseText = r.string('base-time')
  let baseTime: number | null = null
  if (baseText !== undefined) {
    const t = baseText.trim()
    baseTime = /^-?\d+$/.test(t) ? Number(t) : (parseTimestamp(t) ?? null)
    if (baseTime === null) throw invalidOption('base-time', baseText, "epoch milliseconds or a timestamp such as '2024-01-01 00:00:00'")
  }
  return {
    config: {
      personProportion: positive('person.proportion', 0),
      auctionProportion: positive('auction.proportion', 1),
      bidProportion: positive('bid.proportion', 0),
      avgPersonSize: r.memory('person.avg-size') as number,
      avgAuctionSize: r.memory('auction.avg-size') as number,
      avgBidSize: r.memory('bid.avg-size') as number,
      hotAuctionRatio: positive('bid.hot-ratio.auctions'),
      hotBiddersRatio: positive('bid.hot-ratio.bidders'),
      hotSellersRatio: positive('auction.hot-ratio.sellers'),
    },
    firstEventRate: positive('first-event.rate'),
    eventsNum: positive('events.num', 0),
    stopAt: r.int('stop-at') as number,
    keepAlive: r.boolean('keep-alive') as boolean,
    maxEmitSpeed: r.boolean('max-emit-speed') as boolean,
    baseTime,
  }
}

/** Checks the declared columns against the nexmark schema (nested fields by name, any order). */
export function checkNexmarkSchema(table: TableContext): void {
  for (const f of table.physicalFields) {
    const col = (NEXMARK_COLUMNS as readonly string[]).includes(f.name) ? (f.name as (typeof NEXMARK_COLUMNS)[number]) : undefined
    if (col === undefined) {
      throw new EngineError('CONNECTOR_SCHEMA_MISMATCH', `nexmark has no column '${f.name}'`, {
        hint: 'columns: event_type INT, person ROW<...>, auction ROW<...>, bid ROW<...> (see connectors/nexmark/README.md)',
      })
    }
    if (col === 'event_type') continue
    if (f.type.kind !== 'ROW') throw new EngineError('CONNECTOR_SCHEMA_MISMATCH', `nexmark column '${col}' must be a ROW`)
    for (const nf of f.type.fields) {
      if (!NESTED[col].includes(nf.name)) throw new EngineError('CONNECTOR_SCHEMA_MISMATCH', `nexmark column '${col}' has no field '${nf.name}'`)
    }
  }
}

/** Reorders a canonical payload into the declared ROW's field order (null when they already agree). */
function reorderFor(type: DataType, col: 'person' | 'auction' | 'bid'): number[] | null {
  if (type.kind !== 'ROW') return null
  const canon = NESTED[col]
  const idx = type.fields.map((f) => canon.indexOf(f.name))
  return idx.length === canon.length && idx.every((v, i) => v === i) ? null : idx
}

export interface NexmarkSplitState {
  readonly index: number
  readonly count: number
  readonly emitted: number
  readonly baseTime: number
  readonly wallclockBaseTime: number
}

export class NexmarkSource implements ScanSource {
  private readonly settings: NexmarkSettings
  private readonly baseTime: number
  private readonly columns: readonly (string | undefined)[]
  private readonly reorders: Record<string, number[] | null>

  constructor(ctx: SourceContext) {
    this.settings = nexmarkSettings(ctx.table.options)
    this.baseTime = this.settings.baseTime ?? Date.now()
    const fields = ctx.table.physicalFields
    this.columns = ctx.readFields.map((i) => fields[i]?.name)
    this.reorders = {}
    for (const f of fields) if (f.name === 'person' || f.name === 'auction' || f.name === 'bid') this.reorders[f.name] = reorderFor(f.type, f.name)
  }

  createReader(ctx: ReaderContext): SourceReader {
    return new NexmarkReader(this.settings, this.baseTime, this.columns, this.reorders, ctx)
  }
}

class Split {
  readonly id: string
  readonly firstEventId: number
  /** Events this split emits in total (its share of events.num and stop-at). */
  readonly limit: number
  readonly gen: NexmarkGenerator

  constructor(
    readonly index: number,
    readonly count: number,
    public emitted: number,
    readonly baseTime: number,
    readonly wallclockBaseTime: number,
    s: NexmarkSettings,
  ) {
    this.id = `nexmark-${index}`
    const total = totalProportion({ ...s.config, interEventDelayUs: 0, baseTime: 0 })
    // GeneratorConfig: unbounded means Long.MAX_VALUE / (totalProportion * rate) events, split like a bounded run.
    const maxEvents = s.eventsNum > 0 ? s.eventsNum : Math.floor(9223372036854775807 / (total * Math.max(s.firstEventRate, 1)))
    const sub = Math.floor(maxEvents / count)
    this.firstEventId = FIRST_EVENT_ID + index * sub
    let limit = index === count - 1 ? maxEvents - sub * (count - 1) : sub
    if (s.stopAt >= 0) limit = Math.min(limit, Math.floor(s.stopAt / count) + (s.stopAt % count > index ? 1 : 0))
    this.limit = limit
    this.gen = new NexmarkGenerator({ ...s.config, interEventDelayUs: (1e6 / s.firstEventRate) * count, baseTime })
  }
}

class NexmarkReader implements SourceReader {
  private readonly splits: Split[] = []
  private next = 0

  constructor(
    private readonly s: NexmarkSettings,
    baseTime: number,
    private readonly columns: readonly (string | undefined)[],
    private readonly reorders: Record<string, number[] | null>,
    ctx: ReaderContext,
  ) {
    if (ctx.restoredSplits !== null) {
      for (const sp of ctx.restoredSplits) {
        const st = sp.state as NexmarkSplitState
        if (st.index % ctx.parallelism === ctx.subtaskIndex) {
          this.splits.push(new Split(st.index, st.count, st.emitted, st.baseTime, st.wallclockBaseTime, s))
        }
      }
    } else this.splits.push(new Split(ctx.subtaskIndex, ctx.parallelism, 0, baseTime, Date.now(), s))
  }

  async open(): Promise<void> {}

  poll(maxRows: number): PollResult {
    let split: Split | null = null
    for (let t = 0; t < this.splits.length; t++) {
      const sp = this.splits[this.next++ % this.splits.length] as Split
      if (sp.emitted < sp.limit) {
        split = sp
        break
      }
    }
    if (split === null) return this.s.keepAlive ? null : END_OF_INPUT
    let n = Math.min(maxRows, split.limit - split.emitted)
    if (!this.s.maxEmitSpeed) n = Math.min(n, this.dueEvents(split) - split.emitted)
    if (n <= 0) return null
    const rows = new Array<unknown[]>(n)
    for (let k = 0; k < n; k++) rows[k] = this.event(split, split.emitted + k)
    split.emitted += n
    return { batch: { rows, kinds: null }, splitId: split.id }
  }

  /** Events of `split` whose wall-clock time has come (max-emit-speed = false). */
  private dueEvents(split: Split): number {
    const elapsedUs = (Date.now() - split.wallclockBaseTime) * 1000
    return Math.floor(elapsedUs / split.gen.config.interEventDelayUs) - FIRST_EVENT_NUMBER + 1
  }

  private event(split: Split, count: number): unknown[] {
    const gen = split.gen
    const c = gen.config
    const eventId = split.firstEventId + FIRST_EVENT_NUMBER + count
    const eventNumber = FIRST_EVENT_NUMBER + count
    const ts = timestampOf(c, eventNumber)
    const type = eventType(c, eventId)
    const cols = this.columns
    const row = new Array<unknown>(cols.length)
    let seeded = false
    for (let i = 0; i < cols.length; i++) {
      const col = cols[i]
      let v: unknown = null
      if (col === 'event_type') v = type
      else if ((col === 'person' && type === EVENT_PERSON) || (col === 'auction' && type === EVENT_AUCTION) || (col === 'bid' && type === EVENT_BID)) {
        if (!seeded) gen.seed(eventId)
        seeded = true
        const payload: unknown[] = type === EVENT_PERSON ? gen.person(eventId, ts) : type === EVENT_AUCTION ? gen.auction(eventId, eventNumber, ts) : gen.bid(eventId, ts)
        const order = this.reorders[col]
        v = order === null || order === undefined ? payload : order.map((j) => payload[j])
      }
      row[i] = v
    }
    return row
  }

  waitForData(): Promise<void> {
    // Idle (keep-alive after the last event): the task polls again after this.
    let ms = 100
    if (!this.s.maxEmitSpeed) {
      for (const sp of this.splits) {
        if (sp.emitted >= sp.limit) continue
        const due = sp.wallclockBaseTime + ((FIRST_EVENT_NUMBER + sp.emitted) * sp.gen.config.interEventDelayUs) / 1000
        ms = Math.min(ms, Math.max(10, due - Date.now()))
      }
    }
    return new Promise((resolve) => setTimeout(resolve, ms))
  }

  activeSplits(): readonly string[] {
    return this.splits.filter((s) => s.emitted < s.limit).map((s) => s.id)
  }

  snapshotState(): readonly SplitState[] {
    return this.splits.map((s) => ({
      splitId: s.id,
      state: { index: s.index, count: s.count, emitted: s.emitted, baseTime: s.baseTime, wallclockBaseTime: s.wallclockBaseTime } satisfies NexmarkSplitState,
    }))
  }

  async close(): Promise<void> {}
}
