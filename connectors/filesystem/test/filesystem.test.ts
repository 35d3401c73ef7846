import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SinkContext, SourceContext, TableContext } from '../../../src/catalog/connector.js'
import type { Field } from '../../../src/plan/physical/stream-nodes.js'
import { EngineError } from '../../../src/errors.js'
import { RETRACT, RowKind } from '../../../src/sql/row-kind.js'
import { createConnectorRegistry } from '../../index.js'
import { T, drain, f, readerCtx, table, withTempDir, writerCtx } from '../../shared/testing.js'
import { filesystemConnector } from '../index.js'

const registry = createConnectorRegistry()

function read(t: TableContext, readFields = t.physicalFields.map((_, i) => i), metadata: SourceContext['metadata'] = [], subtask = 0, parallelism = 1) {
  const src = filesystemConnector.source!.createSource({ table: t, readFields, metadata, formats: registry })
  return drain(src.createReader(readerCtx(subtask, parallelism)))
}

function sink(t: TableContext, overwrite = false, staticPartition: Record<string, string> = {}) {
  const ctx: SinkContext = { table: t, inputMode: RETRACT, overwrite, staticPartition, formats: registry }
  return filesystemConnector.sink!.createSink(ctx)
}

/** Visible files under dir, relative, sorted (what a reader of the table would see). */
async function visible(dir: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (d: string, rel: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name.startsWith('_')) continue
      if (e.isDirectory()) await walk(path.join(d, e.name), rel + e.name + '/')
      else out.push(rel + e.name)
    }
  }
  await walk(dir, '')
  return out.sort()
}

async function all(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).sort()
}

const people: Field[] = [f('name', T.string()), f('age', T.int())]

describe('filesystem source', () => {
  it('reads every visible file of a folder in order, json and csv, with partition columns and metadata', async () => {
    await withTempDir(async (dir) => {
      await mkdir(path.join(dir, 'dt=2024-01-01'), { recursive: true })
      await mkdir(path.join(dir, 'dt=2024-01-02'), { recursive: true })
      await writeFile(path.join(dir, 'dt=2024-01-01', 'a.json'), '{"name":"ann","age":31}\n\n{"name":"bob","age":null}\n')
      await writeFile(path.join(dir, 'dt=2024-01-02', 'b.json'), '{"name":"cid","age":7}')
      await writeFile(path.join(dir, 'dt=2024-01-02', '.hidden.json'), 'garbage')
      await writeFile(path.join(dir, 'dt=2024-01-02', '.part-x.inprogress.y'), 'garbage')
      await writeFile(path.join(dir, '_SUCCESS'), '')
      const t = table([...people, f('dt', T.date())], { path: dir, format: 'json' }, ['dt'])
      const { rows } = await read(t, [2, 0, 1], [{ key: 'file.name', type: T.string() }])
      expect(rows).toEqual([
        [19723, 'ann', 31, 'a.json'],
        [19723, 'bob', null, 'a.json'],
        [19724, 'cid', 7, 'b.json'],
      ])

      const csvFile = path.join(dir, 'people.csv')
      await writeFile(csvFile, 'ann,31\r\n"b, ""o"" b",\r\n"multi\nline",5\r\n')
      const csv = await read(table(people, { path: csvFile, format: 'csv' }))
      expect(csv.rows).toEqual([
        ['ann', 31],
        ['b, "o" b', null],
        ['multi\nline', 5],
      ])
    })
  })

  it('fails on a malformed record naming the file and line and showing the text', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'bad.json')
      await writeFile(file, '{"name":"ann","age":31}\n{"name":"bob","age":\n{"name":"cid","age":"x"}\n')
      let err: unknown
      try {
        await read(table(people, { path: file, format: 'json' }))
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(EngineError)
      const e = err as EngineError
      expect(e.code).toBe('FORMAT_PARSE_ERROR')
      expect(e.message).toContain(`file '${file}', line 2`)
      expect(e.message).toContain('{"name":"bob","age":')

      const csvFile = path.join(dir, 'bad.csv')
      await writeFile(csvFile, 'ann,31\nbob,old\n')
      await expect(read(table(people, { path: csvFile, format: 'csv' }))).rejects.toThrow(/cannot read 'old' as INT.*line 2/)
    })
  })

  it('skips malformed records with ignore-parse-errors', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'bad.json')
      await writeFile(file, '{"name":"ann","age":31}\n{oops\n{"name":"cid","age":"x"}\n{"name":"dan","age":4}\n')
      const { rows } = await read(table(people, { path: file, format: 'json', 'json.ignore-parse-errors': 'true' }))
      expect(rows).toEqual([
        ['ann', 31],
        ['dan', 4],
      ])
    })
  })

  it('spreads files over subtasks and resumes a file mid-way after a restore', async () => {
    await withTempDir(async (dir) => {
      for (const n of ['a', 'b', 'c']) await writeFile(path.join(dir, `${n}.csv`), Array.from({ length: 5 }, (_, i) => `${n}${i},${i}`).join('\n'))
      const t = table(people, { path: dir, format: 'csv' })
      const parts = await Promise.all([0, 1].map((i) => read(t, [0, 1], [], i, 2)))
      expect(parts[0]!.rows.map((r) => r[0])).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'c0', 'c1', 'c2', 'c3', 'c4'])
      expect(parts[1]!.rows.map((r) => r[0])).toEqual(['b0', 'b1', 'b2', 'b3', 'b4'])

      const src = filesystemConnector.source!.createSource({ table: t, readFields: [0], metadata: [], formats: registry })
      const r = src.createReader(readerCtx())
      const head = await drain(r, 3, 7)
      const rest = await drain(src.createReader(readerCtx(0, 1, structuredClone(r.snapshotState(1)))))
      expect([...head.rows, ...rest.rows].map((x) => x[0])).toEqual(['a', 'b', 'c'].flatMap((n) => [0, 1, 2, 3, 4].map((i) => `${n}${i}`)))
    })
  })

  it('reads debezium-json files as a changelog', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'cdc.json')
      await writeFile(file, ['{"before":null,"after":{"name":"a","age":1},"op":"c"}', '{"before":{"name":"a","age":1},"after":{"name":"a","age":2},"op":"u"}'].join('\n'))
      const t = table(people, { path: file, format: 'debezium-json' })
      expect(filesystemConnector.source!.changelogMode(t)).toEqual(RETRACT)
      const { rows, kinds } = await read(t)
      expect(kinds).toEqual([RowKind.INSERT, RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER])
      expect(rows).toEqual([
        ['a', 1],
        ['a', 1],
        ['a', 2],
      ])
    })
  })
})

describe('filesystem sink', () => {
  it('writes in-progress files that become visible only on commit; finish commits the rest', async () => {
    await withTempDir(async (dir) => {
      const t = table(people, { path: dir, format: 'json' })
      const w = sink(t).createWriter(writerCtx(0, 1, 'job-a'))
      await w.open()
      await w.write({ rows: [['ann', 31], ['bob', null]], kinds: null })
      expect(await visible(dir)).toEqual([])
      expect((await all(dir)).some((n) => /^\.part-.*-0-0\.inprogress\./.test(n))).toBe(true)

      const committables = await w.prepareCommit(1)
      await w.write({ rows: [['cid', 7]], kinds: null })
      expect(await visible(dir)).toEqual([])
      await w.commit([committables])
      await w.commit([committables]) // committing again (after a restore) is harmless
      const after1 = await visible(dir)
      expect(after1).toHaveLength(1)
      expect(after1[0]).toMatch(/^part-[0-9a-f-]{36}-0-0$/)
      expect(await readFile(path.join(dir, after1[0]!), 'utf8')).toBe('{"name":"ann","age":31}\n{"name":"bob","age":null}\n')

      await w.finish()
      await w.close()
      const files = await visible(dir)
      expect(files).toHaveLength(2)
      expect(await all(dir)).toEqual(files)
      // The written files read back through the source.
      const { rows } = await read(t)
      expect(rows).toEqual([
        ['ann', 31],
        ['bob', null],
        ['cid', 7],
      ])
    })
  })

  it('writes PARTITIONED BY columns into k=v folders, not into the files', async () => {
    await withTempDir(async (dir) => {
      const t = table([...people, f('dt', T.string()), f('h', T.int())], { path: dir, format: 'csv', 'sink.partition-commit.policy.kind': 'success-file' }, ['dt', 'h'])
      const w = sink(t).createWriter(writerCtx())
      await w.open()
      await w.write({ rows: [['ann', 1, '2024-01-01', 3], ['bob', 2, '2024-01-02', 4], ['cid', 3, '2024-01-01', 3], ['dan', 4, null, 5], ['eve', 5, 'a/b', 6]], kinds: null })
      await w.finish()
      const files = await visible(dir)
      expect(files.map((x) => x.replace(/part-.*$/, 'part'))).toEqual([
        'dt=2024-01-01/h=3/part',
        'dt=2024-01-02/h=4/part',
        'dt=__DEFAULT_PARTITION__/h=5/part',
        'dt=a%2Fb/h=6/part',
      ])
      expect(await readFile(path.join(dir, files[0]!), 'utf8')).toBe('ann,1\ncid,3\n')
      expect((await readdir(path.join(dir, 'dt=2024-01-01', 'h=3'))).includes('_SUCCESS')).toBe(true)
      const { rows } = await read(t)
      expect(rows).toEqual([
        ['ann', 1, '2024-01-01', 3],
        ['cid', 3, '2024-01-01', 3],
        ['bob', 2, '2024-01-02', 4],
        ['dan', 4, null, 5],
        ['eve', 5, 'a/b', 6],
      ])
    })
  })

  it('rolls files by size, and INSERT OVERWRITE replaces the old files when committing', async () => {
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'old.json'), '{"name":"old","age":0}\n')
      const t = table(people, { path: dir, format: 'json', 'sink.rolling-policy.file-size': '20b' })
      const w = sink(t, true).createWriter(writerCtx(0, 1, 'job-b'))
      await w.open()
      await w.write({ rows: [['ann', 31]], kinds: null })
      await w.write({ rows: [['bob', 32]], kinds: null })
      expect(await visible(dir)).toEqual(['old.json'])
      await w.finish()
      const files = await visible(dir)
      expect(files).toHaveLength(2)
      expect(files.every((x) => x.startsWith('part-'))).toBe(true)
      expect((await read(t)).rows).toEqual([
        ['ann', 31],
        ['bob', 32],
      ])
    })
  })

  it('refuses changelogs for plain formats and writes them for debezium-json', async () => {
    await withTempDir(async (dir) => {
      const plain = table(people, { path: dir, format: 'json' })
      expect(filesystemConnector.sink!.acceptedChangelogMode(plain).kinds).toEqual([RowKind.INSERT])
      const t = table(people, { path: dir, format: 'debezium-json' })
      const w = sink(t).createWriter(writerCtx())
      await w.open()
      await w.write({ rows: [['a', 1], ['a', 1], ['a', 2]], kinds: Uint8Array.from([RowKind.INSERT, RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER]) })
      await w.finish()
      const { rows, kinds } = await read(t)
      expect(kinds).toEqual([RowKind.INSERT, RowKind.DELETE, RowKind.INSERT])
      expect(rows).toEqual([
        ['a', 1],
        ['a', 1],
        ['a', 2],
      ])
    })
  })
})
