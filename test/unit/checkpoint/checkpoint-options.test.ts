import { describe, expect, it } from 'vitest'
import { parseCheckpointOptions, parseDuration } from '../../../src/checkpoint/checkpoint-options.js'
import { EngineError } from '../../../src/errors.js'
import { stateBackendSettings } from '../../../src/state/state-backend-factory.js'

function error(fn: () => unknown): EngineError {
  try {
    fn()
  } catch (e) {
    if (e instanceof EngineError) return e
    throw e
  }
  throw new Error('expected an EngineError')
}

describe('durations (Flink syntax)', () => {
  it.each([
    ['500 ms', 500],
    ['10 s', 10_000],
    ['10s', 10_000],
    ['1min', 60_000],
    ['3 min', 180_000],
    ['1 h', 3_600_000],
    ['2 hours', 7_200_000],
    ['1 d', 86_400_000],
    ['250', 250],
    ['10 seconds', 10_000],
  ])('%s = %d ms', (text, ms) => {
    expect(parseDuration('k', text)).toBe(ms)
  })

  it.each(['ten seconds', '1.5 s', '10 parsecs', '-5 s', ''])('rejects %j naming the key and the syntax', (text) => {
    const e = error(() => parseDuration('execution.checkpointing.interval', text))
    expect(e.code).toBe('CHECKPOINT_INVALID_OPTION')
    expect(e.message).toContain("for 'execution.checkpointing.interval'")
    expect(e.message).toContain("'10 s'")
  })
})

describe('checkpoint options', () => {
  it("Flink's defaults: checkpointing off, EXACTLY_ONCE, 10 min timeout, one retained, hashmap, NO_CLAIM", () => {
    expect(parseCheckpointOptions({})).toEqual({
      intervalMs: null,
      mode: 'EXACTLY_ONCE',
      timeoutMs: 600_000,
      minPauseMs: 0,
      maxConcurrent: 1,
      tolerableFailed: 0,
      externalizedRetention: 'NO_EXTERNALIZED_CHECKPOINTS',
      numRetained: 1,
      checkpointDir: null,
      incremental: false,
      stateBackend: 'hashmap',
      savepointDir: null,
      recoveryPath: null,
      ignoreUnclaimedState: false,
      claimMode: 'NO_CLAIM',
    })
  })

  it('reads the current keys', () => {
    const o = parseCheckpointOptions({
      'execution.checkpointing.interval': '10 s',
      'execution.checkpointing.mode': 'at_least_once',
      'execution.checkpointing.timeout': '1 min',
      'execution.checkpointing.min-pause': '500 ms',
      'execution.checkpointing.max-concurrent-checkpoints': '2',
      'execution.checkpointing.tolerable-failed-checkpoints': '3',
      'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
      'execution.checkpointing.num-retained': '3',
      'execution.checkpointing.dir': 'file:///tmp/ckpt',
      'execution.checkpointing.incremental': 'true',
      'state.backend.type': 'rocksdb',
      'execution.checkpointing.savepoint-dir': '/tmp/sp',
      'execution.state-recovery.path': 'file:/tmp/sp/savepoint-cca7bc-bb1e257f0dab',
      'execution.state-recovery.ignore-unclaimed-state': 'TRUE',
      'execution.state-recovery.claim-mode': 'claim',
    })
    expect(o).toEqual({
      intervalMs: 10_000,
      mode: 'AT_LEAST_ONCE',
      timeoutMs: 60_000,
      minPauseMs: 500,
      maxConcurrent: 2,
      tolerableFailed: 3,
      externalizedRetention: 'RETAIN_ON_CANCELLATION',
      numRetained: 3,
      checkpointDir: '/tmp/ckpt',
      incremental: true,
      stateBackend: 'rocksdb',
      savepointDir: '/tmp/sp',
      recoveryPath: '/tmp/sp/savepoint-cca7bc-bb1e257f0dab',
      ignoreUnclaimedState: true,
      claimMode: 'CLAIM',
    })
  })

  it('reads the deprecated keys, and the current key wins when both are set', () => {
    const old = parseCheckpointOptions({
      'state.checkpoints.num-retained': '5',
      'state.checkpoints.dir': '/old/ckpt',
      'state.backend.incremental': 'true',
      'state.backend': 'rocksdb',
      'state.savepoints.dir': '/old/sp',
      'execution.savepoint.path': '/old/sp/savepoint-1',
      'execution.savepoint.ignore-unclaimed-state': 'true',
      'execution.savepoint-restore-mode': 'CLAIM',
    })
    expect(old).toMatchObject({ numRetained: 5, checkpointDir: '/old/ckpt', incremental: true, stateBackend: 'rocksdb', savepointDir: '/old/sp', recoveryPath: '/old/sp/savepoint-1', ignoreUnclaimedState: true, claimMode: 'CLAIM' })
    const both = parseCheckpointOptions({ 'execution.checkpointing.dir': '/new', 'state.checkpoints.dir': '/old', 'state.backend.type': 'hashmap', 'state.backend': 'rocksdb' })
    expect(both).toMatchObject({ checkpointDir: '/new', stateBackend: 'hashmap' })
  })

  it('rejects invalid values, naming the key as written and the accepted values', () => {
    expect(error(() => parseCheckpointOptions({ 'execution.checkpointing.mode': 'MAYBE_ONCE' })).message).toBe(
      "invalid value 'MAYBE_ONCE' for 'execution.checkpointing.mode': expected one of EXACTLY_ONCE, AT_LEAST_ONCE",
    )
    expect(error(() => parseCheckpointOptions({ 'state.backend': 'forst' })).message).toBe("invalid value 'forst' for 'state.backend': expected one of hashmap, rocksdb")
    expect(error(() => parseCheckpointOptions({ 'execution.savepoint-restore-mode': 'LEGACY' })).message).toBe(
      "invalid value 'LEGACY' for 'execution.savepoint-restore-mode': expected one of NO_CLAIM, CLAIM",
    )
    expect(error(() => parseCheckpointOptions({ 'execution.checkpointing.externalized-checkpoint-retention': 'KEEP' })).message).toContain(
      'RETAIN_ON_CANCELLATION, DELETE_ON_CANCELLATION, NO_EXTERNALIZED_CHECKPOINTS',
    )
    expect(error(() => parseCheckpointOptions({ 'state.checkpoints.num-retained': '0' })).message).toBe("invalid value '0' for 'state.checkpoints.num-retained': expected an integer >= 1")
    expect(error(() => parseCheckpointOptions({ 'execution.checkpointing.interval': '5 ms' })).message).toContain('at least 10 ms')
    expect(error(() => parseCheckpointOptions({ 'execution.checkpointing.incremental': 'yes' })).message).toBe(
      "invalid value 'yes' for 'execution.checkpointing.incremental': expected 'true' or 'false'",
    )
  })
})

describe('state backend settings', () => {
  it('hashmap by default; rocksdb with its working-set options', () => {
    expect(stateBackendSettings({}).type).toBe('hashmap')
    const s = stateBackendSettings({
      'state.backend.type': 'rocksdb',
      'state.backend.rocksdb.localdir': '/var/tmp/rocks',
      'state.backend.rocksdb.weir.cache-entries': '5000',
      'state.backend.incremental': 'true',
    })
    expect(s).toEqual({ type: 'rocksdb', incremental: true, localDir: '/var/tmp/rocks', cacheEntries: 5000, flushEntries: undefined })
    expect(error(() => stateBackendSettings({ 'state.backend.rocksdb.weir.cache-entries': 'lots' })).message).toBe(
      "invalid value 'lots' for 'state.backend.rocksdb.weir.cache-entries': expected an integer >= 1",
    )
  })
})
