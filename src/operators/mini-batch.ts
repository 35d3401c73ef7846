/**
 * Flink's mini-batch options (`table.exec.mini-batch.*`) as the operators read them from the job configuration.
 * Weir's runtime already hands operators batches of at most `weir.runtime.batch-size` rows, so a bundle is the
 * rows of one input batch, capped at `table.exec.mini-batch.size`: an operator never holds rows back across
 * batches, latency stays that of the batch itself (never above `allow-latency`), and checkpoints need no buffered
 * rows. `allow-latency` is therefore only validated, as Flink requires it when mini-batch is on.
 */
import { EngineError } from '../errors.js'
import { parseDuration } from './state-ttl.js'

const ENABLED = 'table.exec.mini-batch.enabled'
const LATENCY = 'table.exec.mini-batch.allow-latency'
const SIZE = 'table.exec.mini-batch.size'

/** The bundle size in rows when mini-batch is enabled, undefined when it is off. Throws on invalid options. */
export function miniBatchSize(config: Readonly<Record<string, string>>): number | undefined {
  const enabled = config[ENABLED]?.trim().toLowerCase()
  if (enabled === undefined || enabled === '' || enabled === 'false') return undefined
  if (enabled !== 'true') {
    throw new EngineError('PLAN_INVALID_OPTION', `invalid value '${config[ENABLED]}' for '${ENABLED}'`, { hint: "use 'true' or 'false'" })
  }
  const latency = config[LATENCY]
  const latencyMs = latency === undefined || latency.trim() === '' ? 0 : parseDuration(latency, LATENCY)
  if (latencyMs <= 0) {
    throw new EngineError('PLAN_INVALID_OPTION', `'${LATENCY}' must be greater than 0 ms when '${ENABLED}' is true`, {
      hint: `SET '${LATENCY}' = '1 s'`,
    })
  }
  const sizeText = config[SIZE]?.trim() ?? ''
  const size = /^-?\d+$/.test(sizeText) ? Number(sizeText) : Number.NaN
  if (!(size > 0)) {
    throw new EngineError('PLAN_INVALID_OPTION', `'${SIZE}' must be greater than 0 when '${ENABLED}' is true`, {
      hint: `SET '${SIZE}' = '1000'`,
    })
  }
  return size
}
