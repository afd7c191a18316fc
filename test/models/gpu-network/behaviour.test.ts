import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { gpuNetwork } from "../../../models/gpu-network/index.ts"
import { simulate, type RunResult } from "../../../src/engine/Simulation.ts"

const run = (raw: unknown, seed: number, epochs = 200): RunResult => simulate(gpuNetwork, Schema.decodeUnknownSync(gpuNetwork.params)(raw), { epochs, seed })
const series = (r: RunResult, name: string) => r.series[r.metrics.indexOf(name)]!
const last = (r: RunResult, name: string) => series(r, name)[series(r, name).length - 1]!

describe("gpu-network behaviour", () => {
  it("is bit-identical for the same seed and differs for another", () => {
    const a = run({}, 11)
    const b = run({}, 11)
    const c = run({}, 12)
    a.series.forEach((s, i) => expect(Buffer.from(s.buffer).equals(Buffer.from(b.series[i]!.buffer))).toBe(true))
    expect(Array.from(series(a, "price"))).not.toEqual(Array.from(series(c, "price")))
  })

  it("loses operators when they cannot cover costs, and keeps them when they can", () => {
    const calm = { market: { volatility: 0 }, operators: { arrivalsPerEpoch: 0 } }
    const starved = run({ ...calm, demand: { feesUsdPerEpoch: 0 }, token: { emission: { kind: "fixed", perEpoch: 0 } } }, 1)
    const rich = run({ ...calm, demand: { feesUsdPerEpoch: 5_000_000, feeUsdPerUnit: 1_000 } }, 1)
    // No income at all: every operator leaves once its patience (at most 30 epochs) runs out.
    expect(last(starved, "activeOperators")).toBe(0)
    expect(last(starved, "operatorExitsTotal")).toBe(1000)
    // Ample fees for every unit of work: nobody runs at a loss, nobody leaves.
    expect(last(rich, "operatorExitsTotal")).toBe(0)
    expect(last(rich, "activeOperators")).toBe(1000)
  })

  it("attracts entrants while operating is profitable", () => {
    const r = run({ market: { volatility: 0 }, demand: { feesUsdPerEpoch: 2_000_000 }, operators: { arrivalsPerEpoch: 10 } }, 3, 100)
    expect(last(r, "operatorJoinsTotal")).toBeGreaterThan(100)
    expect(last(r, "activeOperators")).toBeGreaterThan(1000)
  })

  it("admits every profitable entrant even when the population outgrows its first allocation", () => {
    // 10 operators start in a table of 64 slots; 300 profitable candidates a epoch must all fit
    // (entry once read columns from before the table grew and turned every later candidate away).
    const r = run({ market: { volatility: 0 }, demand: { feesUsdPerEpoch: 50_000_000 }, operators: { count: 10, arrivalsPerEpoch: 300 } }, 5, 1)
    expect(last(r, "operatorJoinsTotal")).toBeGreaterThan(200)
    expect(last(r, "activeOperators")).toBe(10 + last(r, "operatorJoinsTotal") - last(r, "operatorExitsTotal"))
  })

  it("counts operators per region at the end of the epoch, summing to activeOperators", () => {
    const r = run({ operators: { arrivalsPerEpoch: 5 } }, 4, 60)
    const regions = ["americas", "europe", "asia", "oceania"]
    const total = series(r, "activeOperators")
    expect(series(r, "operatorExits").some((x) => x > 0)).toBe(true)
    for (let e = 0; e < total.length; e++) {
      expect(regions.reduce((sum, g) => sum + series(r, `activeOperators_${g}`)[e]!, 0)).toBe(total[e])
    }
  })

  it("charges light-split's users the distance to the regions their work runs in, not region-local's", () => {
    const near = [
      [20, 90, 160, 150],
      [90, 20, 200, 250],
      [160, 200, 30, 120],
      [150, 250, 120, 25]
    ]
    // Ten times the distance between regions, the same inside each.
    const far = near.map((row, a) => row.map((ms, b) => (a === b ? ms : ms * 10)))
    const at = (policy: string, latencyMs: Array<Array<number>>) =>
      run({ market: { volatility: 0 }, routing: { policy }, regions: { latencyMs } }, 6, 20)
    const splitNear = at("light-split", near)
    const splitFar = at("light-split", far)
    // Spread over every region, most work runs away from its users: p50 grows by most of the added distance.
    expect(last(splitFar, "latencyP50Ms") - last(splitNear, "latencyP50Ms")).toBeGreaterThan(500)
    // Region-local work never leaves its region: the distance between regions changes nothing.
    expect(Array.from(series(at("region-local", far), "latencyP50Ms"))).toEqual(Array.from(series(at("region-local", near), "latencyP50Ms")))
  })

  it("reports the failure of an impossible initial state clearly", () => {
    expect(() => run({ token: { initialSupply: 1000, initialTreasury: 0 } }, 1, 1)).toThrow(/exceed token.initialSupply/)
  })
})

describe("gpu-network edge cases found by property tests", () => {
  it("keeps a finite price when demand is subnormal (7.4e-322 USD) and the operator share tiny", () => {
    const r = run(
      {
        operators: { count: 1, arrivalsPerEpoch: 0, sellFraction: 0, fixedCostUsd: 0, capacityAlpha: 0.8 },
        validators: { count: 0, arrivalsPerEpoch: 0, costUsd: 0, sellFraction: 0 },
        market: { volatility: 0, drift: 0, liquidityUsd: 10000, regimes: [] },
        demand: { feesUsdPerEpoch: 7.4e-322, growthPerEpoch: 0, shockRate: 0 },
        routing: { policy: "largest-first" },
        coordination: { law: "linear", cost: 0 },
        token: { emission: { kind: "fixed", perEpoch: 4999999.999999982 }, operatorShare: 5.32907051820077e-22, validatorShare: 0 }
      },
      0,
      2
    )
    for (const v of series(r, "price")) expect(Number.isFinite(v) && v > 0).toBe(true)
  })
})
