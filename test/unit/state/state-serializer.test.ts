import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EngineError } from '../../../src/errors.js'
import { ByteReader, ByteWriter, decodeKey, encodeKey, encodeMapKey, encodeMapMarker, encodeStateName } from '../../../src/state/rocksdb-codec.js'
import {
  blockHeader,
  decodeOperatorLevelState,
  encodeKeyedSnapshot,
  encodeOperatorLevelState,
  fileFooter,
  fileHeader,
  FileKind,
  KeyedStateAssembler,
  parseStateFile,
} from '../../../src/state/state-serializer.js'
import type { KeyedStateSnapshot } from '../../../src/state/keyed-state.js'

const ctx = { file: '/ckpt/chk-3/agg-0.kst', owner: 'operator 1f2e (GroupAggregate)' }

function fileOf(snapshot: KeyedStateSnapshot, timers?: ReadonlyMap<number, unknown>): Buffer {
  const blocks = encodeKeyedSnapshot(snapshot, timers)
  const parts: Uint8Array[] = [fileHeader(FileKind.Keyed)]
  for (const b of blocks) parts.push(blockHeader(b.type, b.keyGroup, b.payload), b.payload)
  parts.push(fileFooter(blocks.length))
  return Buffer.concat(parts)
}

function caught(fn: () => unknown): EngineError {
  try {
    fn()
  } catch (e) {
    if (e instanceof EngineError) return e
    throw e
  }
  throw new Error('expected an EngineError')
}

const snapshot: KeyedStateSnapshot = {
  stateKinds: { acc: 'value', rows: 'map', buf: 'list' },
  groups: new Map([
    [3, [{ state: 'acc', key: 's1:a', value: [1n, 2.5, null, 'x'], ts: 99 }, { state: 'rows', key: 's1:a', userKey: 7, value: new Map([[1, 'one']]) }]],
    [12, [{ state: 'buf', key: 's1:b', value: [new Uint8Array([0, 255]), -0, Number.NaN] }, { state: 'rows', key: 's1:b', userKey: 'k', value: true }]],
  ]),
}

describe('state files', () => {
  it('round-trip a keyed snapshot with timers per key group', () => {
    const bytes = fileOf(snapshot, new Map([[12, [[1000, 's1:b']]]]))
    const { kind, blocks } = parseStateFile(bytes, ctx)
    expect(kind).toBe(FileKind.Keyed)
    const a = new KeyedStateAssembler()
    for (const b of blocks) a.apply(b, ctx)
    expect(a.snapshot()).toEqual(snapshot)
    expect(a.timers).toEqual(new Map([[12, [[1000, 's1:b']]]]))
  })

  it('detect every single flipped byte and name the file, the operator and the place', () => {
    const bytes = fileOf(snapshot)
    for (let i = 0; i < bytes.length; i++) {
      const bad = Buffer.from(bytes)
      bad.writeUInt8(bad[i]! ^ 0x10, i)
      const e = caught(() => parseStateFile(bad, ctx))
      expect(e.code, `byte ${i}`).toMatch(/^CHECKPOINT_(CORRUPT|INCOMPATIBLE)$/)
      expect(e.message).toContain("checkpoint file '/ckpt/chk-3/agg-0.kst' of operator 1f2e (GroupAggregate)")
    }
  })

  it('detect truncation at any length', () => {
    const bytes = fileOf(snapshot)
    for (let n = 0; n < bytes.length; n++) {
      const e = caught(() => parseStateFile(bytes.subarray(0, n), ctx))
      expect(e.code).toBe('CHECKPOINT_CORRUPT')
      expect(e.message).toMatch(/truncated|bad magic/)
    }
    const e = caught(() => parseStateFile(bytes.subarray(0, bytes.length - 16), ctx))
    expect(e.message).toBe("checkpoint file '/ckpt/chk-3/agg-0.kst' of operator 1f2e (GroupAggregate) is corrupt: truncated after 3 blocks (no end marker)")
  })

  it('round-trip operator-level state (operator state, splits, committables)', () => {
    const s = { operatorState: { count: 3n }, splits: [{ splitId: 'p-0', state: { offset: 17 } }], committables: [{ txn: 'a' }] }
    expect(decodeOperatorLevelState(encodeOperatorLevelState(s)!, ctx)).toEqual(s)
    expect(encodeOperatorLevelState({ splits: [], committables: [] })).toBeNull()
  })
})

describe('RocksDB value and key encodings', () => {
  const runtimeValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.constant(undefined),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.bigInt(),
      fc.string(),
      fc.uint8Array({ maxLength: 8 }),
      fc.array(tie('v'), { maxLength: 4 }),
      fc.array(fc.tuple(fc.string({ maxLength: 3 }), tie('v')), { maxLength: 3 }).map((es) => new Map(es)),
      fc.record({ a: fc.integer(), b: fc.string() }),
      fc.date({ noInvalidDate: true }),
    ),
  })).v

  it('round-trip every runtime value (and objects outside it via the v8 fallback)', () => {
    fc.assert(
      fc.property(fc.array(runtimeValue, { maxLength: 5 }), (values) => {
        const w = new ByteWriter(16) // tiny: forces growth
        for (const v of values) w.value(v)
        const r = new ByteReader(w.slice(0))
        for (const v of values) expect(r.value()).toEqual(v)
        expect(r.pos).toBe(w.pos)
      }),
    )
  })

  it('keys are key group first (big-endian), and decode back', () => {
    const w = new ByteWriter()
    const name = encodeStateName('rows')
    const k = encodeKey(w, 258, name, 'héllo')
    expect([k[0], k[1]]).toEqual([1, 2])
    expect(decodeKey(k)).toEqual({ keyGroup: 258, state: 'rows', key: 'héllo', part: 'plain' })
    expect(decodeKey(encodeMapMarker(w, 3, name, 'k'))).toEqual({ keyGroup: 3, state: 'rows', key: 'k', part: 'marker' })
    expect(decodeKey(encodeMapKey(w, 3, name, 'k', -1.5))).toEqual({ keyGroup: 3, state: 'rows', key: 'k', part: 'entry', userKey: -1.5 })
    expect(decodeKey(encodeMapKey(w, 3, name, 'k', 'uk'))).toEqual({ keyGroup: 3, state: 'rows', key: 'k', part: 'entry', userKey: 'uk' })
    // A key that is a prefix of another cannot collide: keys are length-prefixed.
    expect(Buffer.compare(encodeKey(w, 1, name, 'ab'), encodeMapKey(w, 1, name, 'a', 'b'))).not.toBe(0)
  })
})
