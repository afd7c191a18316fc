import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { conviction, convictionFixed, threshold, thresholdFixed } from "../../../../models/mechanisms/governance/conviction.ts"
import { borrowedPower, lend, loanNeeded, tokensForShare } from "../../../../models/mechanisms/governance/flashLoan.ts"
import { executableAt, lastVotingEpoch, stateAt, votingAge, votingStarts } from "../../../../models/mechanisms/governance/lifecycle.ts"
import { ballotEmergency, ballotPasses, castAggregate, castVoter, castYes, emptyBallot, ownPower, turnoutOf, yesShareOf } from "../../../../models/mechanisms/governance/tally.ts"
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

describe("the voting window", () => {
  const p = { votingDelay: 2, votingPeriod: 3, timelock: 4 }
  it("is Active exactly from votingStarts to lastVotingEpoch, and votingAge counts its epochs", () => {
    expect(votingStarts(p, 10)).toBe(12)
    expect(lastVotingEpoch(p, 10)).toBe(14)
    expect([11, 12, 14, 15].map((e) => stateAt(p, { proposedAt: 10 }, e))).toEqual(["Pending", "Active", "Active", "Defeated"])
    expect(votingAge(p, 10, 12)).toBe(1)
    expect(votingAge(p, 10, 14)).toBe(3)
  })
})

describe("the tally (delegation, turnout, attackers' votes)", () => {
  it("counts a voter's delegated power always and its own power only when it turns out", () => {
    const b = emptyBallot()
    castVoter(b, 100, 0.25, 0.5, false, false)
    expect(b).toEqual({ yes: 12.5, no: 12.5, total: 100 })
    castVoter(b, 100, 0.25, 0.5, true, false)
    expect(b).toEqual({ yes: 25, no: 100, total: 200 })
    expect(ownPower(100, 0.25)).toBe(75)
  })

  it("casts an aggregate's expected votes and an attacker's yes votes, counted in all power", () => {
    const b = emptyBallot()
    castAggregate(b, 1000, 0, 0.1, 0.5)
    expect(b).toEqual({ yes: 50, no: 50, total: 1000 })
    castYes(b, 300, 200)
    expect(b).toEqual({ yes: 250, no: 50, total: 1300 })
    expect(turnoutOf(b)).toBeCloseTo(300 / 1300, 12)
    expect(yesShareOf(b)).toBeCloseTo(250 / 300, 12)
    expect(yesShareOf(emptyBallot())).toBeNaN()
    expect(ballotPasses(b, { quorum: 0.2, approval: 0.5 })).toBe(true)
    expect(ballotPasses(b, { quorum: 0.25, approval: 0.5 })).toBe(false)
    expect(ballotEmergency(b, 1, 0.19, 1)).toBe(true)
    expect(ballotEmergency(b, 1, 0.2, 1)).toBe(false)
  })

  it("never has more votes cast than voting power, whatever the voters do", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), fc.boolean()), { maxLength: 50 }),
        (voters) => {
          const b = emptyBallot()
          for (const [power, d, s, votes, yes] of voters) castVoter(b, power, d, s, votes, yes)
          expect(b.yes + b.no).toBeLessThanOrEqual(b.total * (1 + 1e-12) + 1e-9)
          expect(b.yes).toBeGreaterThanOrEqual(0)
          expect(b.no).toBeGreaterThanOrEqual(0)
        }
      )
    )
  })
})

describe("flash-loan power", () => {
  it("borrowed tokens vote live and are nothing at a snapshot", () => {
    expect(borrowedPower("token-weighted", "live", 500)).toBe(500)
    expect(borrowedPower("quadratic", "live", 400)).toBe(20)
    expect(borrowedPower("token-weighted", "snapshot", 500)).toBe(0)
  })

  it("sizes a loan from outside the electorate for a share of all power", () => {
    // 79% of all power against 100 honest votes: 0.79 / 0.21 x 100 votes.
    const t = tokensForShare("token-weighted", 0.79, 100)
    expect(t / (t + 100)).toBeCloseTo(0.79, 12)
    const q = tokensForShare("quadratic", 0.5, 100)
    expect(Math.sqrt(q)).toBeCloseTo(100, 9)
  })

  it("lends at most what the pool holds and says what it could not lend", () => {
    expect(lend(50, 80)).toEqual({ amount: 50, shortfall: 0 })
    expect(lend(100, 80)).toEqual({ amount: 80, shortfall: 20 })
    expect(lend(10, -5)).toEqual({ amount: 0, shortfall: 10 })
  })

  it("finds the smallest loan that carries a vote, or Infinity when none does", () => {
    const carries = (x: number) => x >= 37.5
    expect(loanNeeded(carries, 100, 1e-6)).toBeCloseTo(37.5, 5)
    expect(loanNeeded(carries, 1, 1e-6)).toBeCloseTo(37.5, 5)
    expect(loanNeeded(carries, 1, 1e-6)).toBeGreaterThanOrEqual(37.5)
    expect(loanNeeded(() => true, 30, 1e-6)).toBe(0)
    expect(loanNeeded(() => false, 30, 1e-6)).toBe(Number.POSITIVE_INFINITY)
  })

  it("sizes the loan that carries a 2/3 emergency vote against 100 honest votes, 10 of them yes: (2/3 x 100 - 10) / (1/3)", () => {
    const carries = (x: number) => ballotEmergency({ yes: 10 + x, no: 0, total: 100 + x }, 1, 2 / 3, 1)
    expect(loanNeeded(carries, 100, 1e-9)).toBeCloseTo(170, 6)
  })
})
