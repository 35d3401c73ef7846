import { test, expect } from 'vitest'
import { compileExpr, compileProjection, compilePredicate } from '../../../src/runtime/expr/compile.js'
import { inputRef, literal, call } from '../../../src/plan/rex.js'
const INT = { kind: 'INT', nullable: true } as const
const INTNN = { kind: 'INT', nullable: false } as const
const STR = { kind: 'VARCHAR', length: 2147483647, nullable: true } as const
const BOOL = { kind: 'BOOLEAN', nullable: true } as const
test('smoke', () => {
  const e = call('+', [inputRef(0, INT), literal(2147483647, INTNN)], INT)
  expect(compileExpr(e)([1])).toBe(-2147483648)
  expect(compileExpr(e)([null])).toBe(null)
  const p = compileProjection([e, call('CAST', [inputRef(1, STR)], INT), call('CASE', [call('>', [inputRef(0, INT), literal(3, INTNN)], BOOL), literal('big', STR), literal('small', STR)], STR)])
  expect(p([5, ' 42 '])).toEqual([-2147483644, 42, 'big'])
  expect(compilePredicate(call('AND', [call('IS NULL', [inputRef(0, INT)], BOOL), literal(true, BOOL)], BOOL))([null])).toBe(true)
})
