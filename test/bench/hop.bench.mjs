// datagen -> HOP(size 5 s, slide 1 s) / CUMULATE(step 1 s, max 5 s) COUNT(*) per key -> blackhole, parallelism 1.
// Both run over slices: each row updates one 1 s slice accumulator instead of five window accumulators.
import { blackhole, calcNode, call, choosePlan, datagenScan, eventCount, lit, plan, ref, runCaseFromArgv, runPlan, types as T } from './harness.mjs'

const WINDOWS = {
  HOP: { tvf: `HOP(TABLE src, DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '5' SECOND)`, spec: { kind: 'HOP', slide: 1000, size: 5000, offset: 0 } },
  CUMULATE: { tvf: `CUMULATE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '5' SECOND)`, spec: { kind: 'CUMULATE', step: 1000, maxSize: 5000, offset: 0 } },
}

/** The window aggregate the planner produces for the SQL below (used when SQL planning is not available). */
function windowCount(input, spec, parallelism) {
  const fields = [input.fields[0], { name: 'cnt', type: T.BIGINT_NN }, { name: 'window_start', type: T.TS3 }, { name: 'window_end', type: T.TS3 }]
  return {
    kind: 'StreamWindowAggregate', id: 900, uid: 'wagg900', parallelism, fields, changelogMode: { kinds: ['+I'] },
    inputs: [{ node: input, partitioning: { kind: 'hash', keys: [0] } }],
    window: { spec, timeIndex: 1, isRowtime: true },
    groupKeys: [0],
    aggCalls: [{ fn: 'COUNT', args: [], constants: [], distinct: false, filterArg: null, ignoreNulls: false, type: T.BIGINT_NN, name: 'cnt' }],
    windowProperties: ['window_start', 'window_end'],
    inputWindowBounds: null,
  }
}

function handBuilt(kind, events, parallelism) {
  const fields = [{ name: 'id', type: T.BIGINT }, { name: 'k', type: T.INT }, { name: 'ts', type: T.LTZ3 }]
  const watermark = { rowtimeIndex: 2, expr: call('-', [ref(2, T.LTZ3), lit(1000, T.INTERVAL)], T.LTZ3) }
  const src = datagenScan(fields, {
    'fields.id.kind': 'sequence', 'fields.id.start': '1', 'fields.id.end': String(events),
    'fields.k.min': '0', 'fields.k.max': '999',
  }, parallelism, watermark)
  const calc = calcNode(src, [ref(1, T.INT), ref(2, T.LTZ3)], null, [{ name: 'k', type: T.INT }, { name: 'ts', type: T.LTZ3 }])
  return plan(blackhole(windowCount(calc, WINDOWS[kind].spec, parallelism)))
}

const sql = (kind, events) => ({
  ddls: [
    `CREATE TABLE src (id BIGINT, k INT, ts TIMESTAMP_LTZ(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
     WITH ('connector' = 'datagen', 'rows-per-second' = '1000000000',
       'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${events}',
       'fields.k.min' = '0', 'fields.k.max' = '999')`,
    `CREATE TABLE snk (k INT, cnt BIGINT, window_start TIMESTAMP(3), window_end TIMESTAMP(3)) WITH ('connector' = 'blackhole')`,
  ],
  insert: `INSERT INTO snk SELECT k, COUNT(*), window_start, window_end
           FROM TABLE(${WINDOWS[kind].tvf}) GROUP BY k, window_start, window_end`,
})

const make = (kind) => ({
  name: `datagen -> ${kind} count per key -> blackhole`,
  parallelism: 1,
  run: async () => {
    const events = eventCount(2_000_000)
    const config = { 'parallelism.default': '1' }
    const { plan: p, source } = await choosePlan({ ...sql(kind, events), config, expectKinds: ['StreamWindowAggregate'], handBuilt: () => handBuilt(kind, events, 1) })
    return runPlan(p, { events, label: `${kind.toLowerCase()} p1`, config, source })
  },
})

export const cases = [make('HOP'), make('CUMULATE')]
await runCaseFromArgv(cases, import.meta.url)
