/**
 * Latency quantiles (routing's p50/p99, recorded by metrics as latencyP50Ms / latencyP99Ms) on
 * a hand-built world: each region's served work sees an exponential latency with its mean
 * (round trip + queueing), the quantiles are those of the mixture weighted by work served,
 * and a region that served nothing does not count, however slow.
 */
import { describe, expect, it } from "vitest"
import { metrics } from "../../../../models/gpu-network/systems/metrics.ts"
import { routing } from "../../../../models/gpu-network/systems/routing.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

const regions = { names: ["a", "b"], operatorShare: [0.5, 0.5], demandShare: [0.5, 0.5], latencyMs: [[10, 100], [100, 20]] }

/** Region-local routing, no coordination cost, one operator of `capacity` per region (none for 0). */
const world = (capacity: readonly [number, number], demand: readonly [number, number]) =>
  gpuWorld({
    params: { regions, routing: { policy: "region-local", serviceMs: 50, maxQueueMs: 5_000 }, coordination: { cost: 0 }, operators: { capacityMin: 1, capacityMax: 1_000 } },
    operators: [0, 1].filter((r) => capacity[r]! > 0).map((r) => ({ capacity: capacity[r]!, served: capacity[r]!, region: r })),
    world: (w) => {
      for (const r of [0, 1]) {
        w.regions.onlineCapacity[r] = capacity[r]!
        w.regions.onlineCount[r] = capacity[r]! > 0 ? 1 : 0
        w.regions.demand[r] = demand[r]!
      }
    }
  })

describe("latency quantiles", () => {
  it("one region served: the exponential's quantiles, mean x ln 2 and mean x ln 100", () => {
    // a: capacity 100, demand 50: utilization 1/2, M/M/1 50 x 0.5 / 0.5 = 50 ms + 10 ms round
    // trip = 60 ms mean. b: demand 10 and no capacity: nothing served, latency 20 + 5,000 (the
    // cap), which must not count.
    const fx = world([100, 0], [50, 10]).run(routing).run(metrics)
    expect(fx.world.regions.latency[1]).toBe(5_020)
    expect(fx.world.regions.served[1]).toBe(0)
    expect(fx.world.routing.latencyP50).toBeCloseTo(60 * Math.LN2, 9)
    expect(fx.world.routing.latencyP99).toBeCloseTo(60 * Math.log(100), 9)
    expect(fx.metric("latencyP50Ms")).toBe(fx.world.routing.latencyP50)
    expect(fx.metric("latencyP99Ms")).toBe(fx.world.routing.latencyP99)
  })

  it("two regions: the quantiles of the mixture weighted by the work each served", () => {
    // a: 60 ms mean as above, 50 served; b: capacity 100, demand 75: utilization 3/4, 50 x 0.75 /
    // 0.25 = 150 ms + 20 = 170 ms mean, 75 served. The mixture's CDF at x is
    // 0.4 (1 - exp(-x / 60)) + 0.6 (1 - exp(-x / 170)); the quantiles are where it is 0.5 and 0.99.
    const fx = world([100, 100], [50, 75]).run(routing).run(metrics)
    expect(Array.from(fx.world.regions.latency)).toEqual([60, 170].map((x) => expect.closeTo(x, 9)))
    const cdf = (x: number) => 0.4 * (1 - Math.exp(-x / 60)) + 0.6 * (1 - Math.exp(-x / 170))
    const p50 = fx.metric("latencyP50Ms")
    const p99 = fx.metric("latencyP99Ms")
    expect(cdf(p50)).toBeCloseTo(0.5, 9)
    expect(cdf(p99)).toBeCloseTo(0.99, 9)
    // Between the two regions' own quantiles: 60 ln 2 = 41.6 < p50 < 170 ln 2 = 117.8.
    expect(p50).toBeGreaterThan(60 * Math.LN2)
    expect(p50).toBeLessThan(170 * Math.LN2)
    // Weighting by work, not by region: with the work swapped (75 served at 60 ms, 50 at 170)
    // the median falls.
    const swapped = world([100, 100], [75, 50]).run(routing).run(metrics)
    // a at 3/4: 150 + 10 = 160 ms, 75 served; b at 1/2: 50 + 20 = 70 ms, 50 served.
    const cdf2 = (x: number) => 0.6 * (1 - Math.exp(-x / 160)) + 0.4 * (1 - Math.exp(-x / 70))
    expect(cdf2(swapped.metric("latencyP50Ms"))).toBeCloseTo(0.5, 9)
  })

  it("nothing served anywhere: no latency to report (0)", () => {
    const fx = world([0, 0], [10, 10]).run(routing).run(metrics)
    expect(fx.world.routing.latencyP50).toBe(0)
    expect(fx.world.routing.latencyP99).toBe(0)
  })
})
