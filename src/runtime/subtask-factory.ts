/** Picks the subtask kind for a task: a source loop or an input-gate loop. */
import { InputSubtask } from './input-subtask.js'
import { isSourceNode, type JobTask } from './job-graph.js'
import { SourceSubtask } from './source-subtask.js'
import { buildChain, type Subtask, type TaskEnvironment } from './task.js'

/** Builds the subtask `subtaskIndex` of `task`. Throws (wrapped per operator) when an operator cannot be built. */
export function createSubtask(task: JobTask, subtaskIndex: number, env: TaskEnvironment): Subtask {
  const chain = buildChain(task, subtaskIndex, env)
  return isSourceNode(task.head) ? new SourceSubtask(task, subtaskIndex, env, chain) : new InputSubtask(task, subtaskIndex, env, chain)
}

