#!/usr/bin/env node
/**
 * The `weir` command: `weir -f script.sql` runs a script and waits for its jobs; `weir` alone starts the SQL shell
 * (interactive on a terminal, script-like when stdin is piped). Options: -D key=value, -i init.sql, --help,
 * --version.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createConnectorRegistry } from '../../connectors/index.js'
import { EngineError } from '../errors.js'
import { createSession } from '../gateway/session-factory.js'
import { renderError } from '../gateway/session-errors.js'
import { formatValueForPrint } from '../runtime/expr/values.js'
import { parseArgs, type CliArgs } from './args.js'
import { USAGE } from './help.js'
import { msgStoppedWithSavepoint, type PrintTarget } from './result-printer.js'
import { runShell } from './shell.js'
import { awaitSubmittedJobs, printError, runText, type CliContext } from './statement-runner.js'

function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 6; i++) {
    const p = join(dir, 'package.json')
    if (existsSync(p)) {
      const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string }
      if (pkg.name === 'weir') return pkg.version ?? 'unknown'
    }
    dir = dirname(dir)
  }
  return 'unknown'
}

const stdout: PrintTarget = { line: (text) => void process.stdout.write(text + '\n') }

function fail(message: string): number {
  process.stderr.write(message + '\n')
  return 1
}

function readScript(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch (e) {
    process.stderr.write(`[ERROR] Could not read '${path}': ${e instanceof Error ? e.message : String(e)}\n`)
    return undefined
  }
}

/** Weir's own key: on SIGTERM, `weir -f` stops its running INSERT jobs with a savepoint instead of cancelling them. */
export const STOP_WITH_SAVEPOINT_ON_SIGTERM = 'weir.stop-with-savepoint-on-sigterm'

interface SignalWatch {
  /** The exit code once a signal arrived (0 after a stop with savepoint). */
  code(): number | undefined
  /** True once a signal arrived: run no further statements. */
  halted(): boolean
  /** Settles when the handler has done its work (savepoint paths printed, jobs ended). */
  settled(): Promise<void>
  restore(): void
  signal: AbortSignal
}

/**
 * Cancels the jobs on SIGINT / SIGTERM and exits 130 / 143 once they stopped; a second signal ends the process at
 * once (Node's default). With weir.stop-with-savepoint-on-sigterm = true a SIGTERM instead stops every running
 * INSERT job with a savepoint (into execution.checkpointing.savepoint-dir), prints each path and exits 0, so a
 * script-driven job can be paused and resumed with SET 'execution.savepoint.path'.
 */
function stopJobsOnSignals(ctx: CliContext): SignalWatch {
  let code: number | undefined
  let work: Promise<void> = Promise.resolve()
  const interrupted = new AbortController()
  const handler = (signal: NodeJS.Signals): void => {
    const savepoint = signal === 'SIGTERM' && ctx.session.config.getBoolean(STOP_WITH_SAVEPOINT_ON_SIGTERM)
    code = savepoint ? 0 : signal === 'SIGINT' ? 130 : 143
    if (savepoint) {
      // The abort signal cancels a table.dml-sync INSERT: only after its job has stopped with the savepoint.
      work = stopWithSavepoints(ctx).then((c) => {
        code = c
        interrupted.abort()
      })
    } else {
      interrupted.abort()
      work = cancelAll(ctx, signal)
    }
    void work.finally(() => exitAfterFlush(code ?? 1))
  }
  process.once('SIGINT', handler)
  process.once('SIGTERM', handler)
  return {
    signal: interrupted.signal,
    code: () => code,
    halted: () => code !== undefined,
    settled: () => work,
    restore: () => {
      process.off('SIGINT', handler)
      process.off('SIGTERM', handler)
    },
  }
}

async function cancelAll(ctx: CliContext, signal: NodeJS.Signals): Promise<void> {
  process.stderr.write(`\n[INFO] Received ${signal}, cancelling running jobs...\n`)
  await ctx.session.close()
}

/** Returns the exit code: 0 when every job stopped with a savepoint, 1 when one could not (the others are cancelled). */
async function stopWithSavepoints(ctx: CliContext): Promise<number> {
  process.stderr.write('\n[INFO] Received SIGTERM, stopping running jobs with a savepoint...\n')
  try {
    for (const { jobId, path } of await ctx.session.stopAllWithSavepoint()) ctx.out.line(msgStoppedWithSavepoint(jobId, path))
    return 0
  } catch (e) {
    printError(ctx, e)
    await ctx.session.close()
    return 1
  }
}

async function runFile(ctx: CliContext, path: string): Promise<number> {
  const text = readScript(path)
  if (text === undefined) return 1
  const signals = stopJobsOnSignals(ctx)
  const outcome = await runText(ctx, text, { stopOnError: true, signal: signals.signal, halted: signals.halted })
  if (signals.code() !== undefined) {
    // Interrupted: the statement that was running ended because of the signal; its handler reports and decides.
    await signals.settled()
    await ctx.session.close()
    return signals.code() ?? 1
  }
  if (outcome === 'error') {
    await ctx.session.close()
    return 1
  }
  const ok = await awaitSubmittedJobs(ctx)
  if (signals.code() !== undefined) {
    await signals.settled()
    await ctx.session.close()
    return signals.code() ?? 1
  }
  signals.restore()
  return ok ? 0 : 1
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs
  try {
    args = parseArgs(argv)
  } catch (e) {
    fail(renderError(e, false))
    return 2
  }
  if (args.help) {
    process.stdout.write(USAGE)
    return 0
  }
  const version = packageVersion()
  if (args.version) {
    process.stdout.write(`weir ${version}\n`)
    return 0
  }
  let ctx: CliContext
  try {
    const session = createSession({
      connectors: createConnectorRegistry(),
      config: args.config,
      log: (line: string) => void process.stderr.write(line + '\n'),
    })
    ctx = {
      session,
      out: stdout,
      formatter: (timeZone) => (v, t) => formatValueForPrint(v, t, timeZone),
      submitted: [],
      ...(process.stdout.isTTY ? { clear: () => void process.stdout.write('\x1b[2J\x1b[H') } : {}),
    }
  } catch (e) {
    return fail(e instanceof EngineError ? `[ERROR] ${renderError(e, false)}` : renderError(e, true))
  }
  if (args.init !== undefined) {
    const text = readScript(args.init)
    if (text === undefined) return 1
    if ((await runText(ctx, text, { stopOnError: true, init: true })) !== 'ok') return 1
  }
  if (args.file !== undefined) return runFile(ctx, args.file)
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true
  return runShell(ctx, {
    input: process.stdin,
    output: process.stdout,
    interactive,
    historyFile: join(homedir(), '.weir_history'),
    banner: `Weir ${version}: Flink SQL on this machine.\nEnter 'HELP;' to list all available commands. 'QUIT;' to exit.`,
  })
}

/** Exits once stdout has taken everything written so far (a pipe may still hold output). */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.exit(code))
}

// Run only as the command, not when imported (tests import main()).
const invoked = process.argv[1] === undefined ? '' : process.argv[1]
if (invoked !== '' && fileURLToPath(import.meta.url) === realpathSync(invoked)) {
  // `weir -f x.sql | head`: a reader that went away is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0)
    throw e
  })
  main(process.argv.slice(2)).then(exitAfterFlush, (e: unknown) => {
    process.stderr.write(renderError(e, true) + '\n')
    exitAfterFlush(70)
  })
}
