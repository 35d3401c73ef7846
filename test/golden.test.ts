/**
 * Golden SQL: every sql-examples/**\/*.sql (except nexmark) runs through the built CLI (`weir -f`) and must print
 * exactly its sibling `.out` (job ids normalised; `-- @sort` compares sorted lines). `-- @fail: text` scripts must
 * fail with that text. `UPDATE_GOLDEN=1 npm test` rewrites the .out files: review the diff before committing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseDirectives } from './golden/directives.js'
import { CLI, findScripts, normalize, plainRun, REPO, sortedLines, type GoldenScript, type RunMode } from './golden/golden-runner.js'

const UPDATE = process.env['UPDATE_GOLDEN'] === '1'
const MODES: readonly RunMode[] = [plainRun]

const scripts: GoldenScript[] = findScripts().map((path) => ({
  path,
  outPath: path.replace(/\.sql$/, '.out'),
  directives: parseDirectives(readFileSync(join(REPO, path), 'utf8')),
}))

describe('golden SQL examples', () => {
  it('has a built CLI and at least a dozen examples', () => {
    expect(existsSync(CLI), `${CLI} is missing: run \`npm run build\` (npm test builds first)`).toBe(true)
    expect(scripts.length).toBeGreaterThanOrEqual(12)
  })

  for (const mode of MODES) {
    describe(mode.name, () => {
      for (const script of scripts) {
        const d = script.directives
        const timeoutMs = (d.timeoutSeconds ?? 60) * 1000
        const test = d.skip !== undefined ? it.skip : it
        test(script.path, { timeout: timeoutMs + 5000 }, async () => {
          const result = await mode.run(script, timeoutMs)
          const context = `exit ${String(result.code)}${result.signal === null ? '' : ` (${result.signal})`}\n--- stderr ---\n${result.stderr}`
          if (d.fail !== undefined) {
            expect(result.code, `expected a failure\n${context}`).not.toBe(0)
            expect(result.stdout + result.stderr).toContain(d.fail)
          } else {
            expect(result.code, `expected success\n${result.stdout}\n${context}`).toBe(0)
          }
          const actual = normalize(result.stdout)
          const outFile = join(REPO, script.outPath)
          if (UPDATE) {
            writeFileSync(outFile, actual)
            return
          }
          expect(existsSync(outFile), `${script.outPath} is missing; run UPDATE_GOLDEN=1 npm test and review it`).toBe(true)
          const expected = normalize(readFileSync(outFile, 'utf8'))
          if (d.sort) expect(sortedLines(actual), context).toBe(sortedLines(expected))
          else expect(actual, context).toBe(expected)
        })
      }
    })
  }
})
