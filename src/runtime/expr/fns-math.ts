/** Numeric built-ins: ABS, SIGN, FLOOR/CEIL, ROUND/TRUNCATE, POWER, logarithms, trigonometry, RAND, GREATEST/LEAST. */
import type { RexCall, RexNode } from '../../plan/rex.js'
import type { CodeGen, FunctionDef } from './codegen.js'
import { toSmallint, toTinyint } from './cast-runtime.js'
import { emitCompare } from './compare-gen.js'
import { pow10 } from './decimal.js'
import { absI64, i64ToInt } from './int64.js'
import { JavaRandom, randomInt, roundDecimal, roundDouble, roundInteger } from './math-runtime.js'
import { emitTemporalFloor } from './fns-temporal.js'
import { intArg } from './fns-string.js'
import { DOUBLE, isApprox, isIntegral } from './type-utils.js'

function narrow(g: CodeGen, kind: string, e: string): string {
  if (kind === 'TINYINT') return `${g.helper(toTinyint)}(${e})`
  if (kind === 'SMALLINT') return `${g.helper(toSmallint)}(${e})`
  return e
}

function asDouble(g: CodeGen, c: RexCall, i: number, ref: string): string {
  return g.convert(ref, (c.operands[i] as RexNode).type, DOUBLE, false)
}

function doubleFn(body: (args: readonly string[]) => string): FunctionDef {
  return { strict: (g, c, args) => body(args.map((a, i) => asDouble(g, c, i, a))) }
}

function emitAbs(g: CodeGen, c: RexCall, [a]: readonly string[]): string {
  const x = a as string
  switch (c.type.kind) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
      return narrow(g, c.type.kind, `(Math.abs(${x}) | 0)`)
    case 'BIGINT':
      return `${g.helper(absI64)}(${x})`
    case 'DECIMAL':
      return `(${x} < 0n ? -${x} : ${x})`
    default:
      return `Math.abs(${x})`
  }
}

function emitSign(g: CodeGen, c: RexCall, [a]: readonly string[]): string {
  const x = a as string
  const t = (c.operands[0] as RexNode).type
  if (t.kind === 'DECIMAL') {
    const one = g.constant(pow10(t.scale))
    return `(${x} > 0n ? ${one} : ${x} < 0n ? -${one} : 0n)`
  }
  if (t.kind === 'BIGINT') return `(${x} > 0 ? 1 : ${x} < 0 ? -1 : 0)`
  return isApprox(t.kind) ? `Math.sign(${x})` : `(Math.sign(${x}) | 0)`
}

function decimalFloor(u: bigint, s: number, rs: number, ceil: boolean): bigint {
  const f = pow10(s)
  let q = u / f
  const r = u % f
  if (r !== 0n && (ceil ? u > 0n : u < 0n)) q += ceil ? 1n : -1n
  return q * pow10(rs)
}

function floorCeil(ceil: boolean): FunctionDef {
  return {
    strict: (g, c, args) => {
      if (args.length === 2) return emitTemporalFloor(g, c, args, ceil)
      const x = args[0] as string
      const t = (c.operands[0] as RexNode).type
      if (isIntegral(t.kind)) return x
      if (t.kind === 'DECIMAL') {
        const rs = c.type.kind === 'DECIMAL' ? c.type.scale : 0
        return `${g.helper(decimalFloor)}(${x}, ${t.scale}, ${rs}, ${ceil})`
      }
      const d = asDouble(g, c, 0, x)
      return ceil ? `Math.ceil(${d})` : `Math.floor(${d})`
    },
  }
}

function round(truncate: boolean): FunctionDef {
  return {
    strict: (g, c, args) => {
      const x = args[0] as string
      const t = (c.operands[0] as RexNode).type
      const d = args[1] === undefined ? '0' : intArg(args[1], c.operands[1]?.type)
      if (t.kind === 'DECIMAL') {
        const rs = c.type.kind === 'DECIMAL' ? c.type.scale : t.scale
        const p = c.type.kind === 'DECIMAL' ? c.type.precision : 38
        return `${g.helper(roundDecimal)}(${x}, ${t.scale}, ${d}, ${rs}, ${p}, ${truncate})`
      }
      if (isIntegral(t.kind)) {
        const r = `${g.helper(roundInteger)}(${x}, ${d}, ${truncate})`
        if (c.type.kind === 'BIGINT') return r
        return narrow(g, c.type.kind, `${g.helper(i64ToInt)}(${r})`)
      }
      const r = `${g.helper(roundDouble)}(${asDouble(g, c, 0, x)}, ${d}, ${truncate})`
      return c.type.kind === 'FLOAT' ? `Math.fround(${r})` : r
    },
    mayReturnNull: (c) => c.type.kind === 'DECIMAL',
  }
}

/** Seeded RAND/RAND_INTEGER keep one java.util.Random per compiled function, as Flink keeps one per operator. */
function rand(g: CodeGen, c: RexCall, args: readonly string[]): string {
  if (args.length === 0) return 'Math.random()'
  const seedOp = c.operands[0]
  if (seedOp !== undefined && seedOp.kind === 'Literal' && seedOp.value != null) {
    const r = g.constant(new JavaRandom(seedOp.value as number), 'random')
    return `${r}.nextDouble()`
  }
  const cache = new Map<number, JavaRandom>()
  const seeded = (seed: number): number => {
    let r = cache.get(seed)
    if (r === undefined) {
      r = new JavaRandom(seed)
      cache.set(seed, r)
    }
    return r.nextDouble()
  }
  return `${g.constant(seeded, 'randSeeded')}(${intArg(args[0] as string, c.operands[0]?.type)})`
}

function randInteger(g: CodeGen, c: RexCall, args: readonly string[]): string {
  if (args.length === 1) return `${g.helper(randomInt)}(${intArg(args[0] as string, c.operands[0]?.type)})`
  const seedOp = c.operands[0]
  const bound = intArg(args[1] as string, c.operands[1]?.type)
  if (seedOp !== undefined && seedOp.kind === 'Literal' && seedOp.value != null) {
    const r = g.constant(new JavaRandom(seedOp.value as number), 'random')
    return `${r}.nextInt(${bound})`
  }
  const fn = (seed: number, b: number): number => new JavaRandom(seed).nextInt(b)
  return `${g.constant(fn, 'randIntSeeded')}(${intArg(args[0] as string, c.operands[0]?.type)}, ${bound})`
}

function extremum(greatest: boolean): FunctionDef {
  return {
    strict: (g, c, args) => {
      const refs = args.map((a, i) => g.convert(a, (c.operands[i] as RexNode).type, c.type, false))
      const m = g.fresh('m')
      g.emit(`let ${m} = ${refs[0] as string};`)
      for (const r of refs.slice(1)) {
        const cond = emitCompare(g, greatest ? '>' : '<', { ref: r, type: c.type, nullable: false }, { ref: m, type: c.type, nullable: false })
        g.emit(`if (${cond}) ${m} = ${r};`)
      }
      return m
    },
  }
}

export const MATH_FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  ABS: { strict: emitAbs },
  SIGN: { strict: emitSign },
  FLOOR: floorCeil(false),
  CEIL: floorCeil(true),
  ROUND: round(false),
  TRUNCATE: round(true),
  POWER: doubleFn(([a, b]) => `Math.pow(${a}, ${b})`),
  SQRT: doubleFn(([a]) => `Math.sqrt(${a})`),
  LN: doubleFn(([a]) => `Math.log(${a})`),
  LOG10: doubleFn(([a]) => `Math.log10(${a})`),
  LOG2: doubleFn(([a]) => `(Math.log(${a}) / Math.LN2)`),
  LOG: doubleFn((args) => (args.length === 1 ? `Math.log(${args[0]})` : `(Math.log(${args[1]}) / Math.log(${args[0]}))`)),
  EXP: doubleFn(([a]) => `Math.exp(${a})`),
  SIN: doubleFn(([a]) => `Math.sin(${a})`),
  COS: doubleFn(([a]) => `Math.cos(${a})`),
  TAN: doubleFn(([a]) => `Math.tan(${a})`),
  COT: doubleFn(([a]) => `(1 / Math.tan(${a}))`),
  ASIN: doubleFn(([a]) => `Math.asin(${a})`),
  ACOS: doubleFn(([a]) => `Math.acos(${a})`),
  ATAN: doubleFn(([a]) => `Math.atan(${a})`),
  ATAN2: doubleFn(([a, b]) => `Math.atan2(${a}, ${b})`),
  SINH: doubleFn(([a]) => `Math.sinh(${a})`),
  COSH: doubleFn(([a]) => `Math.cosh(${a})`),
  TANH: doubleFn(([a]) => `Math.tanh(${a})`),
  DEGREES: doubleFn(([a]) => `(${a} * 57.29577951308232)`),
  RADIANS: doubleFn(([a]) => `(${a} * 0.017453292519943295)`),
  PI: { strict: () => 'Math.PI' },
  E: { strict: () => 'Math.E' },
  RAND: { strict: rand },
  RAND_INTEGER: { strict: randInteger },
  GREATEST: extremum(true),
  LEAST: extremum(false),
}
