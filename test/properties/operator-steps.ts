/**
 * Drives an operator through a script of steps (batches, watermarks, processing time) once straight through and
 * once with a snapshot at a cut, restored into fresh instances (at the same or another parallelism), so the
 * properties can compare outputs. After a restore the last watermark is re-sent, as sources do after recovery.
 */
import fc from 'fast-check'
import type { Operator } from '../../src/runtime/operator.js'
import type { HarnessOptions } from '../../src/testing/operator-harness.js'
import { OperatorHarness, ParallelHarness } from '../../src/testing/operator-harness.js'

export type Step =
  | { readonly kind: 'batch'; readonly input: number; readonly lines: readonly string[] }
  | { readonly kind: 'watermark'; readonly wm: number }
  | { readonly kind: 'time'; readonly t: number }

interface Driver {
  processLines(input: number, lines: readonly string[]): void
  watermark(wm: number): void
  setProcessingTime(t: number): void
}

function apply(d: Driver, step: Step): void {
  if (step.kind === 'batch') d.processLines(step.input, step.lines)
  else if (step.kind === 'watermark') d.watermark(step.wm)
  else d.setProcessingTime(step.t)
}

function single(h: OperatorHarness): Driver {
  return { processLines: (i, l) => h.pushTo(i, ...l), watermark: (w) => h.watermark(w), setProcessingTime: (t) => h.setProcessingTime(t) }
}

function parallel(h: ParallelHarness): Driver {
  return { processLines: (i, l) => h.pushTo(i, ...l), watermark: (w) => h.watermark(w), setProcessingTime: (t) => h.setProcessingTime(t) }
}

export async function runStraight(factory: () => Operator, opts: HarnessOptions, steps: readonly Step[]): Promise<string[]> {
  const h = await OperatorHarness.open(factory, opts)
  for (const s of steps) apply(single(h), s)
  return h.output()
}

/** Runs steps[0, cut) on one instance, snapshots, restores into `parallelism` fresh subtasks and runs the rest. */
export async function runWithRestore(factory: () => Operator, opts: HarnessOptions, steps: readonly Step[], cut: number, parallelism = 1): Promise<string[]> {
  const first = await OperatorHarness.open(factory, opts)
  let wm: number | null = null
  let now = opts.startTime ?? 0
  for (const s of steps.slice(0, cut)) {
    apply(single(first), s)
    if (s.kind === 'watermark') wm = wm === null ? s.wm : Math.max(wm, s.wm)
    if (s.kind === 'time') now = Math.max(now, s.t)
  }
  const before = first.output()
  const snap = first.snapshot()
  const restored = await ParallelHarness.open(factory, parallelism, { ...opts, startTime: now }, snap)
  const d = parallel(restored)
  if (wm !== null) d.watermark(wm)
  for (const s of steps.slice(cut)) apply(d, s)
  return [...before, ...restored.output()]
}

/** Materialises a changelog (`+I[..]` lines) into a sorted multiset of rows; throws on a retraction of a missing row. */
export function materialize(lines: readonly string[]): string[] {
  const live = new Map<string, number>()
  for (const line of lines) {
    const row = line.slice(2)
    if (line.startsWith('+')) live.set(row, (live.get(row) ?? 0) + 1)
    else {
      const n = live.get(row) ?? 0
      if (n === 0) throw new Error(`retraction of a row that is not live: ${line}`)
      if (n === 1) live.delete(row)
      else live.set(row, n - 1)
    }
  }
  return [...live.entries()].flatMap(([row, n]) => new Array<string>(n).fill(row)).sort()
}

/** A changelog of rows built by `row`: inserts, and retractions (-D or -U/+U) of rows inserted before. */
export function changelogSteps(row: fc.Arbitrary<string>, input = 0): fc.Arbitrary<Step[]> {
  const cmd = fc.oneof(
    { weight: 3, arbitrary: row.map((r) => ({ op: 'ins' as const, r })) },
    { weight: 1, arbitrary: fc.nat().map((i) => ({ op: 'del' as const, i })) },
    { weight: 1, arbitrary: fc.tuple(fc.nat(), row).map(([i, r]) => ({ op: 'upd' as const, i, r })) },
  )
  return fc.array(fc.array(cmd, { minLength: 1, maxLength: 6 }), { maxLength: 10 }).map((batches) => {
    const live: string[] = []
    return batches.map((cmds) => {
      const lines: string[] = []
      for (const c of cmds) {
        if (c.op === 'ins') {
          live.push(c.r)
          lines.push(`+I ${c.r}`)
        } else if (live.length > 0) {
          const [old] = live.splice(c.i % live.length, 1)
          if (c.op === 'del') lines.push(`-D ${old}`)
          else {
            lines.push(`-U ${old}`, `+U ${c.r}`)
            live.push(c.r)
          }
        }
      }
      return { kind: 'batch' as const, input, lines }
    })
  })
}

/** Insert-only batches interleaved with increasing watermarks. */
export function timedSteps(row: fc.Arbitrary<string>, inputs = 1, maxWatermarkStep = 6): fc.Arbitrary<Step[]> {
  const step = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.nat({ max: inputs - 1 }), fc.array(row, { minLength: 1, maxLength: 5 })).map(([input, rs]) => ({ kind: 'batch' as const, input, lines: rs.map((r) => `+I ${r}`) })) },
    { weight: 1, arbitrary: fc.nat({ max: maxWatermarkStep }).map((d) => ({ kind: 'watermark' as const, wm: d })) },
  )
  return fc.array(step, { maxLength: 14 }).map((steps) => {
    let wm = -1
    const out: Step[] = steps.map((s) => (s.kind === 'watermark' ? { kind: 'watermark' as const, wm: (wm += s.wm + 1) } : s))
    out.push({ kind: 'watermark', wm: 10_000 })
    return out
  })
}

/** Checks both restore properties for one script and cut. */
export async function checkRestore(factory: () => Operator, opts: HarnessOptions, steps: readonly Step[], cut: number, parallelism: number): Promise<void> {
  const straight = await runStraight(factory, opts, steps)
  const same = await runWithRestore(factory, opts, steps, cut, 1)
  if (JSON.stringify(same) !== JSON.stringify(straight)) {
    throw new Error(`restore at cut ${cut} changed the output:\n${same.join('\n')}\n--- vs ---\n${straight.join('\n')}`)
  }
  const rescaled = await runWithRestore(factory, opts, steps, cut, parallelism)
  if (JSON.stringify([...rescaled].sort()) !== JSON.stringify([...straight].sort())) {
    throw new Error(`restore at parallelism ${parallelism} (cut ${cut}) changed the output:\n${[...rescaled].sort().join('\n')}\n--- vs ---\n${[...straight].sort().join('\n')}`)
  }
}
