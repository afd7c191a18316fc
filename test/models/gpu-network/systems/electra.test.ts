/**
 * The electra double-sign rule (slashing/electra.ts, Ethereum's slash_validator) on a hand-built
 * world: the initial penalty and whistleblower reward are effective balance // 4096 in gwei
 * (effective balance: whole tokens), the proposer gets 8/64 of the reward (drawn by stake among
 * the other live validators) and the reporter (outside) the rest, all of it newly minted.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { deriveSeed, Rng } from "../../../../src/engine/Rng.ts"
import { electraSlash } from "../../../../models/gpu-network/systems/slashing/electra.ts"
import { slashing } from "../../../../models/gpu-network/systems/slashing/slashing.ts"
import { totalHoldings } from "../../../../models/gpu-network/world.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

const electra = { slashing: { doubleSignRate: 1, doubleSignRule: "electra" } }

describe("slashing: doubleSignRule electra", () => {
  it("tombstones both validators: the first pays its proposer 8/64 of its reward, the last (no other validator left) pays it all to the reporter", () => {
    const fx = gpuWorld({ params: electra, validators: [{ stake: 4_096 }, { stake: 8_192 }] })
    const w = fx.world
    const outside = w.outside
    const supply = w.ledger.supply
    fx.run(slashing)
    // Validator 0: effective balance 4,096e9 gwei; penalty = reward = 4,096e9 // 4,096 = 1e9 gwei
    // = 1 token; its only other live validator (1) proposes: 1 x 8/64 = 0.125 to its balance,
    // 0.875 to the reporter. Validator 1 (8,192 tokens): penalty = reward = 2 tokens, and with
    // validator 0 gone there is no proposer: all 2 to the reporter.
    expect(w.slashing.tombstoned).toBe(2)
    expect(w.validators.count).toBe(0)
    expect(w.slashing.whistleblowerRewards).toBeCloseTo(1 + 2, 12)
    expect(w.slashing.proposerRewards).toBeCloseTo(0.125, 12)
    expect(w.flows.emission).toBeCloseTo(3, 12)
    // Penalties 1 + 2 = 3, all burned (toTreasury = toWhistleblower = 0 by default).
    expect(w.slashing.slashedTotal).toBeCloseTo(3, 12)
    // Minted 3 (rewards), burned 3 (penalties): the supply is where it was.
    expect(w.ledger.supply - supply).toBeCloseTo(0, 9)
    // Outside gains: reporter 0.875 + 2; unbonded and sold: (4,096 - 1) + (8,192 - 2 + 0.125 proposer reward).
    expect(w.outside - outside).toBeCloseTo(0.875 + 2 + 4_095 + 8_190.125, 9)
    expect(w.flows.soldTokens).toBeCloseTo(4_095 + 8_190.125, 9)
    expect(totalHoldings(w)).toBeCloseTo(w.ledger.supply, 3)
  })

  it("counts whole tokens only, rounding down in gwei as the spec's integer division does", () => {
    const fx = gpuWorld({ params: electra, validators: [{ stake: 4_100.9 }, { stake: 50 }] })
    const w = fx.world
    const penalty = electraSlash(w, new Rng(3), 0)
    // Effective balance floor(4,100.9) = 4,100 tokens = 4,100e9 gwei; 4,100e9 // 4,096 =
    // 1,000,976,562 gwei (the .5 dropped) = 1.000976562 tokens, for the penalty and the reward;
    // the proposer (validator 1, the only other) gets 1,000,976,562 x 8 // 64 = 125,122,070 gwei.
    expect(penalty).toBe(1.000976562)
    expect(w.validators.cols.balance[1]).toBe(0.12512207)
    expect(w.slashing.proposerRewards).toBe(0.12512207)
    expect(w.slashing.whistleblowerRewards).toBeCloseTo(1.000976562, 12)
    // electraSlash only prices the slash: the stake is untouched until the caller settles it.
    expect(w.validators.cols.stake[0]).toBe(4_100.9)
  })

  it("draws the proposer by stake among the other live validators, skipping one with no stake", () => {
    // Validators 1 and 3 hold 1,000 and 3,000 of the 4,000 the others hold (2 holds nothing):
    // with the generator's first draw r, the walk stops at 1 when r x 4,000 < 1,000, else at 3.
    // (Seeds go through deriveSeed: a raw small seed's first draw is ~0.99999, see worldFixture.ts.)
    const picked = [0, 0, 0, 0]
    for (let run = 0; run < 60; run++) {
      const seed = deriveSeed(14, run)
      const fx = gpuWorld({ params: electra, validators: [{ stake: 4_096 }, { stake: 1_000 }, { stake: 0 }, { stake: 3_000 }] })
      const r = new Rng(seed).next()
      electraSlash(fx.world, new Rng(seed), 0)
      const got = [1, 2, 3].filter((k) => fx.world.validators.cols.balance[k]! > 0)
      expect(got).toEqual([r * 4_000 < 1_000 ? 1 : 3])
      picked[got[0]!]!++
    }
    // Both stake holders are drawn at some seed; the empty one never.
    expect(picked[1]).toBeGreaterThan(0)
    expect(picked[3]).toBeGreaterThan(picked[1]!)
    expect(picked[2]).toBe(0)
  })

  it("keeps every token accounted for, whatever the stakes, rate and correlation (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100_000, noNaN: true }), { minLength: 1, maxLength: 6 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        fc.nat(),
        (stakes, rate, correlated, seed) => {
          const fx = gpuWorld({ params: { slashing: { doubleSignRate: rate, doubleSignRule: "electra", correlated } }, validators: stakes.map((stake) => ({ stake })) })
          const w = fx.world
          fx.run(slashing, seed)
          // Minted rewards and burned penalties both pass through the ledger: holdings = supply.
          expect(totalHoldings(w)).toBeCloseTo(w.ledger.supply, 3)
          // A proposer's part is 8/64 of a reward at most.
          expect(w.slashing.proposerRewards).toBeLessThanOrEqual(w.slashing.whistleblowerRewards / 8 + 1e-9)
          expect(w.validators.count + w.slashing.tombstoned).toBe(stakes.length)
        }
      ),
      { numRuns: 100 }
    )
  })
})
