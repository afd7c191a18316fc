/**
 * The demand system on a hand-built world: the work wanted per region this epoch from the fee
 * base (grown, or replayed from a series), the regional cycle and shocks.
 */
import { describe, expect, it } from "vitest"
import { demand } from "../../../../models/gpu-network/systems/demand.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

const regions = { names: ["a", "b"], operatorShare: [0.5, 0.5], demandShare: [0.75, 0.25], latencyMs: [[10, 100], [100, 20]] }
const calm = { cycleAmplitude: 0, shockRate: 0 }

describe("demand", () => {
  it("without cycle or shocks: fees / fee per unit, split by the regions' demand shares", () => {
    const fx = gpuWorld({ params: { regions, demand: { ...calm, feesUsdPerEpoch: 10_000, feeUsdPerUnit: 50 } } })
    fx.run(demand)
    expect(Array.from(fx.world.regions.demand)).toEqual([150, 50])
  })

  it("grows the fee base by growthPerEpoch each epoch after the first", () => {
    const fx = gpuWorld({ params: { regions, demand: { ...calm, feesUsdPerEpoch: 10_000, feeUsdPerUnit: 50, growthPerEpoch: 0.1 } }, epoch: 3 })
    fx.run(demand)
    expect(fx.world.feesUsd).toBeCloseTo(11_000, 9)
    expect(fx.world.regions.demand[0]).toBeCloseTo(165, 9)
  })

  it("replays a demand series while it lasts", () => {
    const fx = gpuWorld({ params: { regions, demand: { ...calm, series: [100, 200, 400], feeUsdPerUnit: 1, growthPerEpoch: 0.5 } }, epoch: 2 })
    fx.run(demand)
    expect(fx.world.feesUsd).toBe(400)
    expect(Array.from(fx.world.regions.demand)).toEqual([300, 100])
  })

  it("the cycle moves each region's demand by up to cycleAmplitude, phase-shifted by region", () => {
    const fx = gpuWorld({ params: { regions, demand: { shockRate: 0, cycleAmplitude: 0.2, cyclePeriod: 8, feesUsdPerEpoch: 100, feeUsdPerUnit: 1 } }, epoch: 2 })
    fx.run(demand)
    // Epoch 2 of 8: angle pi/2; region b is half a turn (2 pi / 2 regions) on: sin = -1.
    expect(fx.world.regions.demand[0]).toBeCloseTo(75 * 1.2, 9)
    expect(fx.world.regions.demand[1]).toBeCloseTo(25 * 0.8, 9)
  })

  it("a shock decays geometrically by shockDecay", () => {
    const fx = gpuWorld({ params: { regions, demand: { cycleAmplitude: 0, shockRate: 0, shockDecay: 0.5, feesUsdPerEpoch: 100, feeUsdPerUnit: 1 } } })
    fx.world.regions.shock[0] = 0.4
    fx.run(demand)
    expect(fx.world.regions.shock[0]).toBeCloseTo(0.2, 12)
    expect(fx.world.regions.demand[0]).toBeCloseTo(75 * 1.2, 9)
  })
})
