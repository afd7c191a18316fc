/**
 * The inactivity leak (slashing/inactivityLeak.ts, Ethereum's Altair rules) through the slashing
 * system on a hand-built world: while under 2/3 of the operators' capacity is online, an
 * offline operator's score grows 4 a round and it pays stake x score / (4 x 2^24) each round,
 * burned; an online one's score falls 1, and outside a leak every score falls 16 more.
 */
import { describe, expect, it } from "vitest"
import { slashing } from "../../../../models/gpu-network/systems/slashing/slashing.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

const STAKE = 2 ** 24 // tokens: a score of 4 costs exactly 1 token a round

describe("inactivity leak", () => {
  it("half the capacity offline: the offline operator's score goes 4, 8 and it pays 1, then 8 x (2^24 - 1) / 2^26", () => {
    const fx = gpuWorld({ params: { slashing: { inactivityLeak: true, leakRoundsPerEpoch: 2 } }, operators: [{ stake: STAKE, served: 0 }, { stake: STAKE, served: 10 }] })
    const supply = fx.world.ledger.supply
    fx.run(slashing)
    const w = fx.world
    // Round 1: score 4, penalty 2^24 x 4 / 2^26 = 1. Round 2: score 8 on 2^24 - 1 tokens.
    const second = Math.floor(((STAKE - 1) * 1e9 * 8) / 2 ** 26) / 1e9
    expect(w.slashing.inactivity[0]).toBe(8)
    expect(w.operators.cols.stake[0]).toBe(STAKE - 1 - second)
    expect(w.operators.cols.stake[1]).toBe(STAKE)
    expect(w.slashing.inactivity[1]).toBe(0)
    expect(supply - w.ledger.supply).toBeCloseTo(1 + second, 6)
    expect(w.slashing.leakPenalties).toBeCloseTo(1 + second, 6)
  })

  it("no leak while 2/3 of the capacity is online: an offline operator pays nothing, its score recovers 16 a round", () => {
    const fx = gpuWorld({
      params: { slashing: { inactivityLeak: true, leakRoundsPerEpoch: 1 } },
      operators: [{ stake: STAKE, served: 0, capacity: 10 }, { stake: STAKE, served: 20, capacity: 20 }]
    })
    fx.world.slashing.inactivity[0] = 40
    fx.run(slashing)
    // Offline: 40 + 4 = 44, then out of the leak 44 - 16 = 28; the penalty on 28 is still paid.
    expect(fx.world.slashing.inactivity[0]).toBe(28)
    expect(fx.world.operators.cols.stake[0]).toBeCloseTo(STAKE - (STAKE * 28) / 2 ** 26, 6)
  })

  it("an online operator's score falls by 1 (and 16 more outside a leak) and it pays nothing", () => {
    const fx = gpuWorld({ params: { slashing: { inactivityLeak: true } }, operators: [{ stake: STAKE, served: 10 }] })
    fx.world.slashing.inactivity[0] = 20
    fx.run(slashing)
    expect(fx.world.slashing.inactivity[0]).toBe(3)
    expect(fx.world.operators.cols.stake[0]).toBe(STAKE)
  })
})
