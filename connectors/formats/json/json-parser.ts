/**
 * JSON text to plain values without losing digits. JSON.parse turns 9007199254740993 into ...992 and a DECIMAL
 * 0.12345678901234567890 into a double, and Node 20 has no reviver source access. Records without any long digit run
 * (the common case) still go through the native JSON.parse; the others through a small exact parser that keeps
 * numbers of more than 15 significant digits as `JsonNumber` (their source text).
 */
export class JsonNumber {
  constructor(readonly raw: string) {}
  toString(): string {
    return this.raw
  }
}

/** Any 16 characters of digits and dots in a row: a number that a double may not hold exactly. */
const LONG_NUMBER = /\d[\d.]{15}/

export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError'
}

export function parseJson(text: string): unknown {
  if (!LONG_NUMBER.test(text)) {
    try {
      return JSON.parse(text)
    } catch (e) {
      throw new JsonSyntaxError((e as Error).message)
    }
  }
  return new ExactParser(text).document()
}

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

class ExactParser {
  private pos = 0
  constructor(private readonly s: string) {}

  document(): unknown {
    const v = this.value()
    this.ws()
    if (this.pos < this.s.length) this.fail('unexpected text after the JSON value')
    return v
  }

  private fail(msg: string): never {
    throw new JsonSyntaxError(`${msg} at position ${this.pos}`)
  }

  private ws(): void {
    const s = this.s
    let p = this.pos
    for (;;) {
      const c = s.charCodeAt(p)
      if (c === 32 || c === 10 || c === 13 || c === 9) p++
      else break
    }
    this.pos = p
  }

  private value(): unknown {
    this.ws()
    const c = this.s.charCodeAt(this.pos)
    switch (c) {
      case 123: // {
        return this.object()
      case 91: // [
        return this.array()
      case 34: // "
        return this.string()
      case 116: // t
        return this.literal('true', true)
      case 102: // f
        return this.literal('false', false)
      case 110: // n
        return this.literal('null', null)
      default:
        if (c === 45 || (c >= 48 && c <= 57)) return this.number()
        return this.fail(Number.isNaN(c) ? 'unexpected end of input' : `unexpected character '${this.s[this.pos]}'`)
    }
  }

  private literal(word: string, v: unknown): unknown {
    if (!this.s.startsWith(word, this.pos)) this.fail(`unexpected token`)
    this.pos += word.length
    return v
  }

  private number(): number | JsonNumber {
    NUMBER_RE.lastIndex = this.pos
    const m = NUMBER_RE.exec(this.s)
    if (m === null) return this.fail('bad number')
    const raw = m[0]
    this.pos += raw.length
    let digits = 0
    for (let i = 0; i < raw.length; i++) {
      const c = raw.charCodeAt(i)
      if (c === 101 || c === 69) break // exponent digits do not count
      if (c >= 48 && c <= 57) digits++
    }
    return digits <= 15 ? Number(raw) : new JsonNumber(raw)
  }

  private string(): string {
    const s = this.s
    const start = this.pos
    let p = start + 1
    let escaped = false
    for (;;) {
      const c = s.charCodeAt(p)
      if (Number.isNaN(c)) {
        this.pos = p
        this.fail('unterminated string')
      }
      if (c === 34) break
      if (c === 92) {
        escaped = true
        p += 2
        continue
      }
      if (c < 32) {
        this.pos = p
        this.fail('control character in string')
      }
      p++
    }
    this.pos = p + 1
    if (!escaped) return s.slice(start + 1, p)
    try {
      return JSON.parse(s.slice(start, p + 1)) as string
    } catch {
      this.pos = start
      return this.fail('bad escape in string')
    }
  }

  private array(): unknown[] {
    this.pos++
    const out: unknown[] = []
    this.ws()
    if (this.s.charCodeAt(this.pos) === 93) {
      this.pos++
      return out
    }
    for (;;) {
      out.push(this.value())
      this.ws()
      const c = this.s.charCodeAt(this.pos++)
      if (c === 93) return out
      if (c !== 44) {
        this.pos--
        this.fail("expected ',' or ']'")
      }
    }
  }

  private object(): Record<string, unknown> {
    this.pos++
    const out: Record<string, unknown> = {}
    this.ws()
    if (this.s.charCodeAt(this.pos) === 125) {
      this.pos++
      return out
    }
    for (;;) {
      this.ws()
      if (this.s.charCodeAt(this.pos) !== 34) this.fail('expected a field name')
      const key = this.string()
      this.ws()
      if (this.s.charCodeAt(this.pos++) !== 58) {
        this.pos--
        this.fail("expected ':'")
      }
      const v = this.value()
      // defineProperty so that a "__proto__" key is an ordinary field, as with JSON.parse.
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, writable: true, enumerable: true, configurable: true })
      else out[key] = v
      this.ws()
      const c = this.s.charCodeAt(this.pos++)
      if (c === 125) return out
      if (c !== 44) {
        this.pos--
        this.fail("expected ',' or '}'")
      }
    }
  }
}

/** Compact JSON text of a parsed node (JsonNumber written as its digits), as Jackson's JsonNode.toString. */
export function stringifyNode(node: unknown): string {
  if (node instanceof JsonNumber) return node.raw
  if (Array.isArray(node)) return '[' + node.map(stringifyNode).join(',') + ']'
  if (node !== null && typeof node === 'object') {
    return '{' + Object.entries(node).map(([k, v]) => JSON.stringify(k) + ':' + stringifyNode(v)).join(',') + '}'
  }
  return JSON.stringify(node)
}
