// datagen -> TUMBLE(1 s) COUNT(*) per key -> blackhole, at parallelism 1 and 2.
import { blackhole, calcNode, call, datagenScan, eventCount, lit, plan, ref, runCaseFromArgv, runPlan, types as T, windowCount } from './harness.mjs'

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

const make = (parallelism) => ({
  name: 'datagen -> TUMBLE count per key -> blackhole',
  parallelism,
  run: () => {
    const events = eventCount(3_000_000)
    return runPlan(tumblePlan(events, parallelism), { events, label: `tumble p${parallelism}`, config: { 'parallelism.default': String(parallelism) } })
  },
})

export const cases = [make(1), make(2)]
await runCaseFromArgv(cases, import.meta.url)
