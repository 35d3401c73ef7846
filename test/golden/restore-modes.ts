/**
 * Golden run modes with failures (issue 4): the scripts of sql-examples must give their `.out` also when their jobs
 * fail and recover from checkpoints.
 *
 * - `restartRun`: checkpoints every 10 ms, small source batches, and a failpoint that fails every job's sink after
 *   its second record in the first run; the restart strategy restarts the job in the process from its latest
 *   completed checkpoint (or from the start when none completed yet). Exactly-once sinks (filesystem, a SELECT's
 *   result) must give the `.out` exactly. The print connector is at-least-once (as in Flink), so its lines may
 *   repeat after a restart: they are compared as "every expected line, extra lines only repeats".
 * - `restoreRun`: a separate process restores: the first `weir -f` has its job fail at the sink (restart strategy
 *   none, checkpoints retained), the second runs the script again with execution.state-recovery.path set to the
 *   newest completed checkpoint, at parallelism 2. Only scripts with one INSERT job can run this way (a SELECT's
 *   result goes to the client, which a new process cannot resume, as in Flink; a restore path applies to every
 *   job of a script). The restored run must print exactly what the `.out` has except for print lines, which
 *   together with the first run's must cover the `.out`: printed before the checkpoint by the first run, after it
 *   by the second, nothing twice in the second (its state came from the checkpoint) and nothing missing.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { latestCheckpoint } from '../faults/weir-process.js'
import { EXAMPLES, REPO, runCli, type GoldenScript, type RunMode, type RunResult } from './golden-runner.js'

/** A print connector line: `+I[...]`, `big> -U[...]`, `2> +I[...]`, `big:2> +I[...]`. */
const PRINT_LINE = /^(?:[^\s>]+> )?[+-][IUD]\[/
/** What a parallel print sink adds: the subtask number (`2> `, `big:2> `). */
const SUBTASK_PREFIX = /^(?:(\S+?):)?\d+> /
const RESTORED_LINE = /^\[INFO\] Job \S+ restored from /

function normalizeIds(text: string): string {
  return text.replace(/\b[0-9a-f]{32}\b/g, '<job-id>')
}

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weir-golden-restore-'))
  symlinkSync(EXAMPLES, join(dir, 'sql-examples'), 'dir')
  return dir
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '')
}

function counts(ls: readonly string[]): Map<string, number> {
  const m = new Map<string, number>()
  for (const l of ls) m.set(l, (m.get(l) ?? 0) + 1)
  return m
}

/** Lines of `a` not matched one-to-one by lines of `b` (multiset difference), sorted. */
export function multisetMinus(a: readonly string[], b: readonly string[]): string[] {
  const m = counts(b)
  const out: string[] = []
  for (const l of a) {
    const n = m.get(l) ?? 0
    if (n > 0) m.set(l, n - 1)
    else out.push(l)
  }
  return out.sort()
}

function splitPrint(text: string): { print: string[]; other: string[] } {
  const print: string[] = []
  const other: string[] = []
  for (const l of lines(text)) {
    if (RESTORED_LINE.test(l)) continue
    if (PRINT_LINE.test(l)) print.push(l.replace(SUBTASK_PREFIX, (_m, id: string | undefined) => (id === undefined ? '' : `${id}> `)))
    else other.push(l)
  }
  return { print, other }
}

function usesPrint(script: GoldenScript): boolean {
  return /'connector'\s*=\s*'print'/.test(readFileSync(join(REPO, script.path), 'utf8'))
}

/** A mismatch as text (empty when it holds), so the golden test can show it. */
export type Verdict = string

/** Checkpoints every 10 ms (unless the script sets its own interval), small source batches, the script's failpoint. */
function failureArgs(script: GoldenScript): string[] {
  const fp = script.directives.failpoint ?? { name: 'sink', spec: 'after-records:2' }
  return ['-D', 'execution.checkpointing.interval=10 ms', '-D', 'weir.runtime.batch-size=3', '-D', `weir.failpoint.${fp.name}=${fp.spec}`]
}

export const restartRun: RunMode & { compare(actual: string, expected: string, script: GoldenScript): Verdict } = {
  name: 'checkpoints, a sink failure and a restart',
  async run(script, timeoutMs) {
    const cwd = freshDir()
    try {
      const args = ['-f', script.path, ...failureArgs(script), '-D', 'restart-strategy.type=fixed-delay', '-D', 'restart-strategy.fixed-delay.delay=0 ms']
      if (script.directives.parallelism !== undefined) args.push('-D', `parallelism.default=${script.directives.parallelism}`)
      return await runCli(args, { cwd, timeoutMs })
    } finally {
      rmSync(cwd, { recursive: true, force: true })
    }
  },
  compare(actual, expected, script) {
    if (!usesPrint(script)) return ''
    const a = splitPrint(actual)
    const e = splitPrint(expected)
    const problems: string[] = []
    const otherA = script.directives.sort ? [...a.other].sort() : a.other
    const otherE = script.directives.sort ? [...e.other].sort() : e.other
    if (otherA.join('\n') !== otherE.join('\n')) problems.push(`non-print output differs:\n${otherA.join('\n')}\n--- expected ---\n${otherE.join('\n')}`)
    const missing = multisetMinus(e.print, a.print)
    if (missing.length > 0) problems.push(`print lines missing: ${missing.join(' | ')}`)
    const expectedSet = new Set(e.print)
    const strange = multisetMinus(a.print, e.print).filter((l) => !expectedSet.has(l))
    if (strange.length > 0) problems.push(`print lines that are not repeats of expected ones: ${strange.join(' | ')}`)
    return problems.join('\n')
  },
}

/** Why a script cannot run in restartRun, or null. */
export function restartSkipReason(script: GoldenScript): string | null {
  const sql = readFileSync(join(REPO, script.path), 'utf8').replace(/--.*$/gm, '')
  if (!/^\s*(?:INSERT|SELECT|EXECUTE|BEGIN|WITH|CREATE\s+TABLE\s+\S+\s+AS)\b/im.test(sql)) return 'runs no job'
  return null
}

/** Why a script cannot run in restoreRun, or null. */
export function restoreSkipReason(script: GoldenScript): string | null {
  if (script.directives.fail !== undefined) return 'expects a failure'
  const sql = readFileSync(join(REPO, script.path), 'utf8').replace(/--.*$/gm, '')
  const sets = (sql.match(/\bEXECUTE\s+STATEMENT\s+SET\b|\bBEGIN\s+STATEMENT\s+SET\b/gi) ?? []).length
  const inserts = (sql.match(/^\s*INSERT\s/gim) ?? []).length
  const jobs = sets > 0 ? sets + Math.max(0, inserts - countInsertsInSets(sql)) : inserts
  if (jobs === 0) return "no INSERT job: a SELECT's result goes to the client, which a new process cannot resume (as in Flink)"
  if (jobs > 1) return `${jobs} jobs: execution.state-recovery.path applies to every following job of the script`
  return null
}

function countInsertsInSets(sql: string): number {
  let n = 0
  for (const m of sql.matchAll(/(?:EXECUTE\s+STATEMENT\s+SET\s+BEGIN|BEGIN\s+STATEMENT\s+SET\s*;)([\s\S]*?)\bEND\s*;/gi)) n += (m[1]?.match(/^\s*INSERT\s/gim) ?? []).length
  return n
}

export interface RestoreResult extends RunResult {
  readonly first: RunResult
  readonly restoredFrom: string | null
}

export const restoreRun: {
  readonly name: string
  run(script: GoldenScript, timeoutMs: number): Promise<RestoreResult>
  compare(result: RestoreResult, expected: string, script: GoldenScript): Verdict
} = {
  name: 'failure, new process restores from the checkpoint at parallelism 2',
  async run(script, timeoutMs) {
    const cwd = freshDir()
    const checkpoints = join(cwd, 'checkpoints')
    try {
      const first = await runCli([
        '-f', script.path, ...failureArgs(script),
        '-D', `execution.checkpointing.dir=${checkpoints}`,
        '-D', 'execution.checkpointing.externalized-checkpoint-retention=RETAIN_ON_CANCELLATION',
        '-D', 'restart-strategy.type=none',
      ], { cwd, timeoutMs })
      const latest = latestCheckpoint(checkpoints)
      const args = ['-f', script.path, '-D', 'parallelism.default=2']
      if (latest !== null) args.push('-D', `execution.state-recovery.path=${latest.path}`)
      const second = await runCli(args, { cwd, timeoutMs })
      return { ...second, first, restoredFrom: latest?.path ?? null }
    } finally {
      rmSync(cwd, { recursive: true, force: true })
    }
  },
  compare(result, expected, script) {
    const problems: string[] = []
    // The golden test passes normalised output (job ids replaced), so the path is compared normalised too.
    if (result.restoredFrom !== null && !result.stdout.includes(`restored from ${normalizeIds(result.restoredFrom)}`)) {
      problems.push(`the second run does not say it restored from ${result.restoredFrom}`)
    }
    const second = splitPrint(result.stdout)
    const first = splitPrint(result.first.stdout)
    const e = splitPrint(expected)
    // Parallelism 2 and part files of two runs: the order of rows read back may differ, so lines are compared sorted.
    const otherA = [...second.other].sort()
    const otherE = [...e.other].sort()
    if (otherA.join('\n') !== otherE.join('\n')) problems.push(`output differs (sorted):\n${otherA.join('\n')}\n--- expected ---\n${otherE.join('\n')}`)
    const extra = multisetMinus(second.print, e.print)
    if (extra.length > 0) problems.push(`the restored run printed lines the script does not produce (or too often): ${extra.join(' | ')}`)
    const missing = multisetMinus(multisetMinus(e.print, second.print), first.print)
    if (missing.length > 0) problems.push(`printed by neither run: ${missing.join(' | ')}`)
    if (script.directives.fail !== undefined) problems.push('a @fail script cannot run in this mode')
    // With its own failpoint a script promises a failure after the first checkpoint: the restore must happen.
    if (script.directives.failpoint !== undefined && result.restoredFrom === null) problems.push('no checkpoint completed before the failure: nothing was restored')
    if (script.directives.failpoint !== undefined && result.first.code === 0) problems.push('the first run did not fail: the failpoint never triggered')
    // Its checkpoints came after some output: a restored run that prints all of it again did not continue from one.
    if (script.directives.failpoint !== undefined && e.print.length > 0 && second.print.length >= e.print.length) {
      problems.push(`the restored run printed all ${e.print.length} expected lines again: it did not continue from the checkpoint`)
    }
    return problems.join('\n')
  },
}
