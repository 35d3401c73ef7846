/**
 * Splits SQL text on `;` outside string literals, quoted identifiers and comments, the way a shell needs it:
 * to know which statements are complete. `EXECUTE STATEMENT SET BEGIN ... END` stays one statement.
 */

export interface StatementText {
  /** The statement without its terminating `;`, trimmed. */
  readonly text: string
  /** Offset of `text` in the input. */
  readonly start: number
}

/** Where the text ends: normally, or inside a construct that is still open. */
export type OpenConstruct = 'none' | 'string' | 'quoted identifier' | 'block comment'

export interface ScanResult {
  /** Segments between `;` (comments kept), with the offset of each and whether a `;` ended it. */
  readonly segments: readonly { readonly start: number; readonly end: number; readonly terminated: boolean }[]
  /** The construct left open at the end of the text, if any. */
  readonly open: OpenConstruct
  /** Offset where the unterminated construct starts, when `open` is not 'none'. */
  readonly openAt: number
  /** The text with comments blanked out (same length), for cheap keyword checks. */
  readonly code: string
}

/** Where the end marker of a hint comment is, skipping string literals (they may contain it); -1 if never. */
function hintEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === "'") {
      const close = text.indexOf("'", i + 1)
      if (close < 0) return -1
      i = close
    } else if (text[i] === '*' && text[i + 1] === '/') return i
  }
  return -1
}

export function scanSql(text: string): ScanResult {
  const segments: { start: number; end: number; terminated: boolean }[] = []
  const code = text.split('')
  let segStart = 0
  let open: OpenConstruct = 'none'
  let openAt = -1
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text[i]
    if (c === "'" || c === '`') {
      const start = i
      i++
      for (;;) {
        if (i >= n) {
          open = c === "'" ? 'string' : 'quoted identifier'
          openAt = start
          break
        }
        if (text[i] === c) {
          if (text[i + 1] === c) i += 2
          else {
            i++
            break
          }
        } else i++
      }
      if (open !== 'none') break
    } else if (c === '-' && text[i + 1] === '-') {
      while (i < n && text[i] !== '\n') code[i++] = ' '
    } else if (c === '/' && text[i + 1] === '*') {
      const start = i
      const close = text[i + 2] === '+' ? hintEnd(text, i + 3) : text.indexOf('*/', i + 2)
      const stop = close < 0 ? n : close + 2
      for (; i < stop; i++) if (code[i] !== '\n') code[i] = ' '
      if (close < 0) {
        open = 'block comment'
        openAt = start
      }
    } else if (c === ';') {
      segments.push({ start: segStart, end: i, terminated: true })
      i++
      segStart = i
    } else i++
  }
  segments.push({ start: segStart, end: n, terminated: false })
  return { segments, open, openAt, code: code.join('') }
}

const STATEMENT_SET_START = /^\s*(?:EXPLAIN\b[\s\S]*?\b)?(?:EXECUTE\s+)?STATEMENT\s+SET\s+BEGIN\b/i
const END_ONLY = /^\s*END\s*$/i

interface Piece {
  start: number
  end: number
  terminated: boolean
}

/** Groups `;`-separated segments into statements, keeping a statement set's inserts together. */
function groupSegments(scan: ScanResult): { pieces: Piece[]; unfinishedSet: boolean } {
  const pieces: Piece[] = []
  let current: Piece | undefined
  for (const seg of scan.segments) {
    const code = scan.code.slice(seg.start, seg.end)
    if (current !== undefined) {
      current.end = seg.end
      current.terminated = seg.terminated
      if (END_ONLY.test(code)) {
        pieces.push(current)
        current = undefined
      }
      continue
    }
    if (STATEMENT_SET_START.test(code) && !/\bEND\s*$/i.test(code)) {
      current = { ...seg }
      continue
    }
    pieces.push({ ...seg })
  }
  if (current !== undefined) pieces.push(current)
  return { pieces, unfinishedSet: current !== undefined }
}

/** The statements of `text`; empty statements (only whitespace or comments) are left out. */
export function splitStatements(text: string): StatementText[] {
  const scan = scanSql(text)
  const out: StatementText[] = []
  for (const p of groupSegments(scan).pieces) {
    if (scan.code.slice(p.start, p.end).trim() === '') continue
    const raw = text.slice(p.start, p.end)
    const lead = raw.length - raw.trimStart().length
    out.push({ text: raw.trim(), start: p.start + lead })
  }
  return out
}

/**
 * True when every statement in `text` is terminated by `;` (and no string, quoted identifier, comment or
 * statement set is left open): the shell can execute the input instead of asking for another line.
 */
export function isInputComplete(text: string): boolean {
  const scan = scanSql(text)
  if (scan.open !== 'none') return false
  const { pieces, unfinishedSet } = groupSegments(scan)
  if (unfinishedSet) return false
  const last = pieces[pieces.length - 1]
  if (last === undefined) return true
  return last.terminated || scan.code.slice(last.start, last.end).trim() === ''
}
