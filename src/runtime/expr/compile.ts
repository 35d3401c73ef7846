/**
 * The expression compiler's public API. Each function compiles once (per job / operator instance) to a
 * JavaScript function via `new Function`; literals and helpers are bound constants, never source text.
 */
import type { RexNode } from '../../plan/rex.js'
import type { Row } from '../row-batch.js'
import { encodeValue } from '../../state/key-groups.js'
import { CodeGen, type CompileOptions } from './codegen.js'

export type { CompileOptions } from './codegen.js'
export { IMPLEMENTED_FUNCTIONS } from './registry.js'

const rowRef = (i: number): string => `row[${i}]`

/** The value of `e` for a row (NULL as null). */
export function compileExpr(e: RexNode, options: CompileOptions = {}): (row: Row) => unknown {
  const g = new CodeGen(options, rowRef)
  const r = g.compile(e)
  return g.build(['row'], r)
}

/** True only when `e` is TRUE (NULL and FALSE reject the row). */
export function compilePredicate(e: RexNode, options: CompileOptions = {}): (row: Row) => boolean {
  const g = new CodeGen(options, rowRef)
  const r = g.compile(e)
  return g.build(['row'], `${r} === true`)
}

/** One fused function building the output row of a projection. */
export function compileProjection(exprs: readonly RexNode[], options: CompileOptions = {}): (row: Row) => Row {
  const g = new CodeGen(options, rowRef)
  const refs = exprs.map((e) => g.compile(e))
  return g.build(['row'], `[${refs.join(', ')}]`)
}

/**
 * Filter and projection fused (a Calc): the projected row, or undefined when the condition is not TRUE. The
 * projection is computed only for rows that pass.
 */
export function compileCalc(
  projection: readonly RexNode[],
  condition: RexNode | null,
  options: CompileOptions = {},
): (row: Row) => Row | undefined {
  const g = new CodeGen(options, rowRef)
  if (condition !== null) {
    const c = g.compile(condition)
    g.emit(`if (${c} !== true) return undefined;`)
  }
  const refs = projection.map((e) => g.compile(e))
  return g.build(['row'], `[${refs.join(', ')}]`)
}

/** Join condition over (left, right): InputRef i < leftArity reads left[i], otherwise right[i - leftArity]. */
export function compileJoinPredicate(
  e: RexNode,
  leftArity: number,
  options: CompileOptions = {},
): (left: Row, right: Row) => boolean {
  const g = new CodeGen(options, (i) => (i < leftArity ? `left[${i}]` : `right[${i - leftArity}]`))
  const r = g.compile(e)
  return g.build(['left', 'right'], `${r} === true`)
}

/** Projection over a joined pair without materialising the concatenated row. */
export function compileJoinProjection(
  exprs: readonly RexNode[],
  leftArity: number,
  options: CompileOptions = {},
): (left: Row, right: Row) => Row {
  const g = new CodeGen(options, (i) => (i < leftArity ? `left[${i}]` : `right[${i - leftArity}]`))
  const refs = exprs.map((e) => g.compile(e))
  return g.build(['left', 'right'], `[${refs.join(', ')}]`)
}

/** encodeKey (src/state/key-groups.ts) of the given fields, specialised for one and two fields. */
export function compileKeySelector(indices: readonly number[]): (row: Row) => string {
  if (indices.length === 0) return () => ''
  if (indices.length === 1) {
    const i = indices[0] as number
    return (row) => encodeValue(row[i])
  }
  if (indices.length === 2) {
    const i = indices[0] as number
    const j = indices[1] as number
    return (row) => encodeValue(row[i]) + encodeValue(row[j])
  }
  const idx = [...indices]
  return (row) => {
    let out = ''
    for (const i of idx) out += encodeValue(row[i])
    return out
  }
}
