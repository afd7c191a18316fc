/**
 * governance-capture's flash loan (systems/flashLoan.ts) on a hand-built world: borrow, vote,
 * execute through the emergency path, repay, all in one epoch.
 *
 * Holders: 1,000 of honest power in all; by the time the emergency path opens (1 epoch after
 * the proposal at 0) 100 have voted yes and 200 no. Token-weighted, live power, supermajority
 * 2/3 of ALL power, no timelock; treasury 10,000 at price 1; fee 0.1%. A loan L carries the
 * emergency vote when 100 + L >= 2/3 (1,000 + L): L >= (2,000 / 3 - 100) x 3 = 1,700.
 */
import { describe, expect, it } from "vitest"
import { flashLoan } from "../../../../models/governance-capture/systems/flashLoan.ts"
import { governanceCapture } from "../../../../models/governance-capture/index.ts"
import { captureWorld } from "../../../support/captureWorld.ts"

const holders = [{ balance: 100 }, { balance: 200 }, { balance: 700 }]

const world = (attack: Record<string, unknown>, governance: Record<string, unknown> = {}, epoch = 1) =>
  captureWorld({
    params: {
      treasury: 10_000,
      price: 1,
      governance: { power: "live", emergencyEnabled: true, emergencySupermajority: 2 / 3, emergencyAfter: 1, timelock: 0, ...governance },
      attack: { kind: "flash-loan", mode: "optimize", loanFee: 0.001, lendable: 5_000, ...attack }
    },
    holders,
    epoch,
    world: (w) => {
      w.proposedAt = 0
      w.ballot.yes = 100
      w.ballot.no = 200
    }
  })

describe("governance-capture: flash loan, optimize", () => {
  it("borrows the smallest loan that carries the supermajority (1,700), takes the treasury and repays", () => {
    const fx = world({}).run(flashLoan)
    const w = fx.world
    expect(w.plan.needed).toBeCloseTo(1_700, 4)
    // The treasury at 1 USD less the fee on 1,700: 10,000 - 1.7.
    expect(w.plan.expectedProfit).toBeCloseTo(10_000 - 1.7, 4)
    expect([w.launched, w.passed, w.decided, w.executedAt]).toEqual([true, true, true, 1])
    expect(w.treasury).toBe(0)
    expect(w.attacker).toBe(10_000)
    expect(w.attackProfit).toBeCloseTo(10_000 - 1.7, 4)
    // Repaid: the lenders hold what they held, the loan is gone; the executed vote keeps its count.
    expect([w.outside, w.borrowed]).toEqual([5_000, 0])
    expect(w.ballot.yes).toBeCloseTo(100 + 1_700, 4)
    expect(governanceCapture.invariants(w)).toEqual([])
  })

  it("does not launch when the pools hold less than the loan (1,000 of 1,700): it says so, and what the fee on all of it would be", () => {
    const fx = world({ lendable: 1_000 }).run(flashLoan)
    expect(fx.world.plan.shortfall).toBeCloseTo(700, 4)
    expect(fx.world.plan.expectedProfit).toBeCloseTo(-1, 9)
    expect([fx.world.launched, fx.world.treasury]).toEqual([false, 10_000])
  })

  it("no loan carries the vote at a snapshot (borrowed tokens weigh nothing) or with a timelock (the loan is repaid first)", () => {
    for (const governance of [{ power: "snapshot" }, { timelock: 1 }]) {
      const fx = world({}, governance).run(flashLoan)
      expect(fx.world.plan.needed).toBe(Number.POSITIVE_INFINITY)
      expect(fx.world.launched).toBe(false)
    }
  })

  it("waits for the emergency path to open (age 1)", () => {
    const fx = captureWorld({
      params: { governance: { power: "live", emergencyEnabled: true, emergencyAfter: 1, timelock: 0 }, attack: { kind: "flash-loan", mode: "optimize" } },
      holders,
      world: (w) => void (w.proposedAt = 0)
    }).run(flashLoan)
    expect(fx.world.plan.expectedProfit).toBeNaN()
    expect(fx.world.launched).toBe(false)
  })
})

describe("governance-capture: flash loan, scheduled", () => {
  it("borrows voteShare / (1 - voteShare) of the other power (0.75: 3,000), carries the vote, pays the fee", () => {
    // Total 1,000 + 3,000; yes 100 + 3,000 = 3,100 >= 2/3 x 4,000 = 2,666.7.
    const fx = world({ mode: "scheduled", voteShare: 0.75 }).run(flashLoan)
    expect(fx.world.ballot.yes).toBeCloseTo(3_100, 9)
    expect(fx.world.executedAt).toBe(1)
    expect(fx.world.attackCost).toBeCloseTo(3, 9)
  })

  it("borrows all the pools hold when that is less (1,500), falls short of 2/3 and still pays the fee", () => {
    // yes 100 + 1,500 = 1,600 < 2/3 x 2,500 = 1,666.7: no emergency execution; the fee on 1,500
    // is 1.5 USD, and the borrowed votes leave with the loan.
    const fx = world({ mode: "scheduled", voteShare: 0.75, lendable: 1_500 }).run(flashLoan)
    expect([fx.world.launched, fx.world.executedAt, fx.world.treasury]).toEqual([true, -1, 10_000])
    expect(fx.world.attackCost).toBeCloseTo(1.5, 9)
    expect([fx.world.ballot.yes, fx.world.ballot.total]).toEqual([100, 1_000])
  })

  it("tries only in the first epoch the emergency path is open (a replay), not later", () => {
    const fx = world({ mode: "scheduled", voteShare: 0.75 }, {}, 2).run(flashLoan)
    expect([fx.world.launched, fx.world.attackCost]).toEqual([false, 0])
  })
})
