/**
 * The built `weir` command as a process: options, exit codes, -f stopping at a failing statement, piped stdin.
 * Runs dist/ (npm test builds first).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI, runCli } from '../../golden/golden-runner.js'
import { existsSync } from 'node:fs'
import { spawn } from 'node:child_process'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'weir-cli-'))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

const run = (args: string[], input?: string) => runCli(args, { cwd: dir, timeoutMs: 30_000, ...(input === undefined ? {} : { input }) })

describe('weir command', () => {
  it('is built', () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build`).toBe(true)
  })

  it('--help and --version', async () => {
    const help = await run(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: weir')
    expect(help.stdout).toContain('-f, --file')
    const version = await run(['--version'])
    expect(version.code).toBe(0)
    expect(version.stdout).toMatch(/^weir \d+\.\d+\.\d+/)
  })

  it('rejects unknown options with exit code 2', async () => {
    const r = await run(['--bogus'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("unknown option '--bogus'")
  })

  it('rejects an invalid -D value', async () => {
    const r = await run(['-D', 'parallelism.default=zero', '-f', 'x.sql'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("invalid value 'zero' for configuration key 'parallelism.default'")
  })

  it('-f stops at the first failing statement with exit code 1', async () => {
    const file = join(dir, 'fail.sql')
    writeFileSync(file, "SET 'a' = 'b';\nSELECT * FROM nowhere;\nSET 'c' = 'd';\n")
    const r = await run(['-f', file])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('[INFO] Execute statement succeeded.')
    expect(r.stdout).toContain('[ERROR] Could not execute SQL statement. Reason:')
    expect(r.stdout).toContain('LINE 2: SELECT * FROM nowhere;')
    expect(r.stdout.match(/Execute statement succeeded/g)).toHaveLength(1)
  })

  it('-f with a missing file fails', async () => {
    const r = await run(['-f', join(dir, 'nope.sql')])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('Could not read')
  })

  it('-i runs an init file first; queries are not allowed in it', async () => {
    const init = join(dir, 'init.sql')
    const file = join(dir, 'main.sql')
    writeFileSync(init, "SET 'pipeline.name' = 'from-init';\n")
    writeFileSync(file, "SET 'pipeline.name';\n")
    const r = await run(['-i', init, '-f', file])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('from-init')
    writeFileSync(init, 'SELECT 1;\n')
    const bad = await run(['-i', init, '-f', file])
    expect(bad.code).toBe(1)
    expect(bad.stdout).toContain('GATEWAY_INIT_STATEMENT')
  })

  it('reads statements from piped stdin without prompts', async () => {
    const r = await run([], "SET 'x' = 'y';\nSET 'x';\n")
    expect(r.code).toBe(0)
    expect(r.stdout).not.toContain('weir>')
    expect(r.stdout).toContain('[INFO] Execute statement succeeded.')
    expect(r.stdout).toMatch(/\|\s+x \|\s+y \|/)
  })

  it('-D sets session configuration', async () => {
    const file = join(dir, 'show.sql')
    writeFileSync(file, "SET 'parallelism.default';\n")
    const r = await run(['-D', 'parallelism.default=3', '-f', file])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/\| parallelism\.default \|\s+3 \|/)
  })

  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`-f cancels running jobs on ${signal} and exits ${code}`, async () => {
      const file = join(dir, `endless-${signal}.sql`)
      writeFileSync(
        file,
        "CREATE TABLE n (x INT) WITH ('connector' = 'datagen', 'rows-per-second' = '1000');\n" +
          "CREATE TABLE s (x INT) WITH ('connector' = 'blackhole');\n" +
          'INSERT INTO s SELECT x FROM n;\n',
      )
      const child = spawn(process.execPath, [CLI, '-f', file], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
      let stdout = ''
      let stderr = ''
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
      const exited = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)))
      await new Promise<void>((resolve) => {
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          stdout += d
          if (stdout.includes('Job ID:')) resolve()
        })
      })
      child.kill(signal)
      expect(await exited).toBe(code)
      expect(stderr).toContain(`Received ${signal}, cancelling running jobs`)
    })
  }

  it('-f: Ctrl-C ends a running SELECT, runs nothing after it, and exits 130', async () => {
    const file = join(dir, 'endless-select.sql')
    writeFileSync(
      file,
      "CREATE TABLE n (x INT) WITH ('connector' = 'datagen', 'rows-per-second' = '100');\nSELECT x FROM n;\nSET 'never' = 'run';\n",
    )
    const child = spawn(process.execPath, [CLI, '-f', file], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    const exited = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)))
    await new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d
        if (stdout.includes('| +I |')) resolve()
      })
    })
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    expect(stdout).toMatch(/Query terminated, received a total of \d+ rows?/)
    expect(stdout.match(/Execute statement succeeded/g)).toHaveLength(1)
  })
})
