/**
 * The slashing system on a hand-built world: downtime (Cosmos x/slashing: a signing round per
 * epoch), double signing (tombstoned, fraction rule) and where every slash goes (settle:
 * treasury, whistleblower outside, the rest burned).
 */
import { describe, expect, it } from "vitest"
import { slashing } from "../../../../models/gpu-network/systems/slashing/slashing.ts"
import { totalHoldings } from "../../../../models/gpu-network/world.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

describe("slashing: downtime", () => {
  // Window 4, at least half signed: at most 4 - 2 = 2 missed rounds in the last 4.
  const params = { slashing: { downtime: true, signedWindow: 4, minSignedPerWindow: 0.5, downtimeFraction: 0.1, jailEpochs: 3, toTreasury: 0.25, toWhistleblower: 0.25 } }

  it("slashes and jails an operator offline every round once its first window is over, then not while jailed", () => {
    const fx = gpuWorld({ params, operators: [{ stake: 1_000, served: 0 }, { stake: 1_000, served: 10 }] })
    const w = fx.world
    const treasury = w.treasury
    const outside = w.outside
    const supply = w.ledger.supply
    const jailedAt: Array<number> = []
    for (let e = 0; e < 8; e++) {
      w.epoch = e
      const before = w.slashing.jailings
      fx.run(slashing)
      if (w.slashing.jailings > before) jailedAt.push(e)
    }
    // Rounds 0-3 fill the window (grace); round 4 is the 5th seen with 4 missed > 2: slashed and
    // jailed until 4 + 3 = 7; rounds 5 and 6 are skipped (jailed); round 7 starts a new window.
    expect(jailedAt).toEqual([4])
    expect(w.slashing.signing.jailedUntil[0]).toBe(7)
    expect(w.operators.cols.stake[0]).toBeCloseTo(900, 9)
    expect(w.operators.cols.stake[1]).toBe(1_000)
    // 100 slashed: a quarter to the treasury, a quarter to the outside reporter, half burned.
    expect(w.treasury - treasury).toBeCloseTo(25, 9)
    expect(w.outside - outside).toBeCloseTo(25, 9)
    expect(supply - w.ledger.supply).toBeCloseTo(50, 9)
    expect(w.slashing.slashedTotal).toBeCloseTo(100, 9)
    expect(totalHoldings(w)).toBeCloseTo(w.ledger.supply, 3)
    // The sorted stake index follows the slash.
    expect(Array.from(w.operatorStakes.values.subarray(0, 2)).sort((a, b) => a - b)).toEqual([900, 1_000])
  })

  it("an operator online half the rounds is never slashed (2 missed of 4 is allowed)", () => {
    const fx = gpuWorld({ params, operators: [{ stake: 1_000 }] })
    for (let e = 0; e < 20; e++) {
      fx.world.epoch = e
      fx.world.operators.cols.served[0] = e % 2 === 0 ? 10 : 0
      fx.run(slashing)
    }
    expect(fx.world.slashing.jailings).toBe(0)
    expect(fx.world.operators.cols.stake[0]).toBe(1_000)
  })
})

describe("slashing: double signing", () => {
  it("doubleSignRate 1 tombstones every validator: doubleSignFraction burned, the rest unbonded and sold", () => {
    const fx = gpuWorld({ params: { slashing: { doubleSignRate: 1, doubleSignRule: "fraction", doubleSignFraction: 0.05 } }, validators: [{ stake: 2_000, balance: 10 }, { stake: 4_000 }] })
    const w = fx.world
    const outside = w.outside
    const supply = w.ledger.supply
    fx.run(slashing)
    expect(w.validators.count).toBe(0)
    expect(w.slashing.tombstoned).toBe(2)
    expect(w.flows.validatorExits).toBe(2)
    expect(supply - w.ledger.supply).toBeCloseTo(300, 9)
    expect(w.outside - outside).toBeCloseTo(1_900 + 10 + 3_800, 9)
    expect(w.flows.soldTokens).toBeCloseTo(5_710, 9)
    expect(totalHoldings(w)).toBeCloseTo(w.ledger.supply, 3)
  })

  it("doubleSignRate 0 touches nobody", () => {
    const fx = gpuWorld({ validators: [{ stake: 2_000 }] })
    fx.run(slashing)
    expect(fx.world.validators.count).toBe(1)
    expect(fx.world.slashing.slashedTotal).toBe(0)
  })
})
