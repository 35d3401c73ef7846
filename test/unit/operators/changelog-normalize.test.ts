import { describe, expect, it } from 'vitest'
import type { StreamChangelogNormalize } from '../../../src/plan/physical/stream-nodes.js'
import { RETRACT, upsertMode } from '../../../src/sql/row-kind.js'
import { ChangelogNormalizeOperator } from '../../../src/operators/changelog-normalize.js'
import { OperatorHarness } from '../../../src/testing/operator-harness.js'
import { edge, fields, input, INT, STR, types } from './fixtures.js'

const IN = fields(['id', STR], ['v', INT])

function node(updateBefore = true): StreamChangelogNormalize {
  return { kind: 'StreamChangelogNormalize', id: 1, uid: 'cn', parallelism: 1, fields: IN, changelogMode: updateBefore ? RETRACT : upsertMode([0]), inputs: [edge(input(IN, true), [0])], keys: [0] }
}

const open = (n: StreamChangelogNormalize, config: Record<string, string> = {}) =>
  OperatorHarness.open(() => new ChangelogNormalizeOperator(n), { inputTypes: [types(IN)], config })

describe('ChangelogNormalizeOperator', () => {
  it('turns upserts into +I / -U,+U and drops identical duplicates', async () => {
    const h = await open(node())
    h.push('+U a 1', '+U a 1', '+U a 2', '+I b 5')
    expect(h.take()).toEqual(['+I[a, 1]', '-U[a, 1]', '+U[a, 2]', '+I[b, 5]'])
  })

  it('deletes emit the stored full row, only for existing keys', async () => {
    const h = await open(node())
    h.push('-D x null', '+I a 1', '-D a null', '-D a null', '-U b 1', '+U a 3')
    expect(h.take()).toEqual(['+I[a, 1]', '-D[a, 1]', '+I[a, 3]'])
  })

  it('sends identical updates when state TTL is on, and only +U without UPDATE_BEFORE', async () => {
    const t = await open(node(), { 'table.exec.state.ttl': '1 min' })
    t.push('+U a 1', '+U a 1')
    expect(t.take()).toEqual(['+I[a, 1]', '-U[a, 1]', '+U[a, 1]'])
    const u = await open(node(false))
    u.push('+U a 1', '+U a 2')
    expect(u.take()).toEqual(['+I[a, 1]', '+U[a, 2]'])
  })
})
