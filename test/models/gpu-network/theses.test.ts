/**
 * The seed thesis, checked on the experiments users run (experiments/*.yaml), with numbers:
 * (1) coordination-scaling, (2) quiet-drawdown, (3) regional-imbalance. See docs/scenarios.md.
 */
import { readFileSync } from "node:fs"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { models } from "../../../src/experiment/ModelRegistry.ts"
import { simulate, type RunResult } from "../../../src/engine/Simulation.ts"
import { decodeExperiment, type EnvelopeOverrides } from "../../../src/experiment/Decode.ts"
import { planRuns, type RunSpec } from "../../../src/experiment/Plan.ts"
import { ROOT } from "../../support/cli.ts"

const load = (name: string, overrides: EnvelopeOverrides = {}) => {
  const r = decodeExperiment(name, readFileSync(`${ROOT}experiments/${name}.yaml`, "utf8"), overrides)
  if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

/** Run every spec; results by scenario label. */
const runAll = (name: string, overrides: EnvelopeOverrides = {}) => {
  const exp = load(name, overrides)
  const model = models[exp.envelope.model]!
  const out = new Map<string, Array<RunResult>>()
  for (const spec of planRuns(exp) as ReadonlyArray<RunSpec>) {
    const r = simulate(model, spec.params, { epochs: exp.envelope.epochs, seed: spec.seed })
    out.set(spec.label, [...(out.get(spec.label) ?? []), r])
  }
  return out
}

const series = (r: RunResult, metric: string) => {
  const i = r.metrics.indexOf(metric)
  if (i < 0) throw new Error(`no metric ${metric}`)
  return r.series[i]!
}
const final = (r: RunResult, metric: string) => series(r, metric)[series(r, metric).length - 1]!
const meanOf = (xs: ReadonlyArray<number>) => xs.reduce((a, b) => a + b, 0) / xs.length
const meanFinal = (runs: ReadonlyArray<RunResult>, metric: string) => meanOf(runs.map((r) => final(r, metric)))
/** Mean over runs of the metric's mean over epochs. */
const meanOverTime = (runs: ReadonlyArray<RunResult>, metric: string) => meanOf(runs.map((r) => meanOf(Array.from(series(r, metric)))))

describe("thesis 1: coordination overhead outgrows useful work (experiments/coordination-scaling.yaml)", () => {
  const results = runAll("coordination-scaling", { runs: 2 })
  const eff = (policy: string, n: number) => meanFinal(results.get(`routing.policy=${policy},operators.count=${n}`)!, "coordinationEfficiency")
  const useful = (policy: string, n: number) => meanFinal(results.get(`routing.policy=${policy},operators.count=${n}`)!, "usefulThroughput")

  it("under largest-first and a quadratic law, efficiency falls as the network grows and useful throughput peaks", () => {
    const sizes = [250, 1000, 2000, 4000]
    const e = sizes.map((n) => eff("largest-first", n))
    for (let i = 1; i < e.length; i++) expect(e[i]!).toBeLessThan(e[i - 1]!)
    expect(e[0]!).toBeGreaterThan(0.85)
    expect(e[3]!).toBeLessThan(0.1)
    const u = sizes.map((n) => useful("largest-first", n))
    const peak = u.indexOf(Math.max(...u))
    expect(peak).toBeGreaterThan(0)
    expect(peak).toBeLessThan(sizes.length - 1)
  })

  it("under light-split the efficiency holds as the network grows, and useful throughput keeps rising", () => {
    const e = [250, 1000, 2000, 4000].map((n) => eff("light-split", n))
    expect(Math.max(...e) - Math.min(...e)).toBeLessThan(0.01)
    expect(Math.min(...e)).toBeGreaterThan(0.98)
    expect(useful("light-split", 4000)).toBeGreaterThan(3 * useful("light-split", 1000))
  })
})

describe("thesis 2: a drawdown into a quiet market pushes small operators out first (experiments/quiet-drawdown.yaml)", () => {
  const results = runAll("quiet-drawdown", { runs: 4 })
  const runs = results.get("drawdown")!
  const calm = results.get("calm")!

  it("is a real drawdown", () => {
    for (const r of runs) expect(final(r, "price")).toBeLessThan(0.5 * series(r, "price")[0]!)
  })

  it("small operators' exit rate exceeds large operators', in every run", () => {
    for (const r of runs) expect(final(r, "exitRateSmall")).toBeGreaterThan(final(r, "exitRateLarge"))
    expect(meanFinal(runs, "exitRateSmall")).toBeGreaterThan(meanFinal(runs, "exitRateLarge") + 0.05)
  })

  it("the operators' Nakamoto coefficient falls", () => {
    for (const r of runs) expect(final(r, "operatorNakamoto")).toBeLessThan(series(r, "operatorNakamoto")[0]!)
  })

  it("is the drawdown's doing: on the same seeds in a calm market, fewer small operators leave and stake stays more spread", () => {
    runs.forEach((r, i) => {
      expect(final(r, "exitRateSmall"), `run ${i}`).toBeGreaterThan(final(calm[i]!, "exitRateSmall"))
      expect(final(r, "operatorNakamoto"), `run ${i}`).toBeLessThan(final(calm[i]!, "operatorNakamoto"))
    })
    expect(meanFinal(runs, "exitRateSmall")).toBeGreaterThan(meanFinal(calm, "exitRateSmall") + 0.3)
  })
})

describe("thesis 3: uneven regional demand under region-local routing (experiments/regional-imbalance.yaml)", () => {
  const results = runAll("regional-imbalance", { runs: 3 })
  const local = results.get("region-local")!
  const split = results.get("light-split")!

  it("overloads the busy region while another idles", () => {
    expect(meanOverTime(local, "dropped_americas")).toBeGreaterThan(0.3)
    expect(meanOverTime(local, "utilization_americas")).toBeGreaterThan(0.95)
    expect(meanOverTime(local, "utilization_asia")).toBeLessThan(0.5)
  })

  it("light-split serves most of that demand from the idle regions", () => {
    expect(meanOverTime(split, "dropped_americas")).toBeLessThan(0.1)
    expect(meanOverTime(split, "utilization_asia")).toBeGreaterThan(0.8)
    expect(meanOverTime(split, "droppedWork")).toBeLessThan(0.25 * meanOverTime(local, "droppedWork"))
  })
})
