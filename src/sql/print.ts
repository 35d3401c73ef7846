/**
 * Renders the AST back to Flink SQL that parses to the same tree (spans aside): `parse(print(ast))` is `ast`.
 * Keywords come out in capitals; identifiers are quoted with backticks only when they must be.
 */
import { assertNever } from '../errors.js'
import type { ColumnDef, Insert, Script, ShowColumns, Statement, StatementSet } from './ast.js'
import { printExpr } from './print-expr.js'
import { printDataType, printIdent, printIdentList, printName, printPropertyList, printQualifiedName, printString } from './print-names.js'
import { printHints, printQuery } from './print-query.js'

export { printExpr } from './print-expr.js'
export { printDataType, quoteIdentifier } from './print-names.js'
export { printQuery, printTableRef } from './print-query.js'

function comment(c: string | undefined): string {
  return c === undefined ? '' : ` COMMENT ${printString(c)}`
}

function printColumn(c: ColumnDef): string {
  switch (c.kind) {
    case 'PhysicalColumn':
      return `${printIdent(c.name)} ${printDataType(c.type.type)}${c.primaryKey ? ' PRIMARY KEY NOT ENFORCED' : ''}${comment(c.comment)}`
    case 'ComputedColumn':
      return `${printIdent(c.name)} AS ${printExpr(c.expr)}${comment(c.comment)}`
    case 'MetadataColumn': {
      const key = c.key === undefined ? '' : ` FROM ${printString(c.key)}`
      return `${printIdent(c.name)} ${printDataType(c.type.type)} METADATA${key}${c.virtual ? ' VIRTUAL' : ''}${comment(c.comment)}`
    }
    default:
      return assertNever(c, 'column definition')
  }
}

function printInsert(s: Insert): string {
  let out = `INSERT ${s.overwrite ? 'OVERWRITE' : 'INTO'} ${printQualifiedName(s.target)}`
  if (s.hints.length > 0) out += ` ${printHints(s.hints)}`
  if (s.partition.length > 0) out += ` PARTITION (${s.partition.map((p) => `${printName(p.key)} = ${printString(p.value)}`).join(', ')})`
  if (s.columns.length > 0) out += ` (${printIdentList(s.columns)})`
  return `${out} ${printQuery(s.query)}`
}

function printStatementSetBody(s: StatementSet): string {
  return `STATEMENT SET BEGIN\n${s.inserts.map((i) => `${printInsert(i)};\n`).join('')}END`
}

function printLike(like: ShowColumns['like']): string {
  if (like === undefined) return ''
  return ` ${like.negated ? 'NOT ' : ''}${like.caseInsensitive ? 'ILIKE' : 'LIKE'} ${printString(like.pattern)}`
}

const IF_NOT_EXISTS = 'IF NOT EXISTS '
const IF_EXISTS = 'IF EXISTS '

export function printStatement(s: Statement): string {
  switch (s.kind) {
    case 'CreateTable': {
      const elements = s.columns.map(printColumn)
      if (s.primaryKey !== undefined) {
        const pk = s.primaryKey
        const name = pk.constraintName === undefined ? '' : `CONSTRAINT ${printIdent(pk.constraintName)} `
        elements.push(`${name}PRIMARY KEY (${printIdentList(pk.columns)})${pk.enforced ? '' : ' NOT ENFORCED'}`)
      }
      if (s.watermark !== undefined) elements.push(`WATERMARK FOR ${printIdent(s.watermark.column)} AS ${printExpr(s.watermark.expr)}`)
      let out = `CREATE ${s.temporary ? 'TEMPORARY ' : ''}TABLE ${s.ifNotExists ? IF_NOT_EXISTS : ''}${printQualifiedName(s.name)}`
      if (elements.length > 0) out += ` (\n${elements.map((e) => `  ${e}`).join(',\n')}\n)`
      if (s.comment !== undefined) out += `\nCOMMENT ${printString(s.comment)}`
      if (s.partitionedBy.length > 0) out += `\nPARTITIONED BY (${printIdentList(s.partitionedBy)})`
      if (s.options.length > 0) out += `\nWITH ${printPropertyList(s.options)}`
      if (s.like !== undefined) {
        const opts = s.like.options.map((o) => `${o.mode} ${o.what}`).join(' ')
        out += `\nLIKE ${printQualifiedName(s.like.table)}${opts === '' ? '' : ` (${opts})`}`
      }
      if (s.asQuery !== undefined) out += `\nAS ${printQuery(s.asQuery)}`
      return out
    }
    case 'CreateView': {
      const cols = s.columns.length > 0 ? ` (${printIdentList(s.columns)})` : ''
      return `CREATE ${s.temporary ? 'TEMPORARY ' : ''}VIEW ${s.ifNotExists ? IF_NOT_EXISTS : ''}${printQualifiedName(s.name)}${cols}${comment(s.comment)} AS ${printQuery(s.query)}`
    }
    case 'DropTable':
      return `DROP ${s.temporary ? 'TEMPORARY ' : ''}TABLE ${s.ifExists ? IF_EXISTS : ''}${printQualifiedName(s.name)}`
    case 'DropView':
      return `DROP ${s.temporary ? 'TEMPORARY ' : ''}VIEW ${s.ifExists ? IF_EXISTS : ''}${printQualifiedName(s.name)}`
    case 'AlterTable': {
      const head = `ALTER TABLE ${s.ifExists ? IF_EXISTS : ''}${printQualifiedName(s.name)}`
      const a = s.action
      switch (a.kind) {
        case 'SetOptions':
          return `${head} SET ${printPropertyList(a.options)}`
        case 'ResetOptions':
          return `${head} RESET (${a.keys.map(printString).join(', ')})`
        case 'Rename':
          return `${head} RENAME TO ${printQualifiedName(a.newName)}`
        default:
          return assertNever(a, 'ALTER TABLE action')
      }
    }
    case 'CreateCatalog':
      return `CREATE CATALOG ${s.ifNotExists ? IF_NOT_EXISTS : ''}${printIdent(s.name)}${s.options.length > 0 ? ` WITH ${printPropertyList(s.options)}` : ''}`
    case 'DropCatalog':
      return `DROP CATALOG ${s.ifExists ? IF_EXISTS : ''}${printIdent(s.name)}`
    case 'CreateDatabase':
      return `CREATE DATABASE ${s.ifNotExists ? IF_NOT_EXISTS : ''}${printQualifiedName(s.name)}${comment(s.comment)}${s.options.length > 0 ? ` WITH ${printPropertyList(s.options)}` : ''}`
    case 'DropDatabase':
      return `DROP DATABASE ${s.ifExists ? IF_EXISTS : ''}${printQualifiedName(s.name)}${s.cascade ? ' CASCADE' : ''}`
    case 'UseCatalog':
      return `USE CATALOG ${printIdent(s.name)}`
    case 'UseDatabase':
      return `USE ${printQualifiedName(s.name)}`
    case 'Insert':
      return printInsert(s)
    case 'StatementSet':
      return `EXECUTE ${printStatementSetBody(s)}`
    case 'BeginStatementSet':
      return 'BEGIN STATEMENT SET'
    case 'End':
      return 'END'
    case 'QueryStatement':
      return printQuery(s.query)
    case 'Explain': {
      let head = 'EXPLAIN '
      if (s.planFor) head += 'PLAN FOR '
      else if (s.details.length > 0) head += `${s.details.join(', ')} `
      const st = s.statement
      return head + (st.kind === 'StatementSet' ? printStatementSetBody(st) : printStatement(st))
    }
    case 'Set':
      if (s.key === undefined) return 'SET'
      return s.value === undefined ? `SET ${printString(s.key)}` : `SET ${printString(s.key)} = ${printString(s.value)}`
    case 'Reset':
      return s.key === undefined ? 'RESET' : `RESET ${printString(s.key)}`
    case 'Show': {
      const what = s.what.replace('_', ' ')
      const from = s.from === undefined ? '' : ` FROM ${printQualifiedName(s.from)}`
      return `SHOW ${what}${from}${printLike(s.like)}`
    }
    case 'ShowCreate':
      return `SHOW CREATE ${s.objectType} ${printQualifiedName(s.name)}`
    case 'ShowColumns':
      return `SHOW COLUMNS FROM ${printQualifiedName(s.table)}${printLike(s.like)}`
    case 'Describe':
      return `DESCRIBE ${s.extended ? 'EXTENDED ' : ''}${printQualifiedName(s.name)}`
    case 'StopJob':
      return `STOP JOB ${printString(s.jobId)}${s.withSavepoint ? ' WITH SAVEPOINT' : ''}${s.withDrain ? ' WITH DRAIN' : ''}`
    case 'Help':
      return 'HELP'
    case 'Quit':
      return 'QUIT'
    case 'Clear':
      return 'CLEAR'
    default:
      return assertNever(s, 'statement')
  }
}

/** Statements separated by `;` and a line break, the last one terminated too. */
export function printScript(script: Script): string {
  return script.statements.map((s) => `${printStatement(s)};\n`).join('')
}
