/**
 * The pay system on a hand-built ai-verification world: emission pays accepted work by its
 * miner weight and validators by their share, rejected work's bond is slashed (burned) and
 * re-bonded from outside when under half, and a poisoner whose work passed pays the colluding
 * validators their cut. The verdicts (accepted, minerWeight, validatorShare) are set by hand, as
 * verify would leave them.
 */
import { describe, expect, it } from "vitest"
import { pay } from "../../../../models/ai-verification/systems/pay.ts"
import { COLLUDING, totalHoldings, type VerificationWorld } from "../../../../models/ai-verification/world.ts"
import { verificationWorld } from "../../../support/verificationWorld.ts"

const verdicts = (accepted: ReadonlyArray<number>, weight: ReadonlyArray<number>, shares: ReadonlyArray<number>) => (w: VerificationWorld) => {
  w.accepted.set(accepted)
  w.minerWeight.set(weight)
  w.validatorShare.set(shares)
}
const token = { emissionPerEpoch: 1_000, minerShare: 0.6, price: 2 }

describe("pay", () => {
  it("pays the miner pool by weight over accepted work and the validator pool by share; mints both", () => {
    const fx = verificationWorld({
      params: { token, verification: { slashFraction: 0.6 }, contributors: { bond: 100, cost: 1 } },
      contributors: [{}, {}, {}],
      validators: [{ stake: 300 }, { stake: 100 }],
      world: verdicts([1, 1, 0], [1, 3, 0], [0.75, 0.25])
    })
    const supply = fx.world.ledger.supply
    fx.run(pay)
    const w = fx.world
    const c = w.contributors.cols
    expect([c.balance[0], c.balance[1], c.balance[2]]).toEqual([150, 450, 0])
    expect([w.validators.cols.balance[0], w.validators.cols.balance[1]]).toEqual([300, 100])
    // Minted 1,000; the rejected contributor's bond lost 60% (60, burned): under half, bought back up to 100.
    expect(w.ledger.supply).toBe(supply + 1_000 - 60)
    expect(c.stake[2]).toBe(100)
    expect(w.slashedTotal).toBe(60)
    expect(w.rewardPerAccepted).toBe(300)
    // Honest profit per contributor: (150 x 2 - 1 + 450 x 2 - 1 + (0 - 1 - 60 x 2)) / 3.
    expect(w.honestProfitEpoch).toBeCloseTo((299 + 899 - 121) / 3, 9)
    expect(totalHoldings(w)).toBeCloseTo(w.ledger.supply, 6)
  })

  it("re-bonds only a bond under half its size (60 of 100 stays as it is)", () => {
    const fx = verificationWorld({
      params: { token, verification: { slashFraction: 0.4 }, contributors: { bond: 100 } },
      contributors: [{}],
      validators: [{}],
      world: verdicts([0], [0], [1])
    })
    const outside = fx.world.outside
    fx.run(pay)
    expect(fx.world.contributors.cols.stake[0]).toBe(60)
    expect(fx.world.outside).toBe(outside)
  })

  it("a poisoner whose work passed pays colluding validators cartelCut of its reward, by their stake; its books are in USD", () => {
    const fx = verificationWorld({
      params: { token, validators: { cartelCut: 0.5 }, contributors: { poisonCost: 0.2 } },
      contributors: [{ poisoned: 1, quality: 0.05 }, {}],
      validators: [{ stake: 100, kind: COLLUDING }, { stake: 300, kind: COLLUDING }, { stake: 600 }],
      world: verdicts([1, 1], [1, 1], [0.1, 0.3, 0.6])
    })
    fx.run(pay)
    const w = fx.world
    // Each accepted contribution earns 300; the poisoner hands 150 to the colluders, 1:3.
    expect(w.contributors.cols.balance[0]).toBe(150)
    expect(w.cartelTake).toBe(150)
    expect(w.validators.cols.balance[0]).toBeCloseTo(37.5 + 40, 9)
    expect(w.validators.cols.balance[1]).toBeCloseTo(112.5 + 120, 9)
    expect(w.validators.cols.balance[2]).toBeCloseTo(240, 9)
    expect(w.poisonRevenue).toBe(300)
    expect(w.poisonCost).toBeCloseTo(0.2, 12)
  })

  it("a rejected poisoner is detected at this epoch (the first time only)", () => {
    const fx = verificationWorld({ params: { token }, contributors: [{ poisoned: 1, quality: 0.05 }], validators: [{}], epoch: 4, world: verdicts([0], [0], [1]) })
    fx.run(pay)
    expect(fx.world.poisonDetectedAt).toBe(4)
    fx.world.epoch = 5
    fx.run(pay)
    expect(fx.world.poisonDetectedAt).toBe(4)
  })
})
