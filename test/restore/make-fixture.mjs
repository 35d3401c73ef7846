#!/usr/bin/env node
/**
 * Writes the restore fixture test/restore/word-count-v1/savepoint: a savepoint taken by this version of Weir that
 * later versions must keep restoring (restore-fixture.test.ts). Run once, after `npm run build`, and commit the
 * result; never regenerate it to make a failing restore pass (that would hide the incompatibility it exists to catch).
 *
 *   node test/restore/make-fixture.mjs
 *
 * It runs word-count-v1/job.sql in a piped `weir` shell over a monitored copy of word-count-v1/input/, waits until
 * the committed user counts show every row of input/ (so the state holds all of it, and the 10-second window is
 * still open: the watermark has not passed its end), stops the job with STOP JOB ... WITH SAVEPOINT and copies the
 * savepoint folder into the fixture. It also writes the expected output of the restored run, computed here from
 * the input files by a plain model of the query (not by running Weir), and the Weir version that wrote it.
 */
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
const REPO = resolve(HERE, '..', '..')
const FIXTURE = join(HERE, 'word-count-v1')
const CLI = join(REPO, 'dist', 'src', 'cli', 'main.js')

function csvRows(file) {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => {
    const [user, url, ts] = l.split(',')
    return { user, url, ts }
  })
}

/** The restored run's output, from a model of the query: counts continue from input/, all windows fire at the end. */
function expectedOutput() {
  const before = readdirSync(join(FIXTURE, 'input')).sort().flatMap((f) => csvRows(join(FIXTURE, 'input', f)))
  const after = readdirSync(join(FIXTURE, 'input-after')).sort().flatMap((f) => csvRows(join(FIXTURE, 'input-after', f)))
  const counts = new Map()
  for (const r of before) counts.set(r.user, (counts.get(r.user) ?? 0) + 1)
  const changelog = []
  const row = (user, n) => JSON.stringify({ user_name: user, clicks: n })
  for (const r of after) {
    const n = counts.get(r.user)
    if (n !== undefined) changelog.push(`{"before":${row(r.user, n)},"after":null,"op":"d"}`)
    counts.set(r.user, (n ?? 0) + 1)
    changelog.push(`{"before":null,"after":${row(r.user, (n ?? 0) + 1)},"op":"c"}`)
  }
  const windows = new Map()
  for (const r of [...before, ...after]) {
    const start = r.ts.slice(0, 17) + String(Math.floor(Number(r.ts.slice(17, 19)) / 10) * 10).padStart(2, '0')
    const startMs = Date.parse(start.replace(' ', 'T') + 'Z')
    const end = new Date(startMs + 10_000).toISOString().replace('T', ' ').slice(0, 19)
    const key = `${r.user},${start},${end}`
    windows.set(key, (windows.get(key) ?? 0) + 1)
  }
  return {
    changelog: changelog.sort(),
    windows: [...windows].map(([k, n]) => `${k},${n}`).sort(),
    stateBefore: counts,
    countsBefore: (() => {
      const m = new Map()
      for (const r of before) m.set(r.user, (m.get(r.user) ?? 0) + 1)
      return m
    })(),
  }
}

function committedLines(dir) {
  if (!existsSync(dir)) return []
  const out = []
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.') || name.startsWith('_')) continue
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...committedLines(p))
    else out.push(...readFileSync(p, 'utf8').split('\n').filter((l) => l !== ''))
  }
  return out
}

function committedCounts(dir) {
  const table = new Map()
  for (const l of committedLines(dir)) {
    const m = JSON.parse(l)
    if (m.before) table.delete(m.before.user_name)
    if (m.after) table.set(m.after.user_name, m.after.clicks)
  }
  return table
}

async function poll(probe, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = probe()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function main() {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`)
  const work = mkdtempSync(join(tmpdir(), 'weir-fixture-'))
  try {
    cpSync(join(FIXTURE, 'input'), join(work, 'input'), { recursive: true })
    const job = readFileSync(join(FIXTURE, 'job.sql'), 'utf8').replace('/*MONITOR*/', ", 'source.monitor-interval' = '100 ms'")
    const settings = [
      "SET 'execution.checkpointing.interval' = '200 ms';",
      `SET 'execution.checkpointing.dir' = '${join(work, 'checkpoints')}';`,
      `SET 'execution.checkpointing.savepoint-dir' = '${join(work, 'savepoints')}';`,
    ].join('\n')
    const shell = spawn(process.execPath, [CLI], { cwd: work, env: { ...process.env, TZ: 'UTC' }, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    shell.stdout.setEncoding('utf8').on('data', (d) => (stdout += d))
    shell.stderr.setEncoding('utf8').on('data', (d) => (stderr += d))
    const exited = new Promise((r) => shell.on('close', (code) => r(code)))
    shell.stdin.write(`${settings}\n${job}\n`)
    try {
      const jobId = (await poll(() => /Job ID: ([0-9a-f]{32})/.exec(stdout), 'the job id'))[1]
      const { countsBefore } = expectedOutput()
      await poll(() => {
        const c = committedCounts(join(work, 'out', 'user-counts'))
        return [...countsBefore].every(([u, n]) => c.get(u) === n) && c.size === countsBefore.size
      }, 'the committed counts of input/')
      shell.stdin.write(`STOP JOB '${jobId}' WITH SAVEPOINT;\nQUIT;\n`)
      shell.stdin.end()
      const savepoint = (await poll(() => /savepoint path\s*\|\n\+[-+]+\n\|\s*(\S+)\s*\|/.exec(stdout), 'the savepoint path'))[1]
      const code = await exited
      if (code !== 0) throw new Error(`weir exited with ${code}`)
      const target = join(FIXTURE, 'savepoint')
      rmSync(target, { recursive: true, force: true })
      cpSync(savepoint, target, { recursive: true })
      const expected = expectedOutput()
      writeFileSync(join(FIXTURE, 'expected-user-counts.txt'), expected.changelog.join('\n') + '\n')
      writeFileSync(join(FIXTURE, 'expected-window-counts.txt'), expected.windows.join('\n') + '\n')
      const version = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version
      writeFileSync(join(FIXTURE, 'WRITTEN-BY'), `weir ${version}, ${new Date().toISOString().slice(0, 10)}, job ${jobId}\n`)
      console.log(`fixture written to ${target} (from ${savepoint})`)
    } catch (e) {
      console.error(`--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`)
      throw e
    } finally {
      shell.kill('SIGKILL')
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
