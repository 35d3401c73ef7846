/**
 * The slice of rocksdb-native (RocksDB 10, a CommonJS addon without type declarations) the RocksDB backend uses,
 * typed. On Linux the addon needs libatomic (Debian: libatomic1).
 */
import { createRequire } from 'node:module'
import { EngineError } from '../errors.js'

export interface RocksReadBatch {
  get(key: Buffer): Promise<Buffer | null>
  flush(): Promise<void>
  tryFlush(): void
}

export interface RocksWriteBatch {
  tryPut(key: Buffer, value: Buffer): void
  tryDelete(key: Buffer): void
  tryDeleteRange(start: Buffer, end: Buffer): void
  flush(): Promise<void>
}

export interface RocksEntry {
  readonly key: Buffer
  readonly value: Buffer
}

export interface RocksIterator extends AsyncIterable<RocksEntry> {
  on(event: 'data', fn: (e: RocksEntry) => void): this
  on(event: 'end' | 'close', fn: () => void): this
  on(event: 'error', fn: (e: Error) => void): this
  pause(): this
  resume(): this
  destroy(err?: Error): void
}

export interface RocksDb {
  ready(): Promise<void>
  close(opts?: { force?: boolean }): Promise<void>
  /** Pass autoDestroy: true, or the batch keeps the database referenced (close() would wait forever). */
  read(opts?: { capacity?: number; fillCache?: boolean; autoDestroy?: boolean }): RocksReadBatch
  write(opts?: { capacity?: number; autoDestroy?: boolean }): RocksWriteBatch
  iterator(range: { gte?: Buffer; gt?: Buffer; lt?: Buffer; lte?: Buffer }, opts?: { capacity?: number; values?: boolean }): RocksIterator
  /** A session reading a consistent point-in-time view; close it when done. */
  snapshot(): RocksDb
  flush(): Promise<void>
}

type RocksCtor = new (path: string, opts?: Record<string, unknown>) => RocksDb

let ctor: RocksCtor | undefined

function load(): RocksCtor {
  if (ctor !== undefined) return ctor
  try {
    ctor = createRequire(import.meta.url)('rocksdb-native') as RocksCtor
    return ctor
  } catch (e) {
    throw new EngineError('STATE_BACKEND_UNAVAILABLE', `the RocksDB state backend cannot load its native library: ${(e as Error).message}`, {
      domain: 'external',
      hint: "on Linux install libatomic (Debian/Ubuntu: apt-get install libatomic1), or use state.backend.type = 'hashmap'",
      cause: e,
    })
  }
}

export async function openRocksDb(path: string): Promise<RocksDb> {
  const Rocks = load()
  // The database is a local working copy (restored from checkpoints), so recovery niceties are not needed;
  // fewer background jobs suit a machine shared by several subtasks.
  // 32 MB memtables (RocksDB's default is 64 MB, two of them): the working set in front does the caching.
  const db = new Rocks(path, { maxBackgroundJobs: 2, createIfMissing: true, writeBufferSize: 32 * 1024 * 1024 })
  await db.ready()
  return db
}

/**
 * Visits all entries in [gte, lt) in key order, in chunks; the next chunk is read while `onChunk`'s promise is
 * pending only up to the iterator's buffer (it pauses), so memory stays bounded.
 */
export async function scanRange(
  db: RocksDb,
  range: { gte: Buffer; lt: Buffer },
  onChunk: (entries: RocksEntry[]) => void | Promise<void>,
  chunkSize = 4096,
): Promise<void> {
  const it = db.iterator(range, { capacity: 1024 })
  await new Promise<void>((resolve, reject) => {
    let chunk: RocksEntry[] = []
    let busy = false
    let ended = false
    let done = false
    const fail = (e: unknown): void => {
      if (done) return
      done = true
      it.destroy()
      reject(e)
    }
    const finish = (): void => {
      if (done) return
      const last = chunk
      chunk = []
      Promise.resolve(last.length > 0 ? onChunk(last) : undefined).then(() => {
        done = true
        resolve()
      }, fail)
    }
    const dispatch = (): void => {
      const full = chunk
      chunk = []
      let r: void | Promise<void>
      try {
        r = onChunk(full)
      } catch (e) {
        fail(e)
        return
      }
      if (!(r instanceof Promise)) {
        afterChunk()
        return
      }
      busy = true
      it.pause()
      r.then(() => {
        busy = false
        afterChunk()
      }, fail)
    }
    const afterChunk = (): void => {
      if (chunk.length >= chunkSize) dispatch()
      else if (ended) finish()
      else it.resume()
    }
    it.on('data', (e) => {
      chunk.push(e)
      if (chunk.length >= chunkSize && !busy) dispatch()
    })
    it.on('error', fail)
    it.on('end', () => {
      ended = true
      if (!busy) finish()
    })
  })
}
