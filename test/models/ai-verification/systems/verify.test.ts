/**
 * The verify system on a hand-built ai-verification world (test/support/verificationWorld.ts):
 * which work is accepted under each strategy, what the checks cost, and how validators' verdicts
 * depend on their kind. Noise 0 makes every honest check exact, so the verdicts follow from the
 * threshold alone.
 */
import { describe, expect, it } from "vitest"
import { verify } from "../../../../models/ai-verification/systems/verification/verify.ts"
import { COLLUDING, LAZY } from "../../../../models/ai-verification/world.ts"
import { verificationWorld } from "../../../support/verificationWorld.ts"

/** Good work, poison, and honest work under the threshold (0.4). */
const work = [{ quality: 0.9 }, { quality: 0.05, poisoned: 1 }, { quality: 0.3 }]
const exact = (strategy: string, extra: Record<string, unknown> = {}) => ({ verification: { strategy, rate: 1, threshold: 0.4, ...extra }, validators: { noise: 0, checkCost: 0.5 } })

describe("verify", () => {
  it("none accepts everything at full weight and checks nothing", () => {
    const fx = verificationWorld({ params: exact("none"), contributors: work, validators: [{}] }).run(verify)
    expect(Array.from(fx.world.accepted)).toEqual([1, 1, 1])
    expect(Array.from(fx.world.minerWeight)).toEqual([1, 1, 1])
    expect(fx.world.checks).toBe(0)
  })

  it("spot-check at rate 1 by an exact honest validator rejects exactly the work under the threshold, paying each check", () => {
    const fx = verificationWorld({ params: exact("spot-check"), contributors: work, validators: [{}] }).run(verify)
    expect(Array.from(fx.world.accepted)).toEqual([1, 0, 0])
    expect(Array.from(fx.world.minerWeight)).toEqual([1, 0, 0])
    expect(fx.world.checks).toBe(3)
    expect(fx.world.verificationCost).toBe(1.5)
    expect(fx.world.validators.cols.cost[0]).toBe(1.5)
  })

  it("a lazy validator accepts everything unseen and pays for no check", () => {
    const fx = verificationWorld({ params: exact("spot-check"), contributors: work, validators: [{ kind: LAZY }] }).run(verify)
    expect(Array.from(fx.world.accepted)).toEqual([1, 1, 1])
    expect(fx.world.checks).toBe(0)
  })

  it("a colluding validator passes poison unseen but checks honest work", () => {
    const fx = verificationWorld({ params: exact("spot-check"), contributors: work, validators: [{ kind: COLLUDING }] }).run(verify)
    expect(Array.from(fx.world.accepted)).toEqual([1, 1, 0])
    expect(fx.world.checks).toBe(2)
  })

  it("redundant: `redundancy` checks per selected contribution, rejected on a stake-weighted majority", () => {
    const fx = verificationWorld({ params: exact("redundant", { redundancy: 3 }), contributors: work, validators: [{ stake: 500 }, { stake: 500 }] }).run(verify)
    expect(Array.from(fx.world.accepted)).toEqual([1, 0, 0])
    expect(fx.world.checks).toBe(9)
  })

  it("redundant: a colluding majority of the stake passes poison even when honest checkers reject it", () => {
    // One honest validator with a sliver of stake: every draw is (almost surely) the colluder.
    const fx = verificationWorld({ params: exact("redundant", { redundancy: 3 }), contributors: [{ quality: 0.05, poisoned: 1 }], validators: [{ stake: 1e-9 }, { stake: 1e6, kind: COLLUDING }] })
    fx.run(verify)
    expect(Array.from(fx.world.accepted)).toEqual([1])
  })

  it("redundant: a majority, not every checker, rejects: half the stake honest, half lazy, 3 checks each", () => {
    // A contribution is rejected when at least 2 of its 3 draws (by stake, 1:1) are honest: p = 1/2
    // (all 3 would be 1/8). 400 poisoned contributions: the rejected share within 5 sd (0.025) of it.
    const poison = Array.from({ length: 400 }, () => ({ quality: 0.05, poisoned: 1 }))
    const fx = verificationWorld({ params: exact("redundant", { redundancy: 3 }), contributors: poison, validators: [{ stake: 500 }, { stake: 500, kind: LAZY }] }).run(verify)
    const rejected = Array.from(fx.world.accepted).filter((a) => a === 0).length / 400
    expect(Math.abs(rejected - 0.5)).toBeLessThan(0.125)
  })

  it("rate 0 checks nothing; the validator pool is shared by stake", () => {
    const fx = verificationWorld({ params: exact("spot-check", { rate: 0 }), contributors: work, validators: [{ stake: 300 }, { stake: 100 }] }).run(verify)
    expect(Array.from(fx.world.accepted)).toEqual([1, 1, 1])
    expect(Array.from(fx.world.validatorShare)).toEqual([0.75, 0.25])
  })
})
