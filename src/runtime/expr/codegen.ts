/**
 * Code generation core: turns a RexNode tree into the body of one JavaScript function. Every node's value lands
 * in a local variable (or is a cheap, side-effect-free reference such as `row[3]` or a bound constant), so a
 * whole projection becomes one straight-line function. Literals, helper functions and compiled patterns are
 * bound as constants (closure variables), never spliced into the source text.
 */
import type { RexCall, RexNode } from '../../plan/rex.js'
import type { DataType } from '../../sql/data-type.js'
import { EngineError, assertNever } from '../../errors.js'
import { emitCast, needsConversion, type CastMode } from './cast-gen.js'
import { lookupFunction } from './registry.js'

export interface CompileOptions {
  /** table.local-time-zone: an IANA zone id ('Europe/Berlin'), 'UTC', or an offset ('GMT+08:00', '+08:00'). */
  readonly timeZone?: string
  /** Wall clock (epoch ms) for CURRENT_TIMESTAMP, NOW(), PROCTIME(), ...; tests pin it. */
  readonly clock?: () => number
}

/** Emits code for a call whose operands are all non-null: `args` are references to their values. */
export type StrictEmitter = (g: CodeGen, call: RexCall, args: readonly string[]) => string
/** Emits code for a call that handles NULL operands itself (AND, CASE, COALESCE, ...); returns a reference. */
export type SpecialEmitter = (g: CodeGen, call: RexCall) => string

export interface FunctionDef {
  /** NULL if any operand is NULL; otherwise the emitter's expression (which may itself be NULL if mayReturnNull). */
  readonly strict?: StrictEmitter
  readonly special?: SpecialEmitter
  /** The function can return NULL for non-NULL operands (SPLIT_INDEX out of range, decimal overflow, ...). */
  readonly mayReturnNull?: boolean | ((call: RexCall) => boolean)
}

const IDENT_SAFE = /[^A-Za-z0-9_]/g

export class CodeGen {
  readonly timeZone: string
  readonly clock: () => number
  private readonly consts: unknown[] = []
  private readonly constNameList: string[] = []
  private readonly constNames = new Map<unknown, string>()
  private readonly lines: string[] = []
  private readonly nullableMemo = new WeakMap<RexNode, boolean>()
  private depth = 1
  private counter = 0

  constructor(
    private readonly options: CompileOptions,
    /** JavaScript reference for field `index` of the input (`row[3]`, or `l[3]`/`r[0]` for joins). */
    private readonly inputRef: (index: number) => string,
  ) {
    this.timeZone = options.timeZone ?? 'UTC'
    this.clock = options.clock ?? Date.now
  }

  /** Binds a value as a closure constant and returns its name. */
  constant(value: unknown, hint = 'k'): string {
    if (value === null || value === undefined) return 'null'
    const dedupe = !(typeof value === 'number' && Object.is(value, -0))
    if (dedupe) {
      const existing = this.constNames.get(value)
      if (existing !== undefined) return existing
    }
    const name = `${hint.replace(IDENT_SAFE, '_')}$${this.consts.length}`
    this.consts.push(value)
    this.constNameList.push(name)
    if (dedupe) this.constNames.set(value, name)
    return name
  }

  /** Binds a runtime helper function; its name shows in the generated source for readability. */
  helper(fn: (...args: never[]) => unknown): string {
    return this.constant(fn, fn.name === '' ? 'h' : fn.name)
  }

  fresh(prefix = 'v'): string {
    return `${prefix}${this.counter++}`
  }

  emit(line: string): void {
    this.lines.push('  '.repeat(this.depth) + line)
  }

  /** `header {` ... `}` around what `body` emits. */
  block(header: string, body: () => void): void {
    this.emit(`${header} {`)
    this.depth++
    body()
    this.depth--
    this.emit('}')
  }

  /** if (cond) { then } else { otherwise } */
  ifElse(cond: string, then: () => void, otherwise: () => void): void {
    this.emit(`if (${cond}) {`)
    this.depth++
    then()
    this.depth--
    this.emit('} else {')
    this.depth++
    otherwise()
    this.depth--
    this.emit('}')
  }

  /** Stores an expression in a fresh local and returns its name. */
  local(expr: string, mutable = false): string {
    const v = this.fresh()
    this.emit(`${mutable ? 'let' : 'const'} ${v} = ${expr};`)
    return v
  }

  /** Whether the node's value may be NULL at run time (decides where null checks are generated). */
  nullable(e: RexNode): boolean {
    const memo = this.nullableMemo.get(e)
    if (memo !== undefined) return memo
    let r: boolean
    switch (e.kind) {
      case 'InputRef':
        r = e.type.nullable
        break
      case 'Literal':
        r = e.value === null || e.value === undefined
        break
      case 'FieldAccess':
        r = e.type.nullable || this.nullable(e.operand)
        break
      case 'Call': {
        const def = lookupFunction(e.op)
        const mayReturnNull = typeof def?.mayReturnNull === 'function' ? def.mayReturnNull(e) : def?.mayReturnNull === true
        r = e.type.nullable || mayReturnNull || (def?.strict !== undefined && e.operands.some((o) => this.nullable(o)))
        break
      }
      default:
        return assertNever(e, 'expression')
    }
    this.nullableMemo.set(e, r)
    return r
  }

  /** Emits the code computing `e` and returns a reference to its value. */
  compile(e: RexNode): string {
    switch (e.kind) {
      case 'InputRef':
        return this.inputRef(e.index)
      case 'Literal':
        return e.value === null || e.value === undefined ? 'null' : this.constant(e.value)
      case 'FieldAccess': {
        const op = this.compile(e.operand)
        const idx = integerIndex(e.index)
        if (this.nullable(e.operand)) return this.local(`${op} == null ? null : ${op}[${idx}]`)
        return this.local(`${op}[${idx}]`)
      }
      case 'Call':
        return this.compileCall(e)
      default:
        return assertNever(e, 'expression')
    }
  }

  /** Compiles `e` and converts it to `to` (an implicit, widening conversion unless mode says otherwise). */
  compileAs(e: RexNode, to: DataType, mode: CastMode = 'implicit'): string {
    const ref = this.compile(e)
    return this.convert(ref, e.type, to, this.nullable(e), mode)
  }

  /** Converts a value reference between types; NULL stays NULL. */
  convert(ref: string, from: DataType, to: DataType, nullable: boolean, mode: CastMode = 'implicit'): string {
    if (ref === 'null' || !needsConversion(from, to)) return ref
    if (!nullable) return this.local(emitCast(this, ref, from, to, mode))
    const out = this.fresh()
    this.emit(`let ${out} = null;`)
    this.block(`if (${ref} != null)`, () => this.emit(`${out} = ${emitCast(this, ref, from, to, mode)};`))
    return out
  }

  /**
   * A compiled one-argument function converting a non-null `from` value to `to` (for elements of collections);
   * returns the name of the bound constant.
   */
  elementConverter(from: DataType, to: DataType, mode: CastMode): string {
    const sub = new CodeGen(this.options, () => 'x')
    const result = sub.local(emitCast(sub, 'x', from, to, mode))
    return this.constant(sub.build<(x: unknown) => unknown>(['x'], result), 'convert')
  }

  /** Compiles a sub-expression into its own function over one parameter row (for lambdas such as IN-lists). */
  subFunction(e: RexNode, param: string): string {
    const sub = new CodeGen(this.options, (i) => `${param}[${i}]`)
    const r = sub.compile(e)
    return this.constant(sub.build<(row: unknown[]) => unknown>([param], r), 'sub')
  }

  private compileCall(e: RexCall): string {
    const def = lookupFunction(e.op)
    if (def === undefined) {
      throw new EngineError('PLAN_UNSUPPORTED_FUNCTION', `function ${e.op} is not supported at run time`, {
        hint: 'the expression compiler has no implementation for it',
      })
    }
    if (def.special !== undefined) return def.special(this, e)
    const strict = def.strict
    if (strict === undefined) throw new EngineError('INTERNAL', `function ${e.op} has no emitter`, { domain: 'internal' })
    const args = e.operands.map((o) => this.compile(o))
    const checks: string[] = []
    e.operands.forEach((o, i) => {
      if (this.nullable(o)) checks.push(`${args[i]} != null`)
    })
    if (args.includes('null')) return 'null'
    if (checks.length === 0) return this.local(strict(this, e, args))
    const out = this.fresh()
    this.emit(`let ${out} = null;`)
    this.block(`if (${checks.join(' && ')})`, () => this.emit(`${out} = ${strict(this, e, args)};`))
    return out
  }

  /** Builds the function: `params` name its arguments, `result` is the expression it returns. */
  build<F>(params: readonly string[], result: string): F {
    const names = this.constNameList
    const prelude = names.length === 0 ? '' : `const ${names.map((n, i) => `${n} = C[${i}]`).join(', ')};\n`
    const source = `${prelude}return function compiled(${params.join(', ')}) {\n${this.lines.join('\n')}\n  return ${result};\n};`
    const factory = new Function('C', source) as (c: unknown[]) => F
    return factory(this.consts)
  }

  /** The generated source (for debugging and tests). */
  source(): string {
    return this.lines.join('\n')
  }
}

function integerIndex(i: number): number {
  if (!Number.isInteger(i) || i < 0) throw new EngineError('INTERNAL', `bad field index ${i}`, { domain: 'internal' })
  return i
}
