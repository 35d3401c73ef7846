/**
 * Partitioners split a batch into per-target batches for the subtasks of the consuming task.
 * hash: by key group (keyGroupOf(encodeKey(key fields)) -> subtaskForKeyGroup), so keyed state lands where its key
 * group lives at any parallelism. rebalance is round robin per batch (whole batches keep their size).
 */
import { assertNever } from '../errors.js'
import type { Partitioning } from '../plan/physical/stream-nodes.js'
import { keyGroupOf, subtaskForKeyGroup } from '../state/key-groups.js'
import { compileKeySelector } from './expr/compile.js'
import type { Row, RowBatch } from './row-batch.js'

export interface Partitioner {
  /** Per target subtask: the batch for it, or null when it gets nothing. May return the input batch itself. */
  split(batch: RowBatch): (RowBatch | null)[]
}

export function createPartitioner(
  partitioning: Partitioning,
  producerSubtask: number,
  targets: number,
  maxParallelism: number,
): Partitioner {
  switch (partitioning.kind) {
    case 'forward':
      // Forward between different parallelisms is a planner slip; keep it total rather than index out of range.
      return new SingleTargetPartitioner(producerSubtask % targets, targets)
    case 'global':
      return new SingleTargetPartitioner(0, targets)
    case 'broadcast':
      return new BroadcastPartitioner(targets)
    case 'rebalance':
      return new RebalancePartitioner(producerSubtask, targets)
    case 'hash':
      return targets === 1 ? new SingleTargetPartitioner(0, 1) : new HashPartitioner(partitioning.keys, targets, maxParallelism)
    default:
      return assertNever(partitioning, 'partitioning')
  }
}

class SingleTargetPartitioner implements Partitioner {
  constructor(
    private readonly target: number,
    private readonly targets: number,
  ) {}
  split(batch: RowBatch): (RowBatch | null)[] {
    const out = new Array<RowBatch | null>(this.targets).fill(null)
    out[this.target] = batch
    return out
  }
}

class RebalancePartitioner implements Partitioner {
  private next: number
  constructor(
    start: number,
    private readonly targets: number,
  ) {
    this.next = start % targets
  }
  split(batch: RowBatch): (RowBatch | null)[] {
    const out = new Array<RowBatch | null>(this.targets).fill(null)
    out[this.next] = batch
    this.next = (this.next + 1) % this.targets
    return out
  }
}

/** Every target gets the rows; all but the last get copies of the row arrays, since receivers own what they get. */
class BroadcastPartitioner implements Partitioner {
  constructor(private readonly targets: number) {}
  split(batch: RowBatch): (RowBatch | null)[] {
    const out: (RowBatch | null)[] = []
    for (let t = 0; t < this.targets - 1; t++) out.push(copyBatch(batch))
    out.push(batch)
    return out
  }
}

export class HashPartitioner implements Partitioner {
  private readonly keyOf: (row: Row) => string
  constructor(
    keys: readonly number[],
    private readonly targets: number,
    private readonly maxParallelism: number,
  ) {
    this.keyOf = compileKeySelector(keys)
  }

  /** The subtask a row goes to. */
  targetOf(row: Row): number {
    return subtaskForKeyGroup(keyGroupOf(this.keyOf(row), this.maxParallelism), this.targets, this.maxParallelism)
  }

  private targetsBuf = new Int32Array(1024)

  split(batch: RowBatch): (RowBatch | null)[] {
    const n = this.targets
    const src = batch.rows
    const len = src.length
    if (this.targetsBuf.length < len) this.targetsBuf = new Int32Array(len)
    const targetOfRow = this.targetsBuf
    const counts = new Int32Array(n)
    const keyOf = this.keyOf
    const maxP = this.maxParallelism
    for (let i = 0; i < len; i++) {
      const t = subtaskForKeyGroup(keyGroupOf(keyOf(src[i]!), maxP), n, maxP)
      targetOfRow[i] = t
      counts[t]!++
    }
    // Exact-size arrays, filled in row order (row order per target is preserved).
    const rows: Row[][] = []
    for (let t = 0; t < n; t++) rows.push(new Array<Row>(counts[t]!))
    const kinds = batch.kinds
    const kindArrays: Uint8Array[] | null = kinds === null ? null : rows.map((r) => new Uint8Array(r.length))
    const fill = new Int32Array(n)
    for (let i = 0; i < len; i++) {
      const t = targetOfRow[i]!
      const at = fill[t]!++
      rows[t]![at] = src[i]!
      if (kindArrays !== null) kindArrays[t]![at] = kinds![i]!
    }
    const out: (RowBatch | null)[] = []
    for (let t = 0; t < n; t++) out.push(counts[t] === 0 ? null : { rows: rows[t]!, kinds: kindArrays === null ? null : kindArrays[t]! })
    return out
  }
}

export function copyBatch(batch: RowBatch): RowBatch {
  const rows = batch.rows.map((r) => r.slice())
  return { rows, kinds: batch.kinds === null ? null : batch.kinds.slice() }
}
