/**
 * Projection and filter, fused (StreamCalc). Expressions are compiled once per operator instance (in open, where
 * the session time zone is known) into one function per row; a projection that only repeats the input fields in
 * order is skipped. Row kinds pass through.
 */
import type { StreamCalc } from '../plan/physical/stream-nodes.js'
import { compileCalc, compilePredicate, compileProjection } from '../runtime/expr/compile.js'
import type { OperatorContext } from '../runtime/operator.js'
import type { Row, RowBatch } from '../runtime/row-batch.js'
import { compileOptionsOf } from '../runtime/runtime-config.js'
import { OperatorBase } from './operator-base.js'

export class CalcOperator extends OperatorBase {
  readonly uid: string
  readonly stateVersion = 1
  private readonly identity: boolean
  private project: ((row: Row) => Row) | null = null
  private filter: ((row: Row) => boolean) | null = null
  private calc: ((row: Row) => Row | undefined) | null = null

  constructor(private readonly node: StreamCalc) {
    super()
    this.uid = node.uid
    const inputArity = node.inputs[0]?.node.fields.length ?? -1
    this.identity = node.projection.length === inputArity && node.projection.every((e, i) => e.kind === 'InputRef' && e.index === i)
  }

  override async open(ctx: OperatorContext): Promise<void> {
    await super.open(ctx)
    const options = compileOptionsOf(ctx.config)
    const { projection, condition } = this.node
    if (condition === null) {
      if (!this.identity) this.project = compileProjection(projection, options)
    } else if (this.identity) this.filter = compilePredicate(condition, options)
    else this.calc = compileCalc(projection, condition, options)
  }

  processBatch(_input: number, batch: RowBatch): void {
    const out = this.ctx.output
    const src = batch.rows
    const n = src.length
    const kinds = batch.kinds
    const project = this.project
    if (project !== null) {
      const rows = new Array<Row>(n)
      for (let i = 0; i < n; i++) rows[i] = project(src[i]!)
      return out.emit({ rows, kinds })
    }
    const filter = this.filter
    const calc = this.calc
    if (filter === null && calc === null) return out.emit(batch)
    const rows: Row[] = []
    let outKinds: Uint8Array | null = null
    if (kinds !== null) outKinds = new Uint8Array(n)
    for (let i = 0; i < n; i++) {
      const row = src[i]!
      let r: Row | undefined
      if (calc !== null) r = calc(row)
      else r = filter!(row) ? row : undefined
      if (r === undefined) continue
      if (outKinds !== null) outKinds[rows.length] = kinds![i]!
      rows.push(r)
    }
    if (rows.length > 0) out.emit({ rows, kinds: outKinds === null ? null : outKinds.slice(0, rows.length) })
  }
}
