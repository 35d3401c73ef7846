/**
 * Directives of a golden SQL script, written as comments anywhere in it:
 *   -- @sort                  compare sorted lines (output whose order depends on timing)
 *   -- @fail: <substring>     the script must fail (non-zero exit) and print this text
 *   -- @parallelism: <n>      run with -D parallelism.default=<n>
 *   -- @timeout: <seconds>    allow longer than the default 60 s
 *   -- @skip: <reason>        not run (say why)
 *   -- @failpoint: <name>=<spec>  the failure the failure/restore modes inject (default sink=after-records:2); a
 *                             script with it must have completed a checkpoint before that failure
 */
export interface Directives {
  readonly sort: boolean
  readonly fail: string | undefined
  readonly parallelism: number | undefined
  readonly timeoutSeconds: number | undefined
  readonly skip: string | undefined
  readonly failpoint: { readonly name: string; readonly spec: string } | undefined
}

const DIRECTIVE = /^\s*--\s*@([a-z-]+)\s*(?::\s*(.*?))?\s*$/

export function parseDirectives(sql: string): Directives {
  let sort = false
  let fail: string | undefined
  let parallelism: number | undefined
  let timeoutSeconds: number | undefined
  let skip: string | undefined
  let failpoint: Directives['failpoint']
  for (const line of sql.split(/\r?\n/)) {
    const m = DIRECTIVE.exec(line)
    if (m === null) continue
    const [, name, value] = m
    switch (name) {
      case 'sort':
        sort = true
        break
      case 'fail':
        if (value === undefined || value === '') throw new Error('@fail needs the text the failure must show')
        fail = value
        break
      case 'parallelism':
        parallelism = Number(value)
        if (!Number.isInteger(parallelism) || parallelism < 1) throw new Error(`bad @parallelism: ${value}`)
        break
      case 'timeout':
        timeoutSeconds = Number(value)
        break
      case 'skip':
        skip = value ?? 'no reason given'
        break
      case 'failpoint': {
        const fp = /^([a-z0-9]+)=(\S+)$/.exec(value ?? '')
        if (fp === null) throw new Error(`bad @failpoint: ${value ?? ''} (expected <name>=<spec>, e.g. sink=after-records:200)`)
        failpoint = { name: fp[1] as string, spec: fp[2] as string }
        break
      }
      default:
        throw new Error(`unknown directive @${name}`)
    }
  }
  return { sort, fail, parallelism, timeoutSeconds, skip, failpoint }
}
