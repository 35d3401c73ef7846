/**
 * The value syntax of changelog literals (`+I a 1 'two words' null`): whitespace-separated tokens, single quotes
 * for strings with spaces ('' inside quotes is a quote), `null` for NULL. Parsing is type-directed when the field
 * types are known; output rendering is close to Flink's Row.toString (numbers and timestamps stay numeric, as ms).
 */
import type { DataType } from '../sql/data-type.js'
import { EngineError } from '../errors.js'

export interface LiteralToken {
  readonly text: string
  readonly quoted: boolean
}

export function splitLiteralTokens(line: string): LiteralToken[] {
  const out: LiteralToken[] = []
  let i = 0
  while (i < line.length) {
    const c = line[i]!
    if (c === ' ' || c === '\t') {
      i++
      continue
    }
    if (c === "'") {
      let text = ''
      i++
      for (;;) {
        if (i >= line.length) throw new EngineError('INTERNAL', `unterminated quote in changelog literal: ${line}`, { domain: 'internal' })
        const d = line[i]!
        if (d === "'") {
          if (line[i + 1] === "'") {
            text += "'"
            i += 2
            continue
          }
          i++
          break
        }
        text += d
        i++
      }
      out.push({ text, quoted: true })
      continue
    }
    let j = i
    while (j < line.length && line[j] !== ' ' && line[j] !== '\t') j++
    out.push({ text: line.slice(i, j), quoted: false })
    i = j
  }
  return out
}

/** Parses `12.34` into the unscaled bigint of a DECIMAL with `scale` (extra digits are cut, not rounded). */
export function parseDecimal(text: string, scale: number): bigint {
  const neg = text.startsWith('-')
  const body = neg || text.startsWith('+') ? text.slice(1) : text
  const [int = '0', frac = ''] = body.split('.')
  const digits = (int === '' ? '0' : int) + frac.padEnd(scale, '0').slice(0, scale)
  const v = BigInt(digits)
  return neg ? -v : v
}

export function formatDecimal(v: bigint, scale: number): string {
  if (scale === 0) return v.toString()
  const neg = v < 0n
  const s = (neg ? -v : v).toString().padStart(scale + 1, '0')
  return `${neg ? '-' : ''}${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`
}

export function parseLiteralValue(tok: LiteralToken, type: DataType | null): unknown {
  if (!tok.quoted && tok.text === 'null') return null
  if (type === null) {
    if (tok.quoted) return tok.text
    if (tok.text === 'true' || tok.text === 'false') return tok.text === 'true'
    const n = Number(tok.text)
    return tok.text !== '' && Number.isFinite(n) ? n : tok.text
  }
  const t = tok.text
  switch (type.kind) {
    case 'BOOLEAN':
      return t.toLowerCase() === 'true'
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'FLOAT':
    case 'DOUBLE':
    case 'DATE':
    case 'TIME':
    case 'INTERVAL_DAY_TIME':
    case 'INTERVAL_YEAR_MONTH':
      return Number(t)
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      // Plain numbers are ms; `2020-01-01T00:00:05` style values are read as UTC wall-clock.
      return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Date.parse(`${t.replace(' ', 'T')}Z`)
    case 'BIGINT': {
      const b = BigInt(t)
      return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b
    }
    case 'DECIMAL':
      return parseDecimal(t, type.scale)
    case 'CHAR':
    case 'VARCHAR':
      return t
    case 'BINARY':
    case 'VARBINARY':
      return Uint8Array.from(Buffer.from(t, 'hex'))
    case 'NULL':
      return null
    case 'ARRAY':
    case 'MULTISET':
    case 'MAP':
    case 'ROW':
      return JSON.parse(t) as unknown
    default:
      return t
  }
}

/** Flink-like rendering: `null`, `[1, 2]` arrays, `{k=v}` maps, DECIMAL with its scale, DOUBLE with a `.0`. */
export function formatLiteralValue(v: unknown, type?: DataType): string {
  if (v === null || v === undefined) return 'null'
  if (type !== undefined) {
    if (type.kind === 'DECIMAL' && typeof v === 'bigint') return formatDecimal(v, type.scale)
    if ((type.kind === 'DOUBLE' || type.kind === 'FLOAT') && typeof v === 'number' && Number.isInteger(v)) return `${v}.0`
  }
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v)
  if (v instanceof Uint8Array) return `x'${Buffer.from(v).toString('hex')}'`
  const elem = type !== undefined && (type.kind === 'ARRAY' || type.kind === 'MULTISET') ? type.element : undefined
  if (Array.isArray(v)) return `[${v.map((x) => formatLiteralValue(x, elem)).join(', ')}]`
  if (v instanceof Map) {
    const keyType = type?.kind === 'MAP' ? type.key : elem
    const valType = type?.kind === 'MAP' ? type.value : undefined
    return `{${[...v.entries()].map(([k, x]) => `${formatLiteralValue(k, keyType)}=${formatLiteralValue(x, valType)}`).join(', ')}}`
  }
  return JSON.stringify(v)
}
