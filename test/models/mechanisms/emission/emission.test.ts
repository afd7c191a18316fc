/**
 * Emission rules against the real networks' reference values (exact where the reference is
 * integer or fixed point).
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { blockProvision, defaultMintParams as P, nextInflationRate } from "../../../../models/mechanisms/emission/bondedRatio.ts"
import { dec, decInt, mul, quo, toText } from "../../../../models/mechanisms/emission/LegacyDec.ts"
import { baseReward, baseRewardPerIncrement, eraPayout, halvingByIssuance, idealStakingAdjustment, isqrt } from "../../../../models/mechanisms/emission/otherRules.ts"

const ONE = decInt(1)
const BPY = decInt(P.blocksPerYear)

describe("Cosmos x/mint bonded-ratio controller (minter_test.go TestNextInflation, exact)", () => {
  // Expected changes computed as the SDK's own test computes them, in LegacyDec.
  const cases: ReadonlyArray<readonly [string, string, bigint]> = [
    ["0", "0.07", quo(P.inflationRateChange, BPY)],
    ["1", "0.20", quo(mul(ONE - quo(ONE, P.goalBonded), P.inflationRateChange), BPY)],
    ["0.5", "0.10", quo(mul(ONE - quo(dec("0.5"), P.goalBonded), P.inflationRateChange), BPY)],
    ["1", "0.07", 0n],
    ["1", "0.0700000001", dec("-0.0000000001")],
    ["0", "0.20", 0n],
    ["0", "0.1999999999", dec("0.0000000001")],
    ["0.67", "0.15", 0n]
  ]
  it.each(cases)("bonded %s, inflation %s", (bonded, inflation, change) => {
    expect(toText(nextInflationRate(P, dec(inflation), dec(bonded)) - dec(inflation))).toBe(toText(change))
  })

  it("the expected changes are what the formulas say, to 18 decimals", () => {
    // 0.13 / 6,311,520 = 0.0000000205972570788..., rounded to 18 decimals (checked with Python's decimal).
    expect(toText(quo(P.inflationRateChange, BPY))).toBe("0.000000020597257079")
  })

  it("block provision truncates annual provisions / blocks per year: 6,311,520 -> 1, 6,311,521 -> 1, 12,623,040 -> 2, 3,155,760 -> 0", () => {
    expect([6_311_520n, 6_311_521n, 12_623_040n, 3_155_760n].map((a) => blockProvision(P, decInt(a)))).toEqual([1n, 1n, 2n, 0n])
  })

  it("keeps inflation within [min, max] for any bonded ratio and starting inflation", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.bigInt({ min: P.inflationMin, max: P.inflationMax }), (bonded, inflation) => {
        const next = nextInflationRate(P, inflation, bonded)
        expect(next >= P.inflationMin && next <= P.inflationMax).toBe(true)
      })
    )
  })
})

describe("Polkadot ideal-staking curve (era_payout tests)", () => {
  it("adjustment is 1, 2/3 and 1/2 at stake 0.75, 0.5 and 0.8 (ideal 0.75, falloff 0.05)", () => {
    expect(idealStakingAdjustment(0.75, 0.75, 0.05)).toBe(1)
    expect(idealStakingAdjustment(0.5, 0.75, 0.05)).toBeCloseTo(2 / 3, 15)
    expect(idealStakingAdjustment(0.8, 0.75, 0.05)).toBeCloseTo(0.5, 15)
  })

  it("pays (stakers, treasury) = (10, 0) at 75 of 100 staked and (6, 4) at 80, with Imax 10% and I0 2.5%", () => {
    expect(eraPayout(75n, 100n, 0.1)).toEqual([10n, 0n])
    expect(eraPayout(80n, 100n, 0.1)).toEqual([6n, 4n])
  })
})

describe("Ethereum base reward (consensus-specs, integers in gwei)", () => {
  const total = (validators: bigint) => validators * 32_000_000_000n
  it("1,000,000 validators of 32 ETH: 357 gwei per increment, 11,424 per validator", () => {
    expect(baseRewardPerIncrement(total(1_000_000n))).toBe(357n)
    expect(baseReward(32_000_000_000n, total(1_000_000n))).toBe(11_424n)
  })
  it("500,000 validators: 16,160; 100,000 validators: 36,192", () => {
    expect(baseReward(32_000_000_000n, total(500_000n))).toBe(16_160n)
    expect(baseReward(32_000_000_000n, total(100_000n))).toBe(36_192n)
  })
  it("isqrt is the floor of the square root", () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), (n) => {
      const r = isqrt(n)
      expect(r * r <= n && (r + 1n) * (r + 1n) > n).toBe(true)
    }))
  })
})

describe("halving by issuance (Bittensor)", () => {
  it("halves each time half of what remains is issued, and stops at the cap", () => {
    expect(halvingByIssuance(1, 0, 21e6)).toBe(1)
    expect(halvingByIssuance(1, 10.5e6, 21e6)).toBe(0.5)
    expect(halvingByIssuance(1, 15.75e6, 21e6)).toBe(0.25)
    expect(halvingByIssuance(1, 21e6, 21e6)).toBe(0)
    // 60 of 100 issued: one halving, 100 / 2 = 50, but only 40 remain.
    expect(halvingByIssuance(100, 60, 100)).toBe(40)
  })

  it("never issues past the cap and never goes negative", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 1, max: 1e9, noNaN: true }), fc.integer({ min: 1, max: 2000 }), (base, cap, steps) => {
        let issued = 0
        for (let i = 0; i < steps; i++) {
          const e = halvingByIssuance(base, issued, cap)
          expect(e).toBeGreaterThanOrEqual(0)
          issued += e
        }
        expect(issued).toBeLessThanOrEqual(cap * (1 + 1e-12))
      })
    )
  })
})

describe("Polkadot payouts beyond 2^53 planck", () => {
  it("are exact integers (Perquintill x balance in bigint)", () => {
    const stakable = 15_000_000_000_123_456_789n
    const [stakers, treasury] = eraPayout((stakable * 3n) / 4n, stakable, 0.1)
    expect(stakers).toBe(1_500_000_000_012_345_679n) // 10% of stakable, rounded to nearest
    expect(treasury).toBe(0n)
  })
})
