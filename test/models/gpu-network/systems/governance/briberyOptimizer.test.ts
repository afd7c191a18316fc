/**
 * The optimizing briber (governance.bribery mode optimize; systems/governance/bribery.ts
 * `bribeOffers`) on a hand-built world: it prices the cheapest votes that carry its proposal
 * from the proposal's own count, records the plan every time, and at the close buys them only
 * when the treasury transfer at today's price beats the bribes and they fit its budget; the
 * count then pays exactly those voters.
 *
 * The world: operators holding 100 and 400, who support the proposal; validators holding 300
 * and 600, who do not; 10,000 tokens outside, whose holders do not vote. Every operator and
 * validator turns out and every one is open to a bribe (turnout and acceptance 1), so the
 * ballot is 500 yes, 900 no. Stated preferences price no loss: a validator asks 0.1 USD a vote
 * of its power, 30 and 60 USD. Per vote swung (a no turned yes counts twice) both ask 0.05,
 * so the first in slot order is bought: 800 yes, 600 no passes (above half of the votes cast,
 * 1,400 of 11,400 is over the 10% quorum). Bribes 30 USD for 300 votes.
 */
import { describe, expect, it } from "vitest"
import { bribeOffers } from "../../../../../models/gpu-network/systems/governance/bribery.ts"
import { hashDraw } from "../../../../../models/gpu-network/systems/governance/draws.ts"
import { holdingsOf } from "../../../../../models/gpu-network/systems/governance/power.ts"
import type { Proposal } from "../../../../../models/gpu-network/systems/governance/state.ts"
import { bribeKey, count } from "../../../../../models/gpu-network/systems/governance/tally.ts"
import type { GpuWorld } from "../../../../../models/gpu-network/world.ts"
import { gpuWorld } from "../../../../support/gpuWorld.ts"

const support = { operators: 1, validators: 0, holders: 0 }

/** Proposal "grab", raised now, moving `transfer` tokens out of the treasury. */
const raise = (w: GpuWorld, transfer: number): Proposal => ({
  name: "grab",
  raisedAt: w.epoch,
  changes: {},
  treasuryTransfer: transfer,
  support,
  proposer: "holders",
  seed: 7,
  ...holdingsOf(w),
  effect: { operatorPoolDelta: 0, validatorPoolDelta: 0, transfer: 0 },
  state: "open",
  closedAt: -1
})

const world = (bribery: Record<string, unknown> = {}, treasury = 100_000) =>
  gpuWorld({
    params: {
      governance: {
        power: "live",
        turnout: { operators: 1, validators: 1, holders: 0 },
        proposals: [{ name: "grab", treasuryTransfer: 1_000, support }],
        bribery: { proposal: "grab", mode: "optimize", usdPerVote: 0.1, acceptance: 1, budgetUsd: 1_000, ...bribery }
      }
    },
    operators: [{ stake: 100 }, { stake: 400 }],
    validators: [{ stake: 300 }, { stake: 600 }],
    price: 2,
    // Set by hand, not out of the supply: the briber reads only these two (and the voters).
    world: (w) => {
      w.treasury = treasury
      w.outside = 10_000
    }
  })

describe("bribery optimizer", () => {
  it("at the close buys the cheapest votes that carry it: the first validator, 300 votes for 30 USD", () => {
    const fx = world()
    const prop = raise(fx.world, 1_000)
    const hook = bribeOffers(fx.world, fx.params, prop, true)
    // The transfer, 1,000 tokens at 2 USD, less 30 USD of bribes.
    expect(fx.world.governance.bribePlan).toEqual({ expectedProfit: 2_000 - 30, needed: 30, votes: 300 })
    expect(hook).toBeDefined()
    expect([...hook!.offers!]).toEqual([bribeKey(1, 0)])
    // The count pays that voter its ask and the proposal passes: 800 yes, 600 no.
    const c = count(fx.world, fx.params, prop, hashDraw(prop), 0, hook)
    expect(c.yes).toBeCloseTo(800, 9)
    expect(c.no).toBeCloseTo(600, 9)
    expect(c.bribes).toBeCloseTo(30, 9)
    // Without the offers the same count fails: 500 yes, 900 no.
    const honest = count(fx.world, fx.params, prop, hashDraw(prop), 0)
    expect([honest.yes, honest.no]).toEqual([500, 900])
  })

  it("before the close it only prices: the plan is recorded, nothing is bought", () => {
    const fx = world()
    expect(bribeOffers(fx.world, fx.params, raise(fx.world, 1_000), false)).toBeUndefined()
    expect(fx.world.governance.bribePlan.expectedProfit).toBe(1_970)
  })

  it("values the take at what the treasury holds, and buys nothing when the bribes cost more", () => {
    // A treasury of 10 tokens: it can take 10 x 2 = 20 USD, less 30 of bribes: -10.
    const fx = world({}, 10)
    expect(bribeOffers(fx.world, fx.params, raise(fx.world, 1_000), true)).toBeUndefined()
    expect(fx.world.governance.bribePlan.expectedProfit).toBe(20 - 30)
  })

  it("buys nothing beyond its budget (29 USD), though the plan would pay", () => {
    const fx = world({ budgetUsd: 29 })
    expect(bribeOffers(fx.world, fx.params, raise(fx.world, 1_000), true)).toBeUndefined()
    expect(fx.world.governance.bribePlan.needed).toBe(30)
  })

  it("nobody open to bribes: no bribes carry the vote (NaN plan)", () => {
    const fx = world({ acceptance: 0 })
    expect(bribeOffers(fx.world, fx.params, raise(fx.world, 1_000), true)).toBeUndefined()
    expect(fx.world.governance.bribePlan.needed).toBeNaN()
    expect(fx.world.governance.bribePlan.expectedProfit).toBeNaN()
  })

  it("a higher premium per vote raises the bribes in proportion: 1 USD a vote, 300 USD", () => {
    const fx = world({ usdPerVote: 1 })
    bribeOffers(fx.world, fx.params, raise(fx.world, 1_000), true)
    expect(fx.world.governance.bribePlan).toEqual({ expectedProfit: 2_000 - 300, needed: 300, votes: 300 })
  })
})
