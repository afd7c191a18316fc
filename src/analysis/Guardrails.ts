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
 * PASS or FAIL. Expressions are parsed by mathjs and evaluated by the interpreter below (its shared
 * and per-run levels in GuardrailShared.ts and GuardrailPerRun.ts), never by
 * mathjs, with the same safe vocabulary as SafeExpression.ts.
 *
 * Evaluation is split so that it works on any store of results: `runTermValues` turns one run's
 * series (Float64Array per metric) into the few numbers the guardrails read (kept with the run's
 * record), and `checkGuardrail` decides from those numbers across runs.
 */
import type { MathNode } from "mathjs"
import { isMath, parseExpression } from "./SafeExpression.ts"
import { ACROSS, ACROSS_RUN_FUNCTIONS, argsOf, CompileError, compileShared, fnName, node, PER_RUN, type Kind, type Typed } from "./GuardrailShared.ts"
import { compileRun, metricOf, type RunSeries } from "./GuardrailPerRun.ts"

export { ACROSS_RUN_FUNCTIONS, PER_RUN_FUNCTIONS } from "./GuardrailShared.ts"
export type { RunSeries } from "./GuardrailPerRun.ts"

const QUANTILE: Readonly<Record<string, number>> = { p5: 0.05, p50: 0.5, p95: 0.95 }

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

type AcrossFn = (column: (key: string) => ReadonlyArray<number>, used: Record<string, number>) => number

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
