/** Rendering of queries, SELECT blocks, table references, hints and MATCH_RECOGNIZE. */
import { assertNever } from '../errors.js'
import type { AfterMatch, Hint, MatchRecognize, Pattern, Query, QueryBody, Select, SelectItem, TableAlias, TableRef, TvfArg } from './ast.js'
import { printExpr, printInterval, printOrderBy, printWindowSpec } from './print-expr.js'
import { printIdent, printIdentList, printParts, printQualifiedName, printString } from './print-names.js'
import { isSimpleWord } from './keywords.js'

export function printQuery(q: Query): string {
  const parts: string[] = []
  if (q.with.length > 0) {
    const ctes = q.with.map((c) => {
      const cols = c.columns.length > 0 ? ` (${printIdentList(c.columns)})` : ''
      return `${printIdent(c.name)}${cols} AS (${printQuery(c.query)})`
    })
    parts.push(`WITH ${ctes.join(', ')}`)
  }
  parts.push(printBody(q.body))
  if (q.orderBy.length > 0) parts.push(printOrderBy(q.orderBy))
  if (q.limit !== undefined) parts.push(`LIMIT ${printExpr(q.limit)}`)
  if (q.offset !== undefined) parts.push(`OFFSET ${printExpr(q.offset)}`)
  return parts.join(' ')
}

function setPrec(b: QueryBody): number {
  if (b.kind !== 'SetOperation') return 3
  return b.op === 'INTERSECT' ? 2 : 1
}

function printBody(b: QueryBody): string {
  switch (b.kind) {
    case 'Select':
      return printSelect(b)
    case 'Values':
      return `VALUES ${b.rows.map((r) => `(${r.map(printExpr).join(', ')})`).join(', ')}`
    case 'Query':
      return `(${printQuery(b)})`
    case 'SetOperation': {
      const p = setPrec(b)
      const left = setPrec(b.left) < p ? `(${printBody(b.left)})` : printBody(b.left)
      const right = setPrec(b.right) <= p ? `(${printBody(b.right)})` : printBody(b.right)
      return `${left} ${b.op}${b.all ? ' ALL' : ''} ${right}`
    }
    default:
      return assertNever(b, 'query body')
  }
}

function hintValue(v: string): string {
  return isSimpleWord(v) || /^[0-9]+$/.test(v) ? v : printString(v)
}

function printHint(h: Hint): string {
  if (h.options.length > 0) return `${h.name}(${h.options.map((o) => `${printString(o.key)} = ${printString(o.value)}`).join(', ')})`
  if (h.values.length > 0) return `${h.name}(${h.values.map(hintValue).join(', ')})`
  return h.name
}

export function printHints(hints: readonly Hint[]): string {
  return `/*+ ${hints.map(printHint).join(', ')} */`
}

function printSelectItem(item: SelectItem): string {
  if (item.kind === 'SelectStar') return item.qualifier.length > 0 ? `${printParts(item.qualifier)}.*` : '*'
  return item.alias === undefined ? printExpr(item.expr) : `${printExpr(item.expr)} AS ${printIdent(item.alias)}`
}

function printSelect(s: Select): string {
  const parts = ['SELECT']
  if (s.hints.length > 0) parts.push(printHints(s.hints))
  if (s.distinct) parts.push('DISTINCT')
  parts.push(s.items.map(printSelectItem).join(', '))
  if (s.from !== undefined) parts.push(`FROM ${printTableRef(s.from)}`)
  if (s.where !== undefined) parts.push(`WHERE ${printExpr(s.where)}`)
  if (s.groupBy.length > 0) {
    const elems = s.groupBy.map((g) => {
      switch (g.kind) {
        case 'GroupingSets':
          return `GROUPING SETS (${g.sets.map((set) => `(${set.map(printExpr).join(', ')})`).join(', ')})`
        case 'Rollup':
          return `ROLLUP (${g.exprs.map(printExpr).join(', ')})`
        case 'Cube':
          return `CUBE (${g.exprs.map(printExpr).join(', ')})`
        default:
          return printExpr(g)
      }
    })
    parts.push(`GROUP BY ${elems.join(', ')}`)
  }
  if (s.having !== undefined) parts.push(`HAVING ${printExpr(s.having)}`)
  if (s.windows.length > 0) parts.push(`WINDOW ${s.windows.map((w) => `${printIdent(w.name)} AS ${printWindowSpec(w.spec)}`).join(', ')}`)
  if (s.qualify !== undefined) parts.push(`QUALIFY ${printExpr(s.qualify)}`)
  return parts.join(' ')
}

function printAlias(a: TableAlias | undefined): string {
  if (a === undefined) return ''
  return ` AS ${printIdent(a.name)}${a.columns.length > 0 ? ` (${printIdentList(a.columns)})` : ''}`
}

function printTvfArg(a: TvfArg): string {
  const name = a.name === undefined ? '' : `${printIdent(a.name, true)} => `
  const v = a.value
  switch (v.kind) {
    case 'TableArg': {
      const keys = v.partitionBy
      const pb = keys.length === 0 ? '' : keys.length === 1 && keys[0] !== undefined ? ` PARTITION BY ${printExpr(keys[0])}` : ` PARTITION BY (${keys.map(printExpr).join(', ')})`
      return `${name}TABLE ${printQualifiedName(v.name)}${pb}`
    }
    case 'Descriptor':
      return `${name}DESCRIPTOR(${printIdentList(v.columns)})`
    case 'DerivedTable':
      return `${name}(${printQuery(v.query)})`
    default:
      return `${name}${printExpr(v)}`
  }
}

export function printTableRef(t: TableRef): string {
  switch (t.kind) {
    case 'TableName': {
      let s = printQualifiedName(t.name)
      if (t.hints.length > 0) s += ` ${printHints(t.hints)}`
      if (t.forSystemTime !== undefined) s += ` FOR SYSTEM_TIME AS OF ${printExpr(t.forSystemTime)}`
      return s + printAlias(t.alias)
    }
    case 'DerivedTable':
      return `${t.lateral ? 'LATERAL ' : ''}(${printQuery(t.query)})${printAlias(t.alias)}`
    case 'Join': {
      const right = t.right.kind === 'Join' ? `(${printTableRef(t.right)})` : printTableRef(t.right)
      const left = printTableRef(t.left)
      if (t.joinType === 'COMMA') return `${left}, ${right}`
      if (t.joinType === 'CROSS') return `${left} CROSS JOIN ${right}`
      const kw = t.joinType === 'INNER' ? 'JOIN' : `${t.joinType} JOIN`
      let cond = ''
      if (t.condition?.kind === 'On') cond = ` ON ${printExpr(t.condition.expr)}`
      else if (t.condition?.kind === 'Using') cond = ` USING (${printIdentList(t.condition.columns)})`
      return `${left} ${t.natural ? 'NATURAL ' : ''}${kw} ${right}${cond}`
    }
    case 'TableFunction':
      return `TABLE(${printQualifiedName(t.name)}(${t.args.map(printTvfArg).join(', ')}))${printAlias(t.alias)}`
    case 'Unnest':
      return `UNNEST(${t.exprs.map(printExpr).join(', ')})${t.withOrdinality ? ' WITH ORDINALITY' : ''}${printAlias(t.alias)}`
    case 'LateralTable':
      return `LATERAL TABLE(${printExpr(t.call)})${printAlias(t.alias)}`
    case 'MatchRecognize':
      return printMatchRecognize(t)
    default:
      return assertNever(t, 'table reference')
  }
}

function printPattern(p: Pattern): string {
  switch (p.kind) {
    case 'PatternVar':
      return printIdent(p.name)
    case 'PatternSeq':
      return p.items.map(printPattern).join(' ')
    case 'PatternAlt':
      return p.options.map(printPattern).join(' | ')
    case 'PatternGroup':
      return `(${printPattern(p.pattern)})`
    case 'PatternQuant': {
      let q: string
      if (p.min === 0 && p.max === null) q = '*'
      else if (p.min === 1 && p.max === null) q = '+'
      else if (p.min === 0 && p.max === 1) q = '?'
      else if (p.max === p.min) q = `{${p.min}}`
      else if (p.max === null) q = `{${p.min},}`
      else if (p.min === 0) q = `{,${p.max}}`
      else q = `{${p.min},${p.max}}`
      return `${printPattern(p.pattern)}${q}${p.reluctant ? '?' : ''}`
    }
    default:
      return assertNever(p, 'pattern')
  }
}

function printAfterMatch(a: AfterMatch): string {
  switch (a.kind) {
    case 'SkipToNextRow':
      return 'AFTER MATCH SKIP TO NEXT ROW'
    case 'SkipPastLastRow':
      return 'AFTER MATCH SKIP PAST LAST ROW'
    case 'SkipToFirst':
      return `AFTER MATCH SKIP TO FIRST ${printIdent(a.variable)}`
    case 'SkipToLast':
      return `AFTER MATCH SKIP TO LAST ${printIdent(a.variable)}`
    default:
      return assertNever(a, 'AFTER MATCH clause')
  }
}

function printMatchRecognize(m: MatchRecognize): string {
  const input = m.input
  const bare = (input.kind === 'TableName' || (input.kind === 'DerivedTable' && !input.lateral)) && input.alias === undefined
  const parts: string[] = []
  if (m.partitionBy.length > 0) parts.push(`PARTITION BY ${m.partitionBy.map(printExpr).join(', ')}`)
  if (m.orderBy.length > 0) parts.push(printOrderBy(m.orderBy))
  if (m.measures.length > 0) parts.push(`MEASURES ${m.measures.map((x) => `${printExpr(x.expr)} AS ${printIdent(x.alias)}`).join(', ')}`)
  if (m.rowsPerMatch !== undefined) parts.push(m.rowsPerMatch === 'ONE' ? 'ONE ROW PER MATCH' : 'ALL ROWS PER MATCH')
  if (m.afterMatch !== undefined) parts.push(printAfterMatch(m.afterMatch))
  parts.push(`PATTERN (${printPattern(m.pattern)})`)
  if (m.within !== undefined) parts.push(`WITHIN ${printInterval(m.within)}`)
  parts.push(`DEFINE ${m.define.map((d) => `${printIdent(d.variable)} AS ${printExpr(d.condition)}`).join(', ')}`)
  const source = bare ? printTableRef(input) : `(${printTableRef(input)})`
  return `${source} MATCH_RECOGNIZE (${parts.join(' ')})${printAlias(m.alias)}`
}
