/**
 * Lexical scanning the shell needs before it can parse: does the input end a statement (a `;` outside string
 * literals, quoted identifiers and comments), and is it only whitespace and comments? Whether a complete-looking
 * input really is complete (EXECUTE STATEMENT SET BEGIN ...; ... END;) is the parser's call (PARSE_INCOMPLETE).
 */

interface ScanResult {
  /** The last significant character is a `;` outside quotes and comments. */
  readonly endsWithSemicolon: boolean
  /** Nothing but whitespace and comments. */
  readonly blank: boolean
  /** Input ends inside a literal, quoted identifier or block comment. */
  readonly open: boolean
}

export function scanStatementText(text: string): ScanResult {
  let lastSignificant = ''
  let blank = true
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text[i] as string
    if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i)
      i = nl === -1 ? n : nl + 1
      continue
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2)
      if (close === -1) return { endsWithSemicolon: false, blank, open: true }
      i = close + 2
      continue
    }
    if (c === "'" || c === '"' || c === '`') {
      // Quotes are escaped by doubling them ('it''s'), so a closing quote followed by another continues the token.
      let j = i + 1
      for (;;) {
        const close = text.indexOf(c, j)
        if (close === -1) return { endsWithSemicolon: false, blank: false, open: true }
        if (text[close + 1] === c) {
          j = close + 2
          continue
        }
        i = close + 1
        break
      }
      blank = false
      lastSignificant = c
      continue
    }
    if (!/\s/.test(c)) {
      blank = false
      lastSignificant = c
    }
    i++
  }
  return { endsWithSemicolon: lastSignificant === ';', blank, open: false }
}
