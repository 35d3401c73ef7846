/**
 * HOP and CUMULATE aggregation over slices gives exactly what per-window accumulation gives: the same rows in the
 * same order and the same late-row count, against the unsliced path and against a brute-force model that keeps
 * every window's rows; and the restore properties hold for the sliced state.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AggCall, StreamWindowAggregate, WindowSpec } from '../../src/plan/physical/stream-nodes.js'
import { INSERT_ONLY } from '../../src/sql/row-kind.js'
import { WindowAggregateOperator } from '../../src/operators/window-aggregate.js'
import type { HarnessOptions } from '../../src/testing/operator-harness.js'
import { OperatorHarness } from '../../src/testing/operator-harness.js'
import { agg, BIGINT, BOOL, edge, fields, input, INT, ROWTIME, STR, TS, types } from '../unit/operators/fixtures.js'
import { checkRestore, type Step } from './operator-steps.js'

const IN = fields(['k', STR], ['v', INT], ['f', BOOL], ['ts', ROWTIME])
const AGGS: AggCall[] = [
  agg('COUNT', [], BIGINT),
  agg('SUM', [1], INT),
  agg('MIN', [1], INT),
  agg('MAX', [1], INT),
  agg('COUNT', [1], BIGINT, { distinct: true, name: 'cd' }),
  agg('SUM', [1], INT, { filterArg: 2, name: 'sf' }),
  agg('AVG', [1], INT),
  agg('MAX', [1], INT, { distinct: true, filterArg: 2, name: 'mdf' }),
]

function node(spec: WindowSpec, isRowtime = true): StreamWindowAggregate {
  return {
    kind: 'StreamWindowAggregate', id: 1, uid: 'wagg', parallelism: 1,
    fields: [IN[0]!, ...AGGS.map((c) => ({ name: c.name, type: c.type })), ...fields(['window_start', TS], ['window_end', TS], ['window_time', ROWTIME])],
    changelogMode: INSERT_ONLY, inputs: [edge(input(IN), [0])], window: { spec, timeIndex: 3, isRowtime },
    groupKeys: [0], aggCalls: AGGS, windowProperties: ['window_start', 'window_end', 'window_time'], inputWindowBounds: null,
  }
}

const OPTS: HarnessOptions = { inputTypes: [types(IN)], inputKeys: [[0]], maxParallelism: 16 }

const specs: fc.Arbitrary<WindowSpec> = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: -7, max: 7 })).map(([slide, n, offset]): WindowSpec => ({ kind: 'HOP', slide, size: slide * n, offset })),
  // size not a multiple of slide: slices of gcd(size, slide)
  fc.tuple(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: -5, max: 5 })).map(([slide, extra, offset]): WindowSpec => ({ kind: 'HOP', slide, size: slide + extra, offset })),
  fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: -7, max: 7 })).map(([step, n, offset]): WindowSpec => ({ kind: 'CUMULATE', step, maxSize: step * n, offset })),
)

const row = fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.oneof(fc.integer({ min: -3, max: 5 }), fc.constant(null)), fc.boolean(), fc.integer({ min: -10, max: 40 }))

/** Batches interleaved with watermarks that may go past rows still to come (late rows). */
const eventSteps: fc.Arbitrary<Step[]> = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.array(row, { minLength: 1, maxLength: 6 }).map((rs) => ({ rs })) }, { weight: 1, arbitrary: fc.nat({ max: 8 }).map((d) => ({ d })) }), { maxLength: 16 })
  .map((items) => {
    let wm = -12
    const out: Step[] = items.map((it) => ('d' in it ? { kind: 'watermark', wm: (wm += it.d) } : { kind: 'batch', input: 0, lines: it.rs.map(line) }))
    out.push({ kind: 'watermark', wm: 10_000 })
    return out
  })

/** Processing time: rows take the current time, which may stay on a millisecond whose timers already fired. */
const timeSteps: fc.Arbitrary<Step[]> = fc
  .array(fc.oneof({ weight: 2, arbitrary: fc.array(row, { minLength: 1, maxLength: 4 }).map((rs) => ({ rs })) }, { weight: 1, arbitrary: fc.nat({ max: 4 }).map((d) => ({ d })) }), { maxLength: 16 })
  .map((items) => {
    let t = 0
    const out: Step[] = items.map((it) => ('d' in it ? { kind: 'time', t: (t += it.d) } : { kind: 'batch', input: 0, lines: it.rs.map(line) }))
    out.push({ kind: 'time', t: 10_000 })
    return out
  })

function line([k, v, f, ts]: [string, number | null, boolean, number]): string {
  return `+I ${k} ${v === null ? 'null' : v} ${f} ${ts}`
}

function apply(h: OperatorHarness, steps: readonly Step[]): void {
  for (const s of steps) {
    if (s.kind === 'batch') h.push(...s.lines)
    else if (s.kind === 'watermark') h.watermark(s.wm)
    else h.setProcessingTime(s.t)
  }
}

async function run(spec: WindowSpec, isRowtime: boolean, slicing: boolean, steps: readonly Step[]): Promise<{ out: string[]; late: number; sliced: boolean }> {
  const op = new WindowAggregateOperator(node(spec, isRowtime), { slicing })
  const h = await OperatorHarness.open(() => op, OPTS)
  apply(h, steps)
  return { out: h.output(), late: h.counter('numLateRecordsDropped'), sliced: op.geometry !== null }
}

/** Restores at `cut` without re-sending the watermark, so rows of windows that already fired arrive as if on time. */
async function runRestoredWithoutWatermark(spec: WindowSpec, slicing: boolean, steps: readonly Step[], cut: number): Promise<string[]> {
  const factory = () => new WindowAggregateOperator(node(spec, true), { slicing })
  const first = await OperatorHarness.open(factory, OPTS)
  apply(first, steps.slice(0, cut))
  const second = await OperatorHarness.open(factory, OPTS, first.snapshot())
  apply(second, steps.slice(cut))
  return [...first.output(), ...second.output()]
}

function windowsOf(spec: WindowSpec, ts: number): [number, number][] {
  // Brute force: every aligned start near ts whose window holds ts.
  const out: [number, number][] = []
  if (spec.kind === 'HOP') {
    for (let s = ts - spec.size - spec.slide * 2; s <= ts; s++) if ((((s - spec.offset) % spec.slide) + spec.slide) % spec.slide === 0 && s <= ts && ts < s + spec.size) out.push([s, s + spec.size])
  } else if (spec.kind === 'CUMULATE') {
    for (let s = ts - spec.maxSize; s <= ts; s++) {
      if ((((s - spec.offset) % spec.maxSize) + spec.maxSize) % spec.maxSize !== 0) continue
      for (let e = s + spec.step; e <= s + spec.maxSize; e += spec.step) if (s <= ts && ts < e) out.push([s, e])
    }
  }
  return out
}

/** The brute-force model: each window keeps its rows; output sorted (order is checked against the unsliced path). */
function reference(spec: WindowSpec, steps: readonly Step[]): { out: string[]; late: number } {
  const windows = new Map<string, { k: string; start: number; end: number; rows: [number | null, boolean][] }>()
  let wm = Number.MIN_SAFE_INTEGER
  let late = 0
  for (const s of steps) {
    if (s.kind === 'watermark') wm = Math.max(wm, s.wm)
    if (s.kind !== 'batch') continue
    for (const l of s.lines) {
      const [, k, v, f, ts] = l.split(' ') as [string, string, string, string, string]
      const open = windowsOf(spec, Number(ts)).filter(([, end]) => end - 1 > wm)
      if (open.length === 0) late++
      for (const [start, end] of open) {
        const id = `${k}/${end}`
        let w = windows.get(id)
        if (w === undefined) windows.set(id, (w = { k, start, end, rows: [] }))
        w.rows.push([v === 'null' ? null : Number(v), f === 'true'])
      }
    }
  }
  const out = [...windows.values()].map(({ k, start, end, rows }) => {
    const vs = rows.map(([v]) => v).filter((v): v is number => v !== null)
    const fvs = rows.filter(([v, f]) => v !== null && f).map(([v]) => v!)
    const sum = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0))
    const ext = (xs: number[], m: (...n: number[]) => number): number | null => (xs.length === 0 ? null : m(...xs))
    const avg = vs.length === 0 ? null : Math.trunc(sum(vs)! / vs.length)
    const vals = [k, rows.length, sum(vs), ext(vs, Math.min), ext(vs, Math.max), new Set(vs).size, sum(fvs), avg, ext(fvs, Math.max), start, end, end - 1]
    return `+I[${vals.map((x) => (x === null ? 'null' : String(x))).join(', ')}]`
  })
  return { out: out.sort(), late }
}

describe('HOP/CUMULATE slicing', () => {
  it('event time: same rows, order and late count as per-window accumulation and the brute-force model', async () => {
    await fc.assert(
      fc.asyncProperty(specs, eventSteps, async (spec, steps) => {
        const sliced = await run(spec, true, true, steps)
        const plain = await run(spec, true, false, steps)
        expect(sliced.sliced).toBe(true)
        expect(sliced.out).toEqual(plain.out)
        expect(sliced.late).toBe(plain.late)
        const ref = reference(spec, steps)
        expect([...sliced.out].sort()).toEqual(ref.out)
        expect(sliced.late).toBe(ref.late)
      }),
      { numRuns: 150 },
    )
  })

  it('processing time: same rows and order, including rows on the millisecond a window fired', async () => {
    await fc.assert(
      fc.asyncProperty(specs, timeSteps, async (spec, steps) => {
        const sliced = await run(spec, false, true, steps)
        const plain = await run(spec, false, false, steps)
        expect(sliced.sliced).toBe(true)
        expect(sliced.out).toEqual(plain.out)
      }),
      { numRuns: 100 },
    )
  })

  it('restored without the watermark (late rows look on time): same output as per-window accumulation', async () => {
    const cases = fc.tuple(specs, eventSteps).chain(([spec, s]) => fc.tuple(fc.constant(spec), fc.constant(s), fc.nat({ max: s.length })))
    await fc.assert(
      fc.asyncProperty(cases, async ([spec, steps, cut]) => {
        expect(await runRestoredWithoutWatermark(spec, true, steps, cut)).toEqual(await runRestoredWithoutWatermark(spec, false, steps, cut))
      }),
      { numRuns: 150 },
    )
  })

  it('restore at any cut and at another parallelism gives the same output (event and processing time)', async () => {
    const cases = fc.tuple(specs, fc.boolean()).chain(([spec, isRowtime]) =>
      (isRowtime ? eventSteps : timeSteps).chain((s) => fc.tuple(fc.constant(spec), fc.constant(isRowtime), fc.constant(s), fc.nat({ max: s.length }), fc.integer({ min: 2, max: 4 }))),
    )
    await fc.assert(
      fc.asyncProperty(cases, async ([spec, isRowtime, steps, cut, p]) => {
        await checkRestore(() => new WindowAggregateOperator(node(spec, isRowtime)), OPTS, steps, cut, p)
      }),
      { numRuns: 80 },
    )
  })
})
