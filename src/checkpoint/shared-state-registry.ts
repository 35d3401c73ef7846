/**
 * Reference counts of files in `shared/`: incremental checkpoints refer to files written by earlier ones, so a
 * shared file is deleted only when no retained or pending checkpoint refers to it any more, and only if this job
 * owns it (written by this job, or taken over from a restored checkpoint in CLAIM mode).
 *
 * A file whose count drops to zero is not deleted at once: a subtask that has not yet heard that checkpoint n
 * completed may still build checkpoint n+1 on top of n-1's files. Such a file waits until a checkpoint triggered
 * after the release completes; if that checkpoint referred to it again, it lives on.
 */
import { rm } from 'node:fs/promises'

interface Entry {
  refs: number
  readonly owned: boolean
}

export class SharedStateRegistry {
  private readonly files = new Map<string, Entry>()
  /** Owned files with no references, with the latest checkpoint id triggered when they were released. */
  private readonly graveyard = new Map<string, number>()

  /** @param ownedDirs files under these folders belong to this job (its own `shared/`). */
  constructor(private readonly ownedDirs: readonly string[]) {}

  private isOwned(path: string): boolean {
    return this.ownedDirs.some((d) => path.startsWith(d.endsWith('/') ? d : d + '/'))
  }

  /** Takes one reference per path; `claimed` marks files of a checkpoint restored in CLAIM mode as ours. */
  register(paths: Iterable<string>, claimed = false): void {
    for (const p of paths) {
      const e = this.files.get(p)
      if (e !== undefined) e.refs++
      else this.files.set(p, { refs: 1, owned: claimed || this.isOwned(p) || this.graveyard.has(p) })
      this.graveyard.delete(p)
    }
  }

  /** Drops one reference per path; owned files nobody refers to go to the graveyard, tagged `latestTriggered`. */
  release(paths: Iterable<string>, latestTriggered: number): void {
    for (const p of paths) {
      const e = this.files.get(p)
      if (e === undefined || --e.refs > 0) continue
      this.files.delete(p)
      if (e.owned) this.graveyard.set(p, latestTriggered)
    }
  }

  /** Deletes graveyard files released before checkpoint `completedId` was triggered; returns them. */
  async collect(completedId: number): Promise<string[]> {
    const deleted: string[] = []
    for (const [p, tag] of [...this.graveyard]) {
      if (tag >= completedId) continue
      this.graveyard.delete(p)
      await rm(p, { force: true })
      deleted.push(p)
    }
    return deleted
  }

  /** Deletes every owned file, referenced or not (the job's checkpoints are being discarded). */
  async deleteAll(): Promise<void> {
    for (const [p, e] of this.files) if (e.owned) await rm(p, { force: true })
    for (const p of this.graveyard.keys()) await rm(p, { force: true })
    this.files.clear()
    this.graveyard.clear()
  }

  refCount(path: string): number {
    return this.files.get(path)?.refs ?? 0
  }

  isPendingDeletion(path: string): boolean {
    return this.graveyard.has(path)
  }
}
