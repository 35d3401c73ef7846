import { describe, expect, it } from 'vitest'
import type { SourceContext, TableContext } from '../../../src/catalog/connector.js'
import type { RowField } from '../../../src/sql/data-type.js'
import { createConnectorRegistry } from '../../index.js'
import { T, drain, f, readerCtx, table } from '../../shared/testing.js'
import { US_STATES, lastBase0AuctionId, lastBase0PersonId } from '../generator.js'
import { nexmarkConnector } from '../index.js'

const registry = createConnectorRegistry()
const S = T.string()
const L = T.bigint()
const TS = T.timestamp(3)
const rf = (name: string, type = S): RowField => ({ name, type })
const PERSON = T.row([rf('id', L), rf('name'), rf('emailAddress'), rf('creditCard'), rf('city'), rf('state'), rf('dateTime', TS), rf('extra')])
const AUCTION = T.row([rf('id', L), rf('itemName'), rf('description'), rf('initialBid', L), rf('reserve', L), rf('dateTime', TS), rf('expires', TS), rf('seller', L), rf('category', L), rf('extra')])
const BID = T.row([rf('auction', L), rf('bidder', L), rf('price', L), rf('channel'), rf('url'), rf('dateTime', TS), rf('extra')])
const FIELDS = [f('event_type', T.int()), f('person', PERSON), f('auction', AUCTION), f('bid', BID)]
const BASE = Date.UTC(2024, 0, 1)

function nexmark(options: Record<string, string>, fields = FIELDS): TableContext {
  return table(fields, { 'base-time': String(BASE), ...options })
}

function source(t: TableContext) {
  const ctx: SourceContext = { table: t, readFields: t.physicalFields.map((_, i) => i), metadata: [], formats: registry }
  return nexmarkConnector.source!.createSource(ctx)
}

type Person = [number, string, string, string, string, string, number, string]
type Auction = [number, string, string, number, number, number, number, number, number, string]
type Bid = [number, number, number, string, string, number, string]

describe('nexmark', () => {
  it('interleaves 1 person, 3 auctions, 46 bids per 50 event ids, with rising ids', async () => {
    const t = nexmark({ 'events.num': '5000' })
    expect(nexmarkConnector.source!.isBounded(t)).toBe(true)
    const { rows } = await drain(source(t).createReader(readerCtx()))
    expect(rows).toHaveLength(5000)
    const counts = [0, 0, 0]
    rows.forEach((r, k) => {
      const eventId = 2 + k // firstEventId 1 + firstEventNumber 1 + count
      const rem = eventId % 50
      const type = rem < 1 ? 0 : rem < 4 ? 1 : 2
      expect(r[0]).toBe(type)
      counts[type]!++
      // Exactly one payload column is set, the one of the event type.
      expect(r.slice(1).map((x) => x !== null)).toEqual([type === 0, type === 1, type === 2])
      if (type === 0) expect((r[1] as Person)[0]).toBe(Math.floor(eventId / 50) + 1000)
      if (type === 1) expect((r[2] as Auction)[0]).toBe(Math.floor(eventId / 50) * 3 + (rem - 1) + 1000)
    })
    expect(counts).toEqual([100, 300, 4600])
  })

  it('keeps the generator invariants queries rely on', async () => {
    const { rows } = await drain(source(nexmark({ 'events.num': '20000' })).createReader(readerCtx()))
    const persons = rows.filter((r) => r[0] === 0).map((r) => r[1] as Person)
    const auctions = rows.filter((r) => r[0] === 1).map((r) => r[2] as Auction)
    const bids = rows.filter((r) => r[0] === 2).map((r) => r[3] as Bid)
    for (const p of persons) {
      expect(US_STATES).toContain(p[5])
      expect(p[3]).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/)
      expect(p[2]).toMatch(/^[a-z ]*@[a-z ]*\.com$/)
    }
    const categories = new Set(auctions.map((a) => a[8]))
    expect([...categories].sort()).toEqual([10, 11, 12, 13, 14])
    const cat10 = auctions.filter((a) => a[8] === 10).length / auctions.length
    expect(cat10).toBeGreaterThan(0.15)
    expect(cat10).toBeLessThan(0.25)
    for (const a of auctions) {
      expect(a[4]).toBeGreaterThan(a[3]) // reserve = initialBid + price
      expect(a[6]).toBeGreaterThan(a[5]) // expires after dateTime
    }
    const buckets = [0, 0, 0]
    for (const b of bids) {
      expect(b[2]).toBeGreaterThanOrEqual(100)
      expect(b[2]).toBeLessThanOrEqual(100_000_000)
      buckets[b[2] < 10_000 ? 0 : b[2] < 1_000_000 ? 1 : 2]!++
      expect(b[4]).toMatch(/^https:\/\/www\.nexmark\.com\/[a-z_]+\/[a-z_]+\/[a-z_]+\/item\.htm\?query=1(&channel_id=-?\d+)?$/)
      expect(b[1]).toBeGreaterThanOrEqual(2000) // nexmark-flink adds FIRST_PERSON_ID twice to bidders
    }
    for (const share of buckets) expect(share / bids.length).toBeGreaterThan(0.28)
    const hot = bids.filter((b) => ['Google', 'Facebook', 'Baidu', 'Apple'].includes(b[3])).length / bids.length
    expect(hot).toBeGreaterThan(0.45)
    expect(hot).toBeLessThan(0.55)
    expect(bids.some((b) => /&channel_id=/.test(b[4]))).toBe(true)
    // Same channel, same URL.
    const urls = new Map<string, string>()
    for (const b of bids) {
      expect(urls.get(b[3]) ?? b[4]).toBe(b[4])
      urls.set(b[3], b[4])
    }
  })

  it('stamps events from first-event.rate and base-time, monotonic within a split', async () => {
    const { rows } = await drain(source(nexmark({ 'events.num': '100', 'first-event.rate': '1000' })).createReader(readerCtx()))
    const ts = rows.map((r) => ((r[1] ?? r[2] ?? r[3]) as unknown[])[r[0] === 0 ? 6 : 5] as number)
    expect(ts[0]).toBe(BASE + 1)
    expect(ts.every((t, i) => t === BASE + i + 1)).toBe(true)
  })

  it('is deterministic: reruns and restores produce the same events', async () => {
    const t = nexmark({ 'events.num': '600' })
    const a = await drain(source(t).createReader(readerCtx()))
    const b = await drain(source(t).createReader(readerCtx()))
    expect(b.rows).toEqual(a.rows)
    const r = source(t).createReader(readerCtx())
    const head = await drain(r, 100, 250)
    const rest = await drain(source(t).createReader(readerCtx(0, 1, structuredClone(r.snapshotState(1)))))
    expect([...head.rows, ...rest.rows]).toEqual(a.rows)
  })

  it('gives each subtask a disjoint event-id range', async () => {
    const t = nexmark({ 'events.num': '1000' })
    const parts = await Promise.all([0, 1].map((i) => drain(source(t).createReader(readerCtx(i, 2)))))
    expect(parts.map((p) => p.rows.length)).toEqual([500, 500])
    const personIds = parts.map((p) => new Set(p.rows.filter((r) => r[0] === 0).map((r) => (r[1] as Person)[0])))
    const [p0, p1] = personIds as [Set<number>, Set<number>]
    expect([...p0].some((id) => p1.has(id))).toBe(false)
    // Split 0 has event ids 2..501 (persons at 50, 100, ..., 500); split 1 starts at firstEventId 1 + 500: ids 502..1001.
    expect([...p0]).toEqual(Array.from({ length: 10 }, (_, i) => 1001 + i))
    expect([...p1]).toEqual(Array.from({ length: 10 }, (_, i) => 1011 + i))
    const mix = { personProportion: 1, auctionProportion: 3, bidProportion: 46 } as never
    expect(lastBase0PersonId(mix, 550)).toBe(11)
    expect(lastBase0AuctionId(mix, 2)).toBe(1)
    expect(lastBase0AuctionId(mix, 50)).toBe(2)
  })

  it('reads a projection of the columns, in declared nested order', async () => {
    const bidOnly = [f('bid', T.row([rf('price', L), rf('auction', L)])), f('event_type', T.int())]
    const { rows } = await drain(source(nexmark({ 'events.num': '60' }, bidOnly)).createReader(readerCtx()))
    const full = await drain(source(nexmark({ 'events.num': '60' })).createReader(readerCtx()))
    rows.forEach((r, i) => {
      const bid = full.rows[i]![3] as Bid | null
      expect(r).toEqual([bid === null ? null : [bid[2], bid[0]], full.rows[i]![0]])
    })
  })

  it('stops at stop-at, or idles with keep-alive', async () => {
    const { rows } = await drain(source(nexmark({ 'stop-at': '75' })).createReader(readerCtx()))
    expect(rows).toHaveLength(75)
    const t = nexmark({ 'events.num': '10', 'keep-alive': 'true' })
    expect(nexmarkConnector.source!.isBounded(t)).toBe(false)
    const r = source(t).createReader(readerCtx())
    expect((await drain(r, 100, 10)).rows).toHaveLength(10)
    expect(await r.poll(100)).toBeNull()
  })

  it('validates the schema and options', () => {
    expect(() => nexmarkConnector.validate!(nexmark({}, [f('evt', T.int())]))).toThrow(/no column 'evt'/)
    expect(() => nexmarkConnector.validate!(nexmark({}, [f('bid', T.row([rf('cost', L)]))]))).toThrow(/no field 'cost'/)
    expect(() => nexmarkConnector.validate!(nexmark({ 'base-time': 'yesterday' }))).toThrow(/base-time/)
    expect(() => nexmarkConnector.validate!(nexmark({ 'first-event.rate': '0' }))).toThrow(/first-event.rate/)
  })
})
