/**
 * The interactive SQL shell: reads lines with node:readline (never a blocking read), collects them until the input
 * ends a statement outside quotes and comments (a statement set until its END;), and runs the statements.
 * INSERTs run detached as jobs of this process (SHOW JOBS / STOP JOB manage them); a SELECT prints its changelog
 * until it ends or Ctrl-C cancels it. Without a terminal (piped stdin) it reads and runs statements in order, with
 * no prompts, and at the end waits for the jobs it started, as `weir -f` does.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { isInputComplete, splitStatements } from '../sql/parser.js'
import { awaitSubmittedJobs, runText, type CliContext } from './statement-runner.js'

export const PROMPT = 'weir> '
export const CONTINUATION_PROMPT = '    > '

export interface ShellOptions {
  readonly input: NodeJS.ReadableStream
  readonly output: NodeJS.WritableStream
  /** A person at a terminal: prompts, line editing, history, Ctrl-C handling by readline. */
  readonly interactive: boolean
  /** ~/.weir_history; absent: no history file. */
  readonly historyFile?: string
  readonly banner?: string
}

const HISTORY_SIZE = 1000
/** Shell commands that work without a terminating `;`. */
const BARE_COMMAND = /^\s*(quit|exit|help|clear)\s*$/i

function loadHistory(file: string | undefined): string[] {
  if (file === undefined) return []
  try {
    // The file is oldest first; readline wants newest first.
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').reverse().slice(0, HISTORY_SIZE)
  } catch {
    return []
  }
}

function saveHistory(file: string | undefined, history: readonly string[]): void {
  if (file === undefined) return
  try {
    writeFileSync(file, [...history].reverse().join('\n') + '\n', { mode: 0o600 })
  } catch {
    // A history file that cannot be written must not break the shell.
  }
}

/** Runs the shell until QUIT or the end of input; returns the exit code. */
export async function runShell(ctx: CliContext, options: ShellOptions): Promise<number> {
  const { interactive, output } = options
  let history = loadHistory(interactive ? options.historyFile : undefined)
  const rl = createInterface({
    input: options.input,
    ...(interactive ? { output, terminal: true, history, historySize: HISTORY_SIZE, removeHistoryDuplicates: true } : { terminal: false }),
    prompt: PROMPT,
  })
  rl.on('history', (h: string[]) => {
    history = h
  })

  let buffer = ''
  let running: AbortController | undefined
  let interrupted = false
  const prompt = (p: string): void => {
    if (!interactive) return
    rl.setPrompt(p)
    rl.prompt()
  }
  const onInterrupt = (): void => {
    if (running !== undefined) {
      running.abort()
      return
    }
    if (!interactive) {
      interrupted = true
      rl.close()
      return
    }
    if (buffer !== '') output.write('\n')
    else output.write('\n(To exit, type QUIT; or press Ctrl-D)\n')
    buffer = ''
    prompt(PROMPT)
  }
  // With a terminal readline turns Ctrl-C into 'SIGINT'; without one the process receives the signal.
  rl.on('SIGINT', onInterrupt)
  if (!interactive) process.on('SIGINT', onInterrupt)

  if (interactive && options.banner !== undefined) output.write(options.banner + '\n\n')
  prompt(PROMPT)
  let failed = false
  try {
    for await (const line of rl) {
      buffer = buffer === '' ? line : `${buffer}\n${line}`
      if (buffer.trim() === '') {
        buffer = ''
        prompt(PROMPT)
        continue
      }
      const bare = BARE_COMMAND.exec(buffer)
      if (bare === null && !isInputComplete(buffer)) {
        prompt(CONTINUATION_PROMPT)
        continue
      }
      const text = bare === null ? buffer : `${bare[1] ?? ''};`
      buffer = ''
      if (splitStatements(text).length === 0) {
        prompt(PROMPT)
        continue
      }
      running = new AbortController()
      const outcome = await runText(ctx, text, { stopOnError: false, signal: running.signal })
      running = undefined
      if (outcome === 'error') failed = true
      if (outcome === 'quit') break
      prompt(PROMPT)
    }
  } finally {
    rl.close()
    if (!interactive) process.off('SIGINT', onInterrupt)
    if (interactive) saveHistory(options.historyFile, history)
  }

  if (interrupted) {
    await ctx.session.close()
    return 130
  }
  if (interactive) {
    const live = ctx.session.jobs.running().length
    if (live > 0) ctx.out.line(`[INFO] Cancelling ${live} running job${live > 1 ? 's' : ''}...`)
    ctx.out.line('Shutting down the session...')
    await ctx.session.close()
    ctx.out.line('done.')
    return 0
  }
  // Piped input is a script: like `weir -f`, the jobs it started run to their end.
  const jobsOk = await awaitSubmittedJobs(ctx)
  return failed || !jobsOk ? 1 : 0
}
