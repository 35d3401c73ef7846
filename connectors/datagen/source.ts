/**
 * The datagen source. The table is cut into as many splits as the first run's parallelism; split i generates the
 * sequence values start + i, start + i + n, ... (Flink's strided SequenceGenerator) and its share of number-of-rows.
 * Split state is the rows emitted and the random generator's state, so a restore continues the same data.
 */
import { END_OF_INPUT } from '../../src/catalog/connector.js'
import { EngineError } from '../../src/errors.js'
import type { PollResult, ReaderContext, ScanSource, SourceContext, SourceReader, SplitState } from '../../src/catalog/connector.js'
import { RateLimiter } from '../shared/rate-limiter.js'
import { OptionReader } from '../shared/options.js'
import { Prng } from '../shared/random.js'
import type { PrngState } from '../shared/random.js'
import { GeneratorFactory } from './generators.js'
import type { Generator } from './generators.js'
import { DATAGEN_OPTIONS } from './options.js'

export interface DatagenSplitState {
  readonly index: number
  readonly count: number
  readonly emitted: number
  readonly rng: PrngState
}

interface DatagenPlan {
  readonly generators: readonly Generator[]
  /** Values in the longest-lived sequence field (min over sequence fields), null when no field is a sequence. */
  readonly sequenceLength: bigint | null
  readonly numberOfRows: number | null
  readonly rowsPerSecond: number
  readonly seed: number | null
}

export function datagenPlan(ctx: SourceContext['table'], readFields: readonly number[]): DatagenPlan {
  const r = new OptionReader(ctx.options, DATAGEN_OPTIONS)
  const factory = new GeneratorFactory(ctx.options, DATAGEN_OPTIONS)
  let sequenceLength: bigint | null = null
  // Every physical field is compiled (so options are checked and sequence bounds count), only read fields are kept.
  const all = ctx.physicalFields.map((f) => factory.field(f.name, f.type))
  for (const g of all) {
    if (g.sequenceLength !== null && (sequenceLength === null || g.sequenceLength < sequenceLength)) sequenceLength = g.sequenceLength
  }
  // Nested options (fields.<col>.element.min, fields.<row>.<field>.kind) pass the planner's check as a prefix;
  // any fields.* key that no generator read is a typo.
  const unread = Object.keys(ctx.options).filter((k) => k.startsWith('fields.') && !factory.r.touched.has(k))
  if (unread.length > 0) {
    throw new EngineError('CONNECTOR_UNSUPPORTED_OPTION', `Unsupported options found for 'datagen': ${unread.sort().join(', ')}`, {
      hint: 'field options are fields.<column>.<kind|min|max|max-past|length|var-len|start|end|null-rate>; nested types use fields.<column>.element.*, .key.*, .value.* or .<nested field>.*',
    })
  }
  return {
    generators: readFields.map((i) => (all[i] as { generate: Generator }).generate),
    sequenceLength,
    numberOfRows: r.int('number-of-rows') ?? null,
    rowsPerSecond: r.int('rows-per-second') ?? 10000,
    seed: r.int('weir.seed') ?? null,
  }
}

/** Rows of split `index` of `count` when the total is `total` (the first total % count splits get one more). */
export function shareOf(total: bigint, index: number, count: number): number {
  const c = BigInt(count)
  const n = total / c + (total % c > BigInt(index) ? 1n : 0n)
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n)
}

export class DatagenSource implements ScanSource {
  private readonly plan: DatagenPlan

  constructor(ctx: SourceContext) {
    this.plan = datagenPlan(ctx.table, ctx.readFields)
  }

  createReader(ctx: ReaderContext): SourceReader {
    return new DatagenReader(this.plan, ctx)
  }
}

class Split {
  readonly id: string
  readonly limit: number
  emitted: number
  readonly rng: Prng

  constructor(
    readonly index: number,
    readonly count: number,
    plan: DatagenPlan,
    emitted: number,
    rng: Prng,
  ) {
    this.id = `datagen-${index}`
    let limit = Number.POSITIVE_INFINITY
    if (plan.sequenceLength !== null) limit = shareOf(plan.sequenceLength, index, count)
    if (plan.numberOfRows !== null) limit = Math.min(limit, shareOf(BigInt(plan.numberOfRows), index, count))
    this.limit = limit
    this.emitted = emitted
    this.rng = rng
  }
}

class DatagenReader implements SourceReader {
  private readonly splits: Split[] = []
  private next = 0
  private readonly limiter: RateLimiter

  constructor(
    private readonly plan: DatagenPlan,
    ctx: ReaderContext,
  ) {
    if (ctx.restoredSplits !== null) {
      for (const s of ctx.restoredSplits) {
        const st = s.state as DatagenSplitState
        if (st.index % ctx.parallelism === ctx.subtaskIndex) this.splits.push(new Split(st.index, st.count, plan, st.emitted, new Prng(st.rng)))
      }
    } else {
      const rng = plan.seed !== null ? Prng.seeded(plan.seed, ctx.subtaskIndex) : Prng.seeded(Date.now(), Math.random() * 2 ** 32, ctx.subtaskIndex)
      this.splits.push(new Split(ctx.subtaskIndex, ctx.parallelism, plan, 0, rng))
    }
    // rows-per-second is for the whole table: each subtask takes its share.
    this.limiter = new RateLimiter(plan.rowsPerSecond / ctx.parallelism)
  }

  async open(): Promise<void> {}

  poll(maxRows: number): PollResult {
    const split = this.pickSplit()
    if (split === null) return END_OF_INPUT
    const n = Math.min(maxRows, split.limit - split.emitted, this.limiter.available())
    if (n <= 0) return null
    const gens = this.plan.generators
    const m = gens.length
    const rows = new Array<unknown[]>(n)
    const rng = split.rng
    const count = split.count
    let seq = split.index + split.emitted * count
    for (let k = 0; k < n; k++) {
      const row = new Array<unknown>(m)
      for (let j = 0; j < m; j++) row[j] = (gens[j] as Generator)(rng, seq)
      rows[k] = row
      seq += count
    }
    split.emitted += n
    this.limiter.consume(n)
    return { batch: { rows, kinds: null }, splitId: split.id }
  }

  /** Round robin over unfinished splits; null when all are done. */
  private pickSplit(): Split | null {
    for (let tries = 0; tries < this.splits.length; tries++) {
      const s = this.splits[this.next % this.splits.length] as Split
      this.next++
      if (s.emitted < s.limit) return s
    }
    return null
  }

  waitForData(): Promise<void> {
    return this.limiter.wait()
  }

  activeSplits(): readonly string[] {
    return this.splits.filter((s) => s.emitted < s.limit).map((s) => s.id)
  }

  snapshotState(): readonly SplitState[] {
    return this.splits.map((s) => ({
      splitId: s.id,
      state: { index: s.index, count: s.count, emitted: s.emitted, rng: s.rng.state() } satisfies DatagenSplitState,
    }))
  }

  async close(): Promise<void> {}
}
