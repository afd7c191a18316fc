/**
 * The metrics system on a hand-built world: what it records for the epoch, read back by name
 * and compared with the value worked out from the world's columns and books.
 */
import { describe, expect, it } from "vitest"
import { metrics } from "../../../../models/gpu-network/systems/metrics.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

const regions = { names: ["north", "south"], operatorShare: [0.5, 0.5], demandShare: [0.5, 0.5], latencyMs: [[10, 100], [100, 20]] }

describe("metrics", () => {
  it("counts, size classes, stake concentration and the staked ratio from the columns", () => {
    // Capacities 5 and 3 (small: under 10), 20 (medium), 80 (large: from 50); stakes 500, 0, 300, 200.
    const fx = gpuWorld({
      params: { regions, operators: { smallBelow: 10, largeFrom: 50 }, token: { initialSupply: 10_000, initialTreasury: 0 }, nakamotoThreshold: 0.5 },
      operators: [
        { capacity: 5, stake: 500, region: 0 },
        { capacity: 3, stake: 0, region: 0 },
        { capacity: 20, stake: 300, region: 1 },
        { capacity: 80, stake: 200, region: 1 }
      ],
      validators: [{ stake: 1_000 }, { stake: 3_000 }],
      epoch: 2
    }).run(metrics)
    expect(fx.metric("activeOperators")).toBe(4)
    expect([fx.metric("activeSmall"), fx.metric("activeMedium"), fx.metric("activeLarge")]).toEqual([2, 1, 1])
    expect(fx.metric("activeOperators_north")).toBe(2)
    expect(fx.metric("activeOperators_south")).toBe(2)
    expect(fx.metric("activeValidators")).toBe(2)
    // Nakamoto at 1/2: the largest stake alone holds exactly 1/2, not more; two hold 0.8.
    expect(fx.metric("operatorNakamoto")).toBe(2)
    // HHI: 0.5^2 + 0.3^2 + 0.2^2.
    expect(fx.metric("operatorHHI")).toBeCloseTo(0.38, 12)
    // Validators: 3,000 of 4,000 is over 1/2 alone.
    expect(fx.metric("validatorNakamoto")).toBe(1)
    expect(fx.metric("stakedRatio")).toBeCloseTo(5_000 / 10_000, 12)
    expect(fx.metric("supply")).toBe(10_000)
  })

  it("churn, exit rates by class and flows from the books", () => {
    const fx = gpuWorld({
      operators: [{}, {}, {}, {}],
      world: (w) => {
        w.flows.operatorsAtStart = 5
        w.flows.operatorExits = 1
        w.flows.emission = 1_000
        w.flows.feesUsd = 321
        w.totals.classExits[1] = 1
        w.totals.classEntered[1] = 4
      }
    }).run(metrics)
    expect(fx.metric("operatorChurnRate")).toBe(1 / 5)
    expect(fx.metric("exitRateMedium")).toBe(1 / 4)
    expect(fx.metric("exitRateSmall")).toBe(0)
    expect(fx.metric("feesUsd")).toBe(321)
    // Annualized: 1,000 x epochsPerYear (365) / supply (1e9 by default).
    expect(fx.metric("inflationAnnualized")).toBeCloseTo((1_000 * 365) / 1e9, 15)
  })

  it("routing's results: efficiency, dropped share and utilization per region", () => {
    const fx = gpuWorld({
      params: { regions },
      world: (w) => {
        Object.assign(w.routing, { totalDemand: 120, usefulWork: 90, totalOverhead: 10, dropped: 30 })
        w.regions.onlineCapacity.set([60, 40])
        w.regions.work.set([45, 40])
        w.regions.demand.set([80, 40])
        w.regions.dropped.set([30, 0])
      }
    }).run(metrics)
    expect(fx.metric("coordinationEfficiency")).toBe(0.9)
    expect(fx.metric("onlineCapacity")).toBe(100)
    expect(fx.metric("droppedWork")).toBe(30)
    expect(fx.metric("utilization_north")).toBe(0.75)
    expect(fx.metric("dropped_north")).toBe(30 / 80)
    expect(fx.metric("utilization_south")).toBe(1)
  })
})
