/** +, -, *, /, %, MOD, NEGATE on numbers (Java wrap-around for integers, Flink's DECIMAL rules) and on temporals. */
import type { RexCall, RexNode } from '../../plan/rex.js'
import type { DataType } from '../../sql/data-type.js'
import { EngineError } from '../../errors.js'
import type { CodeGen, FunctionDef } from './codegen.js'
import { toSmallint, toTinyint } from './cast-runtime.js'
import { decimalAdd, decimalDivide, decimalMod, decimalMultiply, pow10 } from './decimal.js'
import { addI64, divI64, i64ToInt, modI64, mulI64, negI64, subI64 } from './int64.js'
import { addMonthsDate, addMonthsLtz, addMonthsTs, addMsToDate, addMsToTime, divInt, modInt } from './arith-runtime.js'
import { MS_PER_DAY } from './date-time.js'
import { zoneOf } from './time-zone.js'
import { isApprox, isIntegral, isInterval, isNumeric, DOUBLE } from './type-utils.js'

type ArithOp = '+' | '-' | '*' | '/' | '%'

function narrowInt(g: CodeGen, kind: string, expr: string): string {
  if (kind === 'TINYINT') return `${g.helper(toTinyint)}(${expr})`
  if (kind === 'SMALLINT') return `${g.helper(toSmallint)}(${expr})`
  return expr
}

/** Value of a non-null operand as an unscaled decimal and its scale. */
function asDecimal(g: CodeGen, ref: string, t: DataType): { ref: string; scale: number } {
  if (t.kind === 'DECIMAL') return { ref, scale: t.scale }
  if (isIntegral(t.kind)) return { ref: `BigInt(${ref})`, scale: 0 }
  if (t.kind === 'BOOLEAN') return { ref: `(${ref} ? 1n : 0n)`, scale: 0 }
  // Anything else reaches DECIMAL arithmetic only through the planner's casts; convert as a CAST would.
  const target: DataType = { kind: 'DECIMAL', precision: 38, scale: 18, nullable: true }
  return { ref: g.convert(ref, t, target, false, 'cast'), scale: 18 }
}

function numeric(g: CodeGen, c: RexCall, op: ArithOp, a: string, b: string): string {
  const [x, y] = c.operands as [RexNode, RexNode]
  const R = c.type
  switch (R.kind) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT': {
      if (op === '%' && (x.type.kind === 'BIGINT' || y.type.kind === 'BIGINT')) {
        // MOD's type is the divisor's; the remainder is computed at the wider width first, as Java does.
        return narrowInt(g, R.kind, `${g.helper(i64ToInt)}(${g.helper(modI64)}(${a}, ${b}))`)
      }
      const ca = g.convert(a, x.type, R, false)
      const cb = g.convert(b, y.type, R, false)
      const expr =
        op === '+'
          ? `((${ca} + ${cb}) | 0)`
          : op === '-'
            ? `((${ca} - ${cb}) | 0)`
            : op === '*'
              ? `Math.imul(${ca}, ${cb})`
              : op === '/'
                ? `${g.helper(divInt)}(${ca}, ${cb})`
                : `${g.helper(modInt)}(${ca}, ${cb})`
      return narrowInt(g, R.kind, expr)
    }
    case 'BIGINT': {
      const ca = g.convert(a, x.type, R, false)
      const cb = g.convert(b, y.type, R, false)
      const fn = op === '+' ? addI64 : op === '-' ? subI64 : op === '*' ? mulI64 : op === '/' ? divI64 : modI64
      return `${g.helper(fn)}(${ca}, ${cb})`
    }
    case 'FLOAT':
    case 'DOUBLE': {
      const ca = g.convert(a, x.type, DOUBLE, false)
      const cb = g.convert(b, y.type, DOUBLE, false)
      const expr = `(${ca} ${op} ${cb})`
      return R.kind === 'FLOAT' ? `Math.fround${expr}` : expr
    }
    case 'DECIMAL': {
      const da = asDecimal(g, a, x.type)
      const db = asDecimal(g, b, y.type)
      const { precision: p, scale: s } = R
      const fn =
        op === '+' || op === '-'
          ? decimalAdd(da.scale, db.scale, p, s, op === '-')
          : op === '*'
            ? decimalMultiply(da.scale, db.scale, p, s)
            : op === '/'
              ? decimalDivide(da.scale, db.scale, p, s)
              : decimalMod(da.scale, db.scale, p, s)
      return `${g.constant(fn, `decimal${op === '+' ? 'Add' : op === '-' ? 'Sub' : op === '*' ? 'Mul' : op === '/' ? 'Div' : 'Mod'}`)}(${da.ref}, ${db.ref})`
    }
    default:
      throw new EngineError('PLAN_UNSUPPORTED_FUNCTION', `operator ${op} cannot produce ${R.kind}`)
  }
}

/** Temporal and interval arithmetic: TIMESTAMP/DATE/TIME +/- INTERVAL, INTERVAL +/- INTERVAL, INTERVAL * n. */
function temporal(g: CodeGen, c: RexCall, op: ArithOp, a: string, b: string): string | undefined {
  const [x, y] = c.operands as [RexNode, RexNode]
  const kx = x.type.kind
  const ky = y.type.kind
  if ((op === '+' || op === '-') && isInterval(kx) && isInterval(ky)) return `(${a} ${op} ${b})`
  if ((op === '*' || op === '/') && isInterval(kx) && isNumeric(ky)) {
    const n = g.convert(b, y.type, DOUBLE, false)
    return op === '*' ? `Math.trunc(${a} * ${n})` : `Math.trunc(${a} / ${n})`
  }
  if (op === '*' && isNumeric(kx) && isInterval(ky)) return `Math.trunc(${g.convert(a, x.type, DOUBLE, false)} * ${b})`
  let base: string
  let baseType: DataType
  let iv: string
  let ivKind: string
  if (op === '+' && isInterval(kx) && !isInterval(ky)) {
    base = b
    baseType = y.type
    iv = a
    ivKind = kx
  } else if ((op === '+' || op === '-') && isInterval(ky) && !isInterval(kx)) {
    base = a
    baseType = x.type
    iv = op === '-' ? `(0 - ${b})` : b
    ivKind = ky
  } else {
    return undefined
  }
  const months = ivKind === 'INTERVAL_YEAR_MONTH'
  switch (baseType.kind) {
    case 'TIMESTAMP':
      return months ? `${g.helper(addMonthsTs)}(${base}, ${iv})` : `(${base} + ${iv})`
    case 'TIMESTAMP_LTZ':
      return months ? `${g.helper(addMonthsLtz)}(${base}, ${iv}, ${g.constant(zoneOf(g.timeZone), 'zone')})` : `(${base} + ${iv})`
    case 'DATE': {
      if (months) return `${g.helper(addMonthsDate)}(${base}, ${iv})`
      if (c.type.kind === 'TIMESTAMP') return `(${base} * ${MS_PER_DAY} + ${iv})`
      return `${g.helper(addMsToDate)}(${base}, ${iv})`
    }
    case 'TIME':
      return months ? base : `${g.helper(addMsToTime)}(${base}, ${iv})`
    default:
      return undefined
  }
}

function binary(op: ArithOp): FunctionDef {
  return {
    strict: (g, c, args) => {
      if (args.length === 1) return op === '-' ? negate(g, c, args[0] as string) : (args[0] as string)
      const [a, b] = args as [string, string]
      return temporal(g, c, op, a, b) ?? numeric(g, c, op, a, b)
    },
    mayReturnNull: (c) => c.type.kind === 'DECIMAL',
  }
}

function negate(g: CodeGen, c: RexCall, a: string): string {
  const x = c.operands[0] as RexNode
  const v = g.convert(a, x.type, c.type, false)
  switch (c.type.kind) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
      return narrowInt(g, c.type.kind, `((0 - ${v}) | 0)`)
    case 'BIGINT':
      return `${g.helper(negI64)}(${v})`
    case 'DECIMAL':
      return `(-${v})`
    default:
      return isApprox(c.type.kind) ? `(-${v})` : `(0 - ${v})`
  }
}

export const ARITHMETIC_FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  '+': binary('+'),
  '-': binary('-'),
  '*': binary('*'),
  '/': binary('/'),
  '%': binary('%'),
  MOD: binary('%'),
  NEGATE: { strict: (g, c, [a]) => negate(g, c, a as string) },
  'UNARY PLUS': { strict: (_g, _c, [a]) => a as string },
}

/** 10^n as a bigint constant (exported for other families that scale decimals). */
export function pow10Const(g: CodeGen, n: number): string {
  return g.constant(pow10(n))
}
