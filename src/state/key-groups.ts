/**
 * Keys and key groups. A key is the canonical string encoding of the key fields' values; it hashes to one of
 * `maxParallelism` key groups, and each subtask owns a contiguous range of key groups (Flink's assignment), so
 * state can be redistributed to any parallelism up to maxParallelism.
 */

/**
 * Canonical, type-tagged encoding of key values: equal SQL values give equal strings, different ones different
 * strings (no separator can be forged: strings are length-prefixed).
 */
export function encodeKey(values: readonly unknown[]): string {
  let out = ''
  for (const v of values) out += encodeValue(v)
  return out
}

/** Encodes a single value; `encodeKey([v]) === encodeValue(v)`. */
export function encodeValue(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return `s${v.length}:${v}`
    case 'number':
      // -0 and 0 are equal in SQL; NaN equals itself as a key, as in Flink's grouping.
      return `n${v === 0 ? 0 : v};`
    case 'bigint':
      return `b${v};`
    case 'boolean':
      return v ? 't' : 'f'
    case 'object':
      if (v === null) return '_'
      if (Array.isArray(v)) return `a${v.length}[${encodeKey(v)}]`
      if (v instanceof Uint8Array) return `x${v.length}:${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`
      if (v instanceof Map) {
        const entries = [...v.entries()].map(([k, val]) => encodeValue(k) + encodeValue(val)).sort()
        return `m${entries.length}{${entries.join('')}}`
      }
      return `o${JSON.stringify(v)};`
    case 'undefined':
      return '_'
    default:
      return `?${String(v)};`
  }
}

/** murmur3 32-bit over the UTF-16 code units of a string; stable across runs, machines and Node versions. */
export function murmur3(s: string, seed = 0x9747b28c): number {
  let h = seed >>> 0
  const len = s.length
  let i = 0
  for (; i + 1 < len; i += 2) {
    let k = (s.charCodeAt(i) & 0xffff) | ((s.charCodeAt(i + 1) & 0xffff) << 16)
    k = Math.imul(k, 0xcc9e2d51)
    k = (k << 15) | (k >>> 17)
    k = Math.imul(k, 0x1b873593)
    h ^= k
    h = (h << 13) | (h >>> 19)
    h = (Math.imul(h, 5) + 0xe6546b64) | 0
  }
  if (i < len) {
    let k = s.charCodeAt(i) & 0xffff
    k = Math.imul(k, 0xcc9e2d51)
    k = (k << 15) | (k >>> 17)
    k = Math.imul(k, 0x1b873593)
    h ^= k
  }
  h ^= len * 2
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

export function keyGroupOf(key: string, maxParallelism: number): number {
  return murmur3(key) % maxParallelism
}

/** Inclusive start, exclusive end. */
export interface KeyGroupRange {
  readonly start: number
  readonly end: number
}

/** Flink's computeKeyGroupRangeForOperatorIndex. */
export function keyGroupRangeFor(subtaskIndex: number, parallelism: number, maxParallelism: number): KeyGroupRange {
  const start = Math.ceil((subtaskIndex * maxParallelism) / parallelism)
  const endInclusive = Math.floor(((subtaskIndex + 1) * maxParallelism - 1) / parallelism)
  return { start, end: endInclusive + 1 }
}

/** Flink's computeOperatorIndexForKeyGroup. */
export function subtaskForKeyGroup(keyGroup: number, parallelism: number, maxParallelism: number): number {
  return Math.floor((keyGroup * parallelism) / maxParallelism)
}

export const DEFAULT_MAX_PARALLELISM = 128
