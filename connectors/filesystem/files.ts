/** File system helpers of the filesystem connector: paths, listing, partition folders (`k=v`, escaped as Flink does). */
import { promises as fsp } from 'node:fs'
import type { Stats } from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { EngineError } from '../../src/errors.js'

/** `file:///x`, `file:/x` and plain paths to a local path. */
export function localPath(p: string): string {
  if (p.startsWith('file://')) return fileURLToPath(p)
  if (p.startsWith('file:')) return p.slice('file:'.length)
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) {
    throw new EngineError('CONNECTOR_UNSUPPORTED_FILESYSTEM', `only local paths are supported, got '${p}'`)
  }
  return p
}

/** Hidden and in-progress files (`.part-...inprogress...`, `_SUCCESS`, `.crc`) are never read. */
export function isHidden(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_')
}

export interface ListedFile {
  readonly path: string
  /** Partition values from `k=v` folders between the root and the file. */
  readonly partition: Readonly<Record<string, string>>
  readonly size: number
  readonly mtime: number
}

export async function listFiles(root: string, pattern: RegExp | null): Promise<ListedFile[]> {
  let st: Stats
  try {
    st = await fsp.stat(root)
  } catch {
    throw new EngineError('CONNECTOR_FILE_NOT_FOUND', `path '${root}' does not exist`)
  }
  const out: ListedFile[] = []
  if (st.isFile()) {
    out.push({ path: root, partition: {}, size: st.size, mtime: st.mtimeMs })
    return out
  }
  const walk = async (dir: string, partition: Record<string, string>): Promise<void> => {
    const entries = await fsp.readdir(dir, { withFileTypes: true })
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const e of entries) {
      if (isHidden(e.name)) continue
      const full = path.join(dir, e.name)
      if (e.isDirectory()) {
        const eq = e.name.indexOf('=')
        const sub = eq > 0 ? { ...partition, [unescapePathName(e.name.slice(0, eq))]: unescapePathName(e.name.slice(eq + 1)) } : partition
        await walk(full, sub)
      } else if (e.isFile()) {
        if (pattern !== null && !pattern.test(full)) continue
        const fst = await fsp.stat(full)
        out.push({ path: full, partition, size: fst.size, mtime: fst.mtimeMs })
      }
    }
  }
  await walk(root, {})
  return out
}

// Flink's PartitionPathUtils.escapePathName: these characters are written as %XX.
const ESCAPED = new Set(['"', '#', '%', "'", '*', '/', ':', '=', '?', '\\', '\u007f', '{', '[', ']', '^'])

export function escapePathName(s: string): string {
  let out = ''
  for (const c of s) {
    const code = c.charCodeAt(0)
    out += code < 0x20 || ESCAPED.has(c) ? '%' + code.toString(16).toUpperCase().padStart(2, '0') : c
  }
  return out
}

export function unescapePathName(s: string): string {
  return s.includes('%') ? s.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s
}
