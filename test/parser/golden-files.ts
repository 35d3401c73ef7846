/** Reading and (with UPDATE_GOLDEN=1) rewriting golden files next to their inputs. */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'

export const UPDATE_GOLDEN = process.env['UPDATE_GOLDEN'] === '1'

export function sqlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
}

/** Compares `actual` with the golden file, or writes it when UPDATE_GOLDEN=1 (or when it does not exist yet). */
export function expectGolden(path: string, actual: string): void {
  if (UPDATE_GOLDEN || !existsSync(path)) {
    writeFileSync(path, actual)
    return
  }
  expect(actual).toBe(readFileSync(path, 'utf8'))
}

export function readSql(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8')
}
