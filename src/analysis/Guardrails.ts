/**
 * Guardrails: conditions an experiment's runs must meet, written in two layers.
 *
 * Inside each run, a function over its epochs: `max`, `min`, `sum`, `mean`, `final`, `drawdown`
 * of a metric (or of arithmetic over metrics at the same epoch), or `firstEpoch(condition)`.
 * Across runs, a function over those per-run values: `p5`, `p50`, `p95`, `mean`, or
 * `share(condition)`. So `p95(max(operatorChurnRate)) < 0.05` reads "in 95% of runs the worst
 * daily churn stays under 5%" and `share(min(price) < 0.1) < 0.05` "fewer than 5% of runs ever
 * see the price under 0.1". A bare metric inside a function over runs is its final value, so the
 * older form `p95(operatorChurnRate) < 0.05` keeps meaning the final epoch.
 *
 * Missing data is not a verdict: a metric a run did not record (NaN) propagates as "unknown"
 * (three-valued and/or/not), and a guardrail with no run to read reports "no data" rather than
 * PASS or FAIL. Expressions are parsed by mathjs and evaluated by the interpreter below, never by
 * mathjs, with the same safe vocabulary as SafeExpression.ts.
 *
 * Evaluation is split so that it works on any store of results: `runTermValues` turns one run's
 * series (Float64Array per metric) into the few numbers the guardrails read (kept with the run's
 * record), and `checkGuardrail` decides from those numbers across runs.
 */
import type { MathNode } from "mathjs"
import { isMath, MATH, metricName, parseExpression } from "./SafeExpression.ts"

/** Functions over a run's epochs. */
export const PER_RUN_FUNCTIONS = ["max", "min", "sum", "mean", "final", "drawdown", "firstEpoch"] as const
/** Functions over runs. */
export const ACROSS_RUN_FUNCTIONS = ["p5", "p50", "p95", "mean", "share"] as const

const PER_RUN = new Set<string>(PER_RUN_FUNCTIONS)
const ACROSS = new Set<string>(ACROSS_RUN_FUNCTIONS)
const QUANTILE: Readonly<Record<string, number>> = { p5: 0.05, p50: 0.5, p95: 0.95 }

/** A run's recorded series by metric name (undefined for a metric it does not record). */
export type RunSeries = (metric: string) => ArrayLike<number> | undefined

/** The lookup for a run result's parallel `metrics` / `series` lists. */
export const seriesLookup = (metrics: ReadonlyArray<string>, series: ReadonlyArray<ArrayLike<number>>): RunSeries => {
  const index = new Map(metrics.map((m, i) => [m, i]))
  return (metric) => {
    const i = index.get(metric)
    return i === undefined ? undefined : series[i]
  }
}

/** One per-run quantity a guardrail reads, e.g. `max(operatorChurnRate)`, keyed by its text. */
export interface RunTerm {
  readonly key: string
  /** Its value in one run: a number, 1/0 for a condition, +Infinity for a firstEpoch that never comes, NaN for no data. */
  readonly compute: (run: RunSeries) => number
}

/** A compiled guardrail, checked against the metric names a model reports. */
export interface Guardrail {
  readonly source: string
  /** The per-run quantities it reads. */
  readonly terms: ReadonlyArray<RunTerm>
  /** Decide from the term values of each run; `used` collects the across-run values read. */
  readonly decide: (column: (key: string) => ReadonlyArray<number>, used: Record<string, number>) => number
}

export type Verdict = "pass" | "fail" | "no data"

/** Outcome of one guardrail for one scenario. */
export interface GuardrailResult {
  readonly expression: string
  readonly verdict: Verdict
  /** Same as `verdict === "pass"`: "no data" is not a pass. */
  readonly pass: boolean
  /** The across-run values the expression used, e.g. `p95(max(operatorChurnRate)) = 0.061`. */
  readonly values: Readonly<Record<string, number>>
}

class CompileError extends Error {}

type Kind = "number" | "condition"
type EpochFn = (run: RunSeries, epoch: number) => number
type RunFn = (run: RunSeries) => number
type AcrossFn = (column: (key: string) => ReadonlyArray<number>, used: Record<string, number>) => number
interface Typed<F> {
  readonly kind: Kind
  readonly ev: F
}

const node = <T>(n: MathNode) => n as unknown as T
const fnName = (n: MathNode): string | undefined => {
  const f = node<{ fn: MathNode }>(n).fn
  return f.type === "SymbolNode" ? node<{ name: string }>(f).name : undefined
}
const argsOf = (n: MathNode): ReadonlyArray<MathNode> => node<{ args: Array<MathNode> }>(n).args

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

const acrossHint = `functions over runs: ${ACROSS_RUN_FUNCTIONS.join(", ")}`
const perRunHint = `functions over a run's epochs: ${PER_RUN_FUNCTIONS.join(", ")}`

/**
 * Compile the parts every level shares (numbers, parentheses, operators, math functions),
 * delegating leaves and level-specific functions to `leaf`. Generic over the evaluator's
 * argument list so one compiler serves the three levels.
 */
const compileShared = <A extends Array<unknown>>(
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

/** Edit distance (Levenshtein), for suggesting the metric a typo meant. */
const distance = (a: string, b: string): number => {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)))
    prev = row
  }
  return prev[b.length]!
}

const suggestion = (m: string, metrics: ReadonlySet<string>): string => {
  let best: string | undefined
  let bestD = Math.max(2, Math.floor(m.length / 3)) + 1
  for (const k of metrics) {
    const d = distance(m.toLowerCase(), k.toLowerCase())
    if (d < bestD) [best, bestD] = [k, d]
  }
  return best === undefined ? "" : ` (did you mean "${best}"?)`
}

/** The metric a node names, checked against the model's metrics; undefined when it names none. */
const metricOf = (n: MathNode, metrics: ReadonlySet<string>): string | undefined => {
  if (n.type !== "SymbolNode" && n.type !== "AccessorNode" && !(n.type === "ConstantNode" && typeof node<{ value: unknown }>(n).value === "string")) return undefined
  const m = metricName(n)
  if (m === undefined) return undefined
  if (!metrics.has(m)) throw new CompileError(`unknown metric "${m}"${suggestion(m, metrics)}; known: ${[...metrics].join(", ")}`)
  return m
}

/** An expression at one epoch of a run: metrics are that epoch's values. */
const compileEpoch = (n: MathNode, metrics: ReadonlySet<string>, outer: string): Typed<EpochFn> =>
  compileShared<[RunSeries, number]>(
    n,
    (x) => {
      const m = metricOf(x, metrics)
      if (m !== undefined) {
        return { kind: "number", ev: (run, e) => run(m)?.[e] ?? Number.NaN }
      }
      if (x.type === "SymbolNode") throw new CompileError(`unknown variable "${node<{ name: string }>(x).name}"`)
      if (x.type === "AccessorNode") throw new CompileError("accessor expressions are not allowed")
      const name = x.type === "FunctionNode" ? fnName(x) : undefined
      if (name !== undefined && (ACROSS.has(name) || (PER_RUN.has(name) && argsOf(x).length === 1))) {
        throw new CompileError(`${name}(...) cannot be used inside ${outer}(...), which already works epoch by epoch; use metrics and arithmetic there, e.g. ${outer}(price * supply)`)
      }
      return undefined
    },
    (y) => compileEpoch(y, metrics, outer)
  )

/** The epochs of a run, from the length of the series an epoch expression reads. */
const epochsOf = (run: RunSeries, read: ReadonlyArray<string>): number => {
  let n = 0
  for (const m of read) n = Math.max(n, run(m)?.length ?? 0)
  return n
}

/** Metrics an expression names (for the run's length). */
const metricsIn = (n: MathNode, metrics: ReadonlySet<string>): Array<string> => {
  const out: Array<string> = []
  n.traverse((x) => {
    if (x.type === "SymbolNode" || x.type === "AccessorNode" || x.type === "ConstantNode") {
      const m = metricName(x)
      if (m !== undefined && metrics.has(m)) out.push(m)
    }
  })
  return out
}

/**
 * One function over a run's epochs. Epochs with no value (NaN) are skipped; a run with none
 * gives NaN. `drawdown` is the largest fall from a running peak, as a fraction of that peak
 * (0.4 = a 40% drawdown), the standard maximum drawdown of a price series.
 */
const reduce = (name: string, inner: EpochFn, read: ReadonlyArray<string>): RunFn => {
  switch (name) {
    case "final":
      return (run) => {
        const n = epochsOf(run, read)
        return n === 0 ? Number.NaN : inner(run, n - 1)
      }
    case "max":
    case "min":
    case "sum":
    case "mean":
      return (run) => {
        const n = epochsOf(run, read)
        let count = 0
        let acc = name === "max" ? -Infinity : name === "min" ? Infinity : 0
        for (let e = 0; e < n; e++) {
          const v = inner(run, e)
          if (Number.isNaN(v)) continue
          count++
          acc = name === "max" ? Math.max(acc, v) : name === "min" ? Math.min(acc, v) : acc + v
        }
        return count === 0 ? Number.NaN : name === "mean" ? acc / count : acc
      }
    case "drawdown":
      return (run) => {
        const n = epochsOf(run, read)
        let peak = -Infinity
        let worst = Number.NaN
        for (let e = 0; e < n; e++) {
          const v = inner(run, e)
          if (Number.isNaN(v)) continue
          if (Number.isNaN(worst)) worst = 0
          if (v > peak) peak = v
          else if (peak > 0) worst = Math.max(worst, (peak - v) / peak)
        }
        return worst
      }
    default: // firstEpoch: the first epoch (0-based, as in metrics.csv) where the condition holds
      return (run) => {
        const n = epochsOf(run, read)
        let known = false
        for (let e = 0; e < n; e++) {
          const v = inner(run, e)
          if (v === 1) return e
          if (!Number.isNaN(v)) known = true
        }
        return known ? Infinity : Number.NaN
      }
  }
}

/** An expression over one run: per-run functions, and bare metrics meaning their final value. */
const compileRun = (n: MathNode, metrics: ReadonlySet<string>, outer: string): Typed<RunFn> =>
  compileShared<[RunSeries]>(
    n,
    (x) => {
      const m = metricOf(x, metrics)
      if (m !== undefined) return { kind: "number", ev: reduce("final", (run, e) => run(m)?.[e] ?? Number.NaN, [m]) }
      if (x.type === "SymbolNode") throw new CompileError(`unknown variable "${node<{ name: string }>(x).name}"`)
      if (x.type === "AccessorNode") throw new CompileError("accessor expressions are not allowed")
      if (x.type !== "FunctionNode") return undefined
      const name = fnName(x)
      const a = argsOf(x)
      if (name !== undefined && PER_RUN.has(name) && a.length === 1) {
        const inner = compileEpoch(a[0]!, metrics, name)
        const want: Kind = name === "firstEpoch" ? "condition" : "number"
        if (inner.kind !== want) {
          throw new CompileError(
            name === "firstEpoch"
              ? `firstEpoch() takes a condition, e.g. firstEpoch(price < 0.1), but "${a[0]!.toString()}" is a number`
              : `${name}() takes a number per epoch, e.g. ${name}(price), but "${a[0]!.toString()}" is a condition`
          )
        }
        const read = metricsIn(a[0]!, metrics)
        if (read.length === 0) throw new CompileError(`${name}(${a[0]!.toString()}) reads no metric; name one, e.g. ${name}(${[...metrics][0] ?? "price"})`)
        return { kind: "number", ev: reduce(name, inner.ev, read) }
      }
      if (name === "firstEpoch" || (name !== undefined && PER_RUN.has(name) && !isMath(name))) {
        throw new CompileError(`${name}() takes one argument`)
      }
      if (name !== undefined && ACROSS.has(name) && !isMath(name)) {
        throw new CompileError(`${name}(...) is a function over runs and cannot be used inside ${outer}(...); inside it use ${perRunHint}`)
      }
      return undefined
    },
    (y) => compileRun(y, metrics, outer)
  )

/** Quantile q of ascending `sorted` (type 7, as Quantile.ts), tolerating infinite values. */
const quantileWithInfinity = (sorted: ReadonlyArray<number>, q: number): number => {
  const n = sorted.length
  if (n === 0) return Number.NaN
  const h = (n - 1) * q
  const lo = Math.floor(h)
  const hi = Math.min(n - 1, lo + 1)
  const [a, b] = [sorted[lo]!, sorted[hi]!]
  if (h === lo || a === b) return a
  if (!Number.isFinite(a) || !Number.isFinite(b)) return b
  return a + (h - lo) * (b - a)
}

/** Across runs: one function over the per-run values of `key` (runs without a value skipped). */
const across = (name: string, values: ReadonlyArray<number>): number => {
  const known = values.filter((v) => !Number.isNaN(v))
  if (known.length === 0) return Number.NaN
  if (name === "share") return known.filter((v) => v === 1).length / known.length
  if (name === "mean") return known.reduce((s, v) => s + v, 0) / known.length
  return quantileWithInfinity([...known].sort((x, y) => x - y), QUANTILE[name]!)
}

const compileAcross = (n: MathNode, metrics: ReadonlySet<string>, terms: Map<string, RunTerm>): Typed<AcrossFn> =>
  compileShared<[(key: string) => ReadonlyArray<number>, Record<string, number>]>(
    n,
    (x) => {
      if (x.type === "SymbolNode" || x.type === "AccessorNode" || (x.type === "ConstantNode" && typeof node<{ value: unknown }>(x).value === "string")) {
        const m = metricOf(x, metrics)
        if (m !== undefined) throw new CompileError(`"${m}" must be inside a function over runs, e.g. p95(${m}) for its final value or p95(max(${m})) for its worst epoch`)
        if (x.type === "SymbolNode") throw new CompileError(`unknown variable "${node<{ name: string }>(x).name}"`)
        if (x.type === "AccessorNode") throw new CompileError("accessor expressions are not allowed")
        return undefined
      }
      if (x.type !== "FunctionNode") return undefined
      const name = fnName(x)
      const a = argsOf(x)
      if (name !== undefined && ACROSS.has(name)) {
        if (a.length !== 1) throw new CompileError(`${name}() takes one argument, e.g. ${name === "share" ? "share(min(price) < 0.1)" : `${name}(max(${[...metrics][0] ?? "metric"}))`}`)
        const inner = compileRun(a[0]!, metrics, name)
        if (name === "share" && inner.kind !== "condition") throw new CompileError(`share() takes a condition per run, e.g. share(min(price) < 0.1), but "${a[0]!.toString()}" is a number`)
        if (name !== "share" && inner.kind !== "number") throw new CompileError(`${name}() takes a number per run, e.g. ${name}(max(price)); for the share of runs meeting "${a[0]!.toString()}" write share(${a[0]!.toString()})`)
        const key = a[0]!.toString()
        if (!terms.has(key)) terms.set(key, { key, compute: inner.ev })
        const label = `${name}(${key})`
        return {
          kind: "number",
          ev: (column, used) => {
            const v = across(name, column(key))
            used[label] = v
            return v
          }
        }
      }
      if (name !== undefined && PER_RUN.has(name) && a.length === 1) {
        throw new CompileError(`${name}(${a[0]!.toString()}) gives one value per run; wrap it in a function over runs, e.g. p95(${name}(${a[0]!.toString()})) or share(${name}(${a[0]!.toString()}) > 0)`)
      }
      return undefined
    },
    (y) => compileAcross(y, metrics, terms)
  )

/** Parse and check a guardrail against the metric names a model reports. */
export const compileGuardrail = (source: string, metrics: ReadonlySet<string>): { ok: true; guardrail: Guardrail } | { ok: false; error: string } =>
  compileTop(source, metrics, "condition")

/**
 * Parse and check an objective: the same grammar as a guardrail but giving a number, e.g.
 * `p50(final(price))` or `p95(sum(operatorExits)) / 1000` (sandbox optimize).
 */
export const compileObjective = (source: string, metrics: ReadonlySet<string>): { ok: true; guardrail: Guardrail } | { ok: false; error: string } =>
  compileTop(source, metrics, "number")

const compileTop = (source: string, metrics: ReadonlySet<string>, want: Kind): { ok: true; guardrail: Guardrail } | { ok: false; error: string } => {
  const parsed = parseExpression(source)
  if (!parsed.ok) return parsed
  const terms = new Map<string, RunTerm>()
  try {
    const top = compileAcross(parsed.node, metrics, terms)
    if (want === "condition" && top.kind !== "condition") return { ok: false, error: "must be a condition (e.g. a comparison such as p95(max(metric)) < 0.05), but it gives a number" }
    if (want === "number" && top.kind !== "number") return { ok: false, error: "must give a number (e.g. p50(final(price))), but it is a condition" }
    if (terms.size === 0) return { ok: false, error: `reads no runs; use a function over runs (${ACROSS_RUN_FUNCTIONS.join(", ")}), e.g. p95(max(metric)) < 0.05` }
    return { ok: true, guardrail: { source, terms: [...terms.values()], decide: top.ev } }
  } catch (e) {
    if (e instanceof CompileError) return { ok: false, error: e.message }
    throw e
  }
}

/**
 * The per-run values every guardrail reads from one run, keyed by term text. Kept with the run's
 * record, so verdicts need no series once a run is stored.
 */
export const runTermValues = (guardrails: ReadonlyArray<Guardrail>, run: RunSeries): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const g of guardrails) for (const t of g.terms) if (!Object.hasOwn(out, t.key)) out[t.key] = t.compute(run)
  return out
}

/**
 * Decide a guardrail from its terms' values in each run (`runTermValues` of each completed run).
 * A term a run lacks counts as no data from that run.
 */
export const checkGuardrail = (g: Guardrail, runs: ReadonlyArray<Readonly<Record<string, number>>>): GuardrailResult => {
  const used: Record<string, number> = {}
  const value = g.decide((key) => runs.map((r) => (Object.hasOwn(r, key) ? r[key]! : Number.NaN)), used)
  const verdict: Verdict = Number.isNaN(value) ? "no data" : value === 1 ? "pass" : "fail"
  return { expression: g.source, verdict, pass: verdict === "pass", values: used }
}

/** The number an objective (compileObjective) gives over runs' term values; NaN for no data. */
export const evaluateObjective = (g: Guardrail, runs: ReadonlyArray<Readonly<Record<string, number>>>): number =>
  g.decide((key) => runs.map((r) => (Object.hasOwn(r, key) ? r[key]! : Number.NaN)), {})

/** Check guardrails straight from runs' series (in memory). */
export const checkGuardrails = (guardrails: ReadonlyArray<Guardrail>, runs: ReadonlyArray<RunSeries>): ReadonlyArray<GuardrailResult> => {
  const values = runs.map((r) => runTermValues(guardrails, r))
  return guardrails.map((g) => checkGuardrail(g, values))
}
