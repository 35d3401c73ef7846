// Runs every *.bench.mjs in this folder, each case in its own process, and prints a table.
// `npm run bench` builds first; BENCH_EVENTS=n overrides event counts; BENCH_FILTER=text picks cases by name.
import { execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import Table from 'cli-table3'

const dir = fileURLToPath(new URL('.', import.meta.url))
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.mjs')).sort()
const rows = []
for (const f of files) {
  const { cases } = await import(pathToFileURL(dir + f).href)
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i]
    if (process.env.BENCH_FILTER && !`${c.name} p${c.parallelism}`.includes(process.env.BENCH_FILTER)) continue
    try {
      const out = execFileSync(process.execPath, [dir + f, String(i)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 })
      const r = JSON.parse(out.trim().split('\n').pop())
      rows.push(format(r))
    } catch (e) {
      rows.push([c.name, '', String(c.parallelism), 'FAILED', '', '', '', '', '', ''])
      console.error(e.message)
    }
  }
}
function format(r) {
  const num = (v, digits) => (typeof v === 'number' ? (digits === undefined ? Math.round(v).toLocaleString('en-US') : v.toFixed(digits)) : '')
  const known = new Set(['name', 'plan', 'parallelism', 'threads', 'label', 'events', 'seconds', 'eventsPerSec', 'steadyEventsPerSec', 'startupSeconds', 'peakRssMB', 'cpuSeconds'])
  // Whatever else a benchmark reports (sizes, ratios) goes to the last column.
  const extra = Object.entries(r).filter(([k]) => !known.has(k)).map(([k, v]) => `${k}=${typeof v === 'number' ? +v.toFixed(2) : v}`).join(' ')
  return [r.name, r.plan ?? '', `${r.parallelism}${r.threads ? ' (threads)' : ''}`, num(r.events), num(r.seconds, 2), num(r.eventsPerSec), num(r.steadyEventsPerSec), num(r.peakRssMB, 0), num(r.cpuSeconds, 2), extra]
}

const table = new Table({ head: ['benchmark', 'plan', 'parallelism', 'events', 'seconds', 'events/s', 'events/s w/o thread start-up', 'peak RSS MB', 'CPU s (all threads)', 'notes'] })
for (const r of rows) table.push(r)
console.log(table.toString())
