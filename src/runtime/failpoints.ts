/**
 * Named failpoints, for tests that need a failure at a known place: `weir.failpoint.<name>` =
 * `after-records:<N>[:attempts:<K>]` makes an operator fail once a subtask of it has received N records, in the
 * first K runs of the job (K defaults to 1: the restarted job then runs through). `<name>` is the operator's uid
 * or its kind without the Stream prefix in lower case (`windowaggregate`, `sink`, `tablesourcescan`, `calc`).
 * Checked in the chain node's processBatch: one comparison per batch when set, nothing when not.
 */
import { EngineError } from '../errors.js'
import type { StreamNode } from '../plan/physical/stream-nodes.js'

const PREFIX = 'weir.failpoint.'

export interface Failpoint {
  readonly name: string
  readonly afterRecords: number
}

/** The failpoint armed for `node` in run `attempt` (0 = first run), or null. */
export function failpointFor(config: Readonly<Record<string, string>>, node: StreamNode, attempt: number): Failpoint | null {
  const names = [node.uid, node.kind.replace(/^Stream/, '').toLowerCase()]
  for (const name of names) {
    const v = config[PREFIX + name]
    if (v === undefined) continue
    const m = /^\s*after-records:(\d+)(?::attempts:(\d+))?\s*$/.exec(v)
    if (m === null) {
      throw new EngineError('RUNTIME_INVALID_CONFIG', `invalid failpoint '${PREFIX}${name}' = '${v}'`, { hint: "use 'after-records:<N>' or 'after-records:<N>:attempts:<K>'" })
    }
    const attempts = m[2] === undefined ? 1 : Number(m[2])
    if (attempt >= attempts) return null
    return { name, afterRecords: Number(m[1]) }
  }
  return null
}

export function failpointError(f: Failpoint, operator: string): EngineError {
  return new EngineError('RUNTIME_FAILPOINT', `failpoint '${f.name}' triggered in ${operator} after ${f.afterRecords} records`, { domain: 'external', retryable: true })
}
