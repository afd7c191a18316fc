/**
 * SafeExpression: formulas a designer writes in an experiment file (guardrails, an emission
 * rule), parsed by mathjs and evaluated by the small interpreter below, never by mathjs itself.
 *
 * Only numbers, declared variables, + - * / ^ and unary minus, comparisons, and/or/not, the
 * functions abs, min, max, sqrt, log, log2, exp, floor, ceil, pow, and (for guardrails) summary
 * functions of a metric exist. Anything else (assignments, function definitions, property access,
 * strings, matrices, import, evaluate, ...) is rejected when the experiment is checked, so a
 * hostile shared file cannot run code.
 */
import { createRequire } from "node:module"
import type { MathNode } from "mathjs"

/** mathjs, loaded on first use (importing it costs over a second). */
const mathjs = (): typeof import("mathjs") => createRequire(import.meta.url)("mathjs") as typeof import("mathjs")

/**
 * The allowed functions. Looked up by own property only (`isMath`): `name in obj` would also
 * accept the names every object inherits (constructor, __proto__, valueOf, ...).
 */
export const MATH: Readonly<Record<string, (...xs: Array<number>) => number>> = {
  abs: Math.abs,
  min: Math.min,
  max: Math.max,
  sqrt: Math.sqrt,
  log: Math.log,
  log2: Math.log2,
  exp: Math.exp,
  floor: Math.floor,
  ceil: Math.ceil,
  pow: Math.pow
}

/** Whether `fname` is one of the allowed math functions (own property only). */
export const isMath = (fname: string | undefined): fname is string => fname !== undefined && Object.hasOwn(MATH, fname)

const OPERATORS = new Set(["add", "subtract", "multiply", "divide", "pow", "unaryMinus", "unaryPlus", "smaller", "larger", "smallerEq", "largerEq", "equal", "unequal", "and", "or", "not"])

export interface Vocabulary {
  /** Names usable as numbers. */
  readonly variables: ReadonlySet<string>
  /** Summary functions taking one metric name, e.g. p95(churn) (guardrails). */
  readonly statFunctions?: ReadonlySet<string>
  /** Metric names allowed as arguments of the summary functions. */
  readonly metrics?: ReadonlySet<string>
  /** What the whole expression must give (guardrails: a condition, so "boolean"). */
  readonly result?: "number" | "boolean"
}

/** Values while evaluating: variables, and the summary lookup. */
export interface Bindings {
  readonly variables?: Readonly<Record<string, number>>
  readonly stat?: (fn: string, metric: string) => number
}

export interface Compiled {
  readonly source: string
  /** Evaluate; `used` collects the summary values read, as `p95(metric)` -> value. */
  readonly evaluate: (b: Bindings, used?: Record<string, number>) => number | boolean
}

const name = (n: MathNode): string => (n as unknown as { name: string }).name
const args = (n: MathNode): Array<MathNode> => (n as unknown as { args: Array<MathNode> }).args

/**
 * The metric a summary function's argument names: a plain name (`churnRate`), a dotted one
 * (`attack.poisoning.profit`, parsed by mathjs as property access) or a quoted string for names
 * that are not identifiers (`p95("attack.grief-eu.cost")`). Undefined for anything else.
 */
export const metricName = (n: MathNode): string | undefined => {
  if (n.type === "SymbolNode") return name(n)
  if (n.type === "ConstantNode") {
    const value = (n as unknown as { value: unknown }).value
    return typeof value === "string" ? value : undefined
  }
  if (n.type === "AccessorNode") {
    const a = n as unknown as { object: MathNode; index: { dotNotation?: boolean; dimensions: Array<MathNode> } }
    const key = a.index.dimensions[0]
    if (!a.index.dotNotation || a.index.dimensions.length !== 1 || key?.type !== "ConstantNode") return undefined
    const base = metricName(a.object)
    const k = (key as unknown as { value: unknown }).value
    return base !== undefined && typeof k === "string" ? `${base}.${k}` : undefined
  }
  return undefined
}

const check = (node: MathNode, v: Vocabulary): string | undefined => {
  switch (node.type) {
    case "ConstantNode":
      return typeof (node as unknown as { value: unknown }).value === "number" ? undefined : "only numbers are allowed as constants"
    case "ParenthesisNode":
      return check((node as unknown as { content: MathNode }).content, v)
    case "OperatorNode": {
      const fn = (node as unknown as { fn: string }).fn
      if (!OPERATORS.has(fn)) return `operator ${fn} is not allowed`
      for (const a of args(node)) {
        const e = check(a, v)
        if (e) return e
      }
      return undefined
    }
    case "FunctionNode": {
      const f = (node as unknown as { fn: MathNode }).fn
      const fname = f.type === "SymbolNode" ? name(f) : undefined
      if (fname && v.statFunctions?.has(fname)) {
        const a = args(node)
        const metrics = v.metrics ?? new Set<string>()
        const metric = a.length === 1 ? metricName(a[0]!) : undefined
        if (metric === undefined) return `${fname}() takes one metric name, e.g. ${fname}(${[...metrics][0] ?? "metric"})`
        return metrics.has(metric) ? undefined : `unknown metric "${metric}"; known: ${[...metrics].join(", ")}`
      }
      if (isMath(fname)) {
        for (const a of args(node)) {
          const e = check(a, v)
          if (e) return e
        }
        return undefined
      }
      const allowed = [...(v.statFunctions ?? []), ...Object.keys(MATH)]
      return `function ${fname ?? "(expression)"} is not allowed; allowed: ${allowed.join(", ")}`
    }
    case "SymbolNode": {
      const s = name(node)
      if (v.variables.has(s)) return undefined
      if (v.metrics?.has(s) && v.statFunctions) return `"${s}" must be inside a summary function, e.g. p95(${s})`
      return `unknown variable "${s}"${v.variables.size > 0 ? `; known: ${[...v.variables].join(", ")}` : ""}`
    }
    default:
      return `${node.type.replace(/Node$/, "").toLowerCase()} expressions are not allowed`
  }
}

const run = (node: MathNode, b: Bindings, used: Record<string, number>): number | boolean => {
  switch (node.type) {
    case "ConstantNode":
      return (node as unknown as { value: number }).value
    case "ParenthesisNode":
      return run((node as unknown as { content: MathNode }).content, b, used)
    case "SymbolNode":
      return b.variables !== undefined && Object.hasOwn(b.variables, name(node)) ? b.variables[name(node)]! : Number.NaN
    case "FunctionNode": {
      const fname = name((node as unknown as { fn: MathNode }).fn)
      const a = args(node)
      if (!isMath(fname)) {
        const metric = metricName(a[0]!)!
        const value = b.stat ? b.stat(fname, metric) : Number.NaN
        used[`${fname}(${metric})`] = value
        return value
      }
      return MATH[fname]!(...a.map((x) => Number(run(x, b, used))))
    }
    case "OperatorNode": {
      const fn = (node as unknown as { fn: string }).fn
      const [p, q] = args(node).map((x) => run(x, b, used))
      const x = Number(p)
      const y = Number(q)
      switch (fn) {
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
        case "and": return Boolean(p) && Boolean(q)
        case "or": return Boolean(p) || Boolean(q)
        case "not": return !p
      }
    }
  }
  throw new Error(`unexpected ${node.type} in a checked expression`)
}

type Kind = "number" | "boolean"
const COMPARISONS = new Set(["smaller", "larger", "smallerEq", "largerEq", "equal", "unequal"])
const LOGICAL = new Set(["and", "or", "not"])

/**
 * What a checked expression gives, or why its parts do not fit: and/or/not take conditions, so
 * `p95(churn) < 0.05 and p5(price)` is refused instead of treating a number as true. Arithmetic
 * takes numbers and conditions (a condition counts 1 when true, 0 when false, as in mathjs:
 * `(issued < 1e7) * 1e6`).
 */
const kindOf = (node: MathNode): { kind: Kind } | { error: string } => {
  const need = (n: MathNode, want: Kind | "any", role: string): string | undefined => {
    const k = kindOf(n)
    if ("error" in k) return k.error
    return want === "any" || k.kind === want ? undefined : `${role} needs ${want === "number" ? "a number" : "a condition"}, but "${n.toString()}" is ${k.kind === "number" ? "a number" : "a condition"}`
  }
  switch (node.type) {
    case "ParenthesisNode":
      return kindOf((node as unknown as { content: MathNode }).content)
    case "OperatorNode": {
      const fn = (node as unknown as { fn: string; op: string }).fn
      const op = (node as unknown as { op: string }).op
      for (const a of args(node)) {
        const e = LOGICAL.has(fn) ? need(a, "boolean", `"${op}"`) : need(a, "any", `"${op}"`)
        if (e) return { error: e }
      }
      return { kind: LOGICAL.has(fn) || COMPARISONS.has(fn) ? "boolean" : "number" }
    }
    case "FunctionNode": {
      const fname = name((node as unknown as { fn: MathNode }).fn)
      for (const a of isMath(fname) ? args(node) : []) {
        const e = need(a, "any", `${fname}()`)
        if (e) return { error: e }
      }
      return { kind: "number" }
    }
    default:
      return { kind: "number" }
  }
}

/**
 * Longest expression accepted, in characters, and most parse-tree nodes (numbers, names,
 * operators, function calls). A 3,000-term guardrail crashed `check` with a stack, and a
 * `max(...)` of 200,000 arguments passed `check` and overflowed the stack after every run was
 * computed; both are refused here, before anything runs (docs/limits.md). Not raisable: a
 * formula that long is generated, and belongs in a model's code.
 */
export const MAX_EXPRESSION_CHARS = 10_000
export const MAX_EXPRESSION_NODES = 1_000

/** Parse `source` with mathjs (parse only: nothing is evaluated), or say why it cannot be. */
export const parseExpression = (source: string): { ok: true; node: MathNode } | { ok: false; error: string } => {
  if (source.length > MAX_EXPRESSION_CHARS) {
    return { ok: false, error: `the expression is ${source.length.toLocaleString("en-US")} characters long, above the limit of ${MAX_EXPRESSION_CHARS.toLocaleString("en-US")} (docs/limits.md)` }
  }
  try {
    const node = mathjs().parse(source)
    let nodes = 0
    node.traverse(() => void nodes++)
    if (nodes > MAX_EXPRESSION_NODES) {
      return { ok: false, error: `the expression has ${nodes.toLocaleString("en-US")} terms (numbers, names, operators, calls), above the limit of ${MAX_EXPRESSION_NODES.toLocaleString("en-US")} (docs/limits.md)` }
    }
    return { ok: true, node }
  } catch (e) {
    return { ok: false, error: `cannot parse: ${e instanceof Error ? e.message : String(e)}` }
  }
}

/** Parse and check `source` against a vocabulary. */
export const compileExpression = (source: string, v: Vocabulary): { ok: true; compiled: Compiled } | { ok: false; error: string } => {
  const parsed = parseExpression(source)
  if (!parsed.ok) return parsed
  const node = parsed.node
  const error = check(node, v)
  if (error) return { ok: false, error }
  const kind = kindOf(node)
  if ("error" in kind) return { ok: false, error: kind.error }
  if (v.result && kind.kind !== v.result) {
    return { ok: false, error: v.result === "boolean" ? `must be a condition (e.g. a comparison such as p95(metric) < 0.05), but it gives a number` : `must give a number, but it is a condition` }
  }
  return { ok: true, compiled: { source, evaluate: (b, used = {}) => run(node, b, used) } }
}
