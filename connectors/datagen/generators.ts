/**
 * Value generators of the datagen connector, compiled once per field from its type and `fields.<name>.*` options
 * (Flink's RandomGeneratorVisitor / SequenceGeneratorVisitor). Nested types read `fields.<name>.element.*`,
 * `fields.<name>.key.*`, `fields.<name>.value.*` and `fields.<name>.<nested field>.*`.
 */
import type { DataType } from '../../src/sql/data-type.js'
import { formatType } from '../../src/sql/data-type.js'
import { assertNever } from '../../src/errors.js'
import { OptionReader, invalidOption, missingOption } from '../shared/options.js'
import { Prng } from '../shared/random.js'
import { INT_RANGES, parseBigint, parseDecimal, parseJavaDouble } from '../formats/shared/numbers.js'

/** A value for the row at `seq` (this split's sequence offset: values are start + seq). */
export type Generator = (rng: Prng, seq: number) => unknown

export interface FieldGenerator {
  readonly generate: Generator
  /** Number of values a sequence field has in total; null for random fields. */
  readonly sequenceLength: bigint | null
}

const MS_PER_DAY = 86_400_000
const HEX_POOL_SIZE = 1 << 18
const HEX_POOL_MAX = 4096
let hexPoolText: string | null = null

/** 256 KiB of random hex digits, built once from a fixed seed. */
function hexPool(): string {
  if (hexPoolText === null) {
    const rng = Prng.seeded(0x68657870)
    const codes = new Uint8Array(HEX_POOL_SIZE)
    for (let i = 0; i < HEX_POOL_SIZE; i++) {
      const d = rng.nextUint32() & 15
      codes[i] = d < 10 ? 48 + d : 87 + d
    }
    hexPoolText = Buffer.from(codes).toString('latin1')
  }
  return hexPoolText
}

function localOffsetMs(t: number): number {
  return -new Date(t).getTimezoneOffset() * 60_000
}

function canonicalBigint(b: bigint): number | bigint {
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b
}

export class GeneratorFactory {
  readonly r: OptionReader

  constructor(readonly options: Readonly<Record<string, string>>, specs: ConstructorParameters<typeof OptionReader>[1]) {
    this.r = new OptionReader(options, specs)
  }

  field(name: string, type: DataType): FieldGenerator {
    const kind = this.r.enumValue(`fields.${name}.kind`, ['random', 'sequence'] as const, 'fields.#.kind') ?? 'random'
    const g = kind === 'sequence' ? this.sequence(name, type) : { generate: this.random(name, type), sequenceLength: null }
    const nullRate = this.r.double(`fields.${name}.null-rate`, 'fields.#.null-rate') ?? 0
    if (nullRate < 0 || nullRate > 1) throw invalidOption(`fields.${name}.null-rate`, String(nullRate), 'a number between 0 and 1')
    if (nullRate === 0 || !type.nullable) return g
    const inner = g.generate
    return { sequenceLength: g.sequenceLength, generate: (rng, seq) => (rng.nextDouble() < nullRate ? null : inner(rng, seq)) }
  }

  private key(name: string, option: string): string {
    return `fields.${name}.${option}`
  }

  private sequence(name: string, type: DataType): FieldGenerator {
    const startText = this.r.string(this.key(name, 'start'), 'fields.#.start')
    const endText = this.r.string(this.key(name, 'end'), 'fields.#.end')
    if (startText === undefined) throw missingOption(this.key(name, 'start'), "for a 'sequence' field")
    if (endText === undefined) throw missingOption(this.key(name, 'end'), "for a 'sequence' field")
    const asInt = (key: string, text: string): bigint => {
      const v = parseBigint(text)
      if (v === undefined) throw invalidOption(key, text, 'an integer')
      return BigInt(v)
    }
    const start = asInt(this.key(name, 'start'), startText)
    const end = asInt(this.key(name, 'end'), endText)
    if (end < start) throw invalidOption(this.key(name, 'end'), endText, `a value not below fields.${name}.start (${startText})`)
    const length = end - start + 1n
    const safe = start >= -9007199254740991n && end <= 9007199254740991n
    const startN = Number(start)
    const num: (seq: number) => number | bigint = safe ? (seq) => startN + seq : (seq) => canonicalBigint(start + BigInt(seq))
    let generate: Generator
    switch (type.kind) {
      case 'TINYINT':
      case 'SMALLINT':
      case 'INT': {
        const [min, max] = INT_RANGES[type.kind]
        if (start < BigInt(min) || end > BigInt(max)) throw invalidOption(this.key(name, 'end'), endText, `a sequence within ${formatType(type)}`)
        generate = (_r, seq) => startN + seq
        break
      }
      case 'BIGINT':
        generate = (_r, seq) => num(seq)
        break
      case 'FLOAT':
      case 'DOUBLE':
        generate = (_r, seq) => Number(num(seq))
        break
      case 'DECIMAL': {
        const f = 10n ** BigInt(type.scale)
        generate = (_r, seq) => BigInt(num(seq)) * f
        break
      }
      case 'CHAR':
      case 'VARCHAR':
        generate = (_r, seq) => String(num(seq))
        break
      default:
        throw invalidOption(this.key(name, 'kind'), 'sequence', `'random': a sequence cannot generate ${formatType(type)}`)
    }
    return { generate, sequenceLength: length }
  }

  private random(name: string, type: DataType): Generator {
    const minKey = this.key(name, 'min')
    const maxKey = this.key(name, 'max')
    const minText = this.r.string(minKey, 'fields.#.min')
    const maxText = this.r.string(maxKey, 'fields.#.max')
    const checkOrder = (lo: number | bigint, hi: number | bigint): void => {
      if (hi < lo) throw invalidOption(maxKey, String(maxText), `a value not below ${minKey}`)
    }
    switch (type.kind) {
      case 'BOOLEAN':
        return (rng) => rng.nextBoolean()
      case 'TINYINT':
      case 'SMALLINT':
      case 'INT': {
        const [tmin, tmax] = INT_RANGES[type.kind]
        const parse = (key: string, t: string | undefined, d: number): number => {
          if (t === undefined) return d
          const v = parseBigint(t)
          if (typeof v !== 'number' || v < tmin || v > tmax) throw invalidOption(key, t, `an integer within ${formatType(type)}`)
          return v
        }
        const lo = parse(minKey, minText, tmin)
        const hi = parse(maxKey, maxText, tmax)
        checkOrder(lo, hi)
        return (rng) => rng.nextIntBetween(lo, hi)
      }
      case 'BIGINT':
      case 'INTERVAL_DAY_TIME':
      case 'INTERVAL_YEAR_MONTH': {
        const parse = (key: string, t: string | undefined, d: bigint): bigint => {
          if (t === undefined) return d
          const v = parseBigint(t)
          if (v === undefined) throw invalidOption(key, t, 'an integer')
          return BigInt(v)
        }
        const [dlo, dhi] =
          type.kind === 'BIGINT'
            ? [-9223372036854775808n, 9223372036854775807n]
            : type.kind === 'INTERVAL_YEAR_MONTH'
              ? [0n, 1200n]
              : [0n, 86_400_000n * 365n]
        const lo = parse(minKey, minText, dlo)
        const hi = parse(maxKey, maxText, dhi)
        checkOrder(lo, hi)
        if (lo >= -9007199254740991n && hi <= 9007199254740991n) {
          const l = Number(lo)
          const h = Number(hi)
          return (rng) => rng.nextIntBetween(l, h)
        }
        return (rng) => canonicalBigint(rng.nextBigIntBetween(lo, hi))
      }
      case 'FLOAT':
      case 'DOUBLE': {
        const f = type.kind === 'FLOAT'
        const parse = (key: string, t: string | undefined, d: number): number => {
          if (t === undefined) return d
          const v = parseJavaDouble(t)
          if (v === undefined || !Number.isFinite(v)) throw invalidOption(key, t, 'a number')
          return v
        }
        // Flink's defaults: Float/Double.MIN_VALUE (the smallest positive value) to MAX_VALUE.
        const lo = parse(minKey, minText, f ? 1.4e-45 : Number.MIN_VALUE)
        const hi = parse(maxKey, maxText, f ? 3.4028234663852886e38 : Number.MAX_VALUE)
        checkOrder(lo, hi)
        return f ? (rng) => Math.fround(lo + rng.nextDouble() * (hi - lo)) : (rng) => lo + rng.nextDouble() * (hi - lo)
      }
      case 'DECIMAL': {
        const { precision, scale } = type
        const limit = 10n ** BigInt(precision) - 1n
        const parse = (key: string, t: string | undefined, d: bigint): bigint => {
          if (t === undefined) return d
          const v = parseDecimal(t, precision, scale)
          if (v === undefined || v === null) throw invalidOption(key, t, `a number within DECIMAL(${precision}, ${scale})`)
          return v
        }
        const lo = parse(minKey, minText, -limit)
        const hi = parse(maxKey, maxText, limit)
        checkOrder(lo, hi)
        return (rng) => rng.nextBigIntBetween(lo, hi)
      }
      case 'CHAR':
      case 'VARCHAR':
      case 'BINARY':
      case 'VARBINARY': {
        const fixed = type.kind === 'CHAR' || type.kind === 'BINARY'
        const lenKey = this.key(name, 'length')
        const given = this.r.int(lenKey, 'fields.#.length')
        const len = fixed ? type.length : Math.min(given ?? 100, type.length)
        if (given !== undefined && (given < 1 || given > type.length)) {
          throw invalidOption(lenKey, String(given), `a length between 1 and ${type.length} for ${formatType(type)}`)
        }
        const varLen = !fixed && (this.r.boolean(this.key(name, 'var-len'), 'fields.#.var-len') ?? false)
        if (type.kind === 'CHAR' || type.kind === 'VARCHAR') {
          return (rng) => {
            const n = varLen ? 1 + rng.nextInt(len) : len
            if (n <= HEX_POOL_MAX) {
              // A window of a fixed random hex text at a random offset: O(1) per value (V8 slices).
              const pool = hexPool()
              const at = rng.nextInt(pool.length - n + 1)
              return pool.substring(at, at + n)
            }
            let s = ''
            while (s.length < n) s += (rng.nextUint32() >>> 0).toString(16).padStart(8, '0')
            return s.length === n ? s : s.slice(0, n)
          }
        }
        return (rng) => {
          const n = varLen ? 1 + rng.nextInt(len) : len
          const b = new Uint8Array(n)
          for (let i = 0; i < n; i++) b[i] = rng.nextUint32() & 255
          return b
        }
      }
      case 'DATE':
        return () => {
          const now = Date.now()
          return Math.floor((now + localOffsetMs(now)) / MS_PER_DAY)
        }
      case 'TIME':
        return () => {
          const now = Date.now()
          const local = now + localOffsetMs(now)
          return local - Math.floor(local / MS_PER_DAY) * MS_PER_DAY
        }
      case 'TIMESTAMP':
      case 'TIMESTAMP_LTZ': {
        const maxPast = this.r.duration(this.key(name, 'max-past'), 'fields.#.max-past') ?? 0
        const local = type.kind === 'TIMESTAMP'
        return (rng) => {
          const now = Date.now()
          const past = maxPast > 0 ? rng.nextInt(maxPast + 1) : 0
          return (local ? now + localOffsetMs(now) : now) - past
        }
      }
      case 'ARRAY':
      case 'MULTISET':
      case 'MAP': {
        const size = this.r.int(this.key(name, 'length'), 'fields.#.length') ?? 3
        if (type.kind === 'ARRAY') {
          const el = this.field(`${name}.element`, type.element).generate
          return (rng, seq) => {
            const out = new Array<unknown>(size)
            for (let i = 0; i < size; i++) out[i] = el(rng, seq)
            return out
          }
        }
        const key = this.field(`${name}.${type.kind === 'MAP' ? 'key' : 'element'}`, type.kind === 'MAP' ? type.key : type.element).generate
        const value = type.kind === 'MAP' ? this.field(`${name}.value`, type.value).generate : (rng: Prng) => 1 + rng.nextInt(10)
        return (rng, seq) => {
          const out = new Map<unknown, unknown>()
          for (let i = 0; i < size; i++) out.set(key(rng, seq), value(rng, seq))
          return out
        }
      }
      case 'ROW': {
        const gens = type.fields.map((f) => this.field(`${name}.${f.name}`, f.type).generate)
        return (rng, seq) => gens.map((g) => g(rng, seq))
      }
      case 'NULL':
        return () => null
      default:
        return assertNever(type, 'type')
    }
  }
}
