/**
 * The on-disk form of state: framed, checksummed blocks, one per key group (so a restore at another parallelism
 * reads only the key groups it owns), plus operator-level blocks (operator state, source splits, committables).
 *
 *   file   := header(16) block* footer(16)
 *   header := "WSTF" | format version u16 | file kind u16 | 8 zero bytes
 *   block  := type u8 | 0 u8 | key group u16 (0xFFFF = none) | payload length u32 | crc32 u32 | payload
 *   footer := "WEND" | block count u32 | 8 zero bytes
 *
 * All integers are big-endian. A block's CRC32 covers its first 8 header bytes and its payload, so a flipped byte
 * anywhere is detected; a missing footer or a block running past the end means the file was truncated.
 * Payloads are node:v8 serializations (bigint, Map, Uint8Array and nested arrays survive), one call per block.
 */
import { deserialize, serialize } from 'node:v8'
import { crc32 } from 'node:zlib'
import { EngineError } from '../errors.js'
import type { KeyGroupRange } from './key-groups.js'
import type { KeyedStateSnapshot, StateEntry } from './keyed-state.js'

export const STATE_FILE_VERSION = 1
export const FILE_HEADER_SIZE = 16
export const FILE_FOOTER_SIZE = 16
export const BLOCK_HEADER_SIZE = 12
/** Key group field of blocks that belong to no key group. */
export const NO_KEY_GROUP = 0xffff

const FILE_MAGIC = 0x57535446 // "WSTF"
const FOOTER_MAGIC = 0x57454e44 // "WEND"

export const FileKind = {
  /** Full keyed state of some key groups (canonical). */
  Keyed: 1,
  /** Changes to keyed state since an earlier file of the same chain. */
  KeyedDelta: 2,
  /** Operator (non-keyed) state of one subtask. */
  Operator: 3,
} as const
export type FileKind = (typeof FileKind)[keyof typeof FileKind]

export const BlockType = {
  /** Record<stateName, 'value' | 'map' | 'list'>, once per keyed file. */
  StateKinds: 1,
  /** All entries of one key group. */
  Entries: 2,
  /** Upserts and deletions of one key group. */
  Delta: 3,
  /** Opaque timer-service data of one key group. */
  Timers: 4,
  OperatorState: 5,
  Splits: 6,
  Committables: 7,
} as const
export type BlockType = (typeof BlockType)[keyof typeof BlockType]

/** Where a block sits in its file: [type, keyGroup, offset, length including its header]. */
export type BlockRef = readonly [type: number, keyGroup: number, offset: number, length: number]

/** Names the file (and the operator it belongs to) in every error. */
export interface StateFileContext {
  readonly file: string
  /** e.g. `operator 3f2a.. (GroupAggregate)`; appended to error messages when set. */
  readonly owner?: string
}

export type StateKinds = Readonly<Record<string, 'value' | 'map' | 'list'>>

export interface EncodedBlock {
  readonly type: BlockType
  readonly keyGroup: number
  readonly payload: Uint8Array
}

export interface StateDeletion {
  readonly state: string
  readonly key: string
  readonly userKey?: string | number
}

// ------------------------------------------------------------------------------------------------------------
// Framing

export function fileHeader(kind: FileKind): Uint8Array {
  const b = Buffer.alloc(FILE_HEADER_SIZE)
  b.writeUInt32BE(FILE_MAGIC, 0)
  b.writeUInt16BE(STATE_FILE_VERSION, 4)
  b.writeUInt16BE(kind, 6)
  return b
}

export function fileFooter(blockCount: number): Uint8Array {
  const b = Buffer.alloc(FILE_FOOTER_SIZE)
  b.writeUInt32BE(FOOTER_MAGIC, 0)
  b.writeUInt32BE(blockCount, 4)
  return b
}

/** The 12-byte header of a block; write it followed by `payload`. */
export function blockHeader(type: BlockType, keyGroup: number, payload: Uint8Array): Uint8Array {
  const h = Buffer.alloc(BLOCK_HEADER_SIZE)
  h.writeUInt8(type, 0)
  h.writeUInt16BE(keyGroup, 2)
  h.writeUInt32BE(payload.byteLength, 4)
  h.writeUInt32BE(crc32(payload, crc32(h.subarray(0, 8))), 8)
  return h
}

function describe(ctx: StateFileContext): string {
  return ctx.owner === undefined ? `checkpoint file '${ctx.file}'` : `checkpoint file '${ctx.file}' of ${ctx.owner}`
}

export function corrupt(ctx: StateFileContext, what: string): EngineError {
  return new EngineError('CHECKPOINT_CORRUPT', `${describe(ctx)} is corrupt: ${what}`, {
    domain: 'external',
    hint: 'restore from an older checkpoint or savepoint',
  })
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

function groupName(keyGroup: number): string {
  return keyGroup === NO_KEY_GROUP ? 'operator-level block' : `block of key group ${keyGroup}`
}

/** Checks a file's header and returns its kind. */
export function checkFileHeader(bytes: Uint8Array, ctx: StateFileContext): FileKind {
  const b = asBuffer(bytes)
  if (b.byteLength < FILE_HEADER_SIZE) throw corrupt(ctx, `truncated: ${b.byteLength} bytes, not even a header`)
  if (b.readUInt32BE(0) !== FILE_MAGIC) throw corrupt(ctx, 'not a Weir state file (bad magic)')
  const version = b.readUInt16BE(4)
  if (version > STATE_FILE_VERSION) {
    throw new EngineError('CHECKPOINT_INCOMPATIBLE', `${describe(ctx)} has state file format version ${version}; this Weir reads up to ${STATE_FILE_VERSION}`)
  }
  const kind = b.readUInt16BE(6)
  if (version === 0 || kind < FileKind.Keyed || kind > FileKind.Operator || !isZero(b, 8, FILE_HEADER_SIZE)) throw corrupt(ctx, 'damaged file header')
  return kind as FileKind
}

function isZero(b: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] !== 0) return false
  return true
}

export interface DecodedBlock {
  /** A BlockType; unknown numbers are possible in damaged or newer files. */
  readonly type: number
  readonly keyGroup: number
  readonly payload: Buffer
  /** Offset of the block header within the file. */
  readonly offset: number
  readonly length: number
}

/** Verifies one block at `offset` of `bytes` (a whole file or a slice read from `offset`), returning it. */
export function readBlock(bytes: Uint8Array, at: number, fileOffset: number, ctx: StateFileContext, expect?: { type: number; keyGroup: number; length: number }): DecodedBlock {
  const b = asBuffer(bytes)
  if (at + BLOCK_HEADER_SIZE > b.byteLength) throw corrupt(ctx, `truncated: block header at offset ${fileOffset} runs past the end of the file`)
  const type = b.readUInt8(at)
  const keyGroup = b.readUInt16BE(at + 2)
  const len = b.readUInt32BE(at + 4)
  const crc = b.readUInt32BE(at + 8)
  if (at + BLOCK_HEADER_SIZE + len > b.byteLength) throw corrupt(ctx, `truncated: the ${groupName(keyGroup)} at offset ${fileOffset} runs past the end of the file`)
  const payload = b.subarray(at + BLOCK_HEADER_SIZE, at + BLOCK_HEADER_SIZE + len)
  if (crc32(payload, crc32(b.subarray(at, at + 8))) !== crc) throw corrupt(ctx, `checksum mismatch in the ${groupName(keyGroup)} at offset ${fileOffset}`)
  if (expect !== undefined && (expect.type !== type || expect.keyGroup !== keyGroup || expect.length !== len + BLOCK_HEADER_SIZE)) {
    throw corrupt(ctx, `the block at offset ${fileOffset} is not the one the checkpoint metadata describes`)
  }
  return { type, keyGroup, payload, offset: fileOffset, length: BLOCK_HEADER_SIZE + len }
}

/** Parses and verifies a whole file: header, every block's checksum, footer. */
export function parseStateFile(bytes: Uint8Array, ctx: StateFileContext): { kind: FileKind; blocks: DecodedBlock[] } {
  const b = asBuffer(bytes)
  const kind = checkFileHeader(b, ctx)
  const blocks: DecodedBlock[] = []
  let at = FILE_HEADER_SIZE
  for (;;) {
    if (at >= b.byteLength) throw corrupt(ctx, `truncated after ${blocks.length} blocks (no end marker)`)
    // Block types are small numbers, so a block header never starts like the end marker.
    if (at + 4 <= b.byteLength && b.readUInt32BE(at) === FOOTER_MAGIC) {
      if (at + FILE_FOOTER_SIZE > b.byteLength) throw corrupt(ctx, `truncated in the end marker at offset ${at}`)
      if (at + FILE_FOOTER_SIZE < b.byteLength) throw corrupt(ctx, `${b.byteLength - at - FILE_FOOTER_SIZE} bytes after the end marker`)
      break
    }
    const block = readBlock(b, at, at, ctx)
    blocks.push(block)
    at += block.length
  }
  const count = b.readUInt32BE(at + 4)
  if (!isZero(b, at + 8, at + FILE_FOOTER_SIZE)) throw corrupt(ctx, 'damaged end marker')
  if (count !== blocks.length) throw corrupt(ctx, `end marker counts ${count} blocks but the file holds ${blocks.length}`)
  return { kind, blocks }
}

export function decodePayload(block: DecodedBlock, ctx: StateFileContext): unknown {
  try {
    return deserialize(block.payload)
  } catch (e) {
    throw corrupt(ctx, `cannot decode the ${groupName(block.keyGroup)}: ${(e as Error).message}`)
  }
}

// ------------------------------------------------------------------------------------------------------------
// Block payloads. Entries are flattened into one array per block (one v8 call per block, not per entry).

const ENTRY_COLS = 5 // stateIndex, key, userKey, value, ts
const DELETE_COLS = 3 // stateIndex, key, userKey

class NameTable {
  readonly names: string[] = []
  private readonly index = new Map<string, number>()
  of(name: string): number {
    let i = this.index.get(name)
    if (i === undefined) {
      i = this.names.length
      this.names.push(name)
      this.index.set(name, i)
    }
    return i
  }
}

function flattenEntries(entries: readonly StateEntry[], names: NameTable): unknown[] {
  const flat = new Array<unknown>(entries.length * ENTRY_COLS)
  let i = 0
  for (const e of entries) {
    flat[i++] = names.of(e.state)
    flat[i++] = e.key
    flat[i++] = e.userKey
    flat[i++] = e.value
    flat[i++] = e.ts
  }
  return flat
}

function unflattenEntries(names: readonly string[], flat: readonly unknown[], into: StateEntry[]): void {
  for (let i = 0; i + ENTRY_COLS <= flat.length; i += ENTRY_COLS) {
    const state = names[flat[i] as number] as string
    const key = flat[i + 1] as string
    const userKey = flat[i + 2] as string | number | undefined
    const value = flat[i + 3]
    const ts = flat[i + 4] as number | undefined
    if (userKey === undefined) into.push(ts === undefined ? { state, key, value } : { state, key, value, ts })
    else into.push(ts === undefined ? { state, key, userKey, value } : { state, key, userKey, value, ts })
  }
}

export function encodeEntriesBlock(keyGroup: number, entries: readonly StateEntry[]): EncodedBlock {
  const names = new NameTable()
  const flat = flattenEntries(entries, names)
  return { type: BlockType.Entries, keyGroup, payload: serialize([names.names, flat]) }
}

export function decodeEntriesBlock(block: DecodedBlock, ctx: StateFileContext): StateEntry[] {
  const p = decodePayload(block, ctx)
  if (!Array.isArray(p) || p.length !== 2 || !Array.isArray(p[0]) || !Array.isArray(p[1])) throw corrupt(ctx, `malformed entries in the ${groupName(block.keyGroup)}`)
  const out: StateEntry[] = []
  unflattenEntries(p[0] as string[], p[1] as unknown[], out)
  return out
}

export function encodeDeltaBlock(keyGroup: number, puts: readonly StateEntry[], deletes: readonly StateDeletion[]): EncodedBlock {
  const names = new NameTable()
  const flatPuts = flattenEntries(puts, names)
  const flatDeletes = new Array<unknown>(deletes.length * DELETE_COLS)
  let i = 0
  for (const d of deletes) {
    flatDeletes[i++] = names.of(d.state)
    flatDeletes[i++] = d.key
    flatDeletes[i++] = d.userKey
  }
  return { type: BlockType.Delta, keyGroup, payload: serialize([names.names, flatPuts, flatDeletes]) }
}

export function decodeDeltaBlock(block: DecodedBlock, ctx: StateFileContext): { puts: StateEntry[]; deletes: StateDeletion[] } {
  const p = decodePayload(block, ctx)
  if (!Array.isArray(p) || p.length !== 3) throw corrupt(ctx, `malformed changes in the ${groupName(block.keyGroup)}`)
  const names = p[0] as string[]
  const puts: StateEntry[] = []
  unflattenEntries(names, p[1] as unknown[], puts)
  const flat = p[2] as unknown[]
  const deletes: StateDeletion[] = []
  for (let i = 0; i + DELETE_COLS <= flat.length; i += DELETE_COLS) {
    const state = names[flat[i] as number] as string
    const key = flat[i + 1] as string
    const userKey = flat[i + 2] as string | number | undefined
    deletes.push(userKey === undefined ? { state, key } : { state, key, userKey })
  }
  return { puts, deletes }
}

export function encodeValueBlock(type: BlockType, keyGroup: number, value: unknown): EncodedBlock {
  return { type, keyGroup, payload: serialize(value) }
}

// ------------------------------------------------------------------------------------------------------------
// Whole keyed snapshots (the canonical form every backend can produce and consume)

/**
 * Encodes a canonical keyed snapshot (plus opaque per-key-group timer data) into blocks: the state kinds first,
 * then per key group its entries and timers, in key-group order. Synchronous: values are copied into bytes now,
 * so the operator may mutate live state as soon as this returns.
 */
export function encodeKeyedSnapshot(snapshot: KeyedStateSnapshot, timers?: ReadonlyMap<number, unknown>): EncodedBlock[] {
  const blocks: EncodedBlock[] = [encodeValueBlock(BlockType.StateKinds, NO_KEY_GROUP, { ...snapshot.stateKinds })]
  const groups = new Set<number>(snapshot.groups.keys())
  if (timers !== undefined) for (const kg of timers.keys()) groups.add(kg)
  for (const kg of [...groups].sort((a, b) => a - b)) {
    const entries = snapshot.groups.get(kg)
    if (entries !== undefined && entries.length > 0) blocks.push(encodeEntriesBlock(kg, entries))
    const t = timers?.get(kg)
    if (t !== undefined) blocks.push(encodeValueBlock(BlockType.Timers, kg, t))
  }
  return blocks
}

/** Per key group, the result of applying a file chain (a full file then deltas) to an empty state. */
export class KeyedStateAssembler {
  readonly stateKinds: Record<string, 'value' | 'map' | 'list'> = {}
  private readonly groups = new Map<number, Map<string, StateEntry>>()
  /** Entries of a single full file need no identity map (nothing replaces or deletes them): appended as read. */
  private readonly lists = new Map<number, StateEntry[]>()
  readonly timers = new Map<number, unknown>()

  /** @param chain whether deltas may follow (entries are then kept by identity so later blocks can replace them) */
  constructor(private readonly chain = true) {}

  addKinds(kinds: StateKinds): void {
    Object.assign(this.stateKinds, kinds)
  }

  private group(kg: number): Map<string, StateEntry> {
    let g = this.groups.get(kg)
    if (g === undefined) this.groups.set(kg, (g = new Map()))
    return g
  }

  put(kg: number, e: StateEntry): void {
    if (!this.chain) {
      let l = this.lists.get(kg)
      if (l === undefined) this.lists.set(kg, (l = []))
      l.push(e)
      return
    }
    this.group(kg).set(entryId(e.state, e.key, e.userKey), e)
  }

  delete(kg: number, d: StateDeletion): void {
    this.groups.get(kg)?.delete(entryId(d.state, d.key, d.userKey))
  }

  /** Applies one decoded block (entries, delta, timers or state kinds) of a keyed file. */
  apply(block: DecodedBlock, ctx: StateFileContext): void {
    switch (block.type) {
      case BlockType.StateKinds:
        this.addKinds(decodePayload(block, ctx) as StateKinds)
        return
      case BlockType.Entries:
        for (const e of decodeEntriesBlock(block, ctx)) this.put(block.keyGroup, e)
        return
      case BlockType.Delta: {
        if (!this.chain) throw corrupt(ctx, 'a canonical snapshot holds a block of changes')
        const { puts, deletes } = decodeDeltaBlock(block, ctx)
        for (const d of deletes) this.delete(block.keyGroup, d)
        for (const e of puts) this.put(block.keyGroup, e)
        return
      }
      case BlockType.Timers:
        this.timers.set(block.keyGroup, decodePayload(block, ctx))
        return
      default:
        throw corrupt(ctx, `unexpected block type ${block.type} in keyed state`)
    }
  }

  snapshot(): KeyedStateSnapshot {
    const groups = new Map<number, StateEntry[]>(this.lists)
    for (const [kg, g] of this.groups) if (g.size > 0) groups.set(kg, [...g.values()])
    return { stateKinds: this.stateKinds, groups }
  }
}

/** Identity of an entry within a key group (deletes are applied by it). */
export function entryId(state: string, key: string, userKey: string | number | undefined): string {
  const uk = userKey === undefined ? '' : typeof userKey === 'number' ? `n${userKey}` : `s${userKey}`
  return `${state.length}:${state}${key.length}:${key}${uk}`
}

// ------------------------------------------------------------------------------------------------------------
// Handles: what a snapshot wrote, as plain data (structured-clone safe, so workers can hand them to the
// coordinator). Paths are absolute here; `_metadata` stores them relative to the checkpoint folder.

export interface StateFileRef {
  readonly path: string
  readonly size: number
  readonly crc32: number
  readonly blocks: readonly BlockRef[]
  /** In `shared/`: may be referenced by later checkpoints (incremental), deleted when none refers to it. */
  readonly shared: boolean
}

export type KeyedStateFormat = 'canonical' | 'native-incremental'

export interface KeyedStateHandle {
  readonly format: KeyedStateFormat
  readonly keyGroupRange: KeyGroupRange
  readonly stateKinds: StateKinds
  /** Applied in order: one full file, then (incremental) delta files. Timer blocks may be in any of them. */
  readonly files: readonly StateFileRef[]
  /** Bytes this checkpoint wrote for it (incremental: only the new files). */
  readonly checkpointedSize: number
}

/** Where a subtask's snapshot writes its files; implemented by the checkpoint storage. */
export interface SnapshotTarget {
  readonly checkpointId: number
  readonly isSavepoint: boolean
  /** `exclusive`: owned by this checkpoint; `shared`: may be referenced by later checkpoints (incremental). */
  createFile(kind: FileKind, where: 'exclusive' | 'shared'): StateFileSink
}

export interface StateFileSink {
  /** Appends a block; buffers and writes in large chunks (await it to apply backpressure). */
  add(block: EncodedBlock): Promise<void>
  /** Writes the end marker, syncs and closes; returns the file's handle. */
  close(): Promise<StateFileRef>
  /** Removes the partial file (on failure). */
  discard(): Promise<void>
}

// ------------------------------------------------------------------------------------------------------------
// Operator-level state of one subtask: operator state, source split states, sink committables.

export interface OperatorLevelState {
  readonly operatorState?: unknown
  readonly splits?: readonly { readonly splitId: string; readonly state: unknown }[]
  readonly committables?: readonly unknown[]
}

/** Encodes synchronously (call it at the barrier: later mutations of the objects do not leak in). */
export function encodeOperatorLevelState(s: OperatorLevelState): Uint8Array | null {
  const blocks: EncodedBlock[] = []
  if (s.operatorState !== undefined) blocks.push(encodeValueBlock(BlockType.OperatorState, NO_KEY_GROUP, s.operatorState))
  if (s.splits !== undefined && s.splits.length > 0) blocks.push(encodeValueBlock(BlockType.Splits, NO_KEY_GROUP, s.splits))
  if (s.committables !== undefined && s.committables.length > 0) blocks.push(encodeValueBlock(BlockType.Committables, NO_KEY_GROUP, s.committables))
  if (blocks.length === 0) return null
  const parts: Uint8Array[] = [fileHeader(FileKind.Operator)]
  for (const b of blocks) parts.push(blockHeader(b.type, b.keyGroup, b.payload), b.payload)
  parts.push(fileFooter(blocks.length))
  return Buffer.concat(parts)
}

export function decodeOperatorLevelState(bytes: Uint8Array, ctx: StateFileContext): OperatorLevelState {
  const { kind, blocks } = parseStateFile(bytes, ctx)
  if (kind !== FileKind.Operator) throw corrupt(ctx, `expected operator state, found file kind ${kind}`)
  let operatorState: unknown
  let splits: OperatorLevelState['splits']
  let committables: unknown[] | undefined
  for (const b of blocks) {
    const v = decodePayload(b, ctx)
    switch (b.type) {
      case BlockType.OperatorState:
        operatorState = v
        break
      case BlockType.Splits:
        splits = v as OperatorLevelState['splits']
        break
      case BlockType.Committables:
        committables = v as unknown[]
        break
      default:
        throw corrupt(ctx, `unexpected block type ${b.type} in operator state`)
    }
  }
  return {
    ...(operatorState !== undefined ? { operatorState } : {}),
    ...(splits !== undefined ? { splits } : {}),
    ...(committables !== undefined ? { committables } : {}),
  }
}
