/**
 * UNNEST of an ARRAY, MAP or MULTISET expression (StreamCorrelate): each input row is joined with the elements of
 * its collection. ARRAY/MULTISET elements of ROW type spread into their fields; MAP gives key and value; a
 * MULTISET element repeats by its count. WITH ORDINALITY appends the 1-based position; LEFT keeps input rows with
 * no (matching) elements, padded with nulls. Row kinds of the input row carry over to every output row.
 */
import { EngineError } from '../errors.js'
import type { StreamCorrelate } from '../plan/physical/stream-nodes.js'
import { compileExpr, compilePredicate } from '../runtime/expr/compile.js'
import type { OperatorContext } from '../runtime/operator.js'
import { kindAt, type Row, type RowBatch } from '../runtime/row-batch.js'
import { compileOptionsOf } from '../runtime/runtime-config.js'
import { OperatorBase } from './operator-base.js'

type Elements = (value: unknown, emit: (element: unknown[]) => void) => void

export class CorrelateOperator extends OperatorBase {
  readonly uid: string
  readonly stateVersion = 1
  private collection: (row: Row) => unknown = () => null
  private condition: ((row: Row) => boolean) | null = null
  private readonly elements: Elements
  private readonly elementArity: number
  private readonly withOrdinality: boolean
  private readonly left: boolean

  constructor(private readonly node: StreamCorrelate) {
    super()
    this.uid = node.uid
    this.withOrdinality = node.withOrdinality
    this.left = node.joinType === 'LEFT'
    const inputArity = node.inputs[0]?.node.fields.length ?? 0
    this.elementArity = node.fields.length - inputArity - (node.withOrdinality ? 1 : 0)
    const t = node.expr.type
    const arity = this.elementArity
    switch (t.kind) {
      case 'ARRAY':
      case 'MULTISET': {
        const spread = t.element.kind === 'ROW'
        const toElement = spread
          ? (v: unknown): unknown[] => (v === null || v === undefined ? new Array<unknown>(arity).fill(null) : (v as unknown[]).slice(0, arity))
          : (v: unknown): unknown[] => [v]
        this.elements =
          t.kind === 'ARRAY'
            ? (value, emit) => {
                for (const v of value as unknown[]) emit(toElement(v))
              }
            : (value, emit) => {
                for (const [v, count] of value as Map<unknown, number>) for (let c = 0; c < count; c++) emit(toElement(v))
              }
        break
      }
      case 'MAP':
        this.elements = (value, emit) => {
          for (const [k, v] of value as Map<unknown, unknown>) emit([k, v])
        }
        break
      default:
        throw new EngineError('RUNTIME_UNSUPPORTED_OPERATOR', `UNNEST of a ${t.kind} value is not supported`, { domain: 'internal' })
    }
  }

  override async open(ctx: OperatorContext): Promise<void> {
    await super.open(ctx)
    const options = compileOptionsOf(ctx.config)
    this.collection = compileExpr(this.node.expr, options)
    this.condition = this.node.condition === null ? null : compilePredicate(this.node.condition, options)
  }

  processBatch(_input: number, batch: RowBatch): void {
    const b = this.out
    const rows = batch.rows
    const condition = this.condition
    const ord = this.withOrdinality
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!
      const kind = kindAt(batch, i)
      const value = this.collection(row)
      let matched = false
      if (value !== null && value !== undefined) {
        let position = 0
        this.elements(value, (element) => {
          position++
          const outRow = row.concat(element)
          if (ord) outRow.push(position)
          if (condition !== null && !condition(outRow)) return
          matched = true
          b.push(outRow, kind)
        })
      }
      if (!matched && this.left) {
        const outRow = row.concat(new Array<unknown>(this.elementArity + (ord ? 1 : 0)).fill(null))
        b.push(outRow, kind)
      }
    }
    this.flush()
  }
}
