/**
 * The filesystem source: reads a file, or every visible file under a folder (sorted; `k=v` folders give partition
 * column values), record by record through the table's format. Files are split over subtasks by their index in the
 * sorted listing; a split's state is the number of records consumed, so a restore resumes mid-file. With
 * source.monitor-interval the folder is listed again periodically and new files are read (unbounded).
 */
import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { END_OF_INPUT } from '../../src/catalog/connector.js'
import type {
  PollResult,
  ReaderContext,
  RecordDecoder,
  ScanSource,
  SourceContext,
  SourceReader,
  SplitState,
} from '../../src/catalog/connector.js'
import type { Field } from '../../src/plan/physical/stream-nodes.js'
import { RowBatchBuilder } from '../../src/runtime/row-batch.js'
import type { Row } from '../../src/runtime/row-batch.js'
import { EngineError, isEngineError } from '../../src/errors.js'
import { OptionReader, formatOptions, invalidOption } from '../shared/options.js'
import { splitRecords } from '../formats/csv/csv-records.js'
import { readCsvOptions } from '../formats/csv/csv-format.js'
import { textParser } from '../formats/shared/text-value.js'
import { listFiles, localPath } from './files.js'
import type { ListedFile } from './files.js'
import { FILESYSTEM_OPTIONS } from './options.js'

export interface FileSplitState {
  readonly path: string
  readonly offset: number
  readonly done: boolean
}

interface RecordText {
  readonly text: string
  readonly line: number
}

type Projection = { readonly kind: 'field'; readonly index: number } | { readonly kind: 'partition'; readonly key: string }

export const FILESYSTEM_METADATA = [
  { key: 'file.path', type: 'STRING NOT NULL', description: 'Full path of the file the row was read from.' },
  { key: 'file.name', type: 'STRING NOT NULL', description: 'Name of the file the row was read from.' },
  { key: 'file.size', type: 'BIGINT NOT NULL', description: 'Size of the file in bytes.' },
  { key: 'file.modification-time', type: 'TIMESTAMP_LTZ(3) NOT NULL', description: 'Modification time of the file.' },
] as const

export class FileSystemSource implements ScanSource {
  readonly root: string
  readonly formatId: string
  readonly formatFields: readonly Field[]
  readonly projection: readonly Projection[]
  readonly partitionParsers: ReadonlyMap<string, (text: string) => unknown>
  readonly metadataKeys: readonly string[]
  readonly monitorInterval: number | null
  readonly pattern: RegExp | null
  readonly defaultPartition: string
  readonly splitText: (text: string) => RecordText[]

  constructor(readonly ctx: SourceContext) {
    const t = ctx.table
    const r = new OptionReader(t.options, FILESYSTEM_OPTIONS)
    this.root = localPath(r.requiredString('path'))
    this.formatId = r.requiredString('format')
    const partitionKeys = new Set(t.partitionKeys)
    this.formatFields = t.physicalFields.filter((f) => !partitionKeys.has(f.name))
    this.projection = ctx.readFields.map((i): Projection => {
      const f = t.physicalFields[i] as Field
      return partitionKeys.has(f.name) ? { kind: 'partition', key: f.name } : { kind: 'field', index: this.formatFields.indexOf(f) }
    })
    const parsers = new Map<string, (text: string) => unknown>()
    for (const f of t.physicalFields) if (partitionKeys.has(f.name)) parsers.set(f.name, textParser(f.type))
    this.partitionParsers = parsers
    this.metadataKeys = ctx.metadata.map((m) => m.key)
    this.monitorInterval = r.duration('source.monitor-interval') ?? null
    const regex = r.string('source.path.regex-pattern')
    try {
      this.pattern = regex === undefined ? null : new RegExp(`^(?:${regex})$`)
    } catch {
      throw invalidOption('source.path.regex-pattern', regex ?? '', 'a regular expression')
    }
    this.defaultPartition = r.string('partition.default-name') ?? '__DEFAULT_PARTITION__'
    if (this.formatId === 'csv') {
      const syntax = readCsvOptions(formatOptions(t.options, 'csv')).syntax
      this.splitText = (text) => splitRecords(text, syntax)
    } else this.splitText = splitLines
  }

  newDecoder(): RecordDecoder {
    return this.ctx.formats.get(this.formatId).createDecoder({ fields: this.formatFields, options: formatOptions(this.ctx.table.options, this.formatId) })
  }

  createReader(ctx: ReaderContext): SourceReader {
    return new FileSystemReader(this, ctx)
  }
}

function splitLines(text: string): RecordText[] {
  const lines = text.split('\n')
  const out: RecordText[] = []
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i] as string
    if (i === lines.length - 1 && l === '') break
    if (l.endsWith('\r')) l = l.slice(0, -1)
    out.push({ text: l, line: i + 1 })
  }
  return out
}

interface FileSplit {
  readonly file: ListedFile
  offset: number
  done: boolean
  records: RecordText[] | null
  partitionValues: Map<string, unknown> | null
}

class FileSystemReader implements SourceReader {
  private readonly splits: FileSplit[] = []
  private readonly known = new Set<string>()
  private listed = false
  private lastListing = 0
  private readonly decoder: RecordDecoder
  private readonly restored: Map<string, FileSplitState>

  constructor(
    private readonly src: FileSystemSource,
    private readonly ctx: ReaderContext,
  ) {
    this.decoder = src.newDecoder()
    this.restored = new Map((ctx.restoredSplits ?? []).map((s) => [(s.state as FileSplitState).path, s.state as FileSplitState]))
  }

  async open(): Promise<void> {}

  private async list(): Promise<void> {
    const files = await listFiles(this.src.root, this.src.pattern)
    this.lastListing = Date.now()
    for (let i = 0; i < files.length; i++) {
      const f = files[i] as ListedFile
      if (this.known.has(f.path)) continue
      this.known.add(f.path)
      // New files of a monitored folder are assigned by path hash, so the assignment does not depend on the listing.
      const owner = this.listed ? hashPath(f.path) % this.ctx.parallelism : i % this.ctx.parallelism
      if (owner !== this.ctx.subtaskIndex) continue
      const prev = this.restored.get(f.path)
      this.splits.push({ file: f, offset: prev?.offset ?? 0, done: prev?.done ?? false, records: null, partitionValues: null })
    }
    this.listed = true
  }

  poll(maxRows: number): PollResult | Promise<PollResult> {
    if (!this.listed) return this.list().then(() => this.poll(maxRows))
    const split = this.splits.find((s) => !s.done)
    if (split === undefined) {
      if (this.src.monitorInterval === null) return END_OF_INPUT
      if (Date.now() - this.lastListing >= this.src.monitorInterval) return this.list().then(() => null)
      return null
    }
    if (split.records === null) return this.load(split).then(() => this.poll(maxRows))
    return this.readFrom(split, maxRows)
  }

  private async load(split: FileSplit): Promise<void> {
    let text = await fsp.readFile(split.file.path, 'utf8')
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    split.records = this.src.splitText(text)
    const values = new Map<string, unknown>()
    for (const [key, parse] of this.src.partitionParsers) {
      const raw = split.file.partition[key]
      try {
        values.set(key, raw === undefined || raw === this.src.defaultPartition ? null : parse(raw))
      } catch (e) {
        throw new EngineError('FORMAT_PARSE_ERROR', `file '${split.file.path}': bad value '${raw}' of partition column '${key}': ${(e as Error).message}`, {
          domain: 'external',
        })
      }
    }
    split.partitionValues = values
  }

  private readFrom(split: FileSplit, maxRows: number): PollResult {
    const records = split.records as RecordText[]
    const builder = new RowBatchBuilder()
    let i = split.offset
    while (i < records.length && builder.size < maxRows) {
      const rec = records[i] as RecordText
      try {
        this.decoder.decode(rec.text, builder)
      } catch (e) {
        throw locate(e, split.file.path, rec.line)
      }
      i++
    }
    split.offset = i
    if (i >= records.length) {
      split.done = true
      split.records = null // free the text
    }
    const decoded = builder.build()
    const rows = decoded.rows.map((r) => this.project(r, split))
    return { batch: { rows, kinds: decoded.kinds }, splitId: split.file.path }
  }

  private project(formatRow: Row, split: FileSplit): Row {
    const proj = this.src.projection
    const meta = this.src.metadataKeys
    const out = new Array<unknown>(proj.length + meta.length)
    for (let j = 0; j < proj.length; j++) {
      const p = proj[j] as Projection
      out[j] = p.kind === 'field' ? formatRow[p.index] : (split.partitionValues?.get(p.key) ?? null)
    }
    for (let j = 0; j < meta.length; j++) {
      const f = split.file
      const k = meta[j]
      out[proj.length + j] = k === 'file.path' ? f.path : k === 'file.name' ? path.basename(f.path) : k === 'file.size' ? f.size : k === 'file.modification-time' ? Math.floor(f.mtime) : null
    }
    return out
  }

  waitForData(): Promise<void> {
    const ms = this.src.monitorInterval === null ? 0 : Math.max(1, this.lastListing + this.src.monitorInterval - Date.now())
    return new Promise((resolve) => setTimeout(resolve, ms))
  }

  activeSplits(): readonly string[] {
    return this.splits.filter((s) => !s.done).map((s) => s.file.path)
  }

  snapshotState(): readonly SplitState[] {
    return this.splits.map((s) => ({ splitId: s.file.path, state: { path: s.file.path, offset: s.offset, done: s.done } satisfies FileSplitState }))
  }

  async close(): Promise<void> {}
}

/** Adds the file and line to a format error (keeping its code), or wraps anything else. */
function locate(e: unknown, file: string, line: number): EngineError {
  const where = `file '${file}', line ${line}`
  if (isEngineError(e)) {
    const hint = e.hint
    return new EngineError(e.code, `${e.message} (${where})`, { domain: e.domain, cause: e, ...(hint === undefined ? {} : { hint }) })
  }
  return new EngineError('FORMAT_PARSE_ERROR', `${(e as Error).message} (${where})`, { domain: 'external', cause: e })
}

function hashPath(p: string): number {
  let h = 0
  for (let i = 0; i < p.length; i++) h = (Math.imul(h, 31) + p.charCodeAt(i)) | 0
  return h >>> 0
}
