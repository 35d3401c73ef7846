/**
 * Helpers for tests that run `weir` as a real child process and kill, signal or feed it: a handle on the running
 * process with its output so far, bounded retry-until-match waits (never a fixed sleep as synchronisation), the
 * newest completed checkpoint of a checkpoint folder, and what a reader of a filesystem sink folder sees.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)))
export const CLI = join(REPO, 'dist', 'src', 'cli', 'main.js')

export interface Exit {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
}

export class WeirProcess {
  stdout = ''
  stderr = ''
  readonly exited: Promise<Exit>
  private exit: Exit | undefined
  private readonly child: ChildProcessWithoutNullStreams

  constructor(args: readonly string[], options: { cwd: string; input?: string; keepStdinOpen?: boolean; env?: Record<string, string> }) {
    this.child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, TZ: 'UTC', CI: 'true', NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    this.child.stdout.setEncoding('utf8').on('data', (d: string) => (this.stdout += d))
    this.child.stderr.setEncoding('utf8').on('data', (d: string) => (this.stderr += d))
    this.exited = new Promise((res, rej) => {
      this.child.on('error', rej)
      this.child.on('close', (code, signal) => {
        this.exit = { code, signal }
        res(this.exit)
      })
    })
    if (options.input !== undefined) this.child.stdin.write(options.input)
    if (options.keepStdinOpen !== true) this.child.stdin.end()
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  get hasExited(): boolean {
    return this.exit !== undefined
  }

  /** Sends more shell input (a piped shell session). */
  write(text: string): void {
    this.child.stdin.write(text)
  }

  endInput(): void {
    this.child.stdin.end()
  }

  kill(signal: NodeJS.Signals): void {
    if (!this.hasExited) this.child.kill(signal)
  }

  /** Waits for the process to end; SIGKILLs it (and fails) when it takes longer than `timeoutMs`. */
  async wait(timeoutMs: number): Promise<Exit> {
    const timer = setTimeout(() => this.kill('SIGKILL'), timeoutMs)
    try {
      const e = await this.exited
      if (e.signal === 'SIGKILL' && !this.killedOnPurpose) throw new Error(`weir did not end within ${timeoutMs} ms\n${this.describe()}`)
      return e
    } finally {
      clearTimeout(timer)
    }
  }

  private killedOnPurpose = false

  /** SIGKILL now (a crash) and wait until it is gone. */
  async crash(): Promise<Exit> {
    this.killedOnPurpose = true
    this.kill('SIGKILL')
    return this.exited
  }

  /** Polls until `text` (a string or pattern) appears in stdout (or stderr with `stream`), the process ends, or time runs out. */
  async waitForOutput(match: string | RegExp, options: { timeoutMs?: number; stream?: 'stdout' | 'stderr' } = {}): Promise<RegExpExecArray | string> {
    const text = (): string => (options.stream === 'stderr' ? this.stderr : this.stdout)
    const found = (): RegExpExecArray | string | null => {
      const t = text()
      if (typeof match === 'string') return t.includes(match) ? match : null
      return match.exec(t)
    }
    return waitUntil(found, {
      timeoutMs: options.timeoutMs ?? 30_000,
      what: `output ${String(match)}`,
      stop: () => (this.hasExited ? `weir ended before printing it\n${this.describe()}` : null),
    })
  }

  describe(): string {
    return `exit ${JSON.stringify(this.exit ?? 'running')}\n--- stdout ---\n${this.stdout}\n--- stderr ---\n${this.stderr}`
  }
}

/**
 * Calls `probe` every `intervalMs` until it returns something other than null/undefined/false; throws after
 * `timeoutMs`, or at once when `stop` returns a reason (e.g. the process it waits on has ended).
 */
export async function waitUntil<T>(
  probe: () => T | null | undefined | false,
  options: { timeoutMs: number; intervalMs?: number; what: string; stop?: () => string | null },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs
  for (;;) {
    const v = probe()
    if (v !== null && v !== undefined && v !== false) return v
    const stop = options.stop?.()
    if (stop !== null && stop !== undefined) {
      const again = probe()
      if (again !== null && again !== undefined && again !== false) return again
      throw new Error(`while waiting for ${options.what}: ${stop}`)
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}`)
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 20))
  }
}

export interface CompletedCheckpoint {
  /** The chk-N folder (what execution.state-recovery.path takes). */
  readonly path: string
  readonly id: number
  readonly jobId: string
}

/**
 * Every completed checkpoint under a checkpoint root (`<root>/<job-id>/chk-<n>/_metadata`), oldest first. A
 * chk folder without `_metadata` is a checkpoint that did not complete and is not listed.
 */
export function completedCheckpoints(root: string): CompletedCheckpoint[] {
  if (!existsSync(root)) return []
  const out: Array<CompletedCheckpoint & { mtime: number }> = []
  for (const jobId of readdirSync(root)) {
    const jobDir = join(root, jobId)
    if (!statSync(jobDir).isDirectory()) continue
    for (const chk of readdirSync(jobDir)) {
      const m = /^chk-(\d+)$/.exec(chk)
      if (m === null) continue
      const meta = join(jobDir, chk, '_metadata')
      try {
        out.push({ path: join(jobDir, chk), id: Number(m[1]), jobId, mtime: statSync(meta).mtimeMs })
      } catch {
        // not completed (or deleted by retention while we looked)
      }
    }
  }
  // Restored runs continue the checkpoint ids of what they restored, so the id orders them; mtime breaks ties.
  return out.sort((a, b) => a.id - b.id || a.mtime - b.mtime).map(({ path, id, jobId }) => ({ path, id, jobId }))
}

export function latestCheckpoint(root: string): CompletedCheckpoint | null {
  return completedCheckpoints(root).at(-1) ?? null
}

/** Hidden files (in-progress part files, `_SUCCESS`) are not data: a reader of the folder skips them. */
function isVisible(name: string): boolean {
  return !name.startsWith('.') && !name.startsWith('_')
}

/** The lines of every committed (visible) file under `dir`, recursively, in no particular order. */
export function committedLines(dir: string): string[] {
  if (!existsSync(dir)) return []
  const lines: string[] = []
  for (const name of readdirSync(dir)) {
    if (!isVisible(name)) continue
    const p = join(dir, name)
    if (statSync(p).isDirectory()) lines.push(...committedLines(p))
    else for (const l of readFileSync(p, 'utf8').split('\n')) if (l !== '') lines.push(l)
  }
  return lines
}

export function sorted(lines: readonly string[]): string[] {
  return [...lines].sort()
}

/** A small seeded PRNG (mulberry32): the kill schedule of a fault test is reproducible from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Applies a debezium-json changelog (as the filesystem sink writes it) and returns the resulting rows, sorted.
 * Part files of different runs are read in no particular order, so the changelog is applied as a multiset: every
 * retraction must meet an insertion of the same row somewhere, and no row may end up retracted more often than
 * inserted (a duplicated or lost change shows up as a row left behind or a negative count).
 */
export function materializeDebezium(lines: readonly string[]): { rows: string[]; problems: string[] } {
  const table = new Map<string, number>()
  for (const line of lines) {
    const msg = JSON.parse(line) as { before: unknown; after: unknown; op: string }
    if (msg.before !== null && msg.before !== undefined) {
      const k = JSON.stringify(msg.before)
      table.set(k, (table.get(k) ?? 0) - 1)
    }
    if (msg.after !== null && msg.after !== undefined) {
      const k = JSON.stringify(msg.after)
      table.set(k, (table.get(k) ?? 0) + 1)
    }
  }
  const rows: string[] = []
  const problems: string[] = []
  for (const [k, n] of table) {
    if (n < 0) problems.push(`retracted ${-n} more time(s) than inserted: ${k}`)
    for (let i = 0; i < n; i++) rows.push(k)
  }
  return { rows: rows.sort(), problems }
}
