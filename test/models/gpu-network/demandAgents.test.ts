/**
 * Demand as agents: the choice formulas (reference values), their invariants (fast-check), and
 * the user population's response to what the network delivers, each against a control on the
 * same seed.
 */
import * as Schema from "effect/Schema"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { bassHazard, generalizedCost, logitChoice, volatilityMultiplier } from "../../../models/gpu-network/demand/choice.ts"
import { failedShare } from "../../../models/gpu-network/demand/demandAgents.ts"
import { gpuNetwork } from "../../../models/gpu-network/index.ts"
import { simulate, type RunResult } from "../../../src/engine/Simulation.ts"

const run = (raw: Record<string, unknown>, seed: number, epochs = 60): RunResult => simulate(gpuNetwork, Schema.decodeUnknownSync(gpuNetwork.params)(raw), { epochs, seed })
const series = (r: RunResult, name: string) => {
  const i = r.metrics.indexOf(name)
  if (i < 0) throw new Error(`no metric ${name}`)
  return r.series[i]!
}
const last = (r: RunResult, name: string) => series(r, name)[series(r, name).length - 1]!
const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0)

describe("choice formulas", () => {
  it("logit: equal costs split evenly; a gap of scale x ln 3 gives 1/4 to the dearer option", () => {
    expect(logitChoice(50, 50, 10)).toBe(0.5)
    expect(logitChoice(10 + 10 * Math.log(3), 10, 10)).toBeCloseTo(0.25, 12)
    expect(logitChoice(1e6, 0, 1)).toBe(0)
    expect(logitChoice(1, 2, 0)).toBe(1)
  })

  it("logit is a probability, complementary and falling in its own cost", () => {
    const cost = fc.double({ min: -1e4, max: 1e4, noNaN: true })
    fc.assert(
      fc.property(cost, cost, fc.double({ min: 0.01, max: 1e3, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (a, b, s, d) => {
        const p = logitChoice(a, b, s)
        expect(p).toBeGreaterThanOrEqual(0)
        expect(p).toBeLessThanOrEqual(1)
        expect(p + logitChoice(b, a, s)).toBeCloseTo(1, 9)
        expect(logitChoice(a + d, b, s)).toBeLessThanOrEqual(p)
      })
    )
  })

  it("Bass hazard is p + qF, clipped to [0, 1]", () => {
    expect(bassHazard(0.03, 0.38, 0.5)).toBeCloseTo(0.22, 12) // Bass (1969)-style coefficients
    expect(bassHazard(0.5, 2, 1)).toBe(1)
  })

  it("volatility mark-up is 1 + aversion x sigma x sqrt(horizon)", () => {
    expect(volatilityMultiplier(0.03, 30, 1)).toBeCloseTo(1 + 0.03 * Math.sqrt(30), 12)
    expect(volatilityMultiplier(0.03, 30, 0)).toBe(1)
  })

  it("generalized cost adds failed share x failure cost and the value of mean(p50, p99) seconds", () => {
    expect(generalizedCost(100, 0.1, 300, 200, 1800, 20)).toBeCloseTo(100 + 30 + 20, 12)
  })
})

describe("demand.kind agents", () => {
  it("records the users' metrics, and only under agents", () => {
    const exo = run({}, 1, 5)
    expect(exo.metrics).not.toContain("demandUsers")
    const r = run({ demand: { kind: "agents" } }, 1, 5)
    for (const m of ["demandUsers", "churnedUsers", "adoptedUsers", "servedShare", "volatilityPremium"]) expect(r.metrics).toContain(m)
    expect(series(r, "demandUsers")[0]).toBeGreaterThan(0)
  })

  it("is bit-identical for the same seed", () => {
    const a = run({ demand: { kind: "agents" } }, 3)
    const b = run({ demand: { kind: "agents" } }, 3)
    a.series.forEach((s, i) => expect(Buffer.from(s.buffer).equals(Buffer.from(b.series[i]!.buffer))).toBe(true))
  })

  it("fees are an output: users leave for a cheaper alternative and fees fall with them (control: the default alternative)", () => {
    const control = run({ demand: { kind: "agents" } }, 5)
    const cheap = run({ demand: { kind: "agents", agents: { altPriceUsd: 60 } } }, 5)
    expect(last(cheap, "demandUsers")).toBeLessThan(0.5 * last(control, "demandUsers"))
    expect(sum(series(cheap, "feesUsd"))).toBeLessThan(0.6 * sum(series(control, "feesUsd")))
    expect(sum(series(cheap, "adoptedUsers"))).toBeLessThan(sum(series(control, "adoptedUsers")))
  })

  it("users adopt when the alternative is dear, by word of mouth faster than by outside news alone", () => {
    const base = { kind: "agents", agents: { altPriceUsd: 400, initialShare: 0.05 } }
    const mouth = run({ demand: base }, 6)
    const newsOnly = run({ demand: { ...base, agents: { ...base.agents, bassQ: 0 } } }, 6)
    expect(last(mouth, "demandUsers")).toBeGreaterThan(2 * series(mouth, "demandUsers")[0]!)
    expect(last(mouth, "demandUsers")).toBeGreaterThan(last(newsOnly, "demandUsers"))
  })

  it("a volatile token costs users: the volatility premium rises and fewer users stay (control: a calm token)", () => {
    const calm = run({ market: { volatility: 0.005 }, demand: { kind: "agents" } }, 8, 90)
    const wild = run({ market: { volatility: 0.12 }, demand: { kind: "agents" } }, 8, 90)
    expect(last(wild, "volatilityPremium")).toBeGreaterThan(3 * last(calm, "volatilityPremium"))
    expect(sum(series(wild, "demandUsers"))).toBeLessThan(sum(series(calm, "demandUsers")))
  })

  it("keeps the exogenous default when demand.kind is exogenous (agents' fields are inert)", () => {
    const a = run({}, 9, 40)
    const b = run({ demand: { kind: "exogenous", agents: { users: 7, altPriceUsd: 1 } } }, 9, 40)
    a.series.forEach((s, i) => expect(Buffer.from(s.buffer).equals(Buffer.from(b.series[i]!.buffer))).toBe(true))
  })
})

describe("failedShare: the users' reliability input", () => {
  const regions = (dropped: number, failedWork?: number) => ({
    count: 1,
    demand: Float64Array.of(100),
    dropped: Float64Array.of(dropped),
    latency: Float64Array.of(0),
    latencyMs: Float64Array.of(0),
    demandShare: Float64Array.of(1),
    ...(failedWork !== undefined ? { failedWork: Float64Array.of(failedWork) } : {})
  })
  it("is dropped work over demand, plus served work that failed (found poisoned) when the world reports it, capped at 1", () => {
    expect(failedShare(regions(10), 0)).toBeCloseTo(0.1, 12)
    expect(failedShare(regions(10, 15), 0)).toBeCloseTo(0.25, 12)
    expect(failedShare(regions(90, 40), 0)).toBe(1)
  })
})
