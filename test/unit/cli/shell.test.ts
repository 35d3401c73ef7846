import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { runShell } from '../../../src/cli/shell.js'
import { fakeContext } from './fake-session.js'

function piped(text: string): PassThrough {
  const input = new PassThrough()
  input.end(text)
  return input
}

describe('shell without a terminal (piped stdin)', () => {
  it('reads multi-line statements and runs them in order, going on after errors', async () => {
    const { ctx, lines } = fakeContext()
    const code = await runShell(ctx, {
      input: piped("SET 'a' =\n  'b';\nINSERT INTO missing SELECT 1;\nSET 'x' = ';'; SELECT\n1;\n-- only a comment\n\nHELP;\n"),
      output: new PassThrough(),
      interactive: false,
    })
    expect(code).toBe(1)
    expect(ctx.session.config.get('a')).toBe('b')
    expect(ctx.session.config.get('x')).toBe(';')
    const text = lines.join('\n')
    expect(text).toContain("PLAN_TABLE_NOT_FOUND: table 'missing' not found")
    expect(text).toContain('Received a total of 1 row')
    expect(text).toContain('The following commands are available:')
  })

  it('keeps reading a statement set until its END', async () => {
    const { ctx, lines, jobs } = fakeContext()
    const code = await runShell(ctx, {
      input: piped('EXECUTE STATEMENT SET BEGIN\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 1;\nEND;\n'),
      output: new PassThrough(),
      interactive: false,
    })
    expect(code).toBe(0)
    expect(jobs).toHaveLength(1)
    expect(lines.join('\n')).toMatch(/Job ID: [0-9a-f]{32}/)
    expect(lines.at(-1)).toMatch(/\[INFO\] Job [0-9a-f]{32} finished\./)
  })

  it('stops at QUIT (also without a semicolon)', async () => {
    const { ctx } = fakeContext()
    const code = await runShell(ctx, { input: piped("SET 'a' = 'b';\nquit\nSET 'c' = 'd';\n"), output: new PassThrough(), interactive: false })
    expect(code).toBe(0)
    expect(ctx.session.config.get('a')).toBe('b')
    expect(ctx.session.config.get('c')).toBeUndefined()
  })

  it('an unterminated statement at the end of input is not run', async () => {
    const { ctx, lines } = fakeContext()
    await runShell(ctx, { input: piped("SET 'a' = 'b'"), output: new PassThrough(), interactive: false })
    expect(ctx.session.config.get('a')).toBeUndefined()
    expect(lines).toEqual([])
  })
})
