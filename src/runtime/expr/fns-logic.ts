/** AND, OR, NOT, IS [NOT] NULL/TRUE/FALSE/UNKNOWN, CASE, COALESCE, IF, IFNULL, NULLIF: the non-strict ones. */
import type { RexCall, RexNode } from '../../plan/rex.js'
import type { CodeGen, FunctionDef } from './codegen.js'
import { emitCompare } from './compare-gen.js'

/** AND / OR with short-circuit and three-valued logic over any number of operands. */
function junction(isAnd: boolean): FunctionDef {
  const stop = isAnd ? 'false' : 'true'
  const go = isAnd ? 'true' : 'false'
  return {
    special: (g, c) => {
      const out = g.fresh()
      g.emit(`let ${out} = ${go};`)
      const step = (i: number): void => {
        const e = c.operands[i]
        if (e === undefined) return
        const v = g.compile(e)
        g.ifElse(
          `${v} === ${stop}`,
          () => g.emit(`${out} = ${stop};`),
          () => {
            if (g.nullable(e)) g.emit(`if (${v} == null) ${out} = null;`)
            step(i + 1)
          },
        )
      }
      step(0)
      return out
    },
  }
}

function isTest(test: (v: string) => string, whenNull: boolean): FunctionDef {
  return {
    special: (g, c) => {
      const e = c.operands[0] as RexNode
      const v = g.compile(e)
      if (!g.nullable(e)) return g.local(test(v))
      return g.local(`${v} == null ? ${whenNull} : ${test(v)}`)
    },
  }
}

function emitCase(g: CodeGen, c: RexCall): string {
  const ops = c.operands
  const out = g.fresh()
  g.emit(`let ${out} = null;`)
  const pairs = Math.floor(ops.length / 2)
  const elseExpr = ops.length % 2 === 1 ? ops[ops.length - 1] : undefined
  const branch = (i: number): void => {
    if (i >= pairs) {
      if (elseExpr !== undefined) g.emit(`${out} = ${g.compileAs(elseExpr, c.type)};`)
      return
    }
    const when = g.compile(ops[2 * i] as RexNode)
    g.ifElse(
      `${when} === true`,
      () => g.emit(`${out} = ${g.compileAs(ops[2 * i + 1] as RexNode, c.type)};`),
      () => branch(i + 1),
    )
  }
  branch(0)
  return out
}

function emitCoalesce(g: CodeGen, c: RexCall): string {
  const out = g.fresh()
  g.emit(`let ${out} = null;`)
  const step = (i: number): void => {
    const e = c.operands[i]
    if (e === undefined) return
    const v = g.compileAs(e, c.type)
    g.emit(`${out} = ${v};`)
    if (g.nullable(e) && i + 1 < c.operands.length) g.block(`if (${out} == null)`, () => step(i + 1))
  }
  step(0)
  return out
}

function emitIf(g: CodeGen, c: RexCall): string {
  const [cond, a, b] = c.operands as [RexNode, RexNode, RexNode]
  const out = g.fresh()
  g.emit(`let ${out};`)
  const v = g.compile(cond)
  g.ifElse(
    `${v} === true`,
    () => g.emit(`${out} = ${g.compileAs(a, c.type)};`),
    () => g.emit(`${out} = ${g.compileAs(b, c.type)};`),
  )
  return out
}

/** NULLIF(a, b): NULL when a = b, else a. */
function emitNullIf(g: CodeGen, c: RexCall): string {
  const [x, y] = c.operands as [RexNode, RexNode]
  const a = g.compileAs(x, c.type)
  const b = g.compile(y)
  const out = g.fresh()
  g.emit(`let ${out} = ${a};`)
  const eq = (): string => emitCompare(g, '=', { ref: a, type: c.type, nullable: false }, { ref: b, type: y.type, nullable: false })
  g.block(`if (${a} != null && ${b} != null)`, () => g.emit(`if (${eq()}) ${out} = null;`))
  return out
}

export const LOGIC_FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  AND: junction(true),
  OR: junction(false),
  NOT: { strict: (_g, _c, [a]) => `!${a}` },
  'IS NULL': isTest(() => 'false', true),
  'IS NOT NULL': isTest(() => 'true', false),
  'IS TRUE': isTest((v) => `${v} === true`, false),
  'IS NOT TRUE': isTest((v) => `${v} !== true`, true),
  'IS FALSE': isTest((v) => `${v} === false`, false),
  'IS NOT FALSE': isTest((v) => `${v} !== false`, true),
  'IS UNKNOWN': isTest(() => 'false', true),
  'IS NOT UNKNOWN': isTest(() => 'true', false),
  CASE: { special: emitCase },
  COALESCE: { special: emitCoalesce },
  IFNULL: { special: emitCoalesce },
  IF: { special: emitIf },
  NULLIF: { special: emitNullIf, mayReturnNull: true },
}
