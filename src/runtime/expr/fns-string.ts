/** String functions, LIKE / SIMILAR TO and the regular-expression family. */
import { randomUUID } from 'node:crypto'
import type { RexCall, RexLiteral, RexNode } from '../../plan/rex.js'
import type { DataType } from '../../sql/data-type.js'
import { formatType } from '../../sql/data-type.js'
import type { CodeGen, FunctionDef } from './codegen.js'
import { compileLike, compileSimilar, dynamicLike } from './like.js'
import { javaRegex } from './java-regex.js'
import {
  ascii,
  btrim,
  charLength,
  chr,
  fromBase64,
  initcap,
  javaStringHash,
  left,
  locate,
  lpad,
  ltrim,
  md5,
  position,
  regexp,
  regexpExtract,
  regexpReplace,
  repeat,
  replace,
  reverse,
  right,
  rpad,
  rtrim,
  sha1,
  sha256,
  splitIndex,
  strToMap,
  substring,
  substringFrom,
  toBase64,
  trim,
} from './string-runtime.js'

function isLiteral(e: RexNode | undefined): e is RexLiteral {
  return e !== undefined && e.kind === 'Literal'
}

/** An integer operand as a JS number (BIGINT may be a bigint). */
export function intArg(ref: string, t: DataType | undefined): string {
  return t?.kind === 'BIGINT' ? `Number(${ref})` : ref
}

function call(g: CodeGen, fn: (...args: never[]) => unknown, args: readonly string[]): string {
  return `${g.helper(fn)}(${args.join(', ')})`
}

function simple(fn: (...args: never[]) => unknown, mayReturnNull = false): FunctionDef {
  return { strict: (g, c, args) => call(g, fn, args.map((a, i) => intArg(a, c.operands[i]?.type))), mayReturnNull }
}

function emitLike(similar: boolean): FunctionDef {
  return {
    strict: (g, c, args) => {
      const [, pat, esc] = c.operands
      const [s, p, e] = args as [string, string, string | undefined]
      if (isLiteral(pat) && (esc === undefined || isLiteral(esc))) {
        const escape = esc === undefined ? null : (esc.value as string)
        const m = similar ? compileSimilar(pat.value as string, escape) : compileLike(pat.value as string, escape)
        return `${g.constant(m, similar ? 'similar' : 'like')}(${s})`
      }
      return `${g.helper(dynamicLike)}(${s}, ${p}, ${e ?? 'null'}, ${similar})`
    },
  }
}

/** REGEXP_* with a literal pattern: compile once and bind the RegExp. */
function regexFamily(kind: 'extract' | 'replace' | 'match'): FunctionDef {
  return {
    strict: (g, c, args) => {
      const pat = c.operands[1]
      const [s, , third] = args as [string, string, string | undefined]
      if (isLiteral(pat) && typeof pat.value === 'string') {
        const text = pat.value
        if (kind === 'match') {
          const re = text === '' ? null : javaRegex(text)
          const fn = re === null ? (): boolean => false : (x: string): boolean => re.test(x)
          return `${g.constant(fn, 'regexp')}(${s})`
        }
        if (kind === 'replace') {
          const re = javaRegex(text, true)
          const fn = re === null ? (): null => null : (x: string, r: string): string => x.replace(re, () => r)
          return `${g.constant(fn, 'regexpReplace')}(${s}, ${third as string})`
        }
        const re = javaRegex(text)
        const fn =
          re === null
            ? (): null => null
            : (x: string, group: number): string | null => {
                const m = re.exec(x)
                return m === null || group < 0 || group >= m.length ? null : (m[group] ?? null)
              }
        return `${g.constant(fn, 'regexpExtract')}(${s}, ${third === undefined ? '0' : intArg(third, c.operands[2]?.type)})`
      }
      if (kind === 'match') return call(g, regexp, args)
      if (kind === 'replace') return call(g, regexpReplace, args)
      return call(g, regexpExtract, [s, args[1] as string, third === undefined ? '0' : intArg(third, c.operands[2]?.type)])
    },
    mayReturnNull: kind !== 'match',
  }
}

function concatWs(g: CodeGen, c: RexCall): string {
  const [sepExpr, ...parts] = c.operands as [RexNode, ...RexNode[]]
  const sep = g.compile(sepExpr)
  const refs = parts.map((p) => ({ ref: g.compile(p), nullable: g.nullable(p) }))
  const out = g.fresh()
  g.emit(`let ${out} = null;`)
  g.block(`if (${sep} != null)`, () => {
    const acc = g.fresh('acc')
    const first = g.fresh('first')
    g.emit(`let ${acc} = '', ${first} = true;`)
    for (const r of refs) {
      const body = `{ if (!${first}) ${acc} += ${sep}; ${acc} += ${r.ref}; ${first} = false; }`
      g.emit(r.nullable ? `if (${r.ref} != null) ${body}` : body)
    }
    g.emit(`${out} = ${acc};`)
  })
  return out
}

function emitTrim(g: CodeGen, c: RexCall, args: readonly string[]): string {
  const [side, chars, s] = args as [string, string, string]
  const sideOp = c.operands[0]
  if (isLiteral(sideOp) && isLiteral(c.operands[1]) && c.operands[1].value === ' ') {
    const v = sideOp.value
    if (v === 'BOTH') return `${s}.trim() === ${s} ? ${s} : ${g.helper(trim)}('BOTH', ' ', ${s})`
  }
  return `${g.helper(trim)}(${side}, ${chars}, ${s})`
}

export const STRING_FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  '||': { strict: (_g, _c, [a, b]) => `(${a} + ${b})` },
  CONCAT: { strict: (_g, _c, args) => (args.length === 1 ? `('' + ${args[0]})` : `(${args.join(' + ')})`) },
  CONCAT_WS: { special: concatWs },
  SUBSTRING: {
    strict: (g, c, args) =>
      args.length === 2
        ? call(g, substringFrom, [args[0] as string, intArg(args[1] as string, c.operands[1]?.type)])
        : call(g, substring, [args[0] as string, intArg(args[1] as string, c.operands[1]?.type), intArg(args[2] as string, c.operands[2]?.type)]),
    mayReturnNull: (c) => c.operands.length === 3,
  },
  UPPER: { strict: (_g, _c, [a]) => `${a}.toUpperCase()` },
  LOWER: { strict: (_g, _c, [a]) => `${a}.toLowerCase()` },
  INITCAP: simple(initcap),
  TRIM: { strict: emitTrim },
  LTRIM: simple(ltrim),
  RTRIM: simple(rtrim),
  BTRIM: simple(btrim),
  REPLACE: simple(replace),
  REPEAT: simple(repeat),
  SPLIT_INDEX: simple(splitIndex, true),
  REGEXP_EXTRACT: regexFamily('extract'),
  REGEXP_REPLACE: regexFamily('replace'),
  REGEXP: regexFamily('match'),
  CHAR_LENGTH: simple(charLength),
  LPAD: simple(lpad, true),
  RPAD: simple(rpad, true),
  POSITION: simple(position),
  LOCATE: { strict: (g, c, args) => call(g, locate, [args[0] as string, args[1] as string, args[2] === undefined ? '1' : intArg(args[2], c.operands[2]?.type)]) },
  INSTR: { strict: (g, _c, [s, sub]) => call(g, position, [sub as string, s as string]) },
  REVERSE: simple(reverse),
  LEFT: simple(left),
  RIGHT: simple(right),
  ASCII: simple(ascii),
  CHR: simple(chr),
  MD5: simple(md5),
  SHA1: simple(sha1),
  SHA256: simple(sha256),
  TO_BASE64: simple(toBase64),
  FROM_BASE64: simple(fromBase64),
  STR_TO_MAP: simple(strToMap),
  HASH_CODE: {
    strict: (g, c, [a]) => {
      const t = (c.operands[0] as RexNode).type
      if (t.kind === 'CHAR' || t.kind === 'VARCHAR') return `${g.helper(javaStringHash)}(${a})`
      if (t.kind === 'INT' || t.kind === 'SMALLINT' || t.kind === 'TINYINT') return a as string
      if (t.kind === 'BOOLEAN') return `(${a} ? 1231 : 1237)`
      return `${g.helper(javaStringHash)}(String(${a}))`
    },
  },
  LIKE: emitLike(false),
  'SIMILAR TO': emitLike(true),
  UUID: { strict: (g) => `${g.helper(randomUUID)}()` },
  TYPEOF: { special: (g, c) => g.constant(formatType((c.operands[0] as RexNode).type)) },
}

// Aliases the planner resolves, kept so a hand-built plan still compiles.
export const STRING_ALIASES: Readonly<Record<string, FunctionDef>> = {
  SUBSTR: STRING_FUNCTIONS.SUBSTRING as FunctionDef,
  CHARACTER_LENGTH: STRING_FUNCTIONS.CHAR_LENGTH as FunctionDef,
  LENGTH: STRING_FUNCTIONS.CHAR_LENGTH as FunctionDef,
}
