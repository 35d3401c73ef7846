/** Fake connectors for runtime tests: a scripted source (per subtask, per split batches) and a recording sink. */
import { ConnectorRegistry } from '../../../src/catalog/connector-registry.js'
import { END_OF_INPUT, type ConnectorFactory, type PollResult, type SinkWriter, type SourceReader } from '../../../src/catalog/connector.js'
import { EngineError } from '../../../src/errors.js'
import type { Row, RowBatch } from '../../../src/runtime/row-batch.js'
import { INSERT_ONLY } from '../../../src/sql/row-kind.js'

export interface ScriptedSplit {
  readonly id: string
  readonly batches: Row[][]
}

export interface FakeSourceScript {
  /** Splits of one subtask. */
  splits(subtaskIndex: number, parallelism: number): ScriptedSplit[]
  /** Keep polling (null) after the data instead of ending. */
  readonly unbounded?: boolean
  /** Throw from poll after this many batches (per subtask). */
  readonly failAfterBatches?: number
  /** Called on every poll that returns null (for idleness tests). */
  readonly onIdlePoll?: () => void
  readonly events?: string[]
}

export interface FakeSinkScript {
  readonly written: { subtask: number; batch: RowBatch }[]
  readonly events?: string[]
  /** Make write() return a promise that resolves after this many macrotasks. */
  readonly slowTicks?: number
  readonly failOnWrite?: boolean
}

export function fakeRegistry(source: FakeSourceScript | null, sink: FakeSinkScript | null): ConnectorRegistry {
  const r = new ConnectorRegistry(null)
  if (source !== null) r.register(fakeSourceFactory(source))
  if (sink !== null) r.register(fakeSinkFactory(sink))
  return r
}

function fakeSourceFactory(script: FakeSourceScript): ConnectorFactory {
  return {
    identifier: 'fake',
    description: 'scripted test source',
    options: [],
    source: {
      changelogMode: () => INSERT_ONLY,
      isBounded: () => script.unbounded !== true,
      createSource: () => ({
        createReader: (ctx): SourceReader => {
          const splits = script.splits(ctx.subtaskIndex, ctx.parallelism).map((s) => ({ id: s.id, batches: [...s.batches] }))
          let next = 0
          let polled = 0
          return {
            open: async () => {
              script.events?.push(`source${ctx.subtaskIndex}.open`)
            },
            poll: (): PollResult => {
              if (script.failAfterBatches !== undefined && polled >= script.failAfterBatches) {
                throw new Error('scripted source failure')
              }
              for (let k = 0; k < splits.length; k++) {
                const s = splits[(next + k) % splits.length]!
                const b = s.batches.shift()
                if (b !== undefined) {
                  next = (next + k + 1) % splits.length
                  polled++
                  return { batch: { rows: b.map((r) => r.slice()), kinds: null }, splitId: s.id }
                }
              }
              if (script.unbounded === true) {
                script.onIdlePoll?.()
                return null
              }
              return END_OF_INPUT
            },
            activeSplits: () => splits.map((s) => s.id),
            snapshotState: () => [],
            close: async () => {
              script.events?.push(`source${ctx.subtaskIndex}.close`)
            },
          }
        },
      }),
    },
  }
}

function fakeSinkFactory(script: FakeSinkScript): ConnectorFactory {
  return {
    identifier: 'fake-sink',
    description: 'recording test sink',
    options: [],
    sink: {
      acceptedChangelogMode: () => INSERT_ONLY,
      createSink: () => ({
        createWriter: (ctx): SinkWriter => ({
          open: async () => {
            script.events?.push(`sink${ctx.subtaskIndex}.open`)
          },
          write: (batch) => {
            if (script.failOnWrite === true) throw new EngineError('CONNECTOR_WRITE_FAILED', 'scripted sink failure', { domain: 'external' })
            script.written.push({ subtask: ctx.subtaskIndex, batch })
            const ticks = script.slowTicks ?? 0
            if (ticks === 0) return
            return (async () => {
              for (let i = 0; i < ticks; i++) await new Promise<void>((r) => setImmediate(r))
            })()
          },
          prepareCommit: async () => null,
          commit: async () => {},
          finish: async () => {
            script.events?.push(`sink${ctx.subtaskIndex}.finish`)
          },
          close: async () => {
            script.events?.push(`sink${ctx.subtaskIndex}.close`)
          },
        }),
      }),
    },
  }
}
