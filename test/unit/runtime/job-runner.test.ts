import { describe, expect, it } from 'vitest'
import { startJob } from '../../../src/runtime/job-runner.js'
import type { RowBatch } from '../../../src/runtime/row-batch.js'
import { ConnectorRegistry } from '../../../src/catalog/connector-registry.js'
import { INT, STRING, calc, call, collectSink, fields, inputRef, literal, plan, union, values, BOOL } from './plan-builders.js'

function run(p: ReturnType<typeof plan>, config: Record<string, string> = {}, connectors = new ConnectorRegistry(null)) {
  const out: RowBatch[] = []
  const handle = startJob(p, { jobId: '0'.repeat(32), jobName: 'test', config, connectors, collect: (b) => out.push(b) })
  return { handle, out, rows: () => out.flatMap((b) => b.rows) }
}

describe('startJob', () => {
  it('runs values -> calc -> collect and finishes', async () => {
    const fs = fields(['a', INT], ['b', STRING])
    const v = values([[1, 'x'], [2, 'y'], [3, 'z']], fs)
    const c = calc(v, [inputRef(1, STRING), call('*', [inputRef(0, INT), literal(10, INT)], INT)], call('>', [inputRef(0, INT), literal(1, INT)], BOOL), fields(['b', STRING], ['a10', INT]))
    const { handle, rows } = run(plan(collectSink(c)))
    const result = await handle.done
    expect(result.status).toBe('FINISHED')
    expect(rows()).toEqual([['y', 20], ['z', 30]])
    expect(handle.status()).toBe('FINISHED')
    const m = handle.metrics!().operators
    expect(m[`Calc[${c.uid}]`]).toMatchObject({ numRecordsIn: 3, numRecordsOut: 2 })
  })
})

describe('shared sub-plans', () => {
  it('a node feeding two chained consumers gives each its own rows', async () => {
    const fs = fields(['a', INT])
    const v = values([[1], [2]], fs)
    const a = calc(v, [call('+', [inputRef(0, INT), literal(1, INT)], INT)], null, fs)
    const b = calc(v, [call('*', [inputRef(0, INT), literal(10, INT)], INT)], null, fs)
    const u = union([{ node: a }, { node: b }])
    const { handle, rows } = run(plan(collectSink(u, { kind: 'forward' })))
    expect((await handle.done).status).toBe('FINISHED')
    expect(rows().map((r) => r[0]).sort((x, y) => (x as number) - (y as number))).toEqual([2, 3, 10, 20])
  })
})

describe('unsupported plans', () => {
  it('an unknown node kind fails the job with RUNTIME_UNSUPPORTED_OPERATOR', async () => {
    const fs = fields(['a', INT])
    const v = values([[1]], fs)
    const bogus = { ...calc(v, [inputRef(0, INT)], null, fs), kind: 'StreamTeleport' } as unknown as ReturnType<typeof calc>
    const { handle } = run(plan(collectSink(bogus)))
    const r = await handle.done
    expect(r.status).toBe('FAILED')
    expect((r.error as { code?: string }).code).toBe('RUNTIME_UNSUPPORTED_OPERATOR')
    expect(r.error!.message).toContain('StreamTeleport')
  })
})
