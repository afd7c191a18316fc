/**
 * The seed's feedback loop as the model's own dynamics (experiments/seed-loop*.yaml,
 * docs/scenarios.md): each outcome is measured against a control on the same seeds, and no
 * parameter of these experiments encodes it (no coordination law, no exit threshold tied to
 * the attack, no demand response written in).
 */
import { readFileSync } from "node:fs"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { models } from "../../../src/experiment/ModelRegistry.ts"
import { simulate, type RunResult } from "../../../src/engine/Simulation.ts"
import { decodeExperiment, type EnvelopeOverrides } from "../../../src/experiment/Decode.ts"
import { planRuns } from "../../../src/experiment/Plan.ts"
import { ROOT } from "../../support/cli.ts"

const cache = new Map<string, Map<string, Array<RunResult>>>()
/** Every run of an experiment, by scenario label (run once per file and overrides). */
const runAll = (name: string, overrides: EnvelopeOverrides = {}) => {
  const key = `${name} ${JSON.stringify(overrides)}`
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  const r = decodeExperiment(name, readFileSync(`${ROOT}experiments/${name}.yaml`, "utf8"), overrides)
  if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
  const exp = r.right
  const model = models[exp.envelope.model]!
  const out = new Map<string, Array<RunResult>>()
  for (const spec of planRuns(exp)) out.set(spec.label, [...(out.get(spec.label) ?? []), simulate(model, spec.params, { epochs: exp.envelope.epochs, seed: spec.seed })])
  cache.set(key, out)
  return out
}
const series = (r: RunResult, metric: string) => {
  const i = r.metrics.indexOf(metric)
  if (i < 0) throw new Error(`no metric ${metric}`)
  return r.series[i]!
}
const final = (r: RunResult, metric: string) => series(r, metric)[series(r, metric).length - 1]!
const mean = (xs: ReadonlyArray<number>) => xs.reduce((a, b) => a + b, 0) / xs.length
/** Mean over runs of the metric at each epoch. */
const meanSeries = (runs: ReadonlyArray<RunResult>, metric: string) => Array.from(series(runs[0]!, metric), (_, e) => mean(runs.map((r) => series(r, metric)[e]!)))
const window = (xs: ReadonlyArray<number>, from: number, to: number) => mean(xs.slice(from, to))
const meanFinal = (runs: ReadonlyArray<RunResult>, metric: string) => mean(runs.map((r) => final(r, metric)))

describe("thesis 1: all-to-all coordination collapses, groups scale (experiments/seed-loop-scaling.yaml)", () => {
  const results = runAll("seed-loop-scaling", { runs: 1, epochs: 2 })
  const useful = (policy: string, n: number) => meanFinal(results.get(`routing.policy=${policy},operators.initial=${n}`)!, "usefulThroughput")
  const sizes = [250, 500, 1000, 2000, 4000]

  it("largest-first's useful work peaks inside the range and then falls, with no law parameter", () => {
    const u = sizes.map((n) => useful("largest-first", n))
    const peak = u.indexOf(Math.max(...u))
    expect(peak).toBeGreaterThan(0)
    expect(peak).toBeLessThan(sizes.length - 1)
    expect(u[sizes.length - 1]!).toBeLessThan(0.75 * u[peak]!)
  })

  it("light-split's groups keep rising at every step (the control on the same seeds)", () => {
    const u = sizes.map((n) => useful("light-split", n))
    for (let i = 1; i < u.length; i++) expect(u[i]!).toBeGreaterThan(1.2 * u[i - 1]!)
    expect(useful("light-split", 4000)).toBeGreaterThan(5 * useful("largest-first", 4000))
  })
})

describe("thesis 2: a regional DoS drives users away and small operators out (experiments/seed-loop.yaml)", () => {
  const results = runAll("seed-loop", { runs: 4 })
  const control = results.get("control")!
  const dos = results.get("dos")!
  const users = meanSeries(dos, "demandUsers")
  const usersControl = meanSeries(control, "demandUsers")

  it("users leave during the DoS (days 30-60) and fees fall, against the control", () => {
    expect(window(users, 45, 60)).toBeLessThan(0.85 * window(usersControl, 45, 60))
    expect(window(meanSeries(dos, "feesUsd"), 30, 60)).toBeLessThan(0.85 * window(meanSeries(control, "feesUsd"), 30, 60))
  })

  it("small operators exit more than in the control (means over runs: single runs split, some controls cascade too)", () => {
    expect(meanFinal(dos, "exitRateSmall")).toBeGreaterThan(meanFinal(control, "exitRateSmall") + 0.1)
  })

  it("the cascade reaches regions nobody attacked: more exits there than in the control", () => {
    const outside = (runs: ReadonlyArray<RunResult>) => mean(runs.map((r) => final(r, "operatorExitsTotal_americas") + final(r, "operatorExitsTotal_asia") + final(r, "operatorExitsTotal_oceania")))
    expect(outside(dos)).toBeGreaterThan(1.2 * outside(control))
  })

  it("users come back slower than they left", () => {
    // Deficit against the control, epoch by epoch; the time to lose half the worst deficit
    // after the attack starts, against the time to win half of it back after it ends.
    const deficit = users.map((u, e) => usersControl[e]! - u)
    const worst = Math.max(...deficit.slice(30, 75))
    const worstAt = deficit.indexOf(worst)
    const leave = deficit.findIndex((d, e) => e >= 30 && d >= worst / 2) - 30
    const back = deficit.findIndex((d, e) => e > Math.max(60, worstAt) && d <= worst / 2)
    const returnTime = (back < 0 ? deficit.length : back) - 60
    expect(leave).toBeGreaterThan(0)
    expect(returnTime).toBeGreaterThan(2 * leave)
  })
})

describe("thesis 3: a quiet market with rising costs loses small operators first (experiments/seed-loop.yaml)", () => {
  const results = runAll("seed-loop", { runs: 4 })
  const control = results.get("control")!
  const quiet = results.get("quiet-costs")!
  const extra = (metric: string, epoch: number) => mean(quiet.map((r) => series(r, metric)[epoch]!)) - mean(control.map((r) => series(r, metric)[epoch]!))

  it("30 days into the quiet market, small operators leave: more than in the control, and more than large ones", () => {
    expect(extra("exitRateSmall", 60)).toBeGreaterThan(0.05)
    expect(extra("exitRateSmall", 60)).toBeGreaterThan(extra("exitRateLarge", 60))
    const at60 = (metric: string) => mean(quiet.map((r) => series(r, metric)[60]!))
    expect(at60("exitRateSmall")).toBeGreaterThan(at60("exitRateLarge") + 0.1)
  })
})

describe("thesis 4: demand cycles of growing amplitude (experiments/seed-loop-cycles.yaml)", () => {
  const results = runAll("seed-loop-cycles", { runs: 4 })
  const exits = (kind: string, decision: string, amplitude: number) => meanFinal(results.get(`demand.kind=${kind},operators.decision=${decision},demand.cycleAmplitude=${amplitude}`)!, "operatorExitsTotal")

  it("with a loss streak one good day resets, larger cycles give fewer exits (the artifact the old model showed)", () => {
    expect(exits("exogenous", "streak", 0.75)).toBeLessThan(exits("exogenous", "streak", 0.15))
  })

  it("when operators decide on their expected margin, larger cycles give more exits, with demand as an input and with users", () => {
    expect(exits("exogenous", "expected", 0.75)).toBeGreaterThan(exits("exogenous", "expected", 0.15))
    expect(exits("agents", "expected", 0.75)).toBeGreaterThan(exits("agents", "expected", 0.15))
  })
})
