/**
 * A rate limit applied per batch: `rate` rows per second on average, granted in chunks (about 50 ms worth), so a
 * source emits a few large batches per second instead of sleeping per row. The clock is injectable for tests.
 */
export class RateLimiter {
  private start = -1
  private emitted = 0
  /** Rows granted at once; also the burst allowed at the start. */
  readonly chunk: number

  constructor(
    readonly rate: number,
    private readonly now: () => number = Date.now,
  ) {
    this.chunk = Number.isFinite(rate) ? Math.max(1, Math.ceil(rate / 20)) : Number.MAX_SAFE_INTEGER
  }

  private allowed(t: number): number {
    if (this.start < 0) this.start = t
    if (!Number.isFinite(this.rate)) return Number.MAX_SAFE_INTEGER
    return Math.floor(((t - this.start) * this.rate) / 1000) + this.chunk
  }

  /** Rows that may be emitted now. */
  available(): number {
    return Math.max(0, this.allowed(this.now()) - this.emitted)
  }

  consume(n: number): void {
    this.emitted += n
  }

  /** Milliseconds until `n` rows are available (0 when they are). */
  delayFor(n: number): number {
    const t = this.now()
    const missing = n - (this.allowed(t) - this.emitted)
    if (missing <= 0) return 0
    return Math.ceil((missing * 1000) / this.rate)
  }

  /** Resolves when at least min(chunk, wanted) rows are available. */
  wait(wanted: number = this.chunk): Promise<void> {
    const ms = this.delayFor(Math.min(this.chunk, Math.max(1, wanted)))
    return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms))
  }
}
