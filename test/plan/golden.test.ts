/**
 * EXPLAIN and error goldens: every test/plan/{golden,errors}/*.sql runs statement by statement (DDL, SET, EXPLAIN,
 * INSERT/SELECT planning); EXPLAIN output and rendered errors are compared with the sibling .plan file.
 * UPDATE_GOLDEN=1 rewrites the expected files (review the diff).
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { EngineError } from '../../src/errors.js'
import { explainStatement, planStatement } from '../../src/plan/planner.js'
import { parseScript } from '../../src/sql/parser.js'
import { isDdl, newEnv } from './helpers.js'

function runScript(sql: string): string {
  const env = newEnv()
  const out: string[] = []
  let statements
  try {
    statements = parseScript(sql).statements
  } catch (e) {
    if (e instanceof EngineError) return `[ERROR] ${e.render()}\n`
    throw e
  }
  for (const s of statements) {
    const penv = { catalog: env.catalog, connectors: env.connectors, config: env.config, sql }
    try {
      if (isDdl(s)) env.catalog.executeDdl(s, sql)
      else if (s.kind === 'Set' && s.key !== undefined && s.value !== undefined) env.config[s.key] = s.value
      else if (s.kind === 'Explain') out.push(explainStatement(s, penv))
      else if (s.kind === 'Insert' || s.kind === 'QueryStatement' || s.kind === 'StatementSet' || s.kind === 'CreateTable') planStatement(s, penv)
      else if (s.kind === 'Describe') out.push(env.catalog.describe(s.name, sql).rows.map((r) => r.join(' | ')).join('\n') + '\n')
      else if (s.kind === 'ShowCreate') out.push(env.catalog.showCreate(s, sql))
    } catch (e) {
      if (!(e instanceof EngineError)) throw e
      out.push(`[ERROR] ${e.render()}\n`)
    }
  }
  return out.join('\n')
}

for (const dir of ['golden', 'errors']) {
  const root = fileURLToPath(new URL(`./${dir}/`, import.meta.url))
  const files = existsSync(root) ? readdirSync(root).filter((f) => f.endsWith('.sql')).sort() : []
  describe(`plan ${dir}`, () => {
    for (const f of files) {
      test(f, () => {
        const sql = readFileSync(root + f, 'utf8')
        const actual = runScript(sql)
        const expectedPath = root + f.replace(/\.sql$/, '.plan')
        if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(expectedPath)) {
          writeFileSync(expectedPath, actual)
          if (process.env['UPDATE_GOLDEN'] !== '1') throw new Error(`wrote missing golden ${expectedPath}; review it`)
          return
        }
        expect(actual).toBe(readFileSync(expectedPath, 'utf8'))
      })
    }
  })
}
