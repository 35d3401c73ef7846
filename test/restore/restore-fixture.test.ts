/**
 * Savepoint compatibility across versions (issue 5): word-count-v1/savepoint was written by Weir 0.1.0
 * (make-fixture.mjs, see WRITTEN-BY) and is checked in. Every later version must restore it into the unchanged
 * job (word-count-v1/job.sql): the group aggregation's counts continue from the saved ones and the open 10-second
 * window keeps the rows it had collected. Never regenerate the fixture to make this test pass; a format change
 * must keep reading the old format.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI, committedLines, sorted, WeirProcess } from '../faults/weir-process.js'

const FIXTURE = join(import.meta.dirname, 'word-count-v1')
const SAVEPOINT = join(FIXTURE, 'savepoint')

function expectedLines(name: string): string[] {
  return sorted(readFileSync(join(FIXTURE, name), 'utf8').split('\n').filter((l) => l !== ''))
}

describe('restore fixture word-count-v1', () => {
  it('the fixture is checked in', () => {
    expect(existsSync(join(SAVEPOINT, '_metadata')), 'run `node test/restore/make-fixture.mjs` once (after npm run build) and commit its output').toBe(true)
  })

  for (const parallelism of [1, 2]) {
    it.skipIf(!existsSync(join(SAVEPOINT, '_metadata')))(`restores the checked-in savepoint (moved to another folder) at parallelism ${parallelism} and continues from its state`, { timeout: 60_000 }, async () => {
      expect(existsSync(CLI), `${CLI} is missing: run npm run build`).toBe(true)
      const work = mkdtempSync(join(tmpdir(), 'weir-restore-fixture-'))
      try {
        cpSync(join(FIXTURE, 'input'), join(work, 'input'), { recursive: true })
        cpSync(join(FIXTURE, 'input-after'), join(work, 'input'), { recursive: true })
        // A copy: the checked-in folder is never touched, and the restore proves the savepoint is relocatable.
        const savepoint = join(work, 'restored-savepoint')
        cpSync(SAVEPOINT, savepoint, { recursive: true })
        const script = [
          `SET 'parallelism.default' = '${parallelism}';`,
          `SET 'execution.state-recovery.path' = '${savepoint}';`,
          readFileSync(join(FIXTURE, 'job.sql'), 'utf8'),
        ].join('\n')
        writeFileSync(join(work, 'restore.sql'), script)
        const run = new WeirProcess(['-f', 'restore.sql'], { cwd: work })
        const exit = await run.wait(50_000)
        expect(exit.code, run.describe()).toBe(0)
        expect(run.stdout).toContain(`restored from ${savepoint}`)
        expect(sorted(committedLines(join(work, 'out', 'window-counts'))), run.describe()).toEqual(expectedLines('expected-window-counts.txt'))
        // At parallelism 1 the changelog is exactly the model's; at 2 too, since each user's rows stay in file order.
        expect(sorted(committedLines(join(work, 'out', 'user-counts'))), run.describe()).toEqual(expectedLines('expected-user-counts.txt'))
      } finally {
        rmSync(work, { recursive: true, force: true })
      }
    })
  }

  // A damaged snapshot must fail the start with the file and its operator named, never start from empty state.
  for (const damage of ['truncated', 'missing'] as const) {
    it.skipIf(!existsSync(join(SAVEPOINT, '_metadata')))(`a ${damage} state file fails the restore naming the file and the operator`, { timeout: 60_000 }, async () => {
      const work = mkdtempSync(join(tmpdir(), 'weir-restore-damaged-'))
      try {
        cpSync(join(FIXTURE, 'input'), join(work, 'input'), { recursive: true })
        const savepoint = join(work, 'savepoint')
        cpSync(SAVEPOINT, savepoint, { recursive: true })
        const victim = readdirSync(savepoint).filter((f) => f.endsWith('.kst')).sort()[0] as string
        const uid = victim.split('-')[0] as string
        if (damage === 'truncated') truncateSync(join(savepoint, victim), Math.floor(statSync(join(savepoint, victim)).size / 2))
        else rmSync(join(savepoint, victim))
        writeFileSync(join(work, 'restore.sql'), `SET 'execution.state-recovery.path' = '${savepoint}';\n${readFileSync(join(FIXTURE, 'job.sql'), 'utf8')}`)
        const run = new WeirProcess(['-f', 'restore.sql'], { cwd: work })
        const exit = await run.wait(50_000)
        expect(exit.code, run.describe()).toBe(1)
        const text = run.stdout + run.stderr
        expect(text).toContain(damage === 'truncated' ? 'CHECKPOINT_CORRUPT' : 'CHECKPOINT_FILE_MISSING')
        expect(text).toContain(victim)
        expect(text).toContain(`operator ${uid} (`)
        expect(text).not.toMatch(/\n\s+at /)
        // Nothing was written: the job never ran on empty state.
        expect(committedLines(join(work, 'out'))).toEqual([])
      } finally {
        rmSync(work, { recursive: true, force: true })
      }
    })
  }
})
