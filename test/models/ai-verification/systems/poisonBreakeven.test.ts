/**
 * The poisoning break-even check rate (systems/poisonBreakeven.ts) on a hand-built world: the
 * rate r* where a poisoned contribution's expected reward (1 - r q) R meets its cost c plus the
 * expected slash r q S, worked out here from the world's stakes and this epoch's reward.
 */
import { describe, expect, it } from "vitest"
import { poisonBreakeven } from "../../../../models/ai-verification/systems/poisonBreakeven.ts"
import { LAZY } from "../../../../models/ai-verification/world.ts"
import { verificationWorld, type VerificationFixture } from "../../../support/verificationWorld.ts"

const breakeven = (fx: VerificationFixture) => poisonBreakeven(fx.params, fx.world)

/** Exact checks (noise 0) of poison at quality 0.05 against threshold 0.4: an honest check always rejects it. */
const params = (strategy: string, extra: Record<string, unknown> = {}) => ({
  verification: { strategy, threshold: 0.4, slashFraction: 0.5, ...extra },
  validators: { noise: 0 },
  contributors: { poisonQuality: 0.05, poisonCost: 1, bond: 100 },
  token: { price: 2 }
})

describe("poisonBreakeven", () => {
  it("spot-check: r* = (R - c) / (q (R + S)), q the honest stake share", () => {
    const fx = verificationWorld({
      params: params("spot-check"),
      contributors: [{ poisoned: 1, quality: 0.05, stake: 80 }, { poisoned: 1, quality: 0.05, stake: 40 }, {}],
      validators: [{ stake: 750 }, { stake: 250, kind: LAZY }],
      world: (w) => (w.rewardPerAccepted = 30)
    })
    // R = 30 x $2 = 60; c = 1; S = 0.5 x 60 (the poisoners' mean stake) x $2 = 60; q = 0.75.
    expect(poisonBreakeven(fx.params, fx.world)).toBeCloseTo((60 - 1) / (0.75 * (60 + 60)), 12)
  })

  it("redundant: q is the chance a strict majority of k checks reject: 3 or 4 of 4, 4 s^3 (1 - s) + s^4", () => {
    const fx = verificationWorld({
      params: params("redundant", { redundancy: 4 }),
      contributors: [{ poisoned: 1, quality: 0.05, stake: 100 }],
      validators: [{ stake: 500 }, { stake: 500, kind: LAZY }],
      world: (w) => (w.rewardPerAccepted = 100)
    })
    const q = 4 * 0.5 ** 3 * 0.5 + 0.5 ** 4
    expect(poisonBreakeven(fx.params, fx.world)).toBeCloseTo(Math.min(1, (200 - 1) / (q * (200 + 100))), 12)
  })

  it("0 when the reward does not cover poison's cost; 1 when no check can catch it; NaN for other strategies", () => {
    const base = { contributors: [{ poisoned: 1, quality: 0.05 }], validators: [{}] }
    expect(breakeven(verificationWorld({ ...base, params: params("spot-check"), world: (w) => (w.rewardPerAccepted = 0.5) }))).toBe(0)
    expect(breakeven(verificationWorld({ ...base, params: params("spot-check", { threshold: 0.01 }), world: (w) => (w.rewardPerAccepted = 10) }))).toBe(1)
    expect(breakeven(verificationWorld({ ...base, params: params("yuma") }))).toBeNaN()
  })
})
