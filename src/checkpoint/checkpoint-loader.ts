/**
 * Loads a checkpoint or savepoint for restore. Accepts a chk-<n> or savepoint folder, its `_metadata` file, or a
 * job folder (its latest chk-<n> with a `_metadata`). Every file is checked (exists, size, and by default its
 * CRC32) and operator-level state is decoded eagerly, so a damaged checkpoint fails here, naming the file and the
 * operator, and never turns into a silent empty start.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { crc32 } from 'node:zlib'
import { EngineError } from '../errors.js'
import { decodeOperatorLevelState, corrupt } from '../state/state-serializer.js'
import type { KeyedStateFormat, KeyedStateHandle, OperatorLevelState, StateFileRef } from '../state/state-serializer.js'
import { checkFileSize, fileMissing, readVerifiedFile, verifyFile } from './checkpoint-files.js'
import { decodeMetadata, fromStoredPath, METADATA_FILE } from './checkpoint-metadata.js'
import type { FileMetadata, StateSchema } from './checkpoint-metadata.js'
import { stripFileScheme } from './checkpoint-options.js'

export interface RestoredSubtask {
  readonly index: number
  readonly keyed: KeyedStateHandle | null
  readonly operatorLevel: OperatorLevelState
}

export interface RestoredOperator {
  readonly uid: string
  readonly name: string
  readonly kind: string
  readonly parallelism: number
  readonly stateVersion: number
  readonly schema: StateSchema | null
  readonly subtasks: readonly RestoredSubtask[]
  /** `operator <uid> (<name>)`, for error messages about its files. */
  readonly owner: string
}

export interface RestoredCheckpoint {
  /** The chk-<n> or savepoint folder. */
  readonly path: string
  readonly metadataPath: string
  readonly checkpointId: number
  readonly jobId: string
  readonly timestamp: number
  readonly isSavepoint: boolean
  readonly format: KeyedStateFormat
  readonly maxParallelism: number
  readonly operators: ReadonlyMap<string, RestoredOperator>
}

export interface LoadOptions {
  /** 'full' (default) reads every file to check its CRC32; 'size' only checks existence and size. */
  readonly verify?: 'full' | 'size'
}

function notFound(path: string, why: string, cause?: unknown): EngineError {
  return new EngineError('CHECKPOINT_FILE_MISSING', `no checkpoint or savepoint at '${path}': ${why}`, {
    hint: "'execution.state-recovery.path' must name a savepoint folder, a chk-<n> folder, its _metadata file, or a job's checkpoint folder",
    ...(cause === undefined ? {} : { cause }),
  })
}

/** Finds the `_metadata` file the given path means. */
export async function resolveMetadataPath(input: string): Promise<string> {
  const path = resolve(stripFileScheme(input) ?? input)
  let st
  try {
    st = await stat(path)
  } catch (e) {
    throw notFound(path, 'the path does not exist', e)
  }
  if (st.isFile()) return path
  const direct = join(path, METADATA_FILE)
  try {
    if ((await stat(direct)).isFile()) return direct
  } catch {
    // not a checkpoint folder; maybe a job folder
  }
  const ids: number[] = []
  for (const name of await readdir(path)) {
    const m = /^chk-(\d+)$/.exec(name)
    if (m === null) continue
    try {
      if ((await stat(join(path, name, METADATA_FILE))).isFile()) ids.push(Number(m[1]))
    } catch {
      // an incomplete checkpoint (no _metadata): not a checkpoint
    }
  }
  if (ids.length === 0) throw notFound(path, `it has no ${METADATA_FILE} and no completed chk-<n> folder`)
  return join(path, `chk-${Math.max(...ids)}`, METADATA_FILE)
}

export async function loadCheckpoint(input: string, options: LoadOptions = {}): Promise<RestoredCheckpoint> {
  const metadataPath = await resolveMetadataPath(input)
  const base = dirname(metadataPath)
  let bytes: Buffer
  try {
    bytes = await readFile(metadataPath)
  } catch (e) {
    throw fileMissing(metadataPath, undefined, e)
  }
  if (basename(metadataPath) !== METADATA_FILE && !bytes.subarray(0, 24).toString('utf8').startsWith('WEIR-CHECKPOINT-METADATA')) {
    throw notFound(metadataPath, `it is not a ${METADATA_FILE} file`)
  }
  const m = decodeMetadata(bytes, metadataPath)
  const verify = options.verify ?? 'full'
  const operators = new Map<string, RestoredOperator>()
  for (const op of m.operators) {
    const owner = `operator ${op.uid} (${op.name})`
    const subtasks: RestoredSubtask[] = []
    for (const st of op.subtasks) {
      let keyed: KeyedStateHandle | null = null
      if (st.keyed !== null) {
        const files = st.keyed.files.map((f) => fileRef(base, f))
        for (let i = 0; i < files.length; i++) {
          const ctx = { file: files[i]!.path, owner }
          if (verify === 'full') await verifyFile(files[i]!, ctx)
          else await checkFileSize(files[i]!, ctx)
        }
        keyed = {
          format: st.keyed.format,
          keyGroupRange: { start: st.keyed.keyGroupRange[0], end: st.keyed.keyGroupRange[1] },
          stateKinds: st.keyed.stateKinds,
          files,
          checkpointedSize: st.keyed.checkpointedSize,
        }
      }
      let operatorLevel: OperatorLevelState = {}
      const o = st.operator
      if (o !== null) {
        if ('inline' in o) {
          const ctx = { file: `${metadataPath} (inline state of subtask ${st.index})`, owner }
          const raw = Buffer.from(o.inline, 'base64')
          if (raw.byteLength !== o.size || crc32(raw) !== o.crc32) throw corrupt(ctx, 'checksum mismatch')
          operatorLevel = decodeOperatorLevelState(raw, ctx)
        } else {
          const ref = fileRef(base, o.file)
          const ctx = { file: ref.path, owner }
          const raw = await readVerifiedFile(ref, ctx)
          operatorLevel = decodeOperatorLevelState(raw, ctx)
        }
      }
      subtasks.push({ index: st.index, keyed, operatorLevel })
    }
    operators.set(op.uid, {
      uid: op.uid,
      name: op.name,
      kind: op.kind,
      parallelism: op.parallelism,
      stateVersion: op.stateVersion,
      schema: op.schema,
      subtasks,
      owner,
    })
  }
  return {
    path: base,
    metadataPath,
    checkpointId: m.checkpointId,
    jobId: m.jobId,
    timestamp: m.timestamp,
    isSavepoint: m.isSavepoint,
    format: m.format,
    maxParallelism: m.maxParallelism,
    operators,
  }
}

function fileRef(base: string, f: FileMetadata): StateFileRef {
  return { path: fromStoredPath(base, f.path), size: f.size, crc32: f.crc32, blocks: f.blocks, shared: f.shared }
}

/** Error context for the files of a restored keyed handle. */
export function keyedFileContext(owner: string): (ref: StateFileRef) => { file: string; owner: string } {
  return (ref) => ({ file: ref.path, owner })
}
