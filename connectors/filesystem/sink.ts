/**
 * The filesystem sink. Rows go to part files under the table folder (or `k=v/` partition folders). A part file is
 * written as a hidden in-progress file `.part-<uuid>-<subtask>-<n>.inprogress.<random>` and becomes visible as
 * `part-<uuid>-<subtask>-<n>` only when committed: prepareCommit (at a checkpoint barrier) closes the open files and
 * returns them; commit (after the checkpoint completes) renames them; finish commits everything at the end of a
 * bounded input. Renames are idempotent, so committing again after a restore is harmless.
 * INSERT OVERWRITE deletes the other files of each folder it commits into (files of this job are kept).
 */
import { createHash, randomUUID } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import * as path from 'node:path'
import type { DynamicSink, RecordEncoder, SinkContext, SinkWriter, WriterContext } from '../../src/catalog/connector.js'
import type { Field } from '../../src/plan/physical/stream-nodes.js'
import type { RowBatch } from '../../src/runtime/row-batch.js'
import { EngineError } from '../../src/errors.js'
import { OptionReader, formatOptions } from '../shared/options.js'
import { textFormatter } from '../formats/shared/text-value.js'
import { escapePathName, isHidden, localPath } from './files.js'
import { FILESYSTEM_OPTIONS } from './options.js'

/** A closed in-progress file waiting for its rename. */
export interface FileCommittable {
  readonly inProgress: string
  readonly final: string
  /** Folder cleared first by INSERT OVERWRITE (null otherwise). */
  readonly overwriteDir: string | null
}

interface WriterState {
  readonly uuid: string
  readonly counter: number
}

interface Settings {
  readonly root: string
  readonly formatId: string
  readonly formatOptions: Record<string, string>
  readonly dataFields: readonly Field[]
  readonly dataIndices: readonly number[]
  readonly partitionIndices: readonly number[]
  readonly partitionNames: readonly string[]
  readonly partitionText: readonly ((v: unknown) => string)[]
  readonly defaultPartition: string
  readonly fileSize: number
  readonly rolloverInterval: number
  readonly inactivityInterval: number | null
  readonly successFile: string | null
  readonly overwrite: boolean
  readonly staticPartition: Readonly<Record<string, string>>
}

export class FileSystemSink implements DynamicSink {
  private readonly settings: Settings

  constructor(private readonly ctx: SinkContext) {
    const t = ctx.table
    const r = new OptionReader(t.options, FILESYSTEM_OPTIONS)
    const formatId = r.requiredString('format')
    const partitionIndices = t.partitionKeys.map((k) => t.physicalFields.findIndex((f) => f.name === k))
    const dataIndices = t.physicalFields.map((_, i) => i).filter((i) => !partitionIndices.includes(i))
    const policies = (r.string('sink.partition-commit.policy.kind') ?? '').split(',').map((s) => s.trim().toLowerCase())
    this.settings = {
      root: localPath(r.requiredString('path')),
      formatId,
      formatOptions: formatOptions(t.options, formatId),
      dataFields: dataIndices.map((i) => t.physicalFields[i] as Field),
      dataIndices,
      partitionIndices,
      partitionNames: t.partitionKeys,
      partitionText: partitionIndices.map((i) => textFormatter((t.physicalFields[i] as Field).type)),
      defaultPartition: r.string('partition.default-name') ?? '__DEFAULT_PARTITION__',
      fileSize: r.memory('sink.rolling-policy.file-size') ?? 128 * 1024 * 1024,
      rolloverInterval: r.duration('sink.rolling-policy.rollover-interval') ?? 30 * 60_000,
      inactivityInterval: r.duration('sink.rolling-policy.inactivity-interval') ?? null,
      successFile: policies.includes('success-file') ? (r.string('sink.partition-commit.success-file.name') ?? '_SUCCESS') : null,
      overwrite: ctx.overwrite,
      staticPartition: ctx.staticPartition,
    }
  }

  createWriter(w: WriterContext): SinkWriter {
    const encoder = this.ctx.formats.get(this.settings.formatId).createEncoder?.({ fields: this.settings.dataFields, options: this.settings.formatOptions })
    if (encoder === undefined) {
      throw new EngineError('CONNECTOR_FORMAT_READ_ONLY', `format '${this.settings.formatId}' cannot write rows`)
    }
    return new FileSystemWriter(this.settings, encoder, w)
  }
}

/** A uuid-shaped name shared by every subtask of one job (so overwrite can tell this job's files apart). */
function jobUuid(jobId: string): string {
  const h = createHash('sha1').update(jobId).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
}

interface OpenFile {
  readonly handle: FileHandle
  readonly inProgress: string
  readonly final: string
  readonly dir: string
  size: number
  readonly openedAt: number
  lastWrite: number
}

class FileSystemWriter implements SinkWriter {
  private readonly uuid: string
  private counter: number
  private readonly open_ = new Map<string, OpenFile>()
  private pending: FileCommittable[] = []
  private readonly cleared = new Set<string>()
  private readonly written = new Set<string>()

  constructor(
    private readonly s: Settings,
    private readonly encoder: RecordEncoder,
    private readonly w: WriterContext,
  ) {
    const st = w.restored?.state as WriterState | undefined
    this.uuid = st?.uuid ?? jobUuid(w.jobId)
    this.counter = st?.counter ?? 0
  }

  async open(): Promise<void> {
    await fsp.mkdir(this.s.root, { recursive: true })
  }

  /** The partition folder of a row, relative to the root ('' when not partitioned). */
  private bucketOf(row: readonly unknown[]): string {
    const idx = this.s.partitionIndices
    if (idx.length === 0) return ''
    let p = ''
    for (let j = 0; j < idx.length; j++) {
      const v = row[idx[j] as number]
      const text = v === null || v === undefined ? '' : (this.s.partitionText[j] as (v: unknown) => string)(v)
      p += (j > 0 ? '/' : '') + escapePathName(this.s.partitionNames[j] as string) + '=' + (text === '' ? this.s.defaultPartition : escapePathName(text))
    }
    return p
  }

  async write(batch: RowBatch): Promise<void> {
    const { rows, kinds } = batch
    const groups = new Map<string, (string | Uint8Array)[]>()
    const data = this.s.dataIndices
    const partitioned = this.s.partitionIndices.length > 0
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as unknown[]
      const bucket = this.bucketOf(row)
      const values = partitioned ? data.map((j) => row[j]) : row
      const rec = this.encoder.encode(values, kinds === null ? 0 : (kinds[i] as number))
      let g = groups.get(bucket)
      if (g === undefined) groups.set(bucket, (g = []))
      g.push(rec)
    }
    const now = Date.now()
    for (const [bucket, recs] of groups) {
      const f = await this.fileFor(bucket, now)
      const buf = joinRecords(recs)
      await f.handle.write(buf)
      f.size += buf.byteLength
      f.lastWrite = now
      if (f.size >= this.s.fileSize) await this.roll(bucket)
    }
    await this.rollByTime(now)
  }

  private async fileFor(bucket: string, now: number): Promise<OpenFile> {
    const cur = this.open_.get(bucket)
    if (cur !== undefined && now - cur.openedAt < this.s.rolloverInterval) return cur
    if (cur !== undefined) await this.roll(bucket)
    const dir = bucket === '' ? this.s.root : path.join(this.s.root, bucket)
    await fsp.mkdir(dir, { recursive: true })
    const name = `part-${this.uuid}-${this.w.subtaskIndex}-${this.counter++}`
    const inProgress = path.join(dir, `.${name}.inprogress.${randomUUID()}`)
    const handle = await fsp.open(inProgress, 'w')
    const f: OpenFile = { handle, inProgress, final: path.join(dir, name), dir, size: 0, openedAt: now, lastWrite: now }
    this.open_.set(bucket, f)
    this.written.add(dir)
    return f
  }

  /** Closes the bucket's open file; it waits in `pending` for the next commit. */
  private async roll(bucket: string): Promise<void> {
    const f = this.open_.get(bucket)
    if (f === undefined) return
    this.open_.delete(bucket)
    await f.handle.sync()
    await f.handle.close()
    this.pending.push({ inProgress: f.inProgress, final: f.final, overwriteDir: this.s.overwrite ? f.dir : null })
  }

  private async rollByTime(now: number): Promise<void> {
    const inactivity = this.s.inactivityInterval
    for (const [bucket, f] of [...this.open_]) {
      if (now - f.openedAt >= this.s.rolloverInterval || (inactivity !== null && now - f.lastWrite >= inactivity)) await this.roll(bucket)
    }
  }

  async prepareCommit(): Promise<unknown> {
    for (const bucket of [...this.open_.keys()]) await this.roll(bucket)
    const out = this.pending
    this.pending = []
    return out
  }

  snapshotState(): unknown {
    return { uuid: this.uuid, counter: this.counter } satisfies WriterState
  }

  async commit(committables: readonly unknown[]): Promise<void> {
    for (const c of committables) {
      // A checkpoint's committable is the array prepareCommit returned; accept single ones too.
      for (const f of (Array.isArray(c) ? c : [c]) as FileCommittable[]) await this.commitFile(f)
    }
  }

  private async commitFile(f: FileCommittable): Promise<void> {
    if (f.overwriteDir !== null) await this.clear(f.overwriteDir)
    try {
      await fsp.rename(f.inProgress, f.final)
    } catch (e) {
      // Already committed before a restore: the final file is there and the in-progress one is gone.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || !(await exists(f.final))) throw e
    }
  }

  /** INSERT OVERWRITE: removes visible files in `dir` that this job did not write (once per folder). */
  private async clear(dir: string): Promise<void> {
    if (this.cleared.has(dir)) return
    this.cleared.add(dir)
    const ours = `part-${this.uuid}-`
    let entries: import('node:fs').Dirent[]
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries) {
      if (isHidden(e.name) || e.name.startsWith(ours)) continue
      // A non-partitioned overwrite replaces everything; a partition's overwrite leaves deeper partition folders alone.
      if (e.isDirectory() && (dir !== this.s.root || this.s.partitionIndices.length > 0)) continue
      await fsp.rm(path.join(dir, e.name), { recursive: true, force: true })
    }
  }

  async finish(): Promise<void> {
    const committables = await this.prepareCommit()
    await this.commit([committables])
    if (this.s.overwrite) {
      // An overwrite that wrote nothing still empties its target (the static partition, or the whole table).
      const staticKeys = Object.keys(this.s.staticPartition)
      const dir = staticKeys.length === this.s.partitionIndices.length && staticKeys.length > 0
        ? path.join(this.s.root, ...this.s.partitionNames.map((k) => `${escapePathName(k)}=${escapePathName(this.s.staticPartition[k] ?? '')}`))
        : this.s.partitionIndices.length === 0 ? this.s.root : null
      if (dir !== null && this.w.subtaskIndex === 0) await this.clear(dir)
    }
    if (this.s.successFile !== null) {
      for (const dir of this.written) await fsp.writeFile(path.join(dir, this.s.successFile), '')
    }
  }

  async close(): Promise<void> {
    // After a failure: close handles, leave the hidden in-progress files (they are never read, and never committed).
    for (const f of this.open_.values()) await f.handle.close().catch(() => undefined)
    this.open_.clear()
  }
}

function joinRecords(recs: readonly (string | Uint8Array)[]): Buffer {
  if (recs.every((r) => typeof r === 'string')) return Buffer.from((recs as string[]).join('\n') + '\n', 'utf8')
  const parts: Buffer[] = []
  for (const r of recs) {
    parts.push(typeof r === 'string' ? Buffer.from(r, 'utf8') : Buffer.from(r.buffer, r.byteOffset, r.byteLength))
    parts.push(NEWLINE)
  }
  return Buffer.concat(parts)
}

const NEWLINE = Buffer.from('\n')

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.access(p)
    return true
  } catch {
    return false
  }
}
