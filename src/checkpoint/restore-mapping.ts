/**
 * Maps a restored checkpoint onto the operators of a new plan: which state each new subtask restores, and the
 * refusals of Flink's restore rules (state of operators the new program lacks, changed state schemas, a changed
 * max parallelism). The result is plain data, so the runtime can send each subtask its part.
 *
 * Redistribution: keyed state by key-group range (a new subtask reads the key groups it owns from every old
 * subtask whose range overlaps); operator state: unchanged parallelism gives each subtask its own, otherwise every
 * subtask gets all old subtasks' states (union redistribution, the operator contract); source split states: every
 * reader gets all of them and keeps the ones it owns; sink committables: old subtask i's go to new i mod p.
 */
import type { SplitState } from '../catalog/connector.js'
import { EngineError } from '../errors.js'
import type { OperatorSnapshot } from '../runtime/operator.js'
import { keyGroupRangeFor } from '../state/key-groups.js'
import type { KeyGroupRange } from '../state/key-groups.js'
import type { KeyedStateHandle } from '../state/state-serializer.js'
import type { RestoredCheckpoint, RestoredOperator } from './checkpoint-loader.js'
import type { StateSchema } from './checkpoint-metadata.js'

export interface PlannedOperator {
  readonly uid: string
  readonly name: string
  readonly parallelism: number
  /** The operator implementation's current state version. */
  readonly stateVersion: number
  readonly schema?: StateSchema | null
}

export interface KeyedStateSource {
  readonly handle: KeyedStateHandle
  /** `operator <uid> (<name>)`, for errors about its files. */
  readonly owner: string
}

export interface SubtaskRestore {
  readonly subtaskIndex: number
  readonly keyGroupRange: KeyGroupRange
  readonly keyed: readonly KeyedStateSource[]
  readonly operatorStates: readonly OperatorSnapshot[]
  /** Every split state of the old source subtasks; null when the operator had none. */
  readonly splits: readonly SplitState[] | null
  readonly committables: readonly unknown[]
}

export interface OperatorRestore {
  readonly uid: string
  readonly name: string
  readonly writtenWithVersion: number
  readonly oldParallelism: number
  readonly subtasks: readonly SubtaskRestore[]
}

export interface RestorePlan {
  readonly checkpointPath: string
  readonly checkpointId: number
  readonly isSavepoint: boolean
  readonly operators: ReadonlyMap<string, OperatorRestore>
  /** State left behind because the new plan has no such operator (only with ignore-unclaimed-state). */
  readonly skipped: readonly { readonly uid: string; readonly name: string }[]
}

export interface RestoreMappingOptions {
  readonly maxParallelism: number
  /** execution.state-recovery.ignore-unclaimed-state (allowNonRestoredState). */
  readonly allowNonRestoredState: boolean
}

const IGNORE_KEY = 'execution.state-recovery.ignore-unclaimed-state'

export function planRestore(restored: RestoredCheckpoint, operators: readonly PlannedOperator[], options: RestoreMappingOptions): RestorePlan {
  const what = restored.isSavepoint ? 'savepoint' : 'checkpoint'
  if (restored.maxParallelism !== options.maxParallelism) {
    throw new EngineError(
      'CHECKPOINT_INCOMPATIBLE',
      `the ${what} at '${restored.path}' was taken with max parallelism ${restored.maxParallelism}, but the job now has max parallelism ${options.maxParallelism}; the max parallelism cannot change across a restore`,
      { hint: `set 'pipeline.max-parallelism' = '${restored.maxParallelism}'` },
    )
  }
  const byUid = new Map(operators.map((o) => [o.uid, o]))
  const unmapped = [...restored.operators.values()].filter((o) => !byUid.has(o.uid))
  if (unmapped.length > 0 && !options.allowNonRestoredState) {
    const list = unmapped.map((o) => `  - ${o.uid} (${o.name})`).join('\n')
    const n = unmapped.length === 1 ? '1 operator' : `${unmapped.length} operators`
    throw new EngineError(
      'CHECKPOINT_INCOMPATIBLE',
      `Cannot map ${what} state for ${n} to the new program, because ${unmapped.length === 1 ? 'it is' : 'they are'} not available in the new program (${restored.path}):\n${list}`,
      { hint: `to skip that state and start without it, set '${IGNORE_KEY}' = 'true' (allowNonRestoredState)` },
    )
  }
  const result = new Map<string, OperatorRestore>()
  for (const old of restored.operators.values()) {
    const now = byUid.get(old.uid)
    if (now === undefined) continue
    checkCompatible(old, now, restored.path, what)
    if (now.parallelism > options.maxParallelism) {
      throw new EngineError('CHECKPOINT_INCOMPATIBLE', `operator ${now.uid} (${now.name}) has parallelism ${now.parallelism}, more than the max parallelism ${options.maxParallelism}`)
    }
    result.set(old.uid, mapOperator(old, now, options.maxParallelism))
  }
  return {
    checkpointPath: restored.path,
    checkpointId: restored.checkpointId,
    isSavepoint: restored.isSavepoint,
    operators: result,
    skipped: unmapped.map((o) => ({ uid: o.uid, name: o.name })),
  }
}

function checkCompatible(old: RestoredOperator, now: PlannedOperator, path: string, what: string): void {
  const refuse = (details: string[]): never => {
    throw new EngineError(
      'CHECKPOINT_INCOMPATIBLE',
      `the state of operator ${old.uid} (${now.name}) in the ${what} at '${path}' does not fit the new program:\n${details.map((d) => `  - ${d}`).join('\n')}`,
      { hint: 'a change to the types of a stateful operator cannot reuse its state: undo the change, or start without this state' },
    )
  }
  if (old.stateVersion > now.stateVersion) {
    refuse([`its state was written with state version ${old.stateVersion}, but this version of Weir only knows versions up to ${now.stateVersion}`])
  }
  const oldSchema = old.schema
  const newSchema = now.schema ?? null
  if (oldSchema === null || newSchema === null) return
  const problems: string[] = []
  for (const [part, oldCols] of Object.entries(oldSchema)) {
    const newCols = newSchema[part]
    if (newCols === undefined) {
      problems.push(`its ${part} state (${oldCols.map((c) => `${c.name} ${c.type}`).join(', ')}) has no counterpart in the new program`)
      continue
    }
    const n = Math.max(oldCols.length, newCols.length)
    for (let i = 0; i < n; i++) {
      const o = oldCols[i]
      const c = newCols[i]
      if (o === undefined) problems.push(`${part} column ${i + 1} '${c!.name}' (${c!.type}) is new; the state has ${oldCols.length} ${part} columns`)
      else if (c === undefined) problems.push(`${part} column ${i + 1} '${o.name}' (${o.type}) is gone; the new program has ${newCols.length} ${part} columns`)
      else if (o.type !== c.type) {
        const name = o.name === c.name ? `'${c.name}'` : `'${c.name}' (was '${o.name}')`
        problems.push(`${part} column ${name}: the state holds ${o.type}, the new program expects ${c.type}`)
      }
    }
  }
  if (problems.length > 0) refuse(problems)
}

function overlaps(a: KeyGroupRange, b: KeyGroupRange): boolean {
  return a.start < b.end && b.start < a.end
}

function mapOperator(old: RestoredOperator, now: PlannedOperator, maxParallelism: number): OperatorRestore {
  const p = now.parallelism
  const sameParallelism = old.parallelism === p
  const allSplits: SplitState[] = []
  let hadSplits = false
  const allOperatorStates: OperatorSnapshot[] = []
  const ownOperatorState = new Map<number, OperatorSnapshot>()
  const committables: unknown[][] = Array.from({ length: p }, () => [])
  for (const st of old.subtasks) {
    const lvl = st.operatorLevel
    if (lvl.splits !== undefined) {
      hadSplits = true
      allSplits.push(...lvl.splits)
    }
    if (lvl.operatorState !== undefined) {
      allOperatorStates.push({ operatorState: lvl.operatorState })
      ownOperatorState.set(st.index, { operatorState: lvl.operatorState })
    }
    if (lvl.committables !== undefined) committables[st.index % p]!.push(...lvl.committables)
  }
  const subtasks: SubtaskRestore[] = []
  for (let i = 0; i < p; i++) {
    const range = keyGroupRangeFor(i, p, maxParallelism)
    const keyed: KeyedStateSource[] = []
    for (const st of old.subtasks) {
      if (st.keyed !== null && overlaps(st.keyed.keyGroupRange, range)) keyed.push({ handle: st.keyed, owner: old.owner })
    }
    const own = ownOperatorState.get(i)
    subtasks.push({
      subtaskIndex: i,
      keyGroupRange: range,
      keyed,
      operatorStates: sameParallelism ? (own === undefined ? [] : [own]) : allOperatorStates,
      splits: hadSplits ? allSplits : null,
      committables: committables[i]!,
    })
  }
  return { uid: old.uid, name: now.name, writtenWithVersion: old.stateVersion, oldParallelism: old.parallelism, subtasks }
}
