/**
 * governance-capture's close system (systems/close.ts) on a hand-built world: in the first
 * epoch after the voting period all voting power is counted (honest holders and a coalition),
 * the ballot passes by quorum and approval (strictly above), and a passed grab executes after
 * the timelock, the attacker taking grabShare of the treasury.
 *
 * Holders: 600, 300 and 100 (1,000 of honest power); a coalition of 0.1 x 1,000 = 100 tokens;
 * treasury 10,000 at price 2. Proposed at 0, voting 2-4 (delay 2, period 3): counted at 5.
 */
import { describe, expect, it } from "vitest"
import { close } from "../../../../models/governance-capture/systems/close.ts"
import { captureWorld } from "../../../support/captureWorld.ts"

const holders = [{ balance: 600 }, { balance: 300 }, { balance: 100 }]

const world = (ballot: { yes: number; no: number }, extra: Record<string, unknown> = {}) =>
  captureWorld({
    params: { treasury: 10_000, price: 2, governance: { votingDelay: 2, votingPeriod: 3, timelock: 2, quorum: 0.1, approval: 0.5 }, attack: { kind: "coalition", coalitionShare: 0.1, grabShare: 0.5, ...extra } },
    holders,
    epochs: 10,
    world: (w) => {
      w.proposedAt = 0
      w.ballot.yes = ballot.yes
      w.ballot.no = ballot.no
      w.attackCost = 300
    }
  })

describe("governance-capture: close", () => {
  it("counts at 5 (after the last voting epoch 4), passes, executes at 5 + timelock 2 = 7: half the treasury to the attacker", () => {
    // Yes 100 (the coalition) + 300, no 0: 400 of 1,100 cast (quorum 110), all yes.
    const fx = world({ yes: 400, no: 0 })
    fx.at(4).run(close)
    expect(fx.world.decided).toBe(false)
    fx.at(5).run(close)
    expect(fx.world.ballot.total).toBeCloseTo(1_100, 12)
    expect([fx.world.decided, fx.world.passed, fx.world.succeededAt]).toEqual([true, true, 5])
    fx.at(6).run(close)
    expect(fx.world.executedAt).toBe(-1)
    fx.at(7).run(close)
    expect(fx.world.executedAt).toBe(7)
    expect(fx.world.treasury).toBe(5_000)
    expect(fx.world.attacker).toBeCloseTo(100 + 5_000, 12)
    // 5,000 tokens at 2 USD less the 300 it cost.
    expect(fx.world.attackProfit).toBeCloseTo(10_000 - 300, 9)
  })

  it("approval is strictly above half: 400 yes against 400 no fails, and the attack has cost what it cost", () => {
    const fx = world({ yes: 400, no: 400 }).at(5).run(close)
    expect([fx.world.decided, fx.world.passed]).toEqual([true, false])
    expect(fx.world.attackProfit).toBe(-300)
    fx.at(7).run(close)
    expect(fx.world.treasury).toBe(10_000)
  })

  it("quorum: 100 yes and nothing else is under 10% of 1,100 cast: it fails", () => {
    const fx = world({ yes: 100, no: 0 }).at(5).run(close)
    expect(fx.world.passed).toBe(false)
    // 110 cast reaches the quorum (at least 10% of 1,100): it passes.
    expect(world({ yes: 110, no: 0 }).at(5).run(close).world.passed).toBe(true)
  })

  it("quadratic: the total is the holders' square roots plus the coalition's", () => {
    const fx = captureWorld({
      params: { governance: { rule: "quadratic", votingDelay: 2, votingPeriod: 3 }, attack: { kind: "coalition", coalitionShare: 0.1 } },
      holders,
      epoch: 5,
      world: (w) => void (w.proposedAt = 0)
    }).run(close)
    expect(fx.world.ballot.total).toBeCloseTo(Math.sqrt(600) + Math.sqrt(300) + Math.sqrt(100) + Math.sqrt(100), 12)
  })
})
