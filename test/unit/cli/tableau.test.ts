import { describe, expect, it } from 'vitest'
import { columnWidthsByType, displayWidth, renderTable, StreamingTableau, tableauRow } from '../../../src/cli/tableau.js'
import type { DataType } from '../../../src/sql/data-type.js'

const INT: DataType = { kind: 'INT', nullable: true }
const BIGINT: DataType = { kind: 'BIGINT', nullable: false }
const STRING: DataType = { kind: 'VARCHAR', length: 2147483647, nullable: true }
const TS9: DataType = { kind: 'TIMESTAMP', precision: 9, nullable: true }
const BOOL: DataType = { kind: 'BOOLEAN', nullable: true }
const fmt = (v: unknown): string => (typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v))

describe('tableau', () => {
  it('prints a streaming result like Flink (select.q)', () => {
    const lines: string[] = []
    const t = new StreamingTableau(
      [{ name: 'id', type: INT }, { name: 'cnt', type: BIGINT }, { name: 'uv', type: BIGINT }, { name: 'max_ts', type: TS9 }],
      (l) => lines.push(l),
      fmt,
      30,
    )
    t.header()
    t.row('+I', [1, 1, 1, '2021-04-13 20:12:11.123456789'])
    t.row('-U', [2, 1, 1, '2021-04-13 19:12:11.123456789'])
    t.end()
    expect(lines).toEqual([
      '+----+-------------+----------------------+----------------------+-------------------------------+',
      '| op |          id |                  cnt |                   uv |                        max_ts |',
      '+----+-------------+----------------------+----------------------+-------------------------------+',
      '| +I |           1 |                    1 |                    1 | 2021-04-13 20:12:11.123456789 |',
      '| -U |           2 |                    1 |                    1 | 2021-04-13 19:12:11.123456789 |',
      '+----+-------------+----------------------+----------------------+-------------------------------+',
      'Received a total of 2 rows',
    ])
  })

  it('truncates strings to the max column width, shows NULL, counts one row singular', () => {
    const lines: string[] = []
    const t = new StreamingTableau([{ name: 'name', type: STRING }, { name: 'isHappy', type: BOOL }], (l) => lines.push(l), fmt, 30)
    t.header()
    t.row('+I', ['30b5c1bb-0ac0-43d3-b812-fcb649fd2b07', true])
    t.end()
    expect(lines[3]).toBe('| +I | 30b5c1bb-0ac0-43d3-b812-fcb... |    TRUE |')
    const l2: string[] = []
    const t2 = new StreamingTableau([{ name: 'name', type: STRING }], (l) => l2.push(l), fmt, 10)
    t2.header()
    t2.row('+I', [null])
    t2.end()
    expect(l2).toEqual([
      '+----+------------+',
      '| op |       name |',
      '+----+------------+',
      '| +I |     <NULL> |',
      '+----+------------+',
      'Received a total of 1 row',
    ])
  })

  it('prints no bottom border for an empty stream', () => {
    const lines: string[] = []
    const t = new StreamingTableau([{ name: 'x', type: INT }], (l) => lines.push(l), fmt, 30)
    t.header()
    t.end()
    expect(lines.slice(3)).toEqual(['Received a total of 0 row'])
  })

  it('counts wide characters twice and never splits them', () => {
    expect(displayWidth('abc')).toBe(3)
    expect(displayWidth('中文')).toBe(4)
    expect(displayWidth('ｈｉ')).toBe(4)
    expect(tableauRow([6], ['中文'])).toBe('|   中文 |')
    // 5 cells for text before '...': three wide characters need 6, so two fit and one space pads.
    expect(tableauRow([8], ['中文中文中文'])).toBe('|  中文... |')
  })

  it('widths by type follow Flink', () => {
    expect(columnWidthsByType([{ name: 'a', type: { kind: 'DECIMAL', precision: 10, scale: 2, nullable: true } }, { name: 'b', type: { kind: 'TINYINT', nullable: true } }], 30, false)).toEqual([12, 6])
    expect(columnWidthsByType([{ name: 'd', type: { kind: 'DATE', nullable: true } }, { name: 't', type: { kind: 'TIME', precision: 0, nullable: true } }], 30, true)).toEqual([2, 10, 8])
  })

  it('renders status tables by content, right-aligned, with Flink footers', () => {
    expect(renderTable(['table name'], [['orders']])).toEqual([
      '+------------+',
      '| table name |',
      '+------------+',
      '|     orders |',
      '+------------+',
      '1 row in set',
    ])
    expect(renderTable(['table name'], [])).toEqual(['Empty set'])
    expect(renderTable(['a', 'b'], [['1', 'x'], ['22', 'y']]).at(-1)).toBe('2 rows in set')
  })
})
