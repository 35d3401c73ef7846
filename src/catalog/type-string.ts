/**
 * Parses the type strings connectors declare for their metadata keys (`TIMESTAMP_LTZ(3) NOT NULL`,
 * `MAP<STRING, BYTES>`, `STRING`). A small, total parser: unknown text yields undefined.
 */
import type { DataType, RowField } from '../sql/data-type.js'
import { MAX_LENGTH } from '../sql/data-type.js'

export function parseTypeString(text: string): DataType | undefined {
  const p = new TypeParser(text)
  try {
    const t = p.type()
    p.skip()
    return p.done() ? t : undefined
  } catch {
    return undefined
  }
}

class TypeParser {
  private i = 0
  constructor(private readonly s: string) {}

  skip(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i] as string)) this.i++
  }
  done(): boolean {
    return this.i >= this.s.length
  }
  private word(): string {
    this.skip()
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i))
    if (m === null) throw new Error('word expected')
    this.i += m[0].length
    return m[0].toUpperCase()
  }
  private peekWord(): string | undefined {
    const save = this.i
    try {
      return this.word()
    } catch {
      return undefined
    } finally {
      this.i = save
    }
  }
  private eat(ch: string): boolean {
    this.skip()
    if (this.s.startsWith(ch, this.i)) {
      this.i += ch.length
      return true
    }
    return false
  }
  private expect(ch: string): void {
    if (!this.eat(ch)) throw new Error(`${ch} expected`)
  }
  private int(): number {
    this.skip()
    const m = /^\d+/.exec(this.s.slice(this.i))
    if (m === null) throw new Error('number expected')
    this.i += m[0].length
    return Number(m[0])
  }
  private params(): number[] {
    const out: number[] = []
    if (!this.eat('(')) return out
    out.push(this.int())
    while (this.eat(',')) out.push(this.int())
    this.expect(')')
    return out
  }

  type(): DataType {
    const t = this.base()
    if (this.peekWord() === 'NOT') {
      this.word()
      if (this.word() !== 'NULL') throw new Error('NULL expected')
      return { ...t, nullable: false }
    }
    if (this.peekWord() === 'NULL') this.word()
    return t
  }

  private base(): DataType {
    const w = this.word()
    const n = true
    switch (w) {
      case 'BOOLEAN':
      case 'TINYINT':
      case 'SMALLINT':
      case 'BIGINT':
      case 'FLOAT':
      case 'DOUBLE':
      case 'DATE':
        if (w === 'DOUBLE' && this.peekWord() === 'PRECISION') this.word()
        return { kind: w, nullable: n }
      case 'INT':
      case 'INTEGER':
        return { kind: 'INT', nullable: n }
      case 'STRING':
        return { kind: 'VARCHAR', length: MAX_LENGTH, nullable: n }
      case 'BYTES':
        return { kind: 'VARBINARY', length: MAX_LENGTH, nullable: n }
      case 'CHAR':
      case 'VARCHAR':
      case 'BINARY':
      case 'VARBINARY': {
        const [len] = this.params()
        const kind = w === 'CHAR' || w === 'VARCHAR' ? w : w
        return { kind, length: len ?? (w.startsWith('VAR') ? MAX_LENGTH : 1), nullable: n } as DataType
      }
      case 'DECIMAL':
      case 'DEC':
      case 'NUMERIC': {
        const [p, s] = this.params()
        return { kind: 'DECIMAL', precision: p ?? 10, scale: s ?? 0, nullable: n }
      }
      case 'TIME': {
        const [p] = this.params()
        return { kind: 'TIME', precision: p ?? 0, nullable: n }
      }
      case 'TIMESTAMP': {
        const [p] = this.params()
        if (this.peekWord() === 'WITH') {
          this.word()
          const local = this.peekWord() === 'LOCAL'
          if (local) this.word()
          this.word() // TIME
          this.word() // ZONE
          return { kind: local ? 'TIMESTAMP_LTZ' : 'TIMESTAMP_LTZ', precision: p ?? 6, nullable: n }
        }
        if (this.peekWord() === 'WITHOUT') {
          this.word()
          this.word()
          this.word()
        }
        return { kind: 'TIMESTAMP', precision: p ?? 6, nullable: n }
      }
      case 'TIMESTAMP_LTZ': {
        const [p] = this.params()
        return { kind: 'TIMESTAMP_LTZ', precision: p ?? 6, nullable: n }
      }
      case 'ARRAY':
      case 'MULTISET': {
        this.expect('<')
        const element = this.type()
        this.expect('>')
        return { kind: w, element, nullable: n }
      }
      case 'MAP': {
        this.expect('<')
        const key = this.type()
        this.expect(',')
        const value = this.type()
        this.expect('>')
        return { kind: 'MAP', key, value, nullable: n }
      }
      case 'ROW': {
        const close = this.eat('<') ? '>' : (this.expect('('), ')')
        const fields: RowField[] = []
        if (!this.eat(close)) {
          do {
            this.skip()
            let name: string
            if (this.eat('`')) {
              const end = this.s.indexOf('`', this.i)
              name = this.s.slice(this.i, end)
              this.i = end + 1
            } else name = this.word()
            fields.push({ name, type: this.type() })
          } while (this.eat(','))
          this.expect(close)
        }
        return { kind: 'ROW', fields, nullable: n }
      }
      default:
        throw new Error(`unknown type ${w}`)
    }
  }
}
