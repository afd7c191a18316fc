/**
 * ai-verification's metrics system on a hand-built world: this epoch's verdicts, the books and
 * the validators' stakes and rewards turned into the recorded metrics, each compared with the
 * value worked out here from the world.
 */
import { describe, expect, it } from "vitest"
import { metrics } from "../../../../models/ai-verification/systems/metrics.ts"
import { COLLUDING, LAZY, type VerificationWorld } from "../../../../models/ai-verification/world.ts"
import { verificationWorld } from "../../../support/verificationWorld.ts"

/** Verdicts: good work accepted at weight 1, a poisoner accepted at 2, another rejected, honest work rejected. */
const contributors = [{ quality: 0.9 }, { quality: 0.05, poisoned: 1 }, { quality: 0.05, poisoned: 1 }, { quality: 0.5 }]
const verdicts = (w: VerificationWorld) => {
  w.accepted.set([1, 1, 0, 0])
  w.minerWeight.set([1, 2, 0, 0])
  // The validator pool by stake, as verify shares it.
  const total = w.cumulativeStake[w.cumulativeStake.length - 1]!
  for (let i = 0; i < w.validators.size; i++) w.validatorShare[i] = w.validators.cols.stake[i]! / total
  w.checks = 4
  w.verificationCost = 2
}

describe("ai-verification metrics", () => {
  it("acceptance of poison, false positives, cost per work and the quality bought", () => {
    const fx = verificationWorld({ contributors, validators: [{ stake: 500 }, { stake: 250, kind: LAZY }, { stake: 250, kind: COLLUDING }], world: verdicts }).run(metrics)
    expect(fx.metric("poisonedAccepted")).toBe(1)
    expect(fx.metric("poisonedAcceptedShare")).toBe(0.5)
    expect(fx.metric("poisonAcceptanceRate")).toBe(0.5)
    expect(fx.metric("honestRejected")).toBe(1)
    expect(fx.metric("honestRejectedShare")).toBe(0.5)
    expect(fx.metric("checks")).toBe(4)
    expect(fx.metric("verificationCostPerWork")).toBe(0.5)
    // Weighted by miner weight: (1 x 0.9 + 2 x 0.05) / 3.
    expect(fx.metric("outputQuality")).toBeCloseTo((0.9 + 0.1) / 3, 12)
    expect(fx.metric("lazyStakeShare")).toBe(0.25)
    expect(fx.metric("colludingStakeShare")).toBe(0.25)
    expect(fx.metric("lazyRewardShare")).toBe(0.25)
  })

  it("the poisoning attacker's and the cartel's books", () => {
    const fx = verificationWorld({
      params: { token: { price: 2 } },
      contributors,
      validators: [{ stake: 500 }, { stake: 500, kind: COLLUDING, cost: 3, slashed: 1 }],
      world: (w) => {
        verdicts(w)
        w.poisonRevenue = 10
        w.poisonCost = 4
        w.cartelTake = 20
        w.poisonDetectedAt = 3
      }
    }).run(metrics)
    expect(fx.metric("attack.poisoning.profit")).toBe(6)
    expect(fx.metric("attack.poisoning.success")).toBe(1)
    expect(fx.metric("attack.poisoning.detectedEpoch")).toBe(3)
    // The cartel's cost: its checks (3) and its slashed stake at the price (1 x 2).
    expect(fx.metric("attack.cartel.cost")).toBe(5)
    expect(fx.metric("attack.cartel.profit")).toBe(20 * 2 - 5)
    // Half the poison accepted so far is not most of it.
    expect(fx.metric("attack.cartel.success")).toBe(0)
  })

  it("without colluding validators the cartel's metrics are NaN, not zero", () => {
    const fx = verificationWorld({ contributors, validators: [{}, {}], world: verdicts }).run(metrics)
    expect(fx.metric("attack.cartel.cost")).toBeNaN()
    expect(fx.metric("attack.cartel.success")).toBeNaN()
    expect(fx.metric("lazyRewardShare")).toBeNaN()
  })
})
