/**
 * Golden SQL: every sql-examples/**\/*.sql (except nexmark) runs through the built CLI (`weir -f`) and must print
 * exactly its sibling `.out` (job ids normalised; `-- @sort` compares sorted lines). `-- @fail: text` scripts must
 * fail with that text. `UPDATE_GOLDEN=1 npm test` rewrites the .out files: review the diff before committing.
 * The same scripts also run with failures and recovery from checkpoints (test/golden/restore-modes.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseDirectives } from './golden/directives.js'
import { CLI, findScripts, normalize, plainRun, REPO, sortedLines, type GoldenScript, type RunMode } from './golden/golden-runner.js'
import { restartRun, restartSkipReason, restoreRun, restoreSkipReason } from './golden/restore-modes.js'

const UPDATE = process.env['UPDATE_GOLDEN'] === '1'
const MODES: readonly RunMode[] = [plainRun, restartRun]

const scripts: GoldenScript[] = findScripts().map((path) => ({
  path,
  outPath: path.replace(/\.sql$/, '.out'),
  directives: parseDirectives(readFileSync(join(REPO, path), 'utf8')),
}))

function expectedOf(script: GoldenScript): string {
  const outFile = join(REPO, script.outPath)
  expect(existsSync(outFile), `${script.outPath} is missing; run UPDATE_GOLDEN=1 npm test and review it`).toBe(true)
  return normalize(readFileSync(outFile, 'utf8'))
}

describe('golden SQL examples', () => {
  it('has a built CLI and at least a dozen examples', () => {
    expect(existsSync(CLI), `${CLI} is missing: run \`npm run build\` (npm test builds first)`).toBe(true)
    expect(scripts.length).toBeGreaterThanOrEqual(12)
  })

  for (const mode of MODES) {
    // Only the plain run writes golden files; the other modes must reproduce them.
    if (UPDATE && mode !== plainRun) continue
    describe(mode.name, () => {
      for (const script of scripts) {
        const d = script.directives
        const timeoutMs = (d.timeoutSeconds ?? 60) * 1000
        const reason = d.skip ?? (mode === restartRun ? restartSkipReason(script) : null)
        const test = reason !== null && reason !== undefined ? it.skip : it
        test(reason === null || d.skip !== undefined ? script.path : `${script.path} (skipped: ${reason})`, { timeout: timeoutMs + 5000 }, async () => {
          const result = await mode.run(script, timeoutMs)
          const context = `exit ${String(result.code)}${result.signal === null ? '' : ` (${result.signal})`}\n--- stderr ---\n${result.stderr}`
          if (d.fail !== undefined) {
            expect(result.code, `expected a failure\n${context}`).not.toBe(0)
            expect(result.stdout + result.stderr).toContain(d.fail)
          } else {
            expect(result.code, `expected success\n${result.stdout}\n${context}`).toBe(0)
          }
          if (mode === restartRun && d.failpoint !== undefined) {
            // A script with its own failpoint fails after checkpoints completed: the restart restores one.
            expect(result.stderr, context).toMatch(/restarting/)
            expect(result.stderr, context).toMatch(/Restor\w+ job [0-9a-f]{32} from .*chk-\d+/)
          }
          const actual = normalize(result.stdout)
          if (UPDATE) {
            writeFileSync(join(REPO, script.outPath), actual)
            return
          }
          const expected = expectedOf(script)
          if (mode === restartRun) {
            const verdict = restartRun.compare(actual, expected, script)
            // Scripts with print sinks get the at-least-once comparison; the others must match exactly.
            if (verdict !== '' || /'connector'\s*=\s*'print'/.test(readFileSync(join(REPO, script.path), 'utf8'))) {
              expect(verdict, `${actual}\n${context}`).toBe('')
              return
            }
          }
          if (d.sort) expect(sortedLines(actual), context).toBe(sortedLines(expected))
          else expect(actual, context).toBe(expected)
        })
      }
    })
  }

  describe.skipIf(UPDATE)(restoreRun.name, () => {
    for (const script of scripts) {
      const reason = script.directives.skip ?? restoreSkipReason(script)
      const timeoutMs = (script.directives.timeoutSeconds ?? 60) * 1000
      // A skipped script says why in its test name.
      const name = reason === null ? script.path : `${script.path} (skipped: ${reason})`
      ;(reason === null ? it : it.skip)(name, { timeout: 2 * timeoutMs + 5000 }, async () => {
        const result = await restoreRun.run(script, timeoutMs)
        const context = `--- first run (exit ${String(result.first.code)}) ---\n${result.first.stdout}\n${result.first.stderr}\n--- restored run (exit ${String(result.code)}) ---\n${result.stdout}\n${result.stderr}`
        expect(result.code, context).toBe(0)
        expect(restoreRun.compare({ ...result, stdout: normalize(result.stdout), first: { ...result.first, stdout: normalize(result.first.stdout) } }, expectedOf(script), script), context).toBe('')
      })
    }
  })
})
