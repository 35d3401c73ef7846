/** Command-line options of `weir` (Flink's sql-client.sh spelling where one exists). */
import { EngineError } from '../errors.js'

export interface CliArgs {
  readonly file?: string
  readonly init?: string
  readonly config: Readonly<Record<string, string>>
  readonly help: boolean
  readonly version: boolean
}

function usageError(message: string): EngineError {
  return new EngineError('CLI_USAGE', message, { hint: 'weir --help lists the options' })
}

function parseDefine(text: string): [string, string] {
  const eq = text.indexOf('=')
  if (eq <= 0) throw usageError(`-D expects key=value, got '${text}'`)
  return [text.slice(0, eq).trim(), text.slice(eq + 1).trim()]
}

export function parseArgs(argv: readonly string[]): CliArgs {
  let file: string | undefined
  let init: string | undefined
  const config: Record<string, string> = {}
  let help = false
  let version = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string
    const value = (): string => {
      const v = argv[++i]
      if (v === undefined) throw usageError(`option ${a} needs a value`)
      return v
    }
    switch (a) {
      case '-f':
      case '--file':
        file = value()
        break
      case '-i':
      case '--init':
        init = value()
        break
      case '-D': {
        const [k, v] = parseDefine(value())
        config[k] = v
        break
      }
      case '-h':
      case '--help':
        help = true
        break
      case '-v':
      case '--version':
        version = true
        break
      default:
        if (a.startsWith('-D') && a.length > 2) {
          const [k, v] = parseDefine(a.slice(2))
          config[k] = v
        } else if (a.startsWith('--file=')) file = a.slice('--file='.length)
        else if (a.startsWith('--init=')) init = a.slice('--init='.length)
        else throw usageError(`unknown option '${a}'`)
    }
  }
  return { ...(file === undefined ? {} : { file }), ...(init === undefined ? {} : { init }), config, help, version }
}
