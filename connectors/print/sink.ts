/**
 * The print sink: one line per row, `<prefix>+I[a, 1]`, written to stdout or stderr with one write per batch.
 * Prefix (Flink's PrintSinkOutputWriter): `id> ` with an identifier, `id:2> ` / `2> ` (subtask + 1) when the sink
 * runs with parallelism > 1, nothing otherwise.
 */
import type { DynamicSink, SinkContext, SinkWriter, WriterContext } from '../../src/catalog/connector.js'
import type { RowBatch } from '../../src/runtime/row-batch.js'
import { OptionReader } from '../shared/options.js'
import { PRINT_OPTIONS } from './options.js'
import { rowToStringFn } from './row-to-string.js'

/** Where lines go; process.stdout and process.stderr satisfy it. */
export interface PrintTarget {
  write(chunk: string): boolean | unknown
  once?(event: 'drain', listener: () => void): unknown
}

let outputOverride: PrintTarget | null = null

/** Redirects every print sink of this process (tests); null restores stdout / stderr. */
export function setPrintOutput(target: PrintTarget | null): void {
  outputOverride = target
}

export function printPrefix(identifier: string | undefined, subtaskIndex: number, parallelism: number): string {
  let p = identifier ?? ''
  if (parallelism > 1) {
    if (p !== '') p += ':'
    p += String(subtaskIndex + 1)
  }
  return p === '' ? '' : p + '> '
}

export class PrintSink implements DynamicSink {
  private readonly identifier: string | undefined
  private readonly stdErr: boolean

  constructor(private readonly ctx: SinkContext) {
    const r = new OptionReader(ctx.table.options, PRINT_OPTIONS)
    this.identifier = r.string('print-identifier')
    this.stdErr = r.boolean('standard-error') ?? false
  }

  createWriter(w: WriterContext): SinkWriter {
    return new PrintWriter(
      rowToStringFn(this.ctx.table.physicalFields),
      printPrefix(this.identifier, w.subtaskIndex, w.parallelism),
      this.stdErr,
    )
  }
}

class PrintWriter implements SinkWriter {
  constructor(
    private readonly render: (row: readonly unknown[], kind: number) => string,
    private readonly prefix: string,
    private readonly stdErr: boolean,
  ) {}

  async open(): Promise<void> {}

  write(batch: RowBatch): void | Promise<void> {
    const { rows, kinds } = batch
    if (rows.length === 0) return
    let text = ''
    for (let i = 0; i < rows.length; i++) {
      text += this.prefix + this.render(rows[i] as unknown[], kinds === null ? 0 : (kinds[i] as number)) + '\n'
    }
    const target: PrintTarget = outputOverride ?? (this.stdErr ? process.stderr : process.stdout)
    const ok = target.write(text)
    // Backpressure: wait for the stream to drain, once per batch.
    if (ok === false && target.once !== undefined) {
      const once = target.once.bind(target)
      return new Promise<void>((resolve) => {
        once('drain', resolve)
      })
    }
  }

  async prepareCommit(): Promise<unknown> {
    return null
  }

  async commit(): Promise<void> {}

  async finish(): Promise<void> {}

  async close(): Promise<void> {}
}
