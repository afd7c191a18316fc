/**
 * The data poisoner's payoff (models/mechanisms/attacks/poisoningPayoff.ts): detection chances
 * from the checks actually run, one plan term by term against a hand computation, the plan it
 * picks where checks are rare or frequent, bonds small or large, and properties: poisoning that
 * is no cheaper and no harder to catch than honest work never pays; an external gain never
 * lowers what a plan adds.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { normalCdf } from "../../../models/common/normal.ts"
import {
  bestPoisoningPlan,
  majorityRejects,
  poisoningOrder,
  poisoningPlans,
  rejectChance,
  seenUnder,
  type PoisonerUnit,
  type PoisoningTerms,
  type PoisoningView
} from "../../../models/mechanisms/attacks/poisoningPayoff.ts"

const terms: PoisoningTerms = { honestCostUsd: 1, poisonCostUsd: 0.2, slashFraction: 0.5, externalGainUsd: 0 }
/** The network's defaults: 1,000 tokens a day, half to 200 units of work, at $1. */
const view = (detect: number, extra: Partial<PoisoningView> = {}): PoisoningView => ({ price: 1, minerPoolTokens: 500, othersAccepted: 180, detect, cartelCut: 0, ...extra })
const units = (n: number, rejectHonest = 0.001, stakeTokens = 100): ReadonlyArray<PoisonerUnit> => Array.from({ length: n }, () => ({ rejectHonest, stakeTokens }))

describe("detection from the checks run", () => {
  it("a look rejects with the normal CDF of (threshold - quality) / noise; without noise, exactly when under", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7)
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6)
    expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 6)
    expect(seenUnder(0.05, 0.4, 0.1)).toBeCloseTo(normalCdf(3.5), 12)
    expect(seenUnder(0.3, 0.4, 0)).toBe(1)
    expect(seenUnder(0.5, 0.4, 0)).toBe(0)
  })

  it("spot-check rejects with rate x single; redundant with rate x a majority of k looks; none never", () => {
    const checks = { rate: 0.02, redundancy: 3 }
    expect(rejectChance({ ...checks, strategy: "none" }, 0.9)).toBe(0)
    expect(rejectChance({ ...checks, strategy: "spot-check" }, 0.9)).toBeCloseTo(0.018, 15)
    // 2 or 3 of 3 looks: 3 s^2 (1 - s) + s^3.
    const s = 0.9
    expect(majorityRejects(3, s)).toBeCloseTo(3 * s * s * (1 - s) + s ** 3, 15)
    expect(rejectChance({ ...checks, strategy: "redundant" }, s)).toBeCloseTo(0.02 * (3 * s * s * (1 - s) + s ** 3), 15)
    expect(majorityRejects(1, 0.3)).toBeCloseTo(0.3, 15)
    // An even count needs more than half: 2 of 2.
    expect(majorityRejects(2, 0.3)).toBeCloseTo(0.09, 15)
  })
})

describe("a poisoning plan", () => {
  it("computes its value and what it adds over honest work term by term", () => {
    const u: ReadonlyArray<PoisonerUnit> = [
      { rejectHonest: 0.01, stakeTokens: 100 },
      { rejectHonest: 0.05, stakeTokens: 80 }
    ]
    const v = view(0.02, { price: 2, othersAccepted: 10, cartelCut: 0.3 })
    const t = { ...terms, externalGainUsd: 1000 }
    const plans = poisoningPlans(u, v, t)
    // Unit 1 (rejected more often when honest) is poisoned first.
    expect(poisoningOrder(u, v, t)).toEqual([1, 0])
    const value = (a: number, b: number) => {
      // a, b: 1 when that unit is poisoned.
      const acc0 = a ? 0.98 : 0.99
      const acc1 = b ? 0.98 : 0.95
      const accepted = 10 + acc0 + acc1
      const R = (500 / accepted) * 2
      const paid = R * ((a ? 0.7 : 1) * acc0 + (b ? 0.7 : 1) * acc1)
      const costs = (a ? 0.2 : 1) + (b ? 0.2 : 1)
      const slashed = 0.5 * 2 * ((a ? 0.02 : 0.01) * 100 + (b ? 0.02 : 0.05) * 80)
      const served = ((a ? 0.98 : 0) + (b ? 0.98 : 0)) / accepted
      return paid - costs - slashed + 1000 * served
    }
    expect(plans.map((p) => p.poisoned)).toEqual([0, 1, 2])
    expect(plans[0]!.expectedProfitUsd).toBe(0)
    expect(plans[0]!.valueUsd).toBeCloseTo(value(0, 0), 9)
    expect(plans[1]!.valueUsd).toBeCloseTo(value(0, 1), 9)
    expect(plans[2]!.valueUsd).toBeCloseTo(value(1, 1), 9)
    expect(plans[2]!.expectedProfitUsd).toBeCloseTo(value(1, 1) - value(0, 0), 9)
    expect(plans[2]!.servedShare).toBeCloseTo(1.96 / (10 + 1.96), 12)
    expect(plans[2]!.rewardTokens).toBeCloseTo(500 / 11.96, 12)
    expect(plans[1]!.share).toBe(0.5)
  })

  it("poisons all of its capacity when checks are rare and bonds small, none when checks are frequent or bonds large", () => {
    // Rare checks: poison saves $0.80 a unit and is rarely caught.
    const rare = bestPoisoningPlan(units(20), view(0.002), terms)
    expect(rare.poisoned).toBe(20)
    expect(rare.expectedProfitUsd).toBeGreaterThan(0)
    // Frequent checks (10% of units caught): each catch burns $50 of bond.
    expect(bestPoisoningPlan(units(20), view(0.1), terms).expectedProfitUsd).toBeLessThan(0)
    // Rare checks but a 10,000-token bond.
    expect(bestPoisoningPlan(units(20, 0.001, 10_000), view(0.002), terms).expectedProfitUsd).toBeLessThan(0)
    // The break-even detection: 0.8 ~= q (R + S) with R = 2.5, S = 50 (the honest units' rejections are small).
    const at = (q: number) => bestPoisoningPlan(units(20, 0), view(q, { othersAccepted: 180 }), terms).expectedProfitUsd
    expect(at(0.014)).toBeGreaterThan(0)
    expect(at(0.017)).toBeLessThan(0)
  })

  it("poisons only the units whose honest work is often rejected when that is where it pays", () => {
    // Half its units do honest work near the threshold (rejected 4% of the time), half far above it.
    const mixed = [...units(10, 0.04), ...units(10, 0)]
    const best = bestPoisoningPlan(mixed, view(0.025), terms)
    expect(best.poisoned).toBe(10)
    expect(best.share).toBe(0.5)
    expect(best.expectedProfitUsd).toBeGreaterThan(0)
  })

  it("an external gain can make a caught campaign worth launching", () => {
    expect(bestPoisoningPlan(units(20), view(0.1), terms).expectedProfitUsd).toBeLessThan(0)
    expect(bestPoisoningPlan(units(20), view(0.1), { ...terms, externalGainUsd: 10_000 }).expectedProfitUsd).toBeGreaterThan(0)
  })

  it("without capacity there is nothing to poison", () => {
    const best = bestPoisoningPlan([], view(0), terms)
    expect(best.poisoned).toBe(0)
    expect(best.expectedProfitUsd).toBe(0)
  })
})

describe("poisoning payoff properties", () => {
  const unitArb = fc.record({ rejectHonest: fc.double({ min: 0, max: 1, noNaN: true }), stakeTokens: fc.double({ min: 0, max: 1e5, noNaN: true }) })
  const viewArb = fc.record({
    price: fc.double({ min: 1e-3, max: 100, noNaN: true }),
    minerPoolTokens: fc.double({ min: 0, max: 1e6, noNaN: true }),
    othersAccepted: fc.double({ min: 0, max: 1000, noNaN: true }),
    detect: fc.double({ min: 0, max: 1, noNaN: true }),
    cartelCut: fc.double({ min: 0, max: 1, noNaN: true })
  })
  const termsArb = fc.record({
    honestCostUsd: fc.double({ min: 0, max: 10, noNaN: true }),
    poisonCostUsd: fc.double({ min: 0, max: 10, noNaN: true }),
    slashFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    externalGainUsd: fc.constant(0)
  })

  it("poison no cheaper and no harder to catch than each unit's honest work never adds anything", () => {
    fc.assert(
      fc.property(fc.array(unitArb, { maxLength: 30 }), viewArb, termsArb, (us, v, t) => {
        const detect = Math.max(v.detect, ...us.map((u) => u.rejectHonest))
        const terms2 = { ...t, poisonCostUsd: Math.max(t.poisonCostUsd, t.honestCostUsd) }
        for (const p of poisoningPlans(us, { ...v, detect }, terms2)) expect(p.expectedProfitUsd).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(p.valueUsd)))
      })
    )
  })

  it("an external gain never lowers what a plan adds, and the best plan is the highest of plans 1..n", () => {
    fc.assert(
      fc.property(fc.array(unitArb, { minLength: 1, maxLength: 30 }), viewArb, termsArb, fc.double({ min: 0, max: 1e6, noNaN: true }), (us, v, t, g) => {
        const without = poisoningPlans(us, v, t)
        const order = poisoningOrder(us, v, t)
        const withGain = poisoningPlans(us, v, { ...t, externalGainUsd: g }, order)
        for (let k = 0; k < without.length; k++) expect(withGain[k]!.expectedProfitUsd).toBeGreaterThanOrEqual(without[k]!.expectedProfitUsd - 1e-9 * Math.max(1, Math.abs(without[k]!.valueUsd)))
        const best = bestPoisoningPlan(us, v, t)
        expect(best.poisoned).toBeGreaterThanOrEqual(1)
        expect(best.expectedProfitUsd).toBe(Math.max(...without.slice(1).map((p) => p.expectedProfitUsd)))
      })
    )
  })
})
