/**
 * What the three levels of a guardrail expression share (src/analysis/Guardrails.ts): the function
 * names of each level, the compile error, the typed evaluator, and `compileShared` for numbers,
 * parentheses, operators and math functions.
 */
import type { MathNode } from "mathjs"
import { isMath, MATH } from "./SafeExpression.ts"

/** Functions over a run's epochs. */
export const PER_RUN_FUNCTIONS = ["max", "min", "sum", "mean", "final", "drawdown", "firstEpoch"] as const
/** Functions over runs. */
export const ACROSS_RUN_FUNCTIONS = ["p5", "p50", "p95", "mean", "share"] as const

export const PER_RUN = new Set<string>(PER_RUN_FUNCTIONS)
export const ACROSS = new Set<string>(ACROSS_RUN_FUNCTIONS)

export class CompileError extends Error {}

export type Kind = "number" | "condition"
export interface Typed<F> {
  readonly kind: Kind
  readonly ev: F
}

export const node = <T>(n: MathNode) => n as unknown as T
export const fnName = (n: MathNode): string | undefined => {
  const f = node<{ fn: MathNode }>(n).fn
  return f.type === "SymbolNode" ? node<{ name: string }>(f).name : undefined
}
export const argsOf = (n: MathNode): ReadonlyArray<MathNode> => node<{ args: Array<MathNode> }>(n).args

const ARITHMETIC: Readonly<Record<string, (x: number, y: number) => number>> = {
  add: (x, y) => x + y,
  subtract: (x, y) => x - y,
  multiply: (x, y) => x * y,
  divide: (x, y) => x / y,
  pow: (x, y) => Math.pow(x, y)
}
// Comparisons give 1, 0, or NaN when either side is unknown (a missing value decides nothing).
const unknown = (x: number, y: number) => Number.isNaN(x) || Number.isNaN(y)
const COMPARE: Readonly<Record<string, (x: number, y: number) => number>> = {
  smaller: (x, y) => (unknown(x, y) ? Number.NaN : x < y ? 1 : 0),
  larger: (x, y) => (unknown(x, y) ? Number.NaN : x > y ? 1 : 0),
  smallerEq: (x, y) => (unknown(x, y) ? Number.NaN : x <= y ? 1 : 0),
  largerEq: (x, y) => (unknown(x, y) ? Number.NaN : x >= y ? 1 : 0),
  equal: (x, y) => (unknown(x, y) ? Number.NaN : x === y ? 1 : 0),
  unequal: (x, y) => (unknown(x, y) ? Number.NaN : x !== y ? 1 : 0)
}
/** Kleene three-valued logic: false and unknown is false; true or unknown is true. */
const LOGIC: Readonly<Record<string, (x: number, y: number) => number>> = {
  and: (x, y) => (x === 0 || y === 0 ? 0 : unknown(x, y) ? Number.NaN : 1),
  or: (x, y) => (x === 1 || y === 1 ? 1 : unknown(x, y) ? Number.NaN : 0)
}

type Level = "across" | "run" | "epoch"

export const acrossHint = `functions over runs: ${ACROSS_RUN_FUNCTIONS.join(", ")}`
export const perRunHint = `functions over a run's epochs: ${PER_RUN_FUNCTIONS.join(", ")}`

/**
 * Compile the parts every level shares (numbers, parentheses, operators, math functions),
 * delegating leaves and level-specific functions to `leaf`. Generic over the evaluator's
 * argument list so one compiler serves the three levels.
 */
export const compileShared = <A extends Array<unknown>>(
  n: MathNode,
  leaf: (n: MathNode) => Typed<(...a: A) => number> | undefined,
  self: (n: MathNode) => Typed<(...a: A) => number>
): Typed<(...a: A) => number> => {
  const own = leaf(n)
  if (own) return own
  switch (n.type) {
    case "ConstantNode": {
      const value = node<{ value: unknown }>(n).value
      if (typeof value !== "number") throw new CompileError("only numbers are allowed as constants")
      return { kind: "number", ev: () => value }
    }
    case "ParenthesisNode":
      return self(node<{ content: MathNode }>(n).content)
    case "OperatorNode": {
      const { fn, op } = node<{ fn: string; op: string }>(n)
      const parts = argsOf(n).map(self)
      const need = (k: Kind) =>
        parts.forEach((p, i) => {
          if (p.kind !== k) throw new CompileError(`"${op}" needs ${k === "number" ? "a number" : "a condition"}, but "${argsOf(n)[i]!.toString()}" is ${p.kind === "number" ? "a number" : "a condition"}`)
        })
      const [a, b] = parts.map((p) => p.ev)
      if (fn === "unaryMinus") return { kind: "number", ev: (...x) => -a!(...x) }
      if (fn === "unaryPlus") return { kind: "number", ev: (...x) => a!(...x) }
      if (fn === "not") {
        need("condition")
        return { kind: "condition", ev: (...x) => 1 - a!(...x) }
      }
      if (Object.hasOwn(LOGIC, fn)) {
        need("condition")
        const f = LOGIC[fn]!
        return { kind: "condition", ev: (...x) => f(a!(...x), b!(...x)) }
      }
      // A condition counts 1 when true and 0 when false in arithmetic, as in mathjs.
      if (Object.hasOwn(COMPARE, fn)) {
        const f = COMPARE[fn]!
        return { kind: "condition", ev: (...x) => f(a!(...x), b!(...x)) }
      }
      if (Object.hasOwn(ARITHMETIC, fn)) {
        const f = ARITHMETIC[fn]!
        return { kind: "number", ev: (...x) => f(a!(...x), b!(...x)) }
      }
      throw new CompileError(`operator ${fn} is not allowed`)
    }
    case "FunctionNode": {
      const name = fnName(n)
      if (!isMath(name)) {
        throw new CompileError(`function ${name ?? "(expression)"} is not allowed; ${acrossHint}; ${perRunHint}; math: ${Object.keys(MATH).join(", ")}`)
      }
      const f = MATH[name]!
      const parts = argsOf(n).map((a) => self(a).ev)
      return { kind: "number", ev: (...x) => f(...parts.map((p) => p(...x))) }
    }
    default:
      throw new CompileError(`${n.type.replace(/Node$/, "").toLowerCase()} expressions are not allowed`)
  }
}
