/**
 * Creates the keyed state backend of a subtask from the job configuration:
 *
 *   state.backend.type [state.backend]               hashmap (default) | rocksdb
 *   execution.checkpointing.incremental               incremental checkpoints (rocksdb only); default false
 *     [state.backend.incremental]
 *   state.backend.rocksdb.localdir                    parent folder of RocksDB working directories;
 *                                                     default <os tmpdir>/weir-rocksdb
 *   state.backend.rocksdb.weir.cache-entries          keys kept in the in-memory working set; default 100000
 *   state.backend.rocksdb.weir.flush-entries          dirty keys written back at the next prefetch;
 *                                                     default cache-entries / 4
 */
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CHECKPOINT_KEYS, parseBoolean, parseEnum, parseInteger, readOption } from '../checkpoint/checkpoint-options.js'
import type { StateBackendType } from '../checkpoint/checkpoint-options.js'
import { assertNever } from '../errors.js'
import type { KeyGroupRange } from './key-groups.js'
import type { KeyedStateBackend } from './keyed-state.js'
import { MemoryStateBackend } from './memory-backend.js'
import { DEFAULT_CACHE_ENTRIES, RocksDBStateBackend } from './rocksdb-backend.js'

export const ROCKSDB_LOCAL_DIR = 'state.backend.rocksdb.localdir'
export const ROCKSDB_CACHE_ENTRIES = 'state.backend.rocksdb.weir.cache-entries'
export const ROCKSDB_FLUSH_ENTRIES = 'state.backend.rocksdb.weir.flush-entries'

export interface StateBackendSettings {
  readonly type: StateBackendType
  readonly incremental: boolean
  readonly localDir: string
  readonly cacheEntries: number
  readonly flushEntries: number | undefined
}

type Config = Readonly<Record<string, string>>

export function stateBackendSettings(config: Config): StateBackendSettings {
  const type = readOption(config, CHECKPOINT_KEYS.stateBackend)
  const incremental = readOption(config, CHECKPOINT_KEYS.incremental)
  const local = readOption(config, { key: ROCKSDB_LOCAL_DIR, fallbacks: ['state.backend.rocksdb.local-directories'] })
  const cache = readOption(config, { key: ROCKSDB_CACHE_ENTRIES, fallbacks: [] })
  const flush = readOption(config, { key: ROCKSDB_FLUSH_ENTRIES, fallbacks: [] })
  return {
    type: type === undefined ? 'hashmap' : parseEnum(type.key, type.value, ['hashmap', 'rocksdb'] as const, { filesystem: 'hashmap', jobmanager: 'hashmap' }),
    incremental: incremental === undefined ? false : parseBoolean(incremental.key, incremental.value),
    // Flink allows several comma-separated directories; one is enough on one machine.
    localDir: local === undefined ? join(tmpdir(), 'weir-rocksdb') : (local.value.split(',')[0] ?? '').trim(),
    cacheEntries: cache === undefined ? DEFAULT_CACHE_ENTRIES : parseInteger(cache.key, cache.value, 1),
    flushEntries: flush === undefined ? undefined : parseInteger(flush.key, flush.value, 1),
  }
}

export interface StateBackendContext {
  readonly keyGroupRange: KeyGroupRange
  readonly maxParallelism: number
  /** Processing-time clock for TTL (tests inject a fake one). */
  readonly clock?: () => number
}

export async function createStateBackend(config: Config | StateBackendSettings, ctx: StateBackendContext): Promise<KeyedStateBackend> {
  const s = isSettings(config) ? config : stateBackendSettings(config)
  switch (s.type) {
    case 'hashmap':
      return new MemoryStateBackend(ctx.keyGroupRange, ctx.maxParallelism, ctx.clock ?? Date.now)
    case 'rocksdb':
      return RocksDBStateBackend.create(ctx.keyGroupRange, ctx.maxParallelism, {
        localDir: s.localDir,
        cacheEntries: s.cacheEntries,
        ...(s.flushEntries !== undefined ? { flushEntries: s.flushEntries } : {}),
        incremental: s.incremental,
        ...(ctx.clock !== undefined ? { clock: ctx.clock } : {}),
      })
    default:
      return assertNever(s.type, 'state backend')
  }
}

function isSettings(c: Config | StateBackendSettings): c is StateBackendSettings {
  return typeof (c as StateBackendSettings).cacheEntries === 'number'
}
