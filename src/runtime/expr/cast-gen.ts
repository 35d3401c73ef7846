/**
 * CAST code generation for every supported pair of types. Returns a JavaScript expression over a non-null value
 * reference; helpers throw RUNTIME_EXPRESSION_ERROR on bad input (TRY_CAST turns that into NULL), DECIMAL
 * targets give NULL when the value does not fit the precision, as Flink does.
 */
import type { DataType } from '../../sql/data-type.js'
import { MAX_LENGTH, formatType } from '../../sql/data-type.js'
import { EngineError } from '../../errors.js'
import type { CodeGen } from './codegen.js'
import {
  bytesToString,
  fitBytes,
  fitString,
  stringToBoolean,
  stringToBytes,
  stringToDate,
  stringToDouble,
  stringToFloat,
  stringToInteger,
  stringToTime,
  stringToTimestamp,
  toSmallint,
  toTinyint,
  castFailed,
} from './cast-runtime.js'
import { MS_PER_DAY, floorMod, formatDate, formatTime, formatTimestamp, truncateToPrecision } from './date-time.js'
import {
  checkPrecision,
  decimalFromDouble,
  decimalFromInteger,
  decimalToDouble,
  formatDecimal,
  parseDecimalText,
  pow10,
  rescale,
} from './decimal.js'
import { doubleToI64, doubleToInt, i64ToDouble, i64ToInt, wrapI64, type I64 } from './int64.js'
import { formatDouble, formatFloat } from './number-format.js'
import { zoneOf } from './time-zone.js'
import { isApprox, isBinaryKind, isCharacter, isIntegral, isSmallIntegral, isTimestamp } from './type-utils.js'
import { formatValue } from './values.js'

/** 'implicit' conversions only widen (no length/precision enforcement); 'cast' is an explicit CAST. */
export type CastMode = 'implicit' | 'cast'

function sameKind(from: DataType, to: DataType): boolean {
  return from.kind === to.kind
}

/** Whether a value of `from` must be transformed to be a valid value of `to`. */
export function needsConversion(from: DataType, to: DataType, mode: CastMode = 'implicit'): boolean {
  if (from.kind === 'NULL') return false
  if (sameKind(from, to)) {
    switch (to.kind) {
      case 'DECIMAL':
        return from.kind === 'DECIMAL' && (from.scale !== to.scale || (mode === 'cast' && from.precision > to.precision))
      case 'CHAR':
        return mode === 'cast' && 'length' in from && from.length !== to.length
      case 'VARCHAR':
      case 'VARBINARY':
        return mode === 'cast' && 'length' in from && from.length > to.length
      case 'BINARY':
        return mode === 'cast' && 'length' in from && from.length !== to.length
      case 'TIME':
      case 'TIMESTAMP':
      case 'TIMESTAMP_LTZ':
        return mode === 'cast' && 'precision' in from && from.precision > to.precision
      case 'ARRAY':
      case 'MULTISET':
        return from.kind === to.kind && 'element' in from && needsConversion(from.element, to.element, mode)
      case 'MAP':
        return from.kind === 'MAP' && (needsConversion(from.key, to.key, mode) || needsConversion(from.value, to.value, mode))
      case 'ROW':
        return (
          from.kind === 'ROW' &&
          (from.fields.length !== to.fields.length ||
            from.fields.some((f, i) => {
              const t = to.fields[i]
              return t === undefined || needsConversion(f.type, t.type, mode)
            }))
        )
      default:
        return false
    }
  }
  if (isIntegral(from.kind) && isIntegral(to.kind)) return integralRank(from.kind) > integralRank(to.kind)
  if (isSmallIntegral(from.kind) && to.kind === 'DOUBLE') return false
  if ((from.kind === 'TINYINT' || from.kind === 'SMALLINT') && to.kind === 'FLOAT') return false
  if (from.kind === 'FLOAT' && to.kind === 'DOUBLE') return false
  if (isCharacter(from.kind) && isCharacter(to.kind)) {
    if (mode === 'implicit') return false
    return to.kind === 'CHAR' || ('length' in from && from.length > (to as { length: number }).length)
  }
  if (isBinaryKind(from.kind) && isBinaryKind(to.kind)) {
    if (mode === 'implicit') return false
    return to.kind === 'BINARY' || ('length' in from && from.length > (to as { length: number }).length)
  }
  return true
}

function integralRank(k: string): number {
  return k === 'TINYINT' ? 0 : k === 'SMALLINT' ? 1 : k === 'INT' ? 2 : 3
}

function unsupported(from: DataType, to: DataType): EngineError {
  return new EngineError('PLAN_UNSUPPORTED_CAST', `cannot cast ${formatType(from)} to ${formatType(to)}`)
}

/** Expression converting the non-null value `ref` of type `from` to `to`. */
export function emitCast(g: CodeGen, ref: string, from: DataType, to: DataType, mode: CastMode): string {
  if (!needsConversion(from, to, mode)) return ref
  const h = (fn: (...args: never[]) => unknown): string => g.helper(fn)
  const k = (v: unknown): string => g.constant(v)
  const f = from.kind
  switch (to.kind) {
    case 'BOOLEAN':
      if (isIntegral(f) || isApprox(f)) return `${ref} != 0`
      if (f === 'DECIMAL') return `${ref} !== 0n`
      if (isCharacter(f)) return `${h(stringToBoolean)}(${ref})`
      break
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT': {
      const target = to.kind
      const narrow = (intExpr: string): string =>
        target === 'TINYINT' ? `${h(toTinyint)}(${intExpr})` : target === 'SMALLINT' ? `${h(toSmallint)}(${intExpr})` : intExpr
      if (isIntegral(f)) {
        if (target === 'BIGINT') return ref
        return narrow(f === 'BIGINT' ? `${h(i64ToInt)}(${ref})` : ref)
      }
      if (isApprox(f)) return target === 'BIGINT' ? `${h(doubleToI64)}(${ref})` : narrow(`${h(doubleToInt)}(${ref})`)
      if (f === 'DECIMAL') {
        const scale = (from as { scale: number }).scale
        const toI64 = (u: bigint): I64 => wrapI64(u / pow10(scale))
        const asLong = `${g.constant(toI64, 'decimalToLong')}(${ref})`
        return target === 'BIGINT' ? asLong : narrow(`${h(i64ToInt)}(${asLong})`)
      }
      if (f === 'BOOLEAN') return `(${ref} ? 1 : 0)`
      if (isCharacter(f)) return `${h(stringToInteger)}(${ref}, ${k(target)})`
      if (f === 'TIMESTAMP_LTZ') {
        const secs = `Math.floor(${ref} / 1000)`
        return target === 'BIGINT' ? secs : narrow(`(${secs} | 0)`)
      }
      if (f === 'INTERVAL_DAY_TIME' || f === 'INTERVAL_YEAR_MONTH') return target === 'BIGINT' ? ref : narrow(`(${ref} | 0)`)
      break
    }
    case 'FLOAT':
    case 'DOUBLE': {
      const round = (e: string): string => (to.kind === 'FLOAT' ? `Math.fround(${e})` : e)
      if (isSmallIntegral(f) || isApprox(f)) return round(ref)
      if (f === 'BIGINT') return round(`${h(i64ToDouble)}(${ref})`)
      if (f === 'DECIMAL') return round(`${h(decimalToDouble)}(${ref}, ${(from as { scale: number }).scale})`)
      if (f === 'BOOLEAN') return `(${ref} ? 1 : 0)`
      if (isCharacter(f)) return to.kind === 'FLOAT' ? `${h(stringToFloat)}(${ref})` : `${h(stringToDouble)}(${ref})`
      if (f === 'TIMESTAMP_LTZ') return round(`(${ref} / 1000)`)
      break
    }
    case 'DECIMAL': {
      const { precision: p, scale: s } = to
      const check = h(checkPrecision)
      if (isIntegral(f)) return `${check}(${h(decimalFromInteger)}(${ref}, ${s}), ${p})`
      if (f === 'DECIMAL') return `${check}(${h(rescale)}(${ref}, ${(from as { scale: number }).scale}, ${s}), ${p})`
      if (isApprox(f)) {
        const fromDouble = (d: number): bigint | null => {
          const u = decimalFromDouble(d, s)
          return u === null ? null : checkPrecision(u, p)
        }
        return `${g.constant(fromDouble, 'doubleToDecimal')}(${ref})`
      }
      if (f === 'BOOLEAN') return `(${ref} ? ${k(pow10(s))} : 0n)`
      if (isCharacter(f)) {
        const target = formatType(to)
        const parse = (text: string): bigint | null => {
          const u = parseDecimalText(text, s)
          if (u === undefined) throw castFailed(text, target)
          return checkPrecision(u, p)
        }
        return `${g.constant(parse, 'stringToDecimal')}(${ref})`
      }
      break
    }
    case 'CHAR':
    case 'VARCHAR': {
      const str = toStringExpr(g, ref, from)
      if (to.length >= MAX_LENGTH && to.kind === 'VARCHAR') return str
      if (mode === 'implicit' && to.kind === 'VARCHAR') return str
      return `${h(fitString)}(${str}, ${to.length}, ${to.kind === 'CHAR'})`
    }
    case 'BINARY':
    case 'VARBINARY': {
      let bytes: string | undefined
      if (isBinaryKind(f)) bytes = ref
      else if (isCharacter(f)) bytes = `${h(stringToBytes)}(${ref})`
      if (bytes === undefined) break
      if (to.length >= MAX_LENGTH && to.kind === 'VARBINARY') return bytes
      return `${h(fitBytes)}(${bytes}, ${to.length}, ${to.kind === 'BINARY'})`
    }
    case 'DATE':
      if (isCharacter(f)) return `${h(stringToDate)}(${ref})`
      if (f === 'TIMESTAMP') return `Math.floor(${ref} / ${MS_PER_DAY})`
      if (f === 'TIMESTAMP_LTZ') return `Math.floor(${zoneRef(g)}.toLocal(${ref}) / ${MS_PER_DAY})`
      break
    case 'TIME': {
      const p = to.precision
      const trunc = (e: string): string => (p >= 3 ? e : `${h(truncateToPrecision)}(${e}, ${p})`)
      if (isCharacter(f)) return trunc(`${h(stringToTime)}(${ref})`)
      if (f === 'TIME') return `${h(truncateToPrecision)}(${ref}, ${p})`
      if (f === 'TIMESTAMP') return trunc(`${h(floorMod)}(Math.floor(${ref}), ${MS_PER_DAY})`)
      if (f === 'TIMESTAMP_LTZ') return trunc(`${h(floorMod)}(${zoneRef(g)}.toLocal(${ref}), ${MS_PER_DAY})`)
      break
    }
    case 'TIMESTAMP': {
      const p = to.precision
      const trunc = (e: string, fromP: number): string => (fromP <= p ? e : `${h(truncateToPrecision)}(${e}, ${p})`)
      if (isCharacter(f)) return trunc(`${h(stringToTimestamp)}(${ref})`, 9)
      if (f === 'DATE') return `(${ref} * ${MS_PER_DAY})`
      if (f === 'TIMESTAMP') return trunc(ref, (from as { precision: number }).precision)
      if (f === 'TIMESTAMP_LTZ') return trunc(`${zoneRef(g)}.toLocal(${ref})`, (from as { precision: number }).precision)
      break
    }
    case 'TIMESTAMP_LTZ': {
      const p = to.precision
      const trunc = (e: string, fromP: number): string => (fromP <= p ? e : `${h(truncateToPrecision)}(${e}, ${p})`)
      if (isCharacter(f)) return trunc(`${zoneRef(g)}.fromLocal(${h(stringToTimestamp)}(${ref}))`, 9)
      if (f === 'DATE') return `${zoneRef(g)}.fromLocal(${ref} * ${MS_PER_DAY})`
      if (f === 'TIMESTAMP') return trunc(`${zoneRef(g)}.fromLocal(${ref})`, (from as { precision: number }).precision)
      if (f === 'TIMESTAMP_LTZ') return trunc(ref, (from as { precision: number }).precision)
      // Numbers are epoch seconds (Flink 1.15+: CAST(numeric AS TIMESTAMP_LTZ)).
      if (isSmallIntegral(f) || isApprox(f)) return trunc(`(${ref} * 1000)`, 9)
      if (f === 'BIGINT') return `(${h(i64ToDouble)}(${ref}) * 1000)`
      if (f === 'DECIMAL') return trunc(`(${h(decimalToDouble)}(${ref}, ${(from as { scale: number }).scale}) * 1000)`, 9)
      break
    }
    case 'INTERVAL_DAY_TIME':
    case 'INTERVAL_YEAR_MONTH':
      if (isIntegral(f)) return f === 'BIGINT' ? `${h(i64ToDouble)}(${ref})` : ref
      break
    case 'ARRAY':
    case 'MULTISET':
      if (from.kind === to.kind && 'element' in from) {
        const elem = g.elementConverter(from.element, to.element, mode)
        if (to.kind === 'ARRAY') return `${ref}.map((x) => x == null ? null : ${elem}(x))`
        const conv = (m: Map<unknown, number>, fn: (x: unknown) => unknown): Map<unknown, number> => {
          const out = new Map<unknown, number>()
          for (const [key, n] of m) out.set(key == null ? null : fn(key), n)
          return out
        }
        return `${g.constant(conv, 'convertMultiset')}(${ref}, ${elem})`
      }
      break
    case 'MAP':
      if (from.kind === 'MAP') {
        const kc = g.elementConverter(from.key, to.key, mode)
        const vc = g.elementConverter(from.value, to.value, mode)
        const conv = (m: Map<unknown, unknown>, kf: (x: unknown) => unknown, vf: (x: unknown) => unknown): Map<unknown, unknown> => {
          const out = new Map<unknown, unknown>()
          for (const [key, v] of m) out.set(key == null ? null : kf(key), v == null ? null : vf(v))
          return out
        }
        return `${g.constant(conv, 'convertMap')}(${ref}, ${kc}, ${vc})`
      }
      break
    case 'ROW':
      if (from.kind === 'ROW' && from.fields.length === to.fields.length) {
        const parts = to.fields.map((tf, i) => {
          const ff = from.fields[i]
          if (ff === undefined || !needsConversion(ff.type, tf.type, mode)) return `${ref}[${i}]`
          const c = g.elementConverter(ff.type, tf.type, mode)
          return `(${ref}[${i}] == null ? null : ${c}(${ref}[${i}]))`
        })
        return `[${parts.join(', ')}]`
      }
      break
    case 'NULL':
      return 'null'
    default:
      break
  }
  throw unsupported(from, to)
}

function zoneRef(g: CodeGen): string {
  return g.constant(zoneOf(g.timeZone), 'zone')
}

/** CAST(x AS STRING) of a non-null value: specialised for the common types, formatValue otherwise. */
function toStringExpr(g: CodeGen, ref: string, from: DataType): string {
  switch (from.kind) {
    case 'CHAR':
    case 'VARCHAR':
      return ref
    case 'BINARY':
    case 'VARBINARY':
      return `${g.helper(bytesToString)}(${ref})`
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
      return `String(${ref})`
    case 'BOOLEAN':
      return `(${ref} ? 'TRUE' : 'FALSE')`
    case 'DOUBLE':
      return `${g.helper(formatDouble)}(${ref})`
    case 'FLOAT':
      return `${g.helper(formatFloat)}(${ref})`
    case 'DECIMAL':
      return `${g.helper(formatDecimal)}(${ref}, ${from.scale})`
    case 'DATE':
      return `${g.helper(formatDate)}(${ref})`
    case 'TIME':
      return `${g.helper(formatTime)}(${ref}, ${from.precision})`
    case 'TIMESTAMP':
      return `${g.helper(formatTimestamp)}(${ref}, ${from.precision})`
    case 'TIMESTAMP_LTZ':
      return `${g.helper(formatTimestamp)}(${zoneRef(g)}.toLocal(${ref}), ${from.precision})`
    default:
      return `${g.helper(formatValue)}(${ref}, ${g.constant(from, 'type')}, ${g.constant(g.timeZone)})`
  }
}
