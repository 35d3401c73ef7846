/**
 * The word-count job of the savepoint tests, driven the way a user drives it: a piped `weir` shell session that
 * submits the INSERT, waits until the counts a reader sees (committed files) reach a target, then runs
 * STOP JOB '<id>' WITH SAVEPOINT and QUITs. The next phase resumes with SET 'execution.savepoint.path'.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { committedLines, materializeDebezium, WeirProcess, waitUntil } from '../faults/weir-process.js'

export interface WordCountDirs {
  readonly root: string
  readonly input: string
  readonly out: string
  readonly checkpoints: string
  readonly savepoints: string
}

export function wordCountDirs(root: string): WordCountDirs {
  const d = { root, input: join(root, 'in'), out: join(root, 'out'), checkpoints: join(root, 'checkpoints'), savepoints: join(root, 'savepoints') }
  mkdirSync(d.input, { recursive: true })
  return d
}

/** Adds a new input file (the monitored folder picks it up); the file is written hidden and renamed, so it appears whole. */
export function addWords(d: WordCountDirs, name: string, words: readonly string[]): void {
  const hidden = join(d.input, `.${name}`)
  writeFileSync(hidden, words.join('\n') + '\n')
  // A rename is atomic: the source never lists a half-written file.
  renameSync(hidden, join(d.input, name))
}

/** Word -> count as a reader of the (debezium-json) output folder sees it; throws on an inconsistent changelog. */
export function readCounts(out: string): Map<string, number> {
  const { rows, problems } = materializeDebezium(committedLines(out))
  if (problems.length > 0) throw new Error(`inconsistent changelog in ${out}:\n${problems.slice(0, 5).join('\n')}`)
  const counts = new Map<string, number>()
  for (const r of rows) {
    const row = JSON.parse(r) as Record<string, unknown>
    const word = String(row['word'])
    if (counts.has(word)) throw new Error(`two rows for '${word}' in ${out}`)
    counts.set(word, Number(row['cnt']))
  }
  return counts
}

export function countsOf(words: readonly string[]): Map<string, number> {
  const m = new Map<string, number>()
  for (const w of words) m.set(w, (m.get(w) ?? 0) + 1)
  return m
}

export function sameCounts(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false
  for (const [k, v] of a) if (b.get(k) !== v) return false
  return true
}

export function asObject(m: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)))
}

export interface PhaseOptions {
  readonly parallelism?: number
  readonly backend?: 'hashmap' | 'rocksdb'
  readonly restoreFrom?: string
  /** More SET statements (claim mode, ignore-unclaimed-state, ...). */
  readonly settings?: Readonly<Record<string, string>>
  /** The INSERT statement; the plain word count by default. */
  readonly insert?: string
  /** The monitored folder keeps the job running; false reads what is there and ends. */
  readonly monitor?: boolean
}

export const WORD_COUNT_INSERT = 'INSERT INTO counts SELECT word, COUNT(*) AS cnt FROM words GROUP BY word;'

export function sessionSql(d: WordCountDirs, o: PhaseOptions): string {
  const settings: Record<string, string> = {
    'parallelism.default': String(o.parallelism ?? 1),
    'state.backend.type': o.backend ?? 'hashmap',
    'execution.checkpointing.interval': '200 ms',
    'execution.checkpointing.dir': d.checkpoints,
    'state.savepoints.dir': d.savepoints,
    ...(o.restoreFrom === undefined ? {} : { 'execution.savepoint.path': o.restoreFrom }),
    ...o.settings,
  }
  const monitor = o.monitor ?? true
  return [
    ...Object.entries(settings).map(([k, v]) => `SET '${k}' = '${v}';`),
    `CREATE TABLE words (word STRING) WITH ('connector' = 'filesystem', 'path' = '${d.input}', 'format' = 'csv'${monitor ? ", 'source.monitor-interval' = '100 ms'" : ''});`,
    `CREATE TABLE counts (word STRING, cnt BIGINT, PRIMARY KEY (word) NOT ENFORCED) WITH ('connector' = 'filesystem', 'path' = '${d.out}', 'format' = 'debezium-json');`,
    o.insert ?? WORD_COUNT_INSERT,
    '',
  ].join('\n')
}

export interface Phase {
  readonly savepoint: string
  readonly jobId: string
  readonly shell: WeirProcess
}

/**
 * One run of the job in a piped shell: submit, wait until `until(counts)` holds for what is committed (null when the
 * committed changelog is not a consistent table on its own), stop with a savepoint, quit. Returns the savepoint path the shell printed.
 */
export async function runPhase(d: WordCountDirs, o: PhaseOptions, until: (counts: Map<string, number> | null) => boolean, stop: { drain?: boolean } = {}): Promise<Phase> {
  const shell = new WeirProcess([], { cwd: d.root, input: sessionSql(d, o), keepStdinOpen: true })
  try {
    const m = await shell.waitForOutput(/Job ID: ([0-9a-f]{32})/)
    const jobId = typeof m === 'string' ? '' : (m[1] ?? '')
    let last = new Map<string, number>()
    await waitUntil(() => {
      let counts: Map<string, number> | null = null
      try {
        counts = readCounts(d.out)
        last = counts
      } catch {
        // not a consistent table on its own (a query change that writes other rows); `until` decides
      }
      return until(counts)
    }, {
      timeoutMs: 30_000,
      what: 'the expected committed counts',
      stop: () => (shell.hasExited ? `weir ended\n${shell.describe()}\nlast counts ${JSON.stringify(asObject(last))}` : /\[ERROR\]/.test(shell.stdout) ? `weir reported an error\n${shell.describe()}` : null),
    }).catch((e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : String(e)}\nlast counts: ${JSON.stringify(asObject(last))}\n${shell.describe()}`)
    })
    shell.write(`STOP JOB '${jobId}' WITH SAVEPOINT${stop.drain === true ? ' WITH DRAIN' : ''};\n`)
    const sp = await shell.waitForOutput(/savepoint path\s*\|\n\+[-+]+\n\|\s*(\S+)\s*\|/)
    const savepoint = typeof sp === 'string' ? '' : (sp[1] ?? '')
    shell.write('QUIT;\n')
    shell.endInput()
    const exit = await shell.wait(30_000)
    if (exit.code !== 0) throw new Error(`the shell did not end cleanly\n${shell.describe()}`)
    return { savepoint, jobId, shell }
  } finally {
    shell.kill('SIGKILL')
  }
}

/** Runs the script with `weir -f` on a bounded input (monitor off): for restores that must fail or run through. */
export async function runToEnd(d: WordCountDirs, o: PhaseOptions): Promise<WeirProcess> {
  const script = join(d.root, `run-${Date.now()}-${Math.floor(Math.random() * 1e6)}.sql`)
  writeFileSync(script, sessionSql(d, { ...o, monitor: false }))
  const p = new WeirProcess(['-f', script], { cwd: d.root })
  await p.wait(60_000)
  return p
}
