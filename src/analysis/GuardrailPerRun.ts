/**
 * The inner two levels of a guardrail (src/analysis/Guardrails.ts): an expression at one epoch of a
 * run, and the functions over a run's epochs (`max`, `min`, `sum`, `mean`, `final`, `drawdown`,
 * `firstEpoch`) that turn a run into one number.
 */
import type { MathNode } from "mathjs"
import { isMath, metricName } from "./SafeExpression.ts"
import { ACROSS, argsOf, CompileError, compileShared, fnName, node, PER_RUN, perRunHint, type Kind, type Typed } from "./GuardrailShared.ts"

/** A run's recorded series by metric name (undefined for a metric it does not record). */
export type RunSeries = (metric: string) => ArrayLike<number> | undefined

type EpochFn = (run: RunSeries, epoch: number) => number
type RunFn = (run: RunSeries) => number

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
export const metricOf = (n: MathNode, metrics: ReadonlySet<string>): string | undefined => {
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
export const compileRun = (n: MathNode, metrics: ReadonlySet<string>, outer: string): Typed<RunFn> =>
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
