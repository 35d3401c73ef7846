// datagen -> TUMBLE(1 s) COUNT(*) per key -> blackhole, at parallelism 1 and 2.
import { blackhole, calcNode, call, choosePlan, datagenScan, eventCount, lit, plan, ref, runCaseFromArgv, runPlan, types as T, windowCount } from './harness.mjs'

function tumblePlan(events, parallelism) {
  const fields = [{ name: 'id', type: T.BIGINT }, { name: 'k', type: T.INT }, { name: 'ts', type: T.LTZ3 }]
  // WATERMARK FOR ts AS ts - INTERVAL '1' SECOND; ts is the generation time (max-past 0).
  const watermark = { rowtimeIndex: 2, expr: call('-', [ref(2, T.LTZ3), lit(1000, T.INTERVAL)], T.LTZ3) }
  const src = datagenScan(fields, {
    'fields.id.kind': 'sequence', 'fields.id.start': '1', 'fields.id.end': String(events),
    'fields.k.min': '0', 'fields.k.max': '999',
  }, parallelism, watermark)
  const calc = calcNode(src, [ref(1, T.INT), ref(2, T.LTZ3)], null, [{ name: 'k', type: T.INT }, { name: 'ts', type: T.LTZ3 }])
  const agg = windowCount(calc, { keyIndex: 0, timeIndex: 1, size: 1000, parallelism })
  return plan(blackhole(agg))
}

const sql = (events) => ({
  ddls: [
    `CREATE TABLE src (id BIGINT, k INT, ts TIMESTAMP_LTZ(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
     WITH ('connector' = 'datagen', 'rows-per-second' = '1000000000',
       'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${events}',
       'fields.k.min' = '0', 'fields.k.max' = '999')`,
    `CREATE TABLE snk (k INT, cnt BIGINT, window_start TIMESTAMP(3), window_end TIMESTAMP(3)) WITH ('connector' = 'blackhole')`,
  ],
  insert: `INSERT INTO snk SELECT k, COUNT(*), window_start, window_end
           FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end`,
})

const make = (parallelism) => ({
  name: 'datagen -> TUMBLE count per key -> blackhole',
  parallelism,
  run: async () => {
    const events = eventCount(6_000_000)
    const config = { 'parallelism.default': String(parallelism) }
    const { plan: p, source } = await choosePlan({ ...sql(events), config, expectKinds: ['StreamWindowAggregate'], handBuilt: () => tumblePlan(events, parallelism) })
    return runPlan(p, { events, label: `tumble p${parallelism}`, config, source })
  },
})

export const cases = [make(1), make(2)]
await runCaseFromArgv(cases, import.meta.url)
