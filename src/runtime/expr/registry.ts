/** Name -> code generator for every built-in the runtime implements. */
import type { FunctionDef } from './codegen.js'
import { ARITHMETIC_FUNCTIONS } from './fns-arithmetic.js'
import { CAST_FUNCTIONS } from './fns-cast.js'
import { COMPARISON_FUNCTIONS } from './fns-compare.js'
import { LOGIC_FUNCTIONS } from './fns-logic.js'
import { COLLECTION_FUNCTIONS } from './fns-collection.js'
import { JSON_FUNCTIONS } from './fns-json.js'
import { MATH_FUNCTIONS } from './fns-math.js'
import { STRING_ALIASES, STRING_FUNCTIONS } from './fns-string.js'
import { TEMPORAL_FUNCTIONS } from './fns-temporal.js'

const FAMILIES: readonly Readonly<Record<string, FunctionDef>>[] = [
  ARITHMETIC_FUNCTIONS,
  CAST_FUNCTIONS,
  COMPARISON_FUNCTIONS,
  LOGIC_FUNCTIONS,
  STRING_FUNCTIONS,
  STRING_ALIASES,
  MATH_FUNCTIONS,
  TEMPORAL_FUNCTIONS,
  JSON_FUNCTIONS,
  COLLECTION_FUNCTIONS,
]

const REGISTRY = new Map<string, FunctionDef>()
for (const family of FAMILIES) for (const [name, def] of Object.entries(family)) REGISTRY.set(name, def)

export function lookupFunction(name: string): FunctionDef | undefined {
  return REGISTRY.get(name) ?? REGISTRY.get(name.toUpperCase())
}

/** Every operator and function name the expression compiler implements. */
export const IMPLEMENTED_FUNCTIONS: ReadonlySet<string> = new Set(REGISTRY.keys())
