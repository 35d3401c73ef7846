import type { OptionSpec } from '../../src/catalog/connector.js'

/** NexmarkSourceOptions (nexmark-flink), plus Weir's `base-time`. */
export const NEXMARK_OPTIONS: readonly OptionSpec[] = [
  { key: 'first-event.rate', type: 'int', default: '10000', description: 'Events per event-time second over all splits; sets the event timestamps.' },
  { key: 'next-event.rate', type: 'int', default: '10000', description: 'Accepted for compatibility; has no effect (as in nexmark-flink).' },
  { key: 'rate.shape', type: 'enum', default: 'SQUARE', enumValues: ['SQUARE', 'SINE'], description: 'Accepted for compatibility; has no effect.' },
  { key: 'rate.period', type: 'duration', default: '600 s', description: 'Accepted for compatibility; has no effect.' },
  { key: 'rate.limited', type: 'boolean', default: 'false', description: 'Accepted for compatibility; has no effect (use max-emit-speed).' },
  { key: 'events.num', type: 'long', default: '0', description: 'Total number of events; 0 means unbounded.' },
  { key: 'person.proportion', type: 'int', default: '1', description: 'Share of person events in each block of events.' },
  { key: 'auction.proportion', type: 'int', default: '3', description: 'Share of auction events in each block of events.' },
  { key: 'bid.proportion', type: 'int', default: '46', description: 'Share of bid events in each block of events.' },
  { key: 'person.avg-size', type: 'memory', default: '200b', description: 'Average size of a person event; the extra field pads to it.' },
  { key: 'auction.avg-size', type: 'memory', default: '500b', description: 'Average size of an auction event; the extra field pads to it.' },
  { key: 'bid.avg-size', type: 'memory', default: '100b', description: 'Average size of a bid event; the extra field pads to it.' },
  { key: 'bid.hot-ratio.auctions', type: 'int', default: '2', description: 'A bid is for the hot auction with probability 1 - 1/ratio.' },
  { key: 'bid.hot-ratio.bidders', type: 'int', default: '4', description: 'A bid is by the hot bidder with probability 1 - 1/ratio.' },
  { key: 'auction.hot-ratio.sellers', type: 'int', default: '4', description: 'An auction is by the hot seller with probability 1 - 1/ratio.' },
  { key: 'keep-alive', type: 'boolean', default: 'false', description: 'Keep the source running (idle) after the last event instead of finishing.' },
  { key: 'stop-at', type: 'long', default: '-1', description: 'Finish after this many events (over all splits); -1 means never.' },
  { key: 'max-emit-speed', type: 'boolean', default: 'true', description: "Emit as fast as possible; when false, wait until each event's wall-clock time." },
  {
    key: 'base-time',
    type: 'string',
    description:
      "Weir only: event time of event number 0, as epoch milliseconds or a UTC timestamp '2024-01-01 00:00:00'. Default: the time the source is created.",
  },
]
