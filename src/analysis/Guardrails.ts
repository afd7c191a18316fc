/**
 * Guardrails: conditions a scenario's summary must meet, e.g. `p95(operatorChurnRate) < 0.05`
 * or `mean(validatorNakamoto) >= 7 and p5(price) > 0.2`.
 *
 * Expressions are parsed by mathjs and then evaluated by the small interpreter below, not by
 * mathjs: only numbers, metric names as arguments of the summary functions (mean, p5, p50, p95),
 * arithmetic, comparisons, and/or/not and abs/min/max/sqrt/log/exp exist. Nothing in a shared
 * experiment file can reach anything else, whatever it says.
 */
import { createRequire } from "node:module"
import type { MathNode } from "mathjs"

/** mathjs, loaded on first use (importing it costs over a second; most runs have no guardrails). */
const mathjs = (): typeof import("mathjs") => createRequire(import.meta.url)("mathjs") as typeof import("mathjs")
import type { MetricSummary } from "./Summary.ts"

const STATS = ["mean", "p5", "p50", "p95"] as const
type Stat = (typeof STATS)[number]
const MATH: Readonly<Record<string, (...xs: Array<number>) => number>> = { abs: Math.abs, min: Math.min, max: Math.max, sqrt: Math.sqrt, log: Math.log, exp: Math.exp }

/** A guardrail checked against the metric names a model reports. */
export interface Guardrail {
  readonly source: string
  readonly node: MathNode
}

/** Outcome of one guardrail for one scenario. */
export interface GuardrailResult {
  readonly expression: string
  readonly pass: boolean
  /** The summary values the expression used, e.g. `p95(operatorChurnRate) = 0.013`. */
  readonly values: Readonly<Record<string, number>>
}

const describeNode = (n: MathNode): string => n.type.replace(/Node$/, "").toLowerCase()

/** Check the expression's shape; returns an error message or undefined. */
const validate = (node: MathNode, metrics: ReadonlySet<string>): string | undefined => {
  switch (node.type) {
    case "ConstantNode":
      return typeof (node as unknown as { value: unknown }).value === "number" ? undefined : "only numbers are allowed as constants"
    case "ParenthesisNode":
      return validate((node as unknown as { content: MathNode }).content, metrics)
    case "OperatorNode": {
      const op = (node as unknown as { fn: string; args: Array<MathNode> })
      const allowed = ["add", "subtract", "multiply", "divide", "pow", "unaryMinus", "unaryPlus", "smaller", "larger", "smallerEq", "largerEq", "equal", "unequal", "and", "or", "not"]
      if (!allowed.includes(op.fn)) return `operator ${op.fn} is not allowed`
      for (const a of op.args) {
        const e = validate(a, metrics)
        if (e) return e
      }
      return undefined
    }
    case "FunctionNode": {
      const f = node as unknown as { fn: MathNode; args: Array<MathNode> }
      const name = f.fn.type === "SymbolNode" ? (f.fn as unknown as { name: string }).name : undefined
      if (name && (STATS as ReadonlyArray<string>).includes(name)) {
        const arg = f.args[0]
        if (f.args.length !== 1 || arg?.type !== "SymbolNode") return `${name}() takes one metric name, e.g. ${name}(${[...metrics][0] ?? "metric"})`
        const metric = (arg as unknown as { name: string }).name
        return metrics.has(metric) ? undefined : `unknown metric "${metric}"; known: ${[...metrics].join(", ")}`
      }
      if (name && name in MATH) {
        for (const a of f.args) {
          const e = validate(a, metrics)
          if (e) return e
        }
        return undefined
      }
      return `function ${name ?? "(expression)"} is not allowed; use ${STATS.join(", ")} of a metric, or ${Object.keys(MATH).join(", ")}`
    }
    case "SymbolNode":
      return `"${(node as unknown as { name: string }).name}" must be inside a summary function, e.g. p95(${(node as unknown as { name: string }).name})`
    default:
      return `${describeNode(node)} expressions are not allowed`
  }
}

/** Parse and check a guardrail; `Left` message on error. */
export const compileGuardrail = (source: string, metrics: ReadonlySet<string>): { ok: true; guardrail: Guardrail } | { ok: false; error: string } => {
  let node: MathNode
  try {
    node = mathjs().parse(source)
  } catch (e) {
    return { ok: false, error: `cannot parse: ${e instanceof Error ? e.message : String(e)}` }
  }
  const error = validate(node, metrics)
  return error ? { ok: false, error } : { ok: true, guardrail: { source, node } }
}

const evaluate = (node: MathNode, summary: ReadonlyMap<string, MetricSummary>, used: Record<string, number>): number | boolean => {
  switch (node.type) {
    case "ConstantNode":
      return (node as unknown as { value: number }).value
    case "ParenthesisNode":
      return evaluate((node as unknown as { content: MathNode }).content, summary, used)
    case "FunctionNode": {
      const f = node as unknown as { fn: { name: string }; args: Array<MathNode> }
      if ((STATS as ReadonlyArray<string>).includes(f.fn.name)) {
        const metric = (f.args[0] as unknown as { name: string }).name
        const value = summary.get(metric)?.[f.fn.name as Stat] ?? Number.NaN
        used[`${f.fn.name}(${metric})`] = value
        return value
      }
      return MATH[f.fn.name]!(...f.args.map((a) => Number(evaluate(a, summary, used))))
    }
    case "OperatorNode": {
      const op = node as unknown as { fn: string; args: Array<MathNode> }
      const [a, b] = op.args.map((x) => evaluate(x, summary, used))
      const x = Number(a)
      const y = Number(b)
      switch (op.fn) {
        case "add": return x + y
        case "subtract": return x - y
        case "multiply": return x * y
        case "divide": return x / y
        case "pow": return Math.pow(x, y)
        case "unaryMinus": return -x
        case "unaryPlus": return x
        case "smaller": return x < y
        case "larger": return x > y
        case "smallerEq": return x <= y
        case "largerEq": return x >= y
        case "equal": return x === y
        case "unequal": return x !== y
        case "and": return Boolean(a) && Boolean(b)
        case "or": return Boolean(a) || Boolean(b)
        case "not": return !a
      }
    }
  }
  throw new Error(`unexpected ${node.type} in a checked guardrail`)
}

/** Evaluate a compiled guardrail on a scenario's metric summaries. NaN comparisons fail. */
export const checkGuardrail = (g: Guardrail, metrics: ReadonlyArray<MetricSummary>): GuardrailResult => {
  const used: Record<string, number> = {}
  const value = evaluate(g.node, new Map(metrics.map((m) => [m.metric, m])), used)
  return { expression: g.source, pass: value === true, values: used }
}
