/** Chooses the keyed state backend for an operator subtask from `state.backend.type`. */
import { EngineError } from '../errors.js'
import type { KeyGroupRange } from '../state/key-groups.js'
import type { KeyedStateBackend } from '../state/keyed-state.js'
import { MemoryStateBackend } from '../state/memory-backend.js'

export interface StateBackendSpec {
  readonly type: string
  readonly keyGroupRange: KeyGroupRange
  readonly maxParallelism: number
  /** Which operator subtask the backend is for (a disk backend names its directory after it). */
  readonly operatorUid: string
  readonly subtaskIndex: number
}

export function createStateBackend(spec: StateBackendSpec): KeyedStateBackend {
  switch (spec.type) {
    case 'hashmap':
    case 'memory':
    case 'heap':
      return new MemoryStateBackend(spec.keyGroupRange, spec.maxParallelism)
    default:
      throw new EngineError('RUNTIME_UNSUPPORTED_STATE_BACKEND', `state backend '${spec.type}' is not supported`, {
        hint: "set 'state.backend.type' = 'hashmap'",
      })
  }
}
