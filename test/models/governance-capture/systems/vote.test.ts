/**
 * governance-capture's propose and vote systems (systems/vote.ts) on a hand-built world: the
 * attacker proposes at attack.proposeAt and each honest holder draws whether, when and how it
 * votes; each holder then votes when its epoch comes (its balance, or its square root under
 * quadratic voting), and a coalition votes its tokens the epoch voting opens.
 *
 * Holders: A 600 (votes no at epoch 3), B 300 (yes at 4), C 100 (does not vote); honest supply
 * 1,000. Voting opens votingDelay 2 epochs after the proposal at epoch 0.
 */
import { describe, expect, it } from "vitest"
import { propose, vote } from "../../../../models/governance-capture/systems/vote.ts"
import { captureWorld } from "../../../support/captureWorld.ts"

const holders = [
  { balance: 600, voteEpoch: 3, support: 0 },
  { balance: 300, voteEpoch: 4, support: 1 },
  { balance: 100 }
]
const governance = { votingDelay: 2, votingPeriod: 5 }

describe("governance-capture: vote", () => {
  it("each holder votes its balance in its own epoch, once", () => {
    const fx = captureWorld({ params: { governance, attack: { kind: "flash-loan" } }, holders, epochs: 6, world: (w) => void (w.proposedAt = 0) })
    const b = fx.world.ballot
    fx.at(2).run(vote)
    expect([b.yes, b.no]).toEqual([0, 0])
    fx.at(3).run(vote)
    expect([b.yes, b.no]).toEqual([0, 600])
    fx.at(4).run(vote)
    expect([b.yes, b.no]).toEqual([300, 600])
    fx.at(5).run(vote)
    expect([b.yes, b.no]).toEqual([300, 600])
    expect(fx.world.honestPowerCast).toBe(900)
  })

  it("quadratic: each holder votes the square root of its balance", () => {
    const fx = captureWorld({ params: { governance: { ...governance, rule: "quadratic" } }, holders, epochs: 6, world: (w) => void (w.proposedAt = 0) })
    fx.at(3).run(vote).at(4).run(vote)
    expect(fx.world.ballot.no).toBeCloseTo(Math.sqrt(600), 12)
    expect(fx.world.ballot.yes).toBeCloseTo(Math.sqrt(300), 12)
  })

  it("a coalition votes yes with its tokens (coalitionShare x the honest supply) the epoch voting opens", () => {
    const fx = captureWorld({ params: { governance, attack: { kind: "coalition", coalitionShare: 0.1 } }, holders, epochs: 6, world: (w) => void (w.proposedAt = 0) })
    expect(fx.world.attacker).toBeCloseTo(100, 12)
    fx.at(1).run(vote)
    expect(fx.world.ballot.yes).toBe(0)
    fx.at(2).run(vote)
    expect(fx.world.ballot.yes).toBeCloseTo(100, 12)
    fx.at(4).run(vote)
    expect(fx.world.ballot.yes).toBeCloseTo(100 + 300, 12)
    // Its votes are not honest power.
    expect(fx.world.honestPowerCast).toBe(300)
  })

  it("nobody votes before a proposal or once the vote is decided", () => {
    const before = captureWorld({ params: { governance }, holders, epoch: 3 }).run(vote)
    expect(before.world.ballot.no).toBe(0)
    const decided = captureWorld({ params: { governance }, holders, epoch: 3, world: (w) => Object.assign(w, { proposedAt: 0, decided: true }) }).run(vote)
    expect(decided.world.ballot.no).toBe(0)
  })
})

describe("governance-capture: propose", () => {
  it("at attack.proposeAt each holder votes with the turnout, in one of the voting epochs, yes unless it opposes", () => {
    // Turnout 1, opposition 0, a voting period of 1: every holder votes yes at 4 + 2 = 6.
    const fx = captureWorld({ params: { governance: { votingDelay: 2, votingPeriod: 1 }, voters: { turnout: 1, opposition: 0 }, attack: { kind: "coalition", proposeAt: 4 } }, holders: [{ balance: 1 }, { balance: 2 }], epoch: 4 }).run(propose)
    expect(fx.world.proposedAt).toBe(4)
    expect(Array.from(fx.world.holders.cols.voteEpoch.subarray(0, 2))).toEqual([6, 6])
    expect(Array.from(fx.world.holders.cols.support.subarray(0, 2))).toEqual([1, 1])
  })

  it("turnout 0: nobody will vote; opposition 1: whoever votes votes no; over a period of 5 the epochs spread over it", () => {
    const none = captureWorld({ params: { voters: { turnout: 0 }, attack: { kind: "coalition" } }, holders: [{ balance: 1 }] }).run(propose)
    expect(none.world.holders.cols.voteEpoch[0]).toBe(-1)
    const rows = Array.from({ length: 200 }, () => ({ balance: 1 }))
    const fx = captureWorld({ params: { governance: { votingDelay: 2, votingPeriod: 5 }, voters: { turnout: 1, opposition: 1 }, attack: { kind: "coalition" } }, holders: rows }).run(propose, 99)
    const epochs = new Set(Array.from(fx.world.holders.cols.voteEpoch.subarray(0, 200)))
    expect([...epochs].sort()).toEqual([2, 3, 4, 5, 6])
    expect(fx.world.holders.cols.support.subarray(0, 200).every((s) => s === 0)).toBe(true)
  })

  it("proposes nothing without an attack, or at another epoch", () => {
    expect(captureWorld({ params: { attack: { kind: "none" } }, holders }).run(propose).world.proposedAt).toBe(-1)
    expect(captureWorld({ params: { attack: { kind: "coalition", proposeAt: 5 } }, holders, epoch: 4 }).run(propose).world.proposedAt).toBe(-1)
  })
})
