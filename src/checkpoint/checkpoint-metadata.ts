/**
 * The `_metadata` document of a checkpoint or savepoint: a one-line header with magic, format version, body
 * length and the body's CRC32, then a JSON body. Paths inside are relative to the folder holding `_metadata`
 * ('/'-separated), so a savepoint folder can be moved and a checkpoint tree copied as a whole.
 */
import { isAbsolute, join, relative, sep } from 'node:path'
import { crc32 } from 'node:zlib'
import { EngineError } from '../errors.js'
import type { BlockRef, KeyedStateFormat, StateKinds } from '../state/state-serializer.js'

export const METADATA_FILE = '_metadata'
export const METADATA_VERSION = 1
const MAGIC = 'WEIR-CHECKPOINT-METADATA'

/** Positional columns of one part of an operator's state (e.g. 'key', 'input', 'accumulators'). */
export interface SchemaColumn {
  readonly name: string
  readonly type: string
}

/** What the state of an operator looks like, for refusing incompatible restores; parts are named by the caller. */
export type StateSchema = Readonly<Record<string, readonly SchemaColumn[]>>

export interface FileMetadata {
  readonly path: string
  readonly size: number
  readonly crc32: number
  readonly blocks: readonly BlockRef[]
  readonly shared: boolean
}

export interface KeyedMetadata {
  readonly format: KeyedStateFormat
  readonly keyGroupRange: readonly [number, number]
  readonly stateKinds: StateKinds
  readonly files: readonly FileMetadata[]
  readonly checkpointedSize: number
}

export type OperatorStateMetadata =
  | { readonly inline: string; readonly size: number; readonly crc32: number }
  | { readonly file: FileMetadata }

export interface SubtaskMetadata {
  readonly index: number
  readonly keyed: KeyedMetadata | null
  readonly operator: OperatorStateMetadata | null
}

export interface OperatorMetadata {
  readonly uid: string
  readonly name: string
  readonly kind: string
  readonly parallelism: number
  readonly stateVersion: number
  readonly schema: StateSchema | null
  readonly subtasks: readonly SubtaskMetadata[]
}

export interface CheckpointMetadata {
  readonly formatVersion: number
  readonly checkpointId: number
  readonly jobId: string
  readonly timestamp: number
  readonly isSavepoint: boolean
  readonly format: KeyedStateFormat
  readonly maxParallelism: number
  readonly operators: readonly OperatorMetadata[]
}

export function encodeMetadata(m: CheckpointMetadata): Buffer {
  const body = Buffer.from(JSON.stringify(m), 'utf8')
  const header = `${MAGIC} v${METADATA_VERSION} length=${body.byteLength} crc32=${crc32(body).toString(16).padStart(8, '0')}\n`
  return Buffer.concat([Buffer.from(header, 'utf8'), body])
}

function corruptMetadata(path: string, what: string): EngineError {
  return new EngineError('CHECKPOINT_CORRUPT', `checkpoint metadata '${path}' is corrupt: ${what}`, {
    domain: 'external',
    hint: 'restore from an older checkpoint or savepoint',
  })
}

export function decodeMetadata(bytes: Buffer, path: string): CheckpointMetadata {
  const nl = bytes.indexOf(0x0a)
  const header = nl < 0 ? '' : bytes.subarray(0, nl).toString('utf8')
  const m = /^WEIR-CHECKPOINT-METADATA v(\d+) length=(\d+) crc32=([0-9a-f]{8})$/.exec(header)
  if (m === null) {
    if (bytes.byteLength === 0) throw corruptMetadata(path, 'the file is empty')
    throw corruptMetadata(path, 'not a Weir checkpoint metadata file (bad header)')
  }
  const version = Number(m[1])
  if (version > METADATA_VERSION) {
    throw new EngineError('CHECKPOINT_INCOMPATIBLE', `checkpoint metadata '${path}' has format version ${version}; this Weir reads up to ${METADATA_VERSION}`)
  }
  const body = bytes.subarray(nl + 1)
  if (body.byteLength !== Number(m[2])) throw corruptMetadata(path, `truncated: body has ${body.byteLength} bytes, header says ${m[2]}`)
  if (crc32(body).toString(16).padStart(8, '0') !== m[3]) throw corruptMetadata(path, 'checksum mismatch')
  let doc: CheckpointMetadata
  try {
    doc = JSON.parse(body.toString('utf8')) as CheckpointMetadata
  } catch (e) {
    throw corruptMetadata(path, `invalid JSON: ${(e as Error).message}`)
  }
  if (typeof doc.checkpointId !== 'number' || !Array.isArray(doc.operators)) throw corruptMetadata(path, 'missing fields')
  return doc
}

/** `abs` relative to `base`, '/'-separated (the form stored in `_metadata`). */
export function toStoredPath(base: string, abs: string): string {
  return relative(base, abs).split(sep).join('/')
}

export function fromStoredPath(base: string, stored: string): string {
  return isAbsolute(stored) ? stored : join(base, ...stored.split('/'))
}
