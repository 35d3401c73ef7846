import { describe, expect, it } from 'vitest'
import { CalcOperator } from '../../../src/operators/calc.js'
import { CorrelateOperator } from '../../../src/operators/correlate.js'
import { LimitOperator } from '../../../src/operators/limit.js'
import { WatermarkAssignerOperator } from '../../../src/operators/watermark-assigner.js'
import type { DataType } from '../../../src/sql/data-type.js'
import type { StreamCorrelate, StreamLimit, StreamNode, StreamWatermarkAssigner } from '../../../src/plan/physical/stream-nodes.js'
import { OperatorHarness } from '../../../src/testing/operator-harness.js'
import { INSERT_ONLY } from '../../../src/sql/row-kind.js'
import { BIGINT, BOOL, INT, STRING, calc, call, fields, inputRef, literal, values } from './plan-builders.js'

const base = { id: 9, uid: 'op', parallelism: 1, changelogMode: INSERT_ONLY }

describe('CalcOperator', () => {
  it('filters and projects, keeping row kinds', async () => {
    const fs = fields(['a', INT], ['b', STRING])
    const node = calc(values([], fs), [inputRef(1, STRING), call('+', [inputRef(0, INT), literal(1, INT)], INT)], call('>', [inputRef(0, INT), literal(1, INT)], BOOL), fields(['b', STRING], ['a1', INT]))
    const h = await OperatorHarness.open(() => new CalcOperator(node), { inputTypes: [[INT, STRING]] })
    h.push('+I 1 x', '-U 2 y', '+U 3 z', '-D 0 w')
    expect(h.take()).toEqual(['-U[y, 3]', '+U[z, 4]'])
  })

  it('passes batches through when the projection is the identity and there is no condition', async () => {
    const fs = fields(['a', INT])
    const node = calc(values([], fs), [inputRef(0, INT)], null, fs)
    const h = await OperatorHarness.open(() => new CalcOperator(node), { inputTypes: [[INT]] })
    h.push('+I 1', '-D 2')
    expect(h.take()).toEqual(['+I[1]', '-D[2]'])
  })
})

describe('LimitOperator', () => {
  it('skips the offset, emits fetch rows, and remembers its count across a restore', async () => {
    const node: StreamLimit = { ...base, kind: 'StreamLimit', fields: fields(['a', INT]), inputs: [], offset: 2, fetch: 3 }
    const h = await OperatorHarness.open(() => new LimitOperator(node), { inputTypes: [[INT]] })
    h.push('1', '2', '3')
    expect(h.take()).toEqual(['+I[3]'])
    const snap = h.snapshot()
    const h2 = await OperatorHarness.open(() => new LimitOperator(node), { inputTypes: [[INT]] }, snap)
    h2.push('4', '5', '6')
    expect(h2.take()).toEqual(['+I[4]', '+I[5]'])
  })
})

describe('WatermarkAssignerOperator', () => {
  it('generates the maximum of the watermark expression seen so far', async () => {
    const node: StreamWatermarkAssigner = {
      ...base,
      kind: 'StreamWatermarkAssigner',
      fields: fields(['ts', BIGINT]),
      inputs: [],
      rowtimeIndex: 0,
      expr: call('-', [inputRef(0, BIGINT), literal(5, BIGINT)], BIGINT),
    }
    const op = new WatermarkAssignerOperator(node)
    const h = await OperatorHarness.open(() => op, { inputTypes: [[BIGINT]] })
    h.push('100', '90')
    expect(op.outputWatermark()).toBe(95)
    h.push('50')
    expect(op.outputWatermark()).toBe(95)
    expect(h.take()).toEqual(['+I[100]', '+I[90]', '+I[50]'])
  })
})

describe('CorrelateOperator (UNNEST)', () => {
  const arrayOf = (element: DataType): DataType => ({ kind: 'ARRAY', nullable: true, element }) as DataType
  const input: StreamNode = values([], fields(['id', INT], ['xs', arrayOf(INT)]))
  const correlate = (over: Partial<StreamCorrelate>): StreamCorrelate => ({
    ...base,
    kind: 'StreamCorrelate',
    fields: fields(['id', INT], ['xs', arrayOf(INT)], ['x', INT]),
    inputs: [{ node: input, partitioning: { kind: 'forward' } }],
    expr: inputRef(1, arrayOf(INT)),
    withOrdinality: false,
    joinType: 'INNER',
    condition: null,
    ...over,
  })
  const run = async (node: StreamCorrelate, rows: unknown[][]): Promise<string[]> => {
    const h = await OperatorHarness.open(() => new CorrelateOperator(node))
    h.processBatch(0, { rows, kinds: null })
    return h.take()
  }

  it('emits one row per array element', async () => {
    expect(await run(correlate({}), [[1, [10, 20]], [2, []], [3, null]])).toEqual(['+I[1, [10, 20], 10]', '+I[1, [10, 20], 20]'])
  })

  it('WITH ORDINALITY appends the position; LEFT keeps rows without elements', async () => {
    const node = correlate({ withOrdinality: true, joinType: 'LEFT', fields: fields(['id', INT], ['xs', arrayOf(INT)], ['x', INT], ['ord', INT]) })
    expect(await run(node, [[1, [7, 8]], [2, []]])).toEqual(['+I[1, [7, 8], 7, 1]', '+I[1, [7, 8], 8, 2]', '+I[2, [], null, null]'])
  })

  it('spreads ROW elements and unnests MAP entries', async () => {
    const rowT = { kind: 'ROW', nullable: true, fields: [{ name: 'a', type: INT }, { name: 'b', type: STRING }] } as DataType
    const rows = correlate({ expr: inputRef(1, arrayOf(rowT)), fields: fields(['id', INT], ['xs', arrayOf(rowT)], ['a', INT], ['b', STRING]) })
    expect(await run(rows, [[1, [[5, 'x']]]])).toEqual(['+I[1, [[5, x]], 5, x]'])
    const mapT = { kind: 'MAP', nullable: true, key: STRING, value: INT } as DataType
    const map = correlate({ expr: inputRef(1, mapT), fields: fields(['id', INT], ['m', mapT], ['k', STRING], ['v', INT]) })
    const out = await run(map, [[1, new Map([['p', 1], ['q', 2]])]])
    expect(out).toHaveLength(2)
    expect(out[0]).toMatch(/, p, 1\]$/)
  })
})
