/**
 * The entry system on a hand-built world: candidates arrive (Poisson) and join only when their
 * expected profit, judged from last epoch's revenue per unit at the reference price, is
 * positive, buying their stake from outside holders; a candidate who stays out leaves no trace.
 */
import { describe, expect, it } from "vitest"
import { entry } from "../../../../models/gpu-network/systems/entry.ts"
import { totalHoldings } from "../../../../models/gpu-network/world.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

/** Operators arrive 5 per epoch on average, validators 3; nothing else about them is chosen. */
const arrivals = { operators: { arrivalsPerEpoch: 5, costPerUnitUsd: 1, fixedCostUsd: 0 }, validators: { arrivalsPerEpoch: 3, costUsd: 1 }, market: { capitalCostPerYear: 0 } }

describe("entry", () => {
  it("with no revenue last epoch nobody joins, and the size-class tally is left as it was", () => {
    const fx = gpuWorld({ params: arrivals, operators: [{}] })
    const w = fx.world
    const entered = Array.from(w.totals.classEntered)
    const outside = w.outside
    for (let seed = 1; seed <= 10; seed++) fx.run(entry, seed)
    expect([w.operators.count, w.validators.count]).toEqual([1, 0])
    expect(Array.from(w.totals.classEntered)).toEqual(entered)
    expect(w.outside).toBe(outside)
  })

  it("when revenue per unit dwarfs the costs, every candidate joins, its stake bought from outside holders", () => {
    const fx = gpuWorld({
      params: { ...arrivals, regions: { names: ["a"], operatorShare: [1], demandShare: [1], latencyMs: [[10]] } },
      validators: [{ stake: 1_000 }],
      world: (w) => {
        w.regions.revenuePerUnit[0] = 1e6
        w.lastValidatorEmission = 1e6
      }
    })
    const w = fx.world
    const outside = w.outside
    let joined = 0
    for (let seed = 1; seed <= 10; seed++) {
      fx.run(entry, seed)
      joined = w.operators.count + w.validators.count - 1
    }
    expect(w.flows.operatorJoins).toBe(w.operators.count)
    expect(w.flows.validatorJoins).toBe(w.validators.count - 1)
    // 10 epochs of Poisson(5) and Poisson(3): 80 expected, sd 9; not zero, not absurd.
    expect(joined).toBeGreaterThan(35)
    expect(joined).toBeLessThan(125)
    let stakes = 0
    for (let i = 0; i < w.operators.size; i++) if (w.operators.alive[i] === 1) stakes += w.operators.cols.stake[i]!
    for (let i = 1; i < w.validators.size; i++) if (w.validators.alive[i] === 1) stakes += w.validators.cols.stake[i]!
    // Tens of millions of tokens summed in another order: equal to a relative 1e-12.
    expect(Math.abs(outside - w.outside - stakes)).toBeLessThan(1e-12 * stakes)
    expect(Math.abs(w.flows.boughtTokens - stakes)).toBeLessThan(1e-12 * stakes)
    expect(w.operatorStakes.size).toBe(w.operators.count)
    expect(totalHoldings(w)).toBeCloseTo(w.ledger.supply, 3)
  })

  it("a candidate who cannot buy its stake (outside holders have none) stays out", () => {
    const fx = gpuWorld({
      params: { ...arrivals, regions: { names: ["a"], operatorShare: [1], demandShare: [1], latencyMs: [[10]] } },
      world: (w) => {
        w.treasury += w.outside
        w.outside = 0
        w.regions.revenuePerUnit[0] = 1e6
        w.lastValidatorEmission = 1e6
      }
    })
    for (let seed = 1; seed <= 5; seed++) fx.run(entry, seed)
    expect([fx.world.operators.count, fx.world.validators.count]).toEqual([0, 0])
  })
})
