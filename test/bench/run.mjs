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
      rows.push([r.name, r.plan, r.parallelism + (r.threads ? ' (threads)' : ''), r.events.toLocaleString('en-US'), r.seconds.toFixed(2), Math.round(r.eventsPerSec).toLocaleString('en-US'), Math.round(r.steadyEventsPerSec).toLocaleString('en-US'), r.peakRssMB.toFixed(0), r.cpuSeconds.toFixed(2)])
    } catch (e) {
      rows.push([c.name, '', String(c.parallelism), 'FAILED', '', '', '', '', ''])
      console.error(e.message)
    }
  }
}
const table = new Table({ head: ['benchmark', 'plan', 'parallelism', 'events', 'seconds', 'events/s', 'events/s w/o thread start-up', 'peak RSS MB', 'CPU s (all threads)'] })
for (const r of rows) table.push(r)
console.log(table.toString())
