/**
 * The flash-loan vote (systems/governance/flashLoanVote.ts) on a hand-built world. Scheduled:
 * borrow voteShare of all voters' tokens, capped by what lenders hold (lendable of the outside
 * tokens), the fee paid in USD. Optimize: the smallest loan that carries the vote, counted by
 * the same tally, taken only when lenders hold it and the take beats the fee. Nobody else votes
 * (turnout 0), so the vote is carried by the loan alone and the loan needed is worked out here.
 */
import { describe, expect, it } from "vitest"
import { borrow, optimizeLoan } from "../../../../../models/gpu-network/systems/governance/flashLoanVote.ts"
import { holdingsOf } from "../../../../../models/gpu-network/systems/governance/power.ts"
import type { Proposal } from "../../../../../models/gpu-network/systems/governance/state.ts"
import type { GpuWorld } from "../../../../../models/gpu-network/world.ts"
import { gpuWorld } from "../../../../support/gpuWorld.ts"

const nobody = { operators: 0, validators: 0, holders: 0 }

/** Operators 500, validators 900, outside 10,000 (11,400 tokens of voting power); the treasury's transfer 1,000 at $2. */
const world = (flashLoan: Record<string, unknown>) =>
  gpuWorld({
    params: {
      token: { initialTreasury: 50_000 },
      governance: { power: "live", turnout: nobody, proposals: [{ name: "grab", epoch: 50, treasuryTransfer: 1_000, support: nobody }], flashLoan: { proposal: "grab", loanFee: 0.001, ...flashLoan } }
    },
    price: 2,
    operators: [{ stake: 500 }],
    validators: [{ stake: 900 }],
    world: (w) => {
      w.treasury += w.outside - 10_000
      w.outside = 10_000
    }
  })

const grab = (w: GpuWorld): Proposal => ({
  name: "grab",
  raisedAt: 0,
  changes: {},
  treasuryTransfer: 1_000,
  support: nobody,
  proposer: "attacker",
  seed: 7,
  ...holdingsOf(w),
  effect: { operatorPoolDelta: 0, validatorPoolDelta: 0, transfer: 1_000 },
  state: "open",
  closedAt: -1
})

describe("flash-loan vote: scheduled", () => {
  it("borrows voteShare of all voters' tokens and pays the fee in USD", () => {
    const fx = world({ voteShare: 0.5 })
    expect(borrow(fx.world, fx.params, grab(fx.world))).toBeCloseTo(5_700, 9)
    expect(fx.world.governance.flashCost).toBeCloseTo(5_700 * 0.001 * 2, 9)
    expect(fx.world.governance.flashAt).toBe(0)
  })

  it("cannot borrow more than lenders hold: lendable x the outside tokens", () => {
    const fx = world({ voteShare: 0.9, lendable: 0.3 })
    expect(borrow(fx.world, fx.params, grab(fx.world))).toBeCloseTo(3_000, 9)
  })
})

describe("flash-loan vote: optimize", () => {
  it("borrows the smallest loan carrying the emergency supermajority: 2/3 of all power", () => {
    const fx = world({ mode: "optimize" })
    const got = optimizeLoan(fx.world, fx.params, grab(fx.world), true, 1)
    // Borrowed tokens leave the outside holders' vote, so all power stays 11,400: the loan is 2/3 of it.
    expect(Math.abs(got - (2 / 3) * 11_400)).toBeLessThan(1e-9 * fx.world.ledger.supply + 1e-6)
    const plan = fx.world.governance.flashPlan
    expect(plan.shortfall).toBe(0)
    expect(plan.expectedProfit).toBeCloseTo(1_000 * 2 - got * 0.001 * 2, 6)
  })

  it("does not launch when lenders hold less than the loan needed, and says by how much", () => {
    const fx = world({ mode: "optimize", lendable: 0.5 })
    expect(optimizeLoan(fx.world, fx.params, grab(fx.world), true, 1)).toBe(0)
    const plan = fx.world.governance.flashPlan
    expect(plan.shortfall).toBeCloseTo(plan.needed - 5_000, 9)
    expect(plan.needed).toBeCloseTo(7_600, 0)
    expect(Number.isNaN(fx.world.governance.flashAt)).toBe(true)
  })

  it("does not launch when the fee is worth more than the take", () => {
    const fx = world({ mode: "optimize", loanFee: 0.2 })
    // Fee 0.2 x 7,600 x $2 = $3,040 against a take of $2,000.
    expect(optimizeLoan(fx.world, fx.params, grab(fx.world), true, 1)).toBe(0)
    expect(fx.world.governance.flashPlan.expectedProfit).toBeLessThan(0)
  })
})
