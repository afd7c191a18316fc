/**
 * The relocation system on a hand-built world (operators.relocation): each region's expected
 * revenue per capacity unit present, and operators who review their region moving to the best
 * one when the extra revenue over their horizon beats the move cost (paid later, in
 * instalments, by the operators system).
 */
import { describe, expect, it } from "vitest"
import { relocation } from "../../../../models/gpu-network/participation/relocation.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

const regions = { names: ["a", "b"], operatorShare: [0.5, 0.5], demandShare: [0.5, 0.5], latencyMs: [[10, 100], [100, 20]] }

/** Region a: 10 units present, earning $2 per online unit on 5 online; region b: 10 present, $5 on all 10. */
const world = (relocationParams: Record<string, unknown>) =>
  gpuWorld({
    params: { regions, operators: { marginHalfLife: 20, relocation: { enabled: true, reviewRate: 1, horizonEpochs: 10, ...relocationParams } } },
    operators: [
      { region: 0, capacity: 5, uptime: 1 },
      { region: 0, capacity: 5, uptime: 0.5 },
      { region: 1, capacity: 10 },
      { region: 0, capacity: 5, attacker: 1 }
    ],
    world: (w) => {
      w.regions.revenuePerUnit.set([2, 5])
      w.regions.onlineCapacity.set([5, 10])
    }
  })

describe("relocation", () => {
  it("expected revenue per unit present: a earns 2 x 5 / 15 units, b 5 x 10 / 10", () => {
    const fx = world({ moveCostUsd: 1e12 }).run(relocation)
    expect(fx.world.relocation!.revenue[0]).toBeCloseTo(10 / 15, 12)
    expect(fx.world.relocation!.revenue[1]).toBe(5)
    expect(fx.metric("relocations")).toBe(0)
  })

  it("moves an operator when (there - here) x capacity x uptime x horizon beats the move cost", () => {
    // Extra revenue over 10 epochs: (5 - 2/3) x 5 x 1 x 10 = 216.7 for the first, 108.3 at half uptime.
    const fx = world({ moveCostUsd: 150 }).run(relocation)
    const o = fx.world.operators.cols
    expect(Array.from(o.region.subarray(0, 4))).toEqual([1, 0, 1, 0])
    expect(o.pendingCostUsd[0]).toBe(150)
    expect(o.pendingCostUsd[1]).toBe(0)
    expect([fx.metric("relocations"), fx.metric("relocationsTotal")]).toEqual([1, 1])
  })

  it("an attacker's operator never moves; a smoothed region keeps most of its past average", () => {
    const fx = world({ moveCostUsd: 0 })
    fx.world.relocation!.revenue[0] = 100
    fx.world.relocation!.seen[0] = 1
    fx.run(relocation)
    // a's average: half-life operators.marginHalfLife (20) keeps 0.5^(1/20) of 100.
    const keep = Math.pow(0.5, 1 / 20)
    expect(fx.world.relocation!.revenue[0]).toBeCloseTo(keep * 100 + (1 - keep) * (10 / 15), 9)
    // a is now the best region: the operator in b moves there; the attacker's stays in a anyway.
    expect(Array.from(fx.world.operators.cols.region.subarray(0, 4))).toEqual([0, 0, 0, 0])
  })
})
