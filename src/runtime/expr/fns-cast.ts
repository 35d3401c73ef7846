/** CAST and TRY_CAST. */
import type { RexNode } from '../../plan/rex.js'
import type { FunctionDef } from './codegen.js'
import { emitCast } from './cast-gen.js'

export const CAST_FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  CAST: {
    strict: (g, c, [a]) => emitCast(g, a as string, (c.operands[0] as RexNode).type, c.type, 'cast'),
    // DECIMAL targets give NULL on overflow.
    mayReturnNull: (c) => c.type.kind === 'DECIMAL',
  },
  TRY_CAST: {
    special: (g, c) => {
      const e = c.operands[0] as RexNode
      const a = g.compile(e)
      const out = g.fresh()
      g.emit(`let ${out} = null;`)
      g.block(`if (${a} != null)`, () => {
        g.emit('try {')
        g.emit(`  ${out} = ${emitCast(g, a, e.type, c.type, 'cast')};`)
        g.emit('} catch {')
        g.emit(`  ${out} = null;`)
        g.emit('}')
      })
      return out
    },
    mayReturnNull: true,
  },
}
