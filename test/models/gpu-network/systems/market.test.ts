/**
 * The market system on a hand-built world: last epoch's order flow moves the price against the
 * market's depth (a constant-product pool's response), a recorded price path replaces the random
 * part, the reference price follows with its half-life, and this epoch's flows start from zero.
 */
import { describe, expect, it } from "vitest"
import { depthTokens, market } from "../../../../models/gpu-network/systems/market.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

describe("market", () => {
  it("replays a price path: the path's log-return plus the impact ln((L + bought) / (L + sold))", () => {
    const params = { market: { pricePath: [1, 1.1, 1.21, 1.5], liquidityUsd: 1_000_000, initialPrice: 1, referenceHalfLife: 5 } }
    const fx = gpuWorld({ params, epoch: 2, price: 1.1 })
    fx.world.flows.boughtTokens = 100_000
    fx.world.flows.soldTokens = 300_000
    fx.run(market)
    // Depth 1,000,000 tokens (liquidity / initial price).
    const L = 1_000_000
    expect(depthTokens(fx.params, 2)).toBe(L)
    const expected = 1.1 * (1.21 / 1.1) * ((L + 100_000) / (L + 300_000))
    expect(fx.world.price).toBeCloseTo(expected, 12)
    const keep = Math.pow(0.5, 1 / 5)
    expect(fx.world.referencePrice).toBeCloseTo(keep * 1.1 + (1 - keep) * expected, 12)
  })

  it("a regime's depth multiplier thins the market: the same sale moves the price more", () => {
    const path = { pricePath: [1, 1, 1], liquidityUsd: 1_000_000, initialPrice: 1 }
    const moved = (regimes: ReadonlyArray<unknown>) => {
      const fx = gpuWorld({ params: { market: { ...path, regimes } }, epoch: 1, price: 1 })
      fx.world.flows.soldTokens = 100_000
      fx.run(market)
      return fx.world.price
    }
    expect(moved([])).toBeCloseTo(1_000_000 / 1_100_000, 12)
    expect(moved([{ from: 0, regime: "quiet-illiquid" }])).toBeCloseTo(150_000 / 250_000, 12)
  })

  it("resets this epoch's flows and counts who is there at the start", () => {
    const fx = gpuWorld({ operators: [{}, {}], validators: [{}], epoch: 3 })
    Object.assign(fx.world.flows, { operatorJoins: 2, operatorExits: 1, soldTokens: 5, boughtTokens: 6, emission: 7, feesUsd: 8, unlocked: 9 })
    fx.run(market)
    const f = fx.world.flows
    expect([f.operatorJoins, f.operatorExits, f.soldTokens, f.boughtTokens, f.emission, f.feesUsd, f.unlocked]).toEqual([0, 0, 0, 0, 0, 0, 0])
    expect([f.operatorsAtStart, f.validatorsAtStart]).toEqual([2, 1])
  })

  it("leaves the price alone at epoch 0", () => {
    const fx = gpuWorld({ price: 2.5 })
    fx.world.flows.soldTokens = 1e9
    fx.run(market)
    expect(fx.world.price).toBe(2.5)
  })
})
