/**
 * The Nexmark queries of sql-examples/nexmark planned with EXPLAIN: supported ones against golden plans
 * (test/plan/nexmark/qN.plan), unsupported ones against their PLAN_UNSUPPORTED error. UPDATE_GOLDEN=1 rewrites.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { EngineError } from '../../src/errors.js'
import { explainStatement } from '../../src/plan/planner.js'
import { parseScript } from '../../src/sql/parser.js'
import { isDdl, newEnv } from './helpers.js'

const dir = fileURLToPath(new URL('../../sql-examples/nexmark/', import.meta.url))
const goldenDir = fileURLToPath(new URL('./nexmark/', import.meta.url))
const queries = existsSync(dir) ? readdirSync(dir).filter((f) => /^q\d+\.sql$/.test(f)).sort((a, b) => Number(a.slice(1, -4)) - Number(b.slice(1, -4))) : []

function explainQuery(file: string): string {
  const sql = `${readFileSync(dir + 'ddl.sql', 'utf8')}\n${readFileSync(dir + file, 'utf8')}`
  const env = newEnv({ 'parallelism.default': '2' })
  const out: string[] = []
  for (const s of parseScript(sql).statements) {
    const penv = { catalog: env.catalog, connectors: env.connectors, config: env.config, sql }
    try {
      if (isDdl(s)) env.catalog.executeDdl(s, sql)
      else if (s.kind === 'Set' && s.key !== undefined && s.value !== undefined) env.config[s.key] = s.value
      else if (s.kind === 'Insert' || s.kind === 'StatementSet' || s.kind === 'QueryStatement') {
        out.push(explainStatement({ kind: 'Explain', details: ['CHANGELOG_MODE'], planFor: false, statement: s, span: s.span }, penv))
      }
    } catch (e) {
      if (!(e instanceof EngineError)) throw e
      out.push(`[ERROR] ${e.render()}\n`)
    }
  }
  return out.join('\n')
}

describe('nexmark plans', () => {
  for (const q of queries) {
    test(q, () => {
      const actual = explainQuery(q)
      const path = goldenDir + q.replace(/\.sql$/, '.plan')
      if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(path)) {
        writeFileSync(path, actual)
        if (process.env['UPDATE_GOLDEN'] !== '1') throw new Error(`wrote missing golden ${path}; review it`)
        return
      }
      expect(actual).toBe(readFileSync(path, 'utf8'))
    })
  }
})
