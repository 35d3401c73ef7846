/**
 * File I/O of checkpoints: streaming state files with framing and checksums, atomic small files (`_metadata`),
 * verified reads of whole files or of single blocks. Everything here is plain fs, so it runs in worker threads
 * (subtasks write their own files) as well as in the coordinator.
 */
import { randomBytes } from 'node:crypto'
import { open, rename, rm, stat, mkdir, readFile } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { crc32 } from 'node:zlib'
import { EngineError } from '../errors.js'
import {
  blockHeader,
  BlockType,
  checkFileHeader,
  corrupt,
  fileFooter,
  fileHeader,
  readBlock,
  FILE_HEADER_SIZE,
} from '../state/state-serializer.js'
import type {
  BlockRef,
  DecodedBlock,
  EncodedBlock,
  FileKind,
  KeyedStateHandle,
  SnapshotTarget,
  StateFileContext,
  StateFileRef,
  StateFileSink,
} from '../state/state-serializer.js'
import type { KeyGroupRange } from '../state/key-groups.js'

const WRITE_CHUNK = 4 * 1024 * 1024

/** Plain-data description of where one subtask writes (sent to the worker that runs the subtask). */
export interface SnapshotTargetDescriptor {
  readonly checkpointId: number
  readonly isSavepoint: boolean
  /** chk-<n>/ of a checkpoint, or the savepoint folder. */
  readonly exclusiveDir: string
  /** <job>/shared/ of a checkpoint; the savepoint folder itself for savepoints (they are self-contained). */
  readonly sharedDir: string
  /** `<uid>-<subtask>`: keeps the files of different subtasks apart. */
  readonly filePrefix: string
}

export function safeFileName(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]/g, '_')
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex')
}

const EXTENSIONS: Record<number, string> = { 1: 'kst', 2: 'kdt', 3: 'ost' }

export function createSnapshotTarget(d: SnapshotTargetDescriptor): SnapshotTarget {
  const used = new Set<string>()
  return {
    checkpointId: d.checkpointId,
    isSavepoint: d.isSavepoint,
    createFile(kind: FileKind, where: 'exclusive' | 'shared'): StateFileSink {
      const ext = EXTENSIONS[kind] ?? 'bin'
      let name: string
      if (where === 'shared') name = `${d.filePrefix}-${d.checkpointId}-${randomHex(6)}.${ext}`
      else {
        name = `${d.filePrefix}.${ext}`
        for (let i = 1; used.has(name); i++) name = `${d.filePrefix}-${i}.${ext}`
        used.add(name)
      }
      return new FsStateFileSink(join(where === 'shared' ? d.sharedDir : d.exclusiveDir, name), kind, where === 'shared' && !d.isSavepoint)
    },
  }
}

/** Writes a state file sequentially: header, blocks, footer; tracks offsets, size and the whole-file CRC32. */
export class FsStateFileSink implements StateFileSink {
  private handle: FileHandle | null = null
  private pending: Uint8Array[] = []
  private pendingBytes = 0
  private offset = 0
  private crc = 0
  private readonly blocks: BlockRef[] = []

  constructor(
    readonly path: string,
    kind: FileKind,
    private readonly shared: boolean,
  ) {
    this.push(fileHeader(kind))
  }

  private push(b: Uint8Array): void {
    this.pending.push(b)
    this.pendingBytes += b.byteLength
    this.offset += b.byteLength
    this.crc = crc32(b, this.crc)
  }

  async add(block: EncodedBlock): Promise<void> {
    const at = this.offset
    this.push(blockHeader(block.type, block.keyGroup, block.payload))
    this.push(block.payload)
    this.blocks.push([block.type, block.keyGroup, at, this.offset - at])
    if (this.pendingBytes >= WRITE_CHUNK) await this.drain()
  }

  private async drain(): Promise<void> {
    if (this.handle === null) {
      await mkdir(dirname(this.path), { recursive: true })
      this.handle = await open(this.path, 'wx')
    }
    const chunks = this.pending
    this.pending = []
    this.pendingBytes = 0
    if (chunks.length > 0) await this.handle.writev(chunks)
  }

  async close(): Promise<StateFileRef> {
    this.push(fileFooter(this.blocks.length))
    await this.drain()
    const h = this.handle!
    await h.sync()
    await h.close()
    this.handle = null
    return { path: this.path, size: this.offset, crc32: this.crc, blocks: this.blocks, shared: this.shared }
  }

  async discard(): Promise<void> {
    if (this.handle !== null) await this.handle.close().catch(() => undefined)
    this.handle = null
    await rm(this.path, { force: true })
  }
}

/** Writes `data` to `path` atomically: a temp file in the same folder, fsync, rename, fsync of the folder. */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const dir = dirname(path)
  const tmp = join(dir, `.${basename(path)}.inprogress-${randomHex(4)}`)
  const h = await open(tmp, 'wx')
  try {
    await h.writeFile(data)
    await h.sync()
  } finally {
    await h.close()
  }
  await rename(tmp, path)
  await syncDir(dir)
}

export async function syncDir(dir: string): Promise<void> {
  let h: FileHandle | undefined
  try {
    h = await open(dir, 'r')
    await h.sync()
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  } finally {
    await h?.close()
  }
}

export function fileMissing(path: string, owner: string | undefined, cause?: unknown): EngineError {
  const of = owner === undefined ? '' : ` of ${owner}`
  return new EngineError('CHECKPOINT_FILE_MISSING', `checkpoint file '${path}'${of} is missing`, {
    domain: 'external',
    hint: 'the checkpoint was moved or partly deleted; restore from another checkpoint or savepoint',
    ...(cause === undefined ? {} : { cause }),
  })
}

/** Checks that the file exists with the recorded size (cheap; no read). */
export async function checkFileSize(ref: StateFileRef, ctx: StateFileContext): Promise<void> {
  let size: number
  try {
    size = (await stat(ref.path)).size
  } catch (e) {
    throw fileMissing(ctx.file, ctx.owner, e)
  }
  if (size !== ref.size) throw corrupt(ctx, size < ref.size ? `truncated: ${size} bytes, the checkpoint recorded ${ref.size}` : `${size} bytes, the checkpoint recorded ${ref.size}`)
}

/** Reads the whole file and checks size and CRC32. */
export async function readVerifiedFile(ref: { path: string; size: number; crc32: number }, ctx: StateFileContext): Promise<Buffer> {
  let bytes: Buffer
  try {
    bytes = await readFile(ref.path)
  } catch (e) {
    throw fileMissing(ctx.file, ctx.owner, e)
  }
  if (bytes.byteLength !== ref.size) {
    throw corrupt(ctx, bytes.byteLength < ref.size ? `truncated: ${bytes.byteLength} bytes, the checkpoint recorded ${ref.size}` : `${bytes.byteLength} bytes, the checkpoint recorded ${ref.size}`)
  }
  if (crc32(bytes) !== ref.crc32) throw corrupt(ctx, 'file checksum mismatch')
  return bytes
}

/** CRC32 of a file, streamed (for verifying large files without holding them). */
export async function fileCrc32(path: string): Promise<{ size: number; crc32: number }> {
  const h = await open(path, 'r')
  try {
    const buf = Buffer.allocUnsafe(WRITE_CHUNK)
    let crc = 0
    let size = 0
    for (;;) {
      const { bytesRead } = await h.read(buf, 0, buf.length, size)
      if (bytesRead === 0) break
      crc = crc32(buf.subarray(0, bytesRead), crc)
      size += bytesRead
    }
    return { size, crc32: crc }
  } finally {
    await h.close()
  }
}

/** Size and checksum of a file on disk against its record. */
export async function verifyFile(ref: StateFileRef, ctx: StateFileContext): Promise<void> {
  await checkFileSize(ref, ctx)
  const { crc32: actual } = await fileCrc32(ref.path)
  if (actual !== ref.crc32) throw corrupt(ctx, 'file checksum mismatch')
}

/**
 * Reads the blocks of `handle` that matter for `range` (the state kinds and the key groups in range), file by
 * file in chain order, reading runs of adjacent blocks with one read each; each block's checksum is verified.
 */
export async function readKeyedBlocks(
  handle: KeyedStateHandle,
  range: KeyGroupRange,
  contextOf: (ref: StateFileRef) => StateFileContext,
  onBlock: (block: DecodedBlock, ctx: StateFileContext) => void | Promise<void>,
): Promise<void> {
  for (const ref of handle.files) {
    const ctx = contextOf(ref)
    const wanted = ref.blocks.filter(([type, kg]) => type === BlockType.StateKinds || (kg >= range.start && kg < range.end))
    if (wanted.length === 0) continue
    await checkFileSize(ref, ctx)
    let h: FileHandle
    try {
      h = await open(ref.path, 'r')
    } catch (e) {
      throw fileMissing(ctx.file, ctx.owner, e)
    }
    try {
      const header = Buffer.alloc(FILE_HEADER_SIZE)
      await h.read(header, 0, FILE_HEADER_SIZE, 0)
      checkFileHeader(header, ctx)
      // Runs of adjacent blocks, up to ~WRITE_CHUNK bytes per read.
      let i = 0
      while (i < wanted.length) {
        const first = wanted[i]!
        let end = first[2] + first[3]
        let j = i + 1
        while (j < wanted.length && wanted[j]![2] === end && end - first[2] < WRITE_CHUNK) end += wanted[j++]![3]
        const buf = Buffer.allocUnsafe(end - first[2])
        const { bytesRead } = await h.read(buf, 0, buf.length, first[2])
        if (bytesRead < buf.length) throw corrupt(ctx, `truncated: block at offset ${first[2]} runs past the end of the file`)
        for (let k = i; k < j; k++) {
          const [type, kg, offset, length] = wanted[k]!
          await onBlock(readBlock(buf, offset - first[2], offset, ctx, { type, keyGroup: kg, length }), ctx)
        }
        i = j
      }
    } finally {
      await h.close()
    }
  }
}
