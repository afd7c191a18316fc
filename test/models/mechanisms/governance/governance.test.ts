import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { conviction, convictionFixed, threshold, thresholdFixed } from "../../../../models/mechanisms/governance/conviction.ts"
import { executableAt, stateAt } from "../../../../models/mechanisms/governance/lifecycle.ts"
import { emergencyPasses, passes, powerOf, votesFor } from "../../../../models/mechanisms/governance/voting.ts"

describe("conviction voting (1Hive reference values)", () => {
  it("conviction after 10 blocks of 15,000 staked from 0 is 97,698 (a = 0.9, D = 1e7)", () => {
    expect(convictionFixed(10n, 0n, 15_000n, 9_000_000n)).toBe(97_698n)
    expect(conviction(10, 0, 15_000, 0.9)).toBeCloseTo(97_698.234, 3)
  })

  it("the threshold for 1,000 of R 15,000 with S 45,000 (rho 0.002, beta 0.2) is 50,625", () => {
    expect(thresholdFixed(1_000n, 15_000n, 45_000n, 20_000n, 2_000_000n, 9_000_000n)).toBe(50_625n)
    expect(threshold(1_000, 15_000, 45_000, 0.002, 0.2, 0.9)).toBeCloseTo(50_625, 6)
  })

  it("a request at or above beta of the funds can never pass", () => {
    expect(thresholdFixed(3_000n, 15_000n, 45_000n, 20_000n, 2_000_000n, 9_000_000n)).toBeUndefined()
    expect(threshold(3_000, 15_000, 45_000, 0.002, 0.2, 0.9)).toBe(Number.POSITIVE_INFINITY)
  })

  it("conviction approaches staked / (1 - a) and never exceeds it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0.5, max: 0.99, noNaN: true }), (t, x, a) => {
        const y = conviction(t, 0, x, a)
        expect(y).toBeGreaterThanOrEqual(0)
        expect(y).toBeLessThanOrEqual(x / (1 - a) + 1e-6)
      })
    )
  })
})

describe("voting rules", () => {
  it("counts token-weighted and quadratic votes, and snapshot or live power", () => {
    expect(votesFor("token-weighted", 400)).toBe(400)
    expect(votesFor("quadratic", 400)).toBe(20)
    expect(votesFor("quadratic", -1)).toBe(0)
    // A flash loan: nothing at the snapshot, a fortune now.
    expect(powerOf("snapshot", 0, 1e9)).toBe(0)
    expect(powerOf("live", 0, 1e9)).toBe(1e9)
  })

  it("passes on quorum and a strict majority, and on the emergency supermajority after the delay", () => {
    const rule = { quorum: 0.04, approval: 0.5 }
    expect(passes({ yes: 30, no: 20, abstain: 0 }, 1000, rule)).toBe(true)
    expect(passes({ yes: 25, no: 25, abstain: 0 }, 1000, rule)).toBe(false)
    expect(passes({ yes: 30, no: 5, abstain: 0 }, 1000, rule)).toBe(false) // 3.5% < 4% quorum
    expect(emergencyPasses(790, 1000, 24, 2 / 3, 24)).toBe(true)
    expect(emergencyPasses(790, 1000, 23, 2 / 3, 24)).toBe(false)
    expect(emergencyPasses(600, 1000, 48, 2 / 3, 24)).toBe(false)
  })
})

describe("proposal lifecycle", () => {
  const p = { votingDelay: 2, votingPeriod: 3, timelock: 4 }
  it("goes Pending -> Active -> Succeeded/Queued -> Executed, or Defeated", () => {
    expect([0, 1, 2, 4].map((e) => stateAt(p, { proposedAt: 0 }, e))).toEqual(["Pending", "Pending", "Active", "Active"])
    expect(stateAt(p, { proposedAt: 0, passed: false }, 5)).toBe("Defeated")
    const won = { proposedAt: 0, passed: true, succeededAt: 5 }
    expect([5, 8, 9].map((e) => stateAt(p, won, e))).toEqual(["Queued", "Queued", "Succeeded"])
    expect(executableAt(p, 5)).toBe(9)
    expect(stateAt(p, { ...won, executedAt: 9 }, 9)).toBe("Executed")
    expect(stateAt(p, { proposedAt: 0, canceled: true }, 3)).toBe("Canceled")
  })
})
