/**
 * The job configuration keys the runtime reads, parsed once per job.
 *   parallelism.default                 (the planner applies it to nodes; the runtime uses it for slot count)
 *   pipeline.auto-watermark-interval    accepted (200 ms); sources emit a watermark after every batch that advances it,
 *                                       which is at least as often as Flink's periodic emitter and deterministic
 *   table.exec.source.idle-timeout      0 = off
 *   state.backend.type                  hashmap | rocksdb (see src/state/state-backend-factory.ts); with rocksdb,
 *                                       keyed operators head their own task so their batches' keys can be prefetched
 *   execution.checkpointing.mode        EXACTLY_ONCE (barriers aligned) or AT_LEAST_ONCE (not aligned)
 *   weir.runtime.threads                'true' (default when any parallelism > 1) runs subtasks on worker threads
 *   weir.runtime.batch-size             rows per source poll, default 1024
 *   weir.runtime.channel-capacity       batches a channel holds before its producer waits, default 4
 *   weir.runtime.debug                  'true' logs how the job runs (threads, start-up time) to the job log
 */
import { EngineError } from '../errors.js'
import type { CheckpointingMode } from './barrier-aligner.js'
import { stateBackendSettings } from '../state/state-backend-factory.js'
import { DEFAULT_CHANNEL_CAPACITY } from './channel.js'

export interface RuntimeConfig {
  readonly batchSize: number
  readonly channelCapacity: number
  readonly watermarkIntervalMs: number
  readonly idleTimeoutMs: number
  readonly stateBackend: 'hashmap' | 'rocksdb'
  readonly checkpointingMode: CheckpointingMode
  /** null: decide from the plan (threads when any parallelism > 1). */
  readonly threads: boolean | null
  readonly debug: boolean
}

export function runtimeConfig(config: Readonly<Record<string, string>>): RuntimeConfig {
  const threads = config['weir.runtime.threads']
  return {
    batchSize: positiveInt(config, 'weir.runtime.batch-size', 1024),
    channelCapacity: positiveInt(config, 'weir.runtime.channel-capacity', DEFAULT_CHANNEL_CAPACITY),
    watermarkIntervalMs: durationOption(config, 'pipeline.auto-watermark-interval', 200),
    idleTimeoutMs: durationOption(config, 'table.exec.source.idle-timeout', 0),
    stateBackend: stateBackendSettings(config).type,
    checkpointingMode: checkpointingMode(config['execution.checkpointing.mode']),
    threads: threads === undefined ? null : threads.trim().toLowerCase() !== 'false',
    debug: (config['weir.runtime.debug'] ?? '').trim().toLowerCase() === 'true',
  }
}

function checkpointingMode(v: string | undefined): CheckpointingMode {
  const m = (v ?? 'EXACTLY_ONCE').trim().toUpperCase().replace(/-/g, '_')
  if (m === 'EXACTLY_ONCE') return 'exactly-once'
  if (m === 'AT_LEAST_ONCE') return 'at-least-once'
  throw new EngineError('RUNTIME_INVALID_CONFIG', `'execution.checkpointing.mode' must be EXACTLY_ONCE or AT_LEAST_ONCE, got '${v}'`)
}

function positiveInt(config: Readonly<Record<string, string>>, key: string, dflt: number): number {
  const v = config[key]
  if (v === undefined) return dflt
  const n = Number(v.trim())
  if (!Number.isInteger(n) || n <= 0) throw new EngineError('RUNTIME_INVALID_CONFIG', `'${key}' must be a positive integer, got '${v}'`)
  return n
}

function durationOption(config: Readonly<Record<string, string>>, key: string, dflt: number): number {
  const v = config[key]
  if (v === undefined) return dflt
  const ms = parseDurationMs(v)
  if (ms === null) throw new EngineError('RUNTIME_INVALID_CONFIG', `'${key}' is not a duration: '${v}'`, { hint: "use e.g. '200 ms', '5 s', '1 min'" })
  return ms
}

const UNITS: Readonly<Record<string, number>> = {
  ms: 1, milli: 1, millis: 1, millisecond: 1, milliseconds: 1,
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
}

/** Flink's duration syntax: a number with an optional unit (default milliseconds). */
export function parseDurationMs(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text)
  if (m === null) return null
  const unit = m[2]!.toLowerCase()
  const factor = unit === '' ? 1 : UNITS[unit]
  if (factor === undefined) return null
  return Math.round(Number(m[1]) * factor)
}

/** Expression compiler options from the job configuration (the session time zone for TIMESTAMP_LTZ functions). */
export function compileOptionsOf(config: Readonly<Record<string, string>>): { timeZone?: string } {
  const tz = config['table.local-time-zone']
  return tz === undefined || tz === '' ? {} : { timeZone: tz }
}
