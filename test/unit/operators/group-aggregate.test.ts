import { describe, expect, it } from 'vitest'
import type { AggCall, StreamGroupAggregate } from '../../../src/plan/physical/stream-nodes.js'

import { RETRACT } from '../../../src/sql/row-kind.js'
import { GroupAggregateOperator } from '../../../src/operators/group-aggregate.js'
import { OperatorHarness } from '../../../src/testing/operator-harness.js'
import { agg, BIGINT, BOOL, dec, DOUBLE, edge, fields, input, INT, multiset, STR, types } from './fixtures.js'

const IN = fields(['k', STR], ['v', INT], ['flag', BOOL])

function node(aggCalls: AggCall[], opts: { needRetraction?: boolean; generateUpdateBefore?: boolean; inputFields?: typeof IN; groupKeys?: number[] } = {}): StreamGroupAggregate {
  const inFields = opts.inputFields ?? IN
  const groupKeys = opts.groupKeys ?? [0]
  return {
    kind: 'StreamGroupAggregate',
    id: 1,
    uid: 'agg',
    parallelism: 1,
    fields: [...groupKeys.map((k) => inFields[k]!), ...aggCalls.map((c) => ({ name: c.name, type: c.type }))],
    changelogMode: RETRACT,
    inputs: [edge(input(inFields, opts.needRetraction ?? false), groupKeys)],
    groupKeys,
    aggCalls,
    needRetraction: opts.needRetraction ?? false,
    generateUpdateBefore: opts.generateUpdateBefore ?? true,
  }
}

async function harness(n: StreamGroupAggregate, config: Record<string, string> = {}) {
  return OperatorHarness.open(() => new GroupAggregateOperator(n), {
    inputTypes: [types(n.inputs[0]!.node.fields)],
    outputTypes: types(n.fields),
    config,
  })
}

describe('GroupAggregateOperator', () => {
  it('emits +I for a new key and -U/+U on change', async () => {
    const h = await harness(node([agg('COUNT', [], BIGINT), agg('SUM', [1], INT)]))
    h.push('+I a 1 true', '+I a 2 true', '+I b 5 true')
    expect(h.take()).toEqual(['+I[a, 1, 1]', '-U[a, 1, 1]', '+U[a, 2, 3]', '+I[b, 1, 5]'])
  })

  it('retracts input rows and deletes a key when its last row is retracted', async () => {
    const h = await harness(node([agg('COUNT', [], BIGINT), agg('SUM', [1], INT)], { needRetraction: true }))
    h.push('+I a 1 true', '+I a 2 true', '-U a 1 true', '+U a 4 true')
    expect(h.take()).toEqual(['+I[a, 1, 1]', '-U[a, 1, 1]', '+U[a, 2, 3]', '-U[a, 2, 3]', '+U[a, 1, 2]', '-U[a, 1, 2]', '+U[a, 2, 6]'])
    h.push('-D a 2 true', '-D a 4 true')
    expect(h.take()).toEqual(['-U[a, 2, 6]', '+U[a, 1, 4]', '-D[a, 1, 4]'])
    h.push('+I a 7 true')
    expect(h.take()).toEqual(['+I[a, 1, 7]'])
  })

  it('ignores a retraction for a key it has no state for', async () => {
    const h = await harness(node([agg('COUNT', [], BIGINT)], { needRetraction: true }))
    h.push('-D x 1 true', '-U x 1 true')
    expect(h.take()).toEqual([])
  })

  it('suppresses unchanged results, but not when state TTL is on', async () => {
    const n = node([agg('MAX', [1], INT)])
    const h = await harness(n)
    h.push('+I a 5 true', '+I a 3 true', '+I a 6 true')
    expect(h.take()).toEqual(['+I[a, 5]', '-U[a, 5]', '+U[a, 6]'])
    const t = await harness(n, { 'table.exec.state.ttl': '1 h' })
    t.push('+I a 5 true', '+I a 3 true')
    expect(t.take()).toEqual(['+I[a, 5]', '-U[a, 5]', '+U[a, 5]'])
  })

  it('emits only +U without generateUpdateBefore', async () => {
    const h = await harness(node([agg('SUM', [1], INT)], { generateUpdateBefore: false, needRetraction: true }))
    h.push('+I a 1 true', '+I a 2 true', '-D a 1 true', '-D a 2 true')
    expect(h.take()).toEqual(['+I[a, 1]', '+U[a, 3]', '+U[a, 2]', '-D[a, 2]'])
  })

  it('forgets keys after the state TTL passes on the processing-time clock', async () => {
    const h = await harness(node([agg('COUNT', [], BIGINT)]), { 'table.exec.state.ttl': '1000 ms' })
    h.push('+I a 1 true')
    h.setProcessingTime(999)
    h.push('+I a 1 true')
    h.setProcessingTime(1998)
    h.push('+I a 1 true') // written at 999, so still alive at 1998
    h.setProcessingTime(3000)
    h.push('+I a 1 true')
    expect(h.take()).toEqual(['+I[a, 1]', '-U[a, 1]', '+U[a, 2]', '-U[a, 2]', '+U[a, 3]', '+I[a, 1]'])
  })

  it('counts DISTINCT values and retracts them only on their last occurrence', async () => {
    const h = await harness(node([agg('COUNT', [1], BIGINT, { distinct: true }), agg('SUM', [1], INT, { distinct: true }), agg('COUNT', [], BIGINT)], { needRetraction: true }))
    h.push('+I a 1 true', '+I a 1 true', '+I a 2 true', '-D a 1 true')
    expect(h.take()).toEqual(['+I[a, 1, 1, 1]', '-U[a, 1, 1, 1]', '+U[a, 1, 1, 2]', '-U[a, 1, 1, 2]', '+U[a, 2, 3, 3]', '-U[a, 2, 3, 3]', '+U[a, 2, 3, 2]'])
    h.push('-D a 1 true')
    expect(h.take()).toEqual(['-U[a, 2, 3, 2]', '+U[a, 1, 2, 1]'])
    h.push('-D a 2 true', '+I a 2 true')
    expect(h.take()).toEqual(['-D[a, 1, 2, 1]', '+I[a, 1, 2, 1]'])
  })

  it('applies FILTER (WHERE ...) only to rows where the filter is TRUE', async () => {
    const h = await harness(node([agg('COUNT', [], BIGINT, { filterArg: 2 }), agg('SUM', [1], INT, { filterArg: 2 }), agg('COUNT', [], BIGINT)]))
    h.push('+I a 1 false', '+I a 2 null', '+I a 3 true')
    expect(h.take()).toEqual(['+I[a, 0, null, 1]', '-U[a, 0, null, 1]', '+U[a, 0, null, 2]', '-U[a, 0, null, 2]', '+U[a, 1, 3, 3]'])
  })

  it('keeps MIN/MAX correct under retraction of the current extreme', async () => {
    const h = await harness(node([agg('MIN', [1], INT), agg('MAX', [1], INT)], { needRetraction: true }))
    h.push('+I a 3 true', '+I a 1 true', '+I a 5 true', '+I a 1 true', '-D a 1 true')
    h.take()
    h.push('-D a 1 true')
    expect(h.take()).toEqual(['-U[a, 1, 5]', '+U[a, 3, 5]'])
    h.push('-D a 5 true')
    expect(h.take()).toEqual(['-U[a, 3, 5]', '+U[a, 3, 3]'])
  })

  it('computes AVG in the argument type (INT truncates, DECIMAL rounds half up) and SUM null vs SUM0', async () => {
    const inFields = fields(['k', STR], ['v', INT], ['d', dec(10, 2)])
    const n = node([agg('AVG', [1], INT), agg('AVG', [2], dec(38, 6)), agg('SUM', [1], INT), agg('SUM0', [1], INT), agg('AVG', [1], DOUBLE)], { inputFields: inFields })
    const h = await harness(n)
    h.push('+I a null null')
    expect(h.take()).toEqual(['+I[a, null, null, null, 0, null]'])
    h.push('+I a 1 1.00', '+I a 2 0.01')
    expect(h.take().slice(-1)).toEqual(['+U[a, 1, 0.505000, 3, 3, 1.5]'])
    h.push('+I a -7 0.01')
    expect(h.take().slice(-1)).toEqual(['+U[a, -1, 0.340000, -4, -4, -1.3333333333333333]'])
  })

  it('wraps BIGINT sums at 64 bits and INT sums at 32 bits', async () => {
    const inFields = fields(['k', STR], ['v', INT], ['b', BIGINT])
    const h = await harness(node([agg('SUM', [2], BIGINT), agg('SUM', [1], INT)], { inputFields: inFields }))
    h.push('+I a 2147483647 9223372036854775807', '+I a 1 1')
    expect(h.take().slice(-1)).toEqual(['+U[a, -9223372036854775808, -2147483648]'])
  })

  it('supports LISTAGG, COLLECT, FIRST_VALUE/LAST_VALUE and the variance family with retraction', async () => {
    const inFields = fields(['k', STR], ['s', STR], ['v', DOUBLE])
    const calls = [
      agg('LISTAGG', [1], STR),
      agg('LISTAGG', [1], STR, { constants: ['|'] }),
      agg('COLLECT', [1], multiset(STR)),
      agg('FIRST_VALUE', [1], STR),
      agg('LAST_VALUE', [1], STR),
      agg('VAR_POP', [2], DOUBLE),
      agg('STDDEV_SAMP', [2], DOUBLE),
    ]
    const h = await harness(node(calls, { needRetraction: true, inputFields: inFields }))
    h.push('+I a x 1', '+I a y 3', '+I a x 5', '+I a null null')
    expect(h.take().slice(-1)).toEqual(['+U[a, x,y,x, x|y|x, {x=2, y=1}, x, x, 2.6666666666666665, 2.0]'])
    h.push('-D a x 1')
    expect(h.take().slice(-1)).toEqual(['+U[a, y,x, y|x, {x=1, y=1}, y, x, 1.0, 1.4142135623730951]'])
  })

  it('aggregates globally without group keys', async () => {
    const h = await harness(node([agg('COUNT', [], BIGINT)], { groupKeys: [] }))
    h.push('+I a 1 true', '+I b 1 true')
    expect(h.take()).toEqual(['+I[1]', '-U[1]', '+U[2]'])
  })
})

