// Expression compiler micro-benchmark (not a test): rows/s of compiled projections and filters over in-memory rows.
// Runs from the build: `npm run build && node test/bench/expr-bench.mjs` (WEIR_DIST=<dir> points at another build).
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
const dist = process.env.WEIR_DIST ?? `${root}dist`
const { compileProjection, compilePredicate, compileKeySelector } = await import(pathToFileURL(`${dist}/src/runtime/expr/compile.js`).href)

const t = {
  int: (n = true) => ({ kind: 'INT', nullable: n }),
  bigint: (n = true) => ({ kind: 'BIGINT', nullable: n }),
  double: (n = true) => ({ kind: 'DOUBLE', nullable: n }),
  string: (n = true) => ({ kind: 'VARCHAR', length: 2147483647, nullable: n }),
  bool: (n = true) => ({ kind: 'BOOLEAN', nullable: n }),
  ts: (n = true) => ({ kind: 'TIMESTAMP', precision: 3, nullable: n }),
  dec: (p, s, n = true) => ({ kind: 'DECIMAL', precision: p, scale: s, nullable: n }),
}
const ref = (index, type) => ({ kind: 'InputRef', index, type })
const lit = (value, type) => ({ kind: 'Literal', value, type })
const call = (op, operands, type) => ({ kind: 'Call', op, operands, type })

// Rows shaped like Nexmark bids: auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, ts TIMESTAMP(3), extra STRING
const N = Number(process.env.BENCH_ROWS ?? 1_000_000)
const channels = ['Google', 'Facebook', 'Baidu', 'Apple', 'channel-1234']
const rows = Array.from({ length: N }, (_, i) => [
  1000 + (i % 5000),
  2000 + (i % 97),
  100 + (i % 10_000),
  channels[i % channels.length],
  `https://www.nexmark.com/item.htm?query=1&channel_id=${i % 1000}`,
  1_586_937_900_000 + i * 17,
  i % 10 === 0 ? null : `{"a":${i},"b":"x${i % 7}"}`,
])

const cases = [
  ['arithmetic: price * 0.908, auction + bidder', compileProjection([
    call('*', [ref(2, t.bigint()), lit(908n, t.dec(4, 3, false))], t.dec(23, 3)),
    call('+', [ref(0, t.bigint()), ref(1, t.bigint())], t.bigint()),
    call('*', [call('CAST', [ref(2, t.bigint())], t.double()), lit(0.908, t.double(false))], t.double()),
  ])],
  ['filter: auction IN (...) AND price > 5000', compilePredicate(call('AND', [
    call('IN', [ref(0, t.bigint()), ...[1007, 1020, 2001, 2019, 2087].map((v) => lit(v, t.bigint(false)))], t.bool()),
    call('>', [ref(2, t.bigint()), lit(5000, t.int(false))], t.bool()),
  ], t.bool()))],
  ['strings: UPPER, CONCAT, LIKE, SPLIT_INDEX', compileProjection([
    call('UPPER', [ref(3, t.string())], t.string()),
    call('CONCAT', [ref(3, t.string()), lit('-', t.string(false)), call('CAST', [ref(0, t.bigint())], t.string())], t.string()),
    call('LIKE', [ref(4, t.string()), lit('%channel_id=1%', t.string(false))], t.bool()),
    call('SPLIT_INDEX', [ref(4, t.string()), lit('=', t.string(false)), lit(2, t.int(false))], t.string()),
  ])],
  ['CASE over channel', compileProjection([
    call('CASE', [
      call('=', [call('LOWER', [ref(3, t.string())], t.string()), lit('google', t.string(false))], t.bool()), lit('0', t.string(false)),
      call('=', [call('LOWER', [ref(3, t.string())], t.string()), lit('facebook', t.string(false))], t.bool()), lit('1', t.string(false)),
      lit('other', t.string(false)),
    ], t.string()),
  ])],
  ['timestamps: CAST AS STRING, DATE_FORMAT, EXTRACT HOUR, FLOOR TO MINUTE', compileProjection([
    call('CAST', [ref(5, t.ts())], t.string()),
    call('DATE_FORMAT', [ref(5, t.ts()), lit('yyyy-MM-dd HH:mm', t.string(false))], t.string()),
    call('EXTRACT', [lit('HOUR', t.string(false)), ref(5, t.ts())], t.bigint()),
    call('FLOOR', [ref(5, t.ts()), lit('MINUTE', t.string(false))], t.ts()),
  ])],
  ['JSON_VALUE x2 on the same document', compileProjection([
    call('JSON_VALUE', [ref(6, t.string()), lit('$.a', t.string(false)), lit('NULL', t.string(false)), lit(null, t.int()), lit('NULL', t.string(false)), lit(null, t.int())], t.int()),
    call('JSON_VALUE', [ref(6, t.string()), lit('$.b', t.string(false)), lit('NULL', t.string(false)), lit(null, t.string()), lit('NULL', t.string(false)), lit(null, t.string())], t.string()),
  ])],
  ['key selector (auction, bidder)', compileKeySelector([0, 1])],
]

for (const [name, fn] of cases) {
  let sink = 0
  for (let i = 0; i < Math.min(N, 50_000); i++) if (fn(rows[i])) sink++ // warm-up
  const start = process.hrtime.bigint()
  for (let i = 0; i < N; i++) if (fn(rows[i])) sink++
  const secs = Number(process.hrtime.bigint() - start) / 1e9
  console.log(`${name.padEnd(72)} ${Math.round(N / secs).toLocaleString('en-US').padStart(14)} rows/s ${sink === -1 ? '' : ''}`)
}
