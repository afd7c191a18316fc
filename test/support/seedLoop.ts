/**
 * Paired runs of the seed-loop experiments (experiments/seed-loop*.yaml), shared by their test
 * (test/models/gpu-network/seedLoop.test.ts) and the script that prints the figures
 * docs/scenarios.md quotes (test/support/seedLoopFigures.ts), so both measure the same thing.
 *
 * Run i of every scenario has the same seed (Plan.ts: the seed depends on the run only), so a
 * variant and its control are compared pair by pair (common random numbers).
 */
import { readFileSync } from "node:fs"
import * as Either from "effect/Either"
import { parseDocument } from "yaml"
import { models } from "../../src/experiment/ModelRegistry.ts"
import { simulate, type RunResult } from "../../src/engine/Simulation.ts"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { planRuns } from "../../src/experiment/Plan.ts"
import { detectBasins, type BasinSplit } from "../../src/analysis/Basins.ts"
import { quantileSorted, sortedFinite } from "../../src/analysis/Quantile.ts"
import { ROOT } from "./cli.ts"

/**
 * Runs per scenario. The seed-loop network is bimodal (some controls cascade on their own: users
 * and operators cycle), so a handful of runs can point either way; 40 paired runs give a stable
 * direction (docs/scenarios.md).
 */
export const RUNS = 40

export interface RunPlan {
  readonly runs: number
  readonly epochs?: number
  /** Scenario labels to run (all when omitted). */
  readonly only?: ReadonlyArray<string>
  /** Parameters set for every scenario (dotted path -> value), decoded with the file. */
  readonly set?: Readonly<Record<string, unknown>>
}

const cache = new Map<string, Map<string, Array<RunResult>>>()

/**
 * Every run of an experiment's scenarios, by label; run once per (file, plan). `set` is written
 * into the file's `params` before decoding, so it is checked as the file's own values are and a
 * variant that sets the same path still wins.
 */
export const runExperiment = (name: string, plan: RunPlan): Map<string, Array<RunResult>> => {
  const key = `${name} ${JSON.stringify(plan)}`
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  const doc = parseDocument(readFileSync(`${ROOT}experiments/${name}.yaml`, "utf8"))
  for (const [path, value] of Object.entries(plan.set ?? {})) doc.setIn(["params", ...path.split(".")], value)
  const r = decodeExperiment(name, String(doc), { runs: plan.runs, epochs: plan.epochs })
  if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
  const exp = r.right
  const model = models[exp.envelope.model]!
  const out = new Map<string, Array<RunResult>>()
  for (const spec of planRuns(exp)) {
    if (plan.only !== undefined && !plan.only.includes(spec.label)) continue
    out.set(spec.label, [...(out.get(spec.label) ?? []), simulate(model, spec.params, { epochs: exp.envelope.epochs, seed: spec.seed })])
  }
  cache.set(key, out)
  return out
}

/** The runs of one scenario (throws naming it when absent). */
export const scenario = (results: Map<string, Array<RunResult>>, label: string): Array<RunResult> => {
  const runs = results.get(label)
  if (runs === undefined) throw new Error(`no scenario ${label} (have ${[...results.keys()].join(", ")})`)
  return runs
}

export const series = (r: RunResult, metric: string): Float64Array => {
  const i = r.metrics.indexOf(metric)
  if (i < 0) throw new Error(`no metric ${metric}`)
  return r.series[i]!
}
/** The metric at epoch `e` (the last epoch when omitted). */
export const at = (r: RunResult, metric: string, e?: number): number => {
  const s = series(r, metric)
  return s[e ?? s.length - 1]!
}
export const mean = (xs: ReadonlyArray<number>): number => xs.reduce((a, b) => a + b, 0) / xs.length
/** Mean over runs of the metric at each epoch. */
export const meanSeries = (runs: ReadonlyArray<RunResult>, metric: string): Array<number> =>
  Array.from(series(runs[0]!, metric), (_, e) => mean(runs.map((r) => series(r, metric)[e]!)))
/** Mean of `xs` over epochs [from, to). */
export const window = (xs: ArrayLike<number>, from: number, to: number): number => mean(Array.from(xs).slice(from, to))
/** How much a cumulative metric grew from epoch a to epoch b in one run. */
export const growth = (r: RunResult, metric: string, a: number, b: number): number => series(r, metric)[b]! - series(r, metric)[a]!

/** The share of pairs (run i of each) in which `f` is larger under the variant than under its control. */
export const pairedShare = (variant: ReadonlyArray<RunResult>, control: ReadonlyArray<RunResult>, f: (r: RunResult) => number): number =>
  variant.filter((r, i) => f(r) > f(control[i]!)).length / variant.length
/** Pair by pair, `f` under the variant minus `f` under its control. */
export const pairedDiffs = (variant: ReadonlyArray<RunResult>, control: ReadonlyArray<RunResult>, f: (r: RunResult) => number): Array<number> =>
  variant.map((r, i) => f(r) - f(control[i]!))
/** The share of runs for which `p` holds. */
export const share = (runs: ReadonlyArray<RunResult>, p: (r: RunResult, i: number) => boolean): number => runs.filter(p).length / runs.length

/** Median and 5-95% band of values across runs, and their split into two groups when they split. */
export interface Band {
  readonly p5: number
  readonly p50: number
  readonly p95: number
  readonly basins: BasinSplit | undefined
}
export const band = (values: ReadonlyArray<number>): Band => {
  const s = sortedFinite(values)
  return { p5: quantileSorted(s, 0.05), p50: quantileSorted(s, 0.5), p95: quantileSorted(s, 0.95), basins: detectBasins(values) }
}

// Thesis 1: network sizes and routing policies of experiments/seed-loop-scaling.yaml.
export const SIZES = [250, 500, 1000, 2000, 4000] as const
export const POLICIES = ["largest-first", "light-split", "region-local"] as const

/** Per run: useful work at each size of one policy (run i of each size has the same seed). */
export const usefulBySize = (results: Map<string, Array<RunResult>>, policy: string): Array<Array<number>> => {
  const bySize = SIZES.map((n) => scenario(results, `routing.policy=${policy},operators.count=${n}`))
  return bySize[0]!.map((_, i) => bySize.map((runs) => at(runs[i]!, "usefulThroughput")))
}
/** Index of the largest value. */
export const peakIndex = (u: ReadonlyArray<number>) => u.indexOf(Math.max(...u))
/** Whether each value is larger than the one before. */
export const risesEveryStep = (u: ReadonlyArray<number>) => u.every((x, k) => k === 0 || x > u[k - 1]!)

// Thesis 2 (experiments/seed-loop.yaml).
/** Exits outside europe (the attacked region) from day 30 to day 90. */
export const exitsOutsideEurope = (r: RunResult) =>
  growth(r, "operatorExitsTotal_americas", 30, 90) + growth(r, "operatorExitsTotal_asia", 30, 90) + growth(r, "operatorExitsTotal_oceania", 30, 90)

// Thesis 3 (experiments/seed-loop.yaml).
/** The first epoch from 30 on at which `metric` under the variant exceeds the control's by `x` (Infinity: never). */
export const firstExcess = (r: RunResult, control: RunResult, metric: string, x: number): number => {
  const a = series(r, metric)
  const b = series(control, metric)
  for (let e = 30; e < a.length; e++) if (a[e]! - b[e]! >= x) return e
  return Number.POSITIVE_INFINITY
}
/** Whether the network lost more than half its large operators by the last day. */
export const collapsed = (r: RunResult) => at(r, "exitRateLarge") > 0.5
/** quiet-costs' hardware schedule (experiments/seed-loop.yaml), for a costs-only variant. */
export const HARDWARE = [
  { from: 30, fixedUsd: 15 },
  { from: 90, fixedUsd: 30 }
]

