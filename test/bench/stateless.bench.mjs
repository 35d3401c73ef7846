// datagen -> filter/projection -> blackhole, at parallelism 1 and 2.
import { blackhole, calcNode, call, choosePlan, datagenScan, eventCount, lit, plan, ref, runCaseFromArgv, runPlan, types as T } from './harness.mjs'

function statelessPlan(events, parallelism) {
  const fields = [{ name: 'id', type: T.BIGINT }, { name: 'price', type: T.INT }, { name: 'qty', type: T.INT }]
  const src = datagenScan(fields, {
    'fields.id.kind': 'sequence', 'fields.id.start': '1', 'fields.id.end': String(events),
    'fields.price.min': '0', 'fields.price.max': '1000', 'fields.qty.min': '1', 'fields.qty.max': '10',
  }, parallelism)
  // SELECT id, price * qty AS amount FROM src WHERE price > 100
  const calc = calcNode(
    src,
    [ref(0, T.BIGINT), call('*', [ref(1, T.INT), ref(2, T.INT)], T.INT)],
    call('>', [ref(1, T.INT), lit(100, T.INT)], T.BOOLEAN),
    [{ name: 'id', type: T.BIGINT }, { name: 'amount', type: T.INT }],
  )
  return plan(blackhole(calc))
}

const sql = (events) => ({
  ddls: [
    `CREATE TABLE src (id BIGINT, price INT, qty INT) WITH ('connector' = 'datagen', 'rows-per-second' = '1000000000',
       'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${events}',
       'fields.price.min' = '0', 'fields.price.max' = '1000', 'fields.qty.min' = '1', 'fields.qty.max' = '10')`,
    `CREATE TABLE snk (id BIGINT, amount INT) WITH ('connector' = 'blackhole')`,
  ],
  insert: 'INSERT INTO snk SELECT id, price * qty AS amount FROM src WHERE price > 100',
})

const make = (parallelism) => ({
  name: 'datagen -> filter/project -> blackhole',
  parallelism,
  run: async () => {
    const events = eventCount(20_000_000)
    const config = { 'parallelism.default': String(parallelism) }
    const { plan: p, source } = await choosePlan({ ...sql(events), config, expectKinds: ['StreamCalc'], handBuilt: () => statelessPlan(events, parallelism) })
    return runPlan(p, { events, label: `stateless p${parallelism}`, config, source })
  },
})

export const cases = [make(1), make(2)]
await runCaseFromArgv(cases, import.meta.url)
