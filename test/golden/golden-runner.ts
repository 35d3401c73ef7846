/**
 * Runs golden SQL scripts through the built `weir` command and compares what it prints with the `.out` files.
 * A run mode says how a script is executed; `plainRun` runs it once with `weir -f`. The modes with failures and
 * recovery from checkpoints are in restore-modes.ts.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Directives } from './directives.js'

export const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)))
export const EXAMPLES = join(REPO, 'sql-examples')
export const CLI = join(REPO, 'dist', 'src', 'cli', 'main.js')

/** Directories that hold scripts without golden output (owned elsewhere, run by their own tests). */
const EXCLUDED = new Set(['nexmark', 'data'])

export interface GoldenScript {
  /** Path relative to the repository, e.g. `sql-examples/windows/tumble.sql`. */
  readonly path: string
  readonly outPath: string
  readonly directives: Directives
}

export interface RunResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export interface RunMode {
  readonly name: string
  run(script: GoldenScript, timeoutMs: number): Promise<RunResult>
}

/** All `*.sql` under sql-examples except the excluded directories, sorted. */
export function findScripts(dir = EXAMPLES): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir).sort()) {
    const p = join(dir, entry)
    if (statSync(p).isDirectory()) {
      if (dir === EXAMPLES && EXCLUDED.has(entry)) continue
      out.push(...findScripts(p))
    } else if (entry.endsWith('.sql')) out.push(relative(REPO, p))
  }
  return out
}

/**
 * Each run gets a fresh working directory in which `sql-examples` points at the repository's, so scripts read their
 * data as `sql-examples/data/...` (as when run from the repository) and write their output (`weir-out/...`) into
 * a directory no other run sees.
 */
export function freshWorkDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weir-golden-'))
  symlinkSync(EXAMPLES, join(dir, 'sql-examples'), 'dir')
  return dir
}

export function runCli(args: readonly string[], options: { cwd: string; timeoutMs: number; input?: string }): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, TZ: 'UTC', CI: 'true', NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolvePromise({ code, signal, stdout, stderr })
    })
    child.stdin.end(options.input ?? '')
  })
}

export const plainRun: RunMode = {
  name: 'weir -f',
  async run(script, timeoutMs) {
    const cwd = freshWorkDir()
    try {
      const args = ['-f', script.path]
      if (script.directives.parallelism !== undefined) args.push('-D', `parallelism.default=${script.directives.parallelism}`)
      return await runCli(args, { cwd, timeoutMs })
    } finally {
      rmSync(cwd, { recursive: true, force: true })
    }
  },
}

/** What may differ between runs: job ids. Trailing blanks are dropped so editors cannot break a golden file. */
export function normalize(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/\b[0-9a-f]{32}\b/g, '<job-id>')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n*$/, '\n')
}

export function sortedLines(text: string): string {
  return text.split('\n').filter((l) => l !== '').sort().join('\n') + '\n'
}

export function goldenExists(script: GoldenScript): boolean {
  return existsSync(join(REPO, script.outPath))
}
