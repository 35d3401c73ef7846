/** =, <>, <, <=, >, >=, IS [NOT] DISTINCT FROM, IN / NOT IN. */
import type { RexCall, RexNode } from '../../plan/rex.js'
import type { CodeGen, FunctionDef } from './codegen.js'
import { emitCompare, hashableKind, type CompareOp } from './compare-gen.js'
import { needsConversion } from './cast-gen.js'
import { isCharacter } from './type-utils.js'

function operand(_g: CodeGen, e: RexNode, ref: string): { ref: string; type: RexNode['type']; nullable: boolean } {
  return { ref, type: e.type, nullable: false }
}

function comparison(op: CompareOp): FunctionDef {
  return {
    strict: (g, c, [a, b]) => {
      const [x, y] = c.operands as [RexNode, RexNode]
      return emitCompare(g, op, operand(g, x, a as string), operand(g, y, b as string))
    },
  }
}

function distinct(negated: boolean): FunctionDef {
  return {
    special: (g, c) => {
      const [x, y] = c.operands as [RexNode, RexNode]
      const a = g.compile(x)
      const b = g.compile(y)
      const out = g.fresh()
      g.emit(`let ${out};`)
      const eq = (): string => emitCompare(g, '=', { ref: a, type: x.type, nullable: false }, { ref: b, type: y.type, nullable: false })
      g.ifElse(
        `${a} == null || ${b} == null`,
        () => g.emit(`${out} = ${negated ? '' : '!'}(${a} == null && ${b} == null);`),
        () => g.emit(`${out} = ${negated ? '' : '!'}${eq()};`),
      )
      return out
    },
  }
}

/** x IN (v1, ..., vn): three-valued; a hash set when the list is many literals of x's type. */
function inList(negated: boolean): FunctionDef {
  return {
    special: (g, c) => emitIn(g, c, negated),
  }
}

function emitIn(g: CodeGen, c: RexCall, negated: boolean): string {
  const [x, ...items] = c.operands as [RexNode, ...RexNode[]]
  const a = g.compile(x)
  const out = g.fresh()
  const T = negated ? 'false' : 'true'
  const F = negated ? 'true' : 'false'
  g.emit(`let ${out} = null;`)
  const literalItems = items.every((i) => i.kind === 'Literal')
  const sameFamily = (t: RexNode['type']): boolean =>
    t.kind === 'NULL' || (!needsConversion(t, x.type) && (t.kind === x.type.kind || (isCharacter(t.kind) && isCharacter(x.type.kind))))
  if (literalItems && items.length >= 4 && hashableKind(x.type) && items.every((i) => sameFamily(i.type))) {
    const values = items.map((i) => (i.kind === 'Literal' ? i.value : null))
    const hasNull = values.some((v) => v == null)
    const set = g.constant(new Set(values.filter((v) => v != null)), 'inSet')
    g.block(`if (${a} != null)`, () => g.emit(`${out} = ${set}.has(${a}) ? ${T} : ${hasNull ? 'null' : F};`))
    return out
  }
  g.block(`if (${a} != null)`, () => {
    g.emit(`${out} = ${F};`)
    const sawNull = g.fresh('sawNull')
    g.emit(`let ${sawNull} = false;`)
    // A labelled block lets a match skip the remaining items.
    const label = g.fresh('in')
    g.block(`${label}:`, () => {
      for (const item of items) {
        const b = g.compile(item)
        const cond = emitCompare(g, '=', { ref: a, type: x.type, nullable: false }, { ref: b, type: item.type, nullable: false })
        if (g.nullable(item)) {
          g.ifElse(`${b} == null`, () => g.emit(`${sawNull} = true;`), () => g.block(`if (${cond})`, () => g.emit(`${out} = ${T}; break ${label};`)))
        } else {
          g.block(`if (${cond})`, () => g.emit(`${out} = ${T}; break ${label};`))
        }
      }
      g.emit(`if (${sawNull}) ${out} = null;`)
    })
  })
  return out
}

export const COMPARISON_FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  '=': comparison('='),
  '<>': comparison('<>'),
  '!=': comparison('<>'),
  '<': comparison('<'),
  '<=': comparison('<='),
  '>': comparison('>'),
  '>=': comparison('>='),
  'IS DISTINCT FROM': distinct(false),
  'IS NOT DISTINCT FROM': distinct(true),
  IN: inList(false),
  'NOT IN': inList(true),
}
