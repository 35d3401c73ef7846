/**
 * A small, fast, seedable PRNG (sfc32: four 32-bit words of state) whose whole state can be stored in a
 * checkpoint and restored. Not for cryptography; good statistical quality for test data.
 */
export type PrngState = readonly [number, number, number, number]

export class Prng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(state: PrngState) {
    this.a = state[0] | 0
    this.b = state[1] | 0
    this.c = state[2] | 0
    this.d = state[3] | 0
  }

  /** A generator seeded from any number of integers (each folded in with a mixing function). */
  static seeded(...seeds: number[]): Prng {
    const p = new Prng([0, 0, 0, 0])
    p.reseed(seeds)
    return p
  }

  reseed(seeds: readonly number[]): void {
    let h = 0x2545f491
    for (const s of seeds) {
      // Fold both 32-bit halves so seeds above 2^32 (event ids) matter fully.
      h = mix32(h ^ (s >>> 0))
      h = mix32(h ^ Math.floor(s / 4294967296))
    }
    this.a = mix32(h ^ 0x9e3779b9)
    this.b = mix32(this.a ^ 0x85ebca6b)
    this.c = mix32(this.b ^ 0xc2b2ae35)
    this.d = 1
    for (let i = 0; i < 12; i++) this.nextUint32()
  }

  /** Cheap reseed from one non-negative integer below 2^53 (per-event seeding on a hot path). */
  reseedOne(seed: number, salt: number): void {
    this.a = mix32((seed >>> 0) ^ salt)
    this.b = mix32(Math.floor(seed / 4294967296) ^ this.a ^ 0x27d4eb2f)
    this.c = mix32(this.b ^ 0x165667b1)
    this.d = 1
    for (let i = 0; i < 8; i++) this.nextUint32()
  }

  state(): PrngState {
    return [this.a, this.b, this.c, this.d]
  }

  nextUint32(): number {
    const a = this.a
    const b = this.b
    const c = this.c
    const d = this.d
    const t = (((a + b) | 0) + d) | 0
    this.d = (d + 1) | 0
    this.a = b ^ (b >>> 9)
    this.b = (c + (c << 3)) | 0
    const r = (c << 21) | (c >>> 11)
    this.c = (r + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const hi = this.nextUint32() >>> 5
    const lo = this.nextUint32() >>> 6
    return (hi * 67108864 + lo) / 9007199254740992
  }

  /** Uniform integer in [0, bound) for 0 < bound <= 2^53. */
  nextInt(bound: number): number {
    if (bound <= 4294967296) {
      // Multiply-shift on 32 bits: bias below 2^-32 · bound, fine for test data.
      return Math.floor((this.nextUint32() / 4294967296) * bound)
    }
    return Math.floor(this.nextDouble() * bound)
  }

  nextBoolean(): boolean {
    return (this.nextUint32() & 1) === 1
  }

  /** Uniform integer in [min, max] (inclusive), for safe-integer bounds. */
  nextIntBetween(min: number, max: number): number {
    const span = max - min + 1
    if (span <= 9007199254740992) return min + this.nextInt(span)
    // Wider than 2^53: draw a double and clamp (BIGINT full range).
    return Math.min(max, Math.max(min, Math.floor(min + this.nextDouble() * (max - min))))
  }

  /** Uniform bigint in [min, max] (inclusive). */
  nextBigIntBetween(min: bigint, max: bigint): bigint {
    const span = max - min + 1n
    let r = 0n
    let bits = 0n
    while (1n << bits < span * 1024n) {
      r = (r << 32n) | BigInt(this.nextUint32())
      bits += 32n
    }
    return min + (r % span)
  }
}

export function mix32(x: number): number {
  let h = x | 0
  h ^= h >>> 16
  h = Math.imul(h, 0x7feb352d)
  h ^= h >>> 15
  h = Math.imul(h, 0x846ca68b)
  h ^= h >>> 16
  return h >>> 0
}
