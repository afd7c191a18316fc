/**
 * Yuma verification (verification/yumaRound.ts, run by the verify system) on a hand-built
 * world with exact checks (noise 0, rate 1): each validator's weights are its scores (0 under
 * the threshold), Yuma's stake-weighted median keeps what a majority of stake supports, miners
 * under rejectShare / n incentive are rejected, and a lazy validator copies the consensus it
 * can see without checking.
 */
import { describe, expect, it } from "vitest"
import { verify } from "../../../../models/ai-verification/systems/verification/verify.ts"
import { COLLUDING, LAZY } from "../../../../models/ai-verification/world.ts"
import { verificationWorld } from "../../../support/verificationWorld.ts"

const params = { verification: { strategy: "yuma", rate: 1, threshold: 0.4 }, validators: { noise: 0, checkCost: 0.5 }, yuma: { kappa: 0.5, rejectShare: 0.25 } }
/** Good work at 0.9 and 0.6, poison at 0.05. */
const work = [{ quality: 0.9 }, { quality: 0.05, poisoned: 1 }, { quality: 0.6 }]

describe("yuma verification", () => {
  it("honest exact validators: incentive is the work's normalized score; poison (score under the threshold) is rejected", () => {
    const fx = verificationWorld({ params, contributors: work, validators: [{ stake: 100 }, { stake: 300 }] }).run(verify)
    const w = fx.world
    expect(Array.from(w.weights)).toEqual([0.9, 0, 0.6, 0.9, 0, 0.6])
    expect(Array.from(w.accepted)).toEqual([1, 0, 1])
    expect(w.minerWeight[0]).toBeCloseTo(0.9 / 1.5, 9)
    expect(w.minerWeight[2]).toBeCloseTo(0.6 / 1.5, 9)
    // Two identical validators: dividends in proportion to stake.
    expect(w.validatorShare[0]).toBeCloseTo(0.25, 9)
    expect(w.checks).toBe(6)
  })

  it("colluders with under half the stake: the median clips their weight on poison, which is still rejected", () => {
    const fx = verificationWorld({ params, contributors: work, validators: [{ stake: 600 }, { stake: 400, kind: COLLUDING }] }).run(verify)
    expect(fx.world.weights[3 + 1]).toBe(1)
    expect(Array.from(fx.world.accepted)).toEqual([1, 0, 1])
  })

  it("colluders with over half the stake carry poison into consensus: accepted and paid", () => {
    const fx = verificationWorld({ params, contributors: work, validators: [{ stake: 400 }, { stake: 600, kind: COLLUDING }] }).run(verify)
    expect(fx.world.accepted[1]).toBe(1)
    expect(fx.world.minerWeight[1]).toBeGreaterThan(0.25 / 3)
  })

  it("a lazy validator copies the published consensus it can see and checks nothing", () => {
    const fx = verificationWorld({ params, contributors: work, validators: [{ stake: 900 }, { stake: 100, kind: LAZY }] })
    const seen = Array.from(fx.world.published.subarray(0, 3))
    fx.run(verify)
    expect(Array.from(fx.world.weights.subarray(3, 6))).toEqual(seen)
    expect(fx.world.validators.cols.cost[1]).toBe(0)
    expect(fx.world.checks).toBe(3)
  })
})
