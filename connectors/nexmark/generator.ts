/**
 * The Nexmark event generator (a port of the logic of nexmark-flink / Beam's generator; see
 * /work/shared/reference/nexmark-generator.md). Types, ids, timestamps and the event mix follow it exactly. Unlike
 * nexmark-flink, randomness is seeded from the event id, so an event is a pure function of (config, split, count):
 * reruns and restores give identical events.
 */
import { Prng } from '../shared/random.js'

export const FIRST_PERSON_ID = 1000
export const FIRST_AUCTION_ID = 1000
export const FIRST_CATEGORY_ID = 10
const NUM_CATEGORIES = 5
const NUM_IN_FLIGHT_AUCTIONS = 100
const NUM_ACTIVE_PEOPLE = 1000
const PERSON_ID_LEAD = 10
const AUCTION_ID_LEAD = 10
const HOT_AUCTION_RATIO = 100
const HOT_SELLER_RATIO = 100
const HOT_BIDDER_RATIO = 100
const HOT_CHANNELS_RATIO = 2
const CHANNELS_NUMBER = 10_000
const MIN_STRING_LENGTH = 3
/** nexmark-flink's GeneratorConfig: the factory passes firstEventId = 1 and firstEventNumber = 1. */
export const FIRST_EVENT_ID = 1
export const FIRST_EVENT_NUMBER = 1

export const FIRST_NAMES = ['Peter', 'Paul', 'Luke', 'John', 'Saul', 'Vicky', 'Kate', 'Julie', 'Sarah', 'Deiter', 'Walter']
export const LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris']
export const US_CITIES = ['Phoenix', 'Los Angeles', 'San Francisco', 'Boise', 'Portland', 'Bend', 'Redmond', 'Seattle', 'Kent', 'Cheyenne']
export const US_STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY']
export const HOT_CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple']

export interface NexmarkConfig {
  readonly personProportion: number
  readonly auctionProportion: number
  readonly bidProportion: number
  readonly avgPersonSize: number
  readonly avgAuctionSize: number
  readonly avgBidSize: number
  readonly hotAuctionRatio: number
  readonly hotBiddersRatio: number
  readonly hotSellersRatio: number
  /** Microseconds of event time between consecutive event numbers of one split. */
  readonly interEventDelayUs: number
  readonly baseTime: number
}

export const EVENT_PERSON = 0
export const EVENT_AUCTION = 1
export const EVENT_BID = 2

/** Positional payloads in the reference schema's field order. */
export type Person = [id: number, name: string, emailAddress: string, creditCard: string, city: string, state: string, dateTime: number, extra: string]
export type Auction = [
  id: number,
  itemName: string,
  description: string,
  initialBid: number,
  reserve: number,
  dateTime: number,
  expires: number,
  seller: number,
  category: number,
  extra: string,
]
export type Bid = [auction: number, bidder: number, price: number, channel: string, url: string, dateTime: number, extra: string]

export function totalProportion(c: NexmarkConfig): number {
  return c.personProportion + c.auctionProportion + c.bidProportion
}

export function eventType(c: NexmarkConfig, eventId: number): number {
  const rem = eventId % totalProportion(c)
  if (rem < c.personProportion) return EVENT_PERSON
  if (rem < c.personProportion + c.auctionProportion) return EVENT_AUCTION
  return EVENT_BID
}

/** Event time of an event number (the same on every split: splits run on parallel timelines). */
export function timestampOf(c: NexmarkConfig, eventNumber: number): number {
  return c.baseTime + Math.floor(Math.floor(eventNumber * c.interEventDelayUs) / 1000)
}

export function lastBase0PersonId(c: NexmarkConfig, eventId: number): number {
  const total = totalProportion(c)
  const epoch = Math.floor(eventId / total)
  let offset = eventId % total
  if (offset >= c.personProportion) offset = c.personProportion - 1
  return epoch * c.personProportion + offset
}

export function lastBase0AuctionId(c: NexmarkConfig, eventId: number): number {
  const total = totalProportion(c)
  let epoch = Math.floor(eventId / total)
  let offset = eventId % total
  if (offset < c.personProportion) {
    epoch--
    offset = c.auctionProportion - 1
  } else if (offset >= c.personProportion + c.auctionProportion) offset = c.auctionProportion - 1
  else offset -= c.personProportion
  return epoch * c.auctionProportion + offset
}

function nextBase0PersonId(c: NexmarkConfig, eventId: number, rng: Prng): number {
  const numPeople = lastBase0PersonId(c, eventId) + 1
  const active = Math.min(numPeople, NUM_ACTIVE_PEOPLE)
  return numPeople - active + rng.nextInt(active + PERSON_ID_LEAD)
}

function nextBase0AuctionId(c: NexmarkConfig, eventId: number, rng: Prng): number {
  const maxAuction = lastBase0AuctionId(c, eventId)
  const minAuction = Math.max(maxAuction - NUM_IN_FLIGHT_AUCTIONS, 0)
  return minAuction + rng.nextInt(maxAuction - minAuction + 1 + AUCTION_ID_LEAD)
}

/** Log-uniform over [100, 100 000 000]. */
export function nextPrice(rng: Prng): number {
  return Math.round(Math.pow(10, rng.nextDouble() * 6) * 100)
}

/** 3 to max-1 characters a-z (or `special` with probability 1/13), trimmed. */
function nextString(rng: Prng, maxLength: number, special = ' '): string {
  let len = MIN_STRING_LENGTH + rng.nextInt(maxLength - MIN_STRING_LENGTH)
  let s = ''
  while (len-- > 0) s += rng.nextInt(13) === 0 ? special : String.fromCharCode(97 + rng.nextInt(26))
  return s.trim()
}

let extraText: string | null = null
const EXTRA_TEXT_LENGTH = 1 << 20

/** A 1 MiB string of a-z, built once from a fixed seed; `extra` padding is cut from it. */
function extraSource(): string {
  if (extraText === null) {
    const rng = Prng.seeded(0x6e65786d)
    const codes = new Uint8Array(EXTRA_TEXT_LENGTH)
    for (let i = 0; i < EXTRA_TEXT_LENGTH; i++) codes[i] = 97 + rng.nextInt(26)
    extraText = Buffer.from(codes).toString('latin1')
  }
  return extraText
}

function nextExtra(rng: Prng, currentSize: number, desiredAverageSize: number): string {
  if (currentSize > desiredAverageSize) return ''
  const avg = desiredAverageSize - currentSize
  const delta = Math.round(avg * 0.2)
  const size = avg - delta + (delta === 0 ? 0 : rng.nextInt(2 * delta))
  const src = extraSource()
  const at = rng.nextInt(EXTRA_TEXT_LENGTH - size)
  return src.substring(at, at + size)
}

function reverse32(x: number): number {
  let v = x >>> 0
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1)
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2)
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4)
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8)
  v = (v >>> 16) | (v << 16)
  return v | 0
}

function baseUrl(rng: Prng): string {
  return `https://www.nexmark.com/${nextString(rng, 5, '_')}/${nextString(rng, 5, '_')}/${nextString(rng, 5, '_')}/item.htm?query=1`
}

const channelUrls: (string | undefined)[] = new Array(CHANNELS_NUMBER)
const hotUrls: string[] = HOT_CHANNELS.map((_, i) => baseUrl(Prng.seeded(0x686f74, i)))
const urlRng = Prng.seeded(0)

/** URL of channel-<i>: fixed per channel (seeded by i); 9 in 10 carry `&channel_id=<abs(Integer.reverse(i))>`. */
export function channelUrl(i: number): string {
  let url = channelUrls[i]
  if (url === undefined) {
    urlRng.reseed([0x75726c, i])
    url = baseUrl(urlRng)
    if (urlRng.nextInt(10) > 0) {
      const r = reverse32(i)
      // Java's Math.abs(Integer.MIN_VALUE) stays negative.
      url += `&channel_id=${r === -2147483648 ? r : Math.abs(r)}`
    }
    channelUrls[i] = url
  }
  return url
}

const SALT = 0x4e584d4b

/** Generates events of one split. Reuses one PRNG, reseeded per event id. */
export class NexmarkGenerator {
  private readonly rng = Prng.seeded(0)

  constructor(readonly config: NexmarkConfig) {}

  /** Reseeds for the event; call before person/auction/bid. */
  seed(eventId: number): void {
    this.rng.reseedOne(eventId, SALT)
  }

  person(eventId: number, timestamp: number): Person {
    const rng = this.rng
    const c = this.config
    const id = lastBase0PersonId(c, eventId) + FIRST_PERSON_ID
    const name = `${FIRST_NAMES[rng.nextInt(FIRST_NAMES.length)]} ${LAST_NAMES[rng.nextInt(LAST_NAMES.length)]}`
    const email = `${nextString(rng, 7)}@${nextString(rng, 5)}.com`
    let card = ''
    for (let i = 0; i < 4; i++) card += (i > 0 ? ' ' : '') + String(rng.nextInt(10000)).padStart(4, '0')
    const city = US_CITIES[rng.nextInt(US_CITIES.length)] as string
    const state = US_STATES[rng.nextInt(US_STATES.length)] as string
    const size = 8 + name.length + email.length + card.length + city.length + state.length
    return [id, name, email, card, city, state, timestamp, nextExtra(rng, size, c.avgPersonSize)]
  }

  /** `eventNumber` is this split's adjusted event number (sets the auction's horizon). */
  auction(eventId: number, eventNumber: number, timestamp: number): Auction {
    const rng = this.rng
    const c = this.config
    const id = lastBase0AuctionId(c, eventId) + FIRST_AUCTION_ID
    let seller: number
    if (rng.nextInt(c.hotSellersRatio) > 0) seller = Math.trunc(lastBase0PersonId(c, eventId) / HOT_SELLER_RATIO) * HOT_SELLER_RATIO
    else seller = nextBase0PersonId(c, eventId, rng)
    seller += FIRST_PERSON_ID
    const category = FIRST_CATEGORY_ID + rng.nextInt(NUM_CATEGORIES)
    const initialBid = nextPrice(rng)
    const eventsForAuctions = Math.floor((NUM_IN_FLIGHT_AUCTIONS * totalProportion(c)) / c.auctionProportion)
    const horizon = timestampOf(c, eventNumber + eventsForAuctions) - timestamp
    const expires = timestamp + 1 + rng.nextInt(Math.max(horizon * 2, 1))
    const name = nextString(rng, 20)
    const desc = nextString(rng, 100)
    const reserve = initialBid + nextPrice(rng)
    const size = 8 + name.length + desc.length + 8 + 8 + 8 + 8 + 8
    return [id, name, desc, initialBid, reserve, timestamp, expires, seller, category, nextExtra(rng, size, c.avgAuctionSize)]
  }

  bid(eventId: number, timestamp: number): Bid {
    const rng = this.rng
    const c = this.config
    let auction: number
    if (rng.nextInt(c.hotAuctionRatio) > 0) auction = Math.trunc(lastBase0AuctionId(c, eventId) / HOT_AUCTION_RATIO) * HOT_AUCTION_RATIO
    else auction = nextBase0AuctionId(c, eventId, rng)
    auction += FIRST_AUCTION_ID
    let bidder: number
    if (rng.nextInt(c.hotBiddersRatio) > 0) bidder = Math.trunc(lastBase0PersonId(c, eventId) / HOT_BIDDER_RATIO) * HOT_BIDDER_RATIO + 1
    else bidder = nextBase0PersonId(c, eventId, rng)
    bidder += FIRST_PERSON_ID
    const price = nextPrice(rng)
    let channel: string
    let url: string
    if (rng.nextInt(HOT_CHANNELS_RATIO) > 0) {
      const i = rng.nextInt(HOT_CHANNELS.length)
      channel = HOT_CHANNELS[i] as string
      url = hotUrls[i] as string
    } else {
      const i = rng.nextInt(CHANNELS_NUMBER)
      channel = `channel-${i}`
      url = channelUrl(i)
    }
    // nexmark-flink adds FIRST_PERSON_ID a second time (BidGenerator, since 2021-05); kept for comparable results.
    bidder += FIRST_PERSON_ID
    return [auction, bidder, price, channel, url, timestamp, nextExtra(rng, 32, c.avgBidSize)]
  }
}
