/**
 * The optimizing sybil voter (governance.sybil mode optimize; systems/governance/sybilVote.ts
 * `sybilVoteMoves`) on a hand-built world: when its proposal is raised it prices, for 1, 2, 4
 * and 8 identities, the fewest tokens that carry the vote, buys the cheapest plan on the market
 * when the transfer is worth more, keeps its identities until the vote is decided and then
 * sells the tokens back.
 *
 * The world: one validator holding 900 that votes no; 10,000 tokens outside held by 100
 * holders who do not vote; quadratic voting: the validator casts sqrt(900) = 30, the holders'
 * power is 100 x sqrt(10,000 / 100) = 1,000. n identities holding T tokens cast sqrt(n T) yes:
 * with no quorum they carry the vote once sqrt(n T) > 30 (over half the votes cast),
 * T = 900 / n. Price 1, pool depth 10,000: buying and selling back T costs
 * 10,000 T (1 / (10,000 - T) - 1 / (10,000 + T)); each identity costs 10 USD an epoch for the
 * 8 epochs until the vote is decided (1 of delay, 7 of voting):
 *
 *   n = 1: 163.33 + 80; n = 2: 40.58 + 160 = 200.58 (the cheapest); n = 4: 10.13 + 320; n = 8: 2.53 + 640.
 */
import { describe, expect, it } from "vitest"
import { holdingsOf } from "../../../../../models/gpu-network/systems/governance/power.ts"
import type { Proposal } from "../../../../../models/gpu-network/systems/governance/state.ts"
import { sybilVoteMoves } from "../../../../../models/gpu-network/systems/governance/sybilVote.ts"
import type { GpuWorld } from "../../../../../models/gpu-network/world.ts"
import { gpuWorld } from "../../../../support/gpuWorld.ts"

const roundTrip = (t: number) => 10_000 * t * (1 / (10_000 - t) - 1 / (10_000 + t))
const support = { operators: 0, validators: 0, holders: 0 }

/** Proposal "grab" (moving 1,000 tokens out of the treasury), raised now, open. */
const raise = (w: GpuWorld): Proposal => ({
  name: "grab",
  raisedAt: w.epoch,
  changes: {},
  treasuryTransfer: 1_000,
  support,
  proposer: "holders",
  seed: 3,
  ...holdingsOf(w),
  effect: { operatorPoolDelta: 0, validatorPoolDelta: 0, transfer: 0 },
  state: "open",
  closedAt: -1
})

const world = (rule: string, treasury = 100_000) => {
  const fx = gpuWorld({
    params: {
      market: { liquidityUsd: 10_000, initialPrice: 1 },
      governance: {
        rule,
        quorum: 0,
        outsideHolders: 100,
        votingDelay: 1,
        votingPeriod: 7,
        turnout: { operators: 1, validators: 1, holders: 0 },
        proposals: [{ name: "grab", treasuryTransfer: 1_000, support }],
        sybil: { proposal: "grab", mode: "optimize", identities: 8, costPerIdentityUsd: 10, detection: 0 }
      }
    },
    validators: [{ stake: 900 }],
    price: 1,
    epochs: 12,
    // Set by hand, not out of the supply: the attacker reads the treasury and the outside tokens.
    world: (w) => {
      w.treasury = treasury
      w.outside = 10_000
    }
  })
  fx.world.governance.proposals.push(raise(fx.world))
  return fx
}

describe("sybil voter optimizer", () => {
  it("quadratic voting: splits over 2 identities, buys 450 tokens, keeps the identities until the vote is decided, then sells", () => {
    const fx = world("quadratic")
    const w = fx.world
    const s = w.governance
    sybilVoteMoves(w, fx.params)
    expect(s.sybilPlan.identities).toBe(2)
    expect(s.sybilPlan.tokens).toBeCloseTo(450, 2)
    expect(s.sybilPlan.expectedProfit).toBeCloseTo(1_000 - (roundTrip(450) + 160), 1)
    expect(s.sybilPlan.expectedProfit).toBeCloseTo(799.42, 1)
    const tokens = s.sybilTokens
    expect(tokens).toBe(s.sybilPlan.tokens)
    expect(s.sybilIdentities).toBe(2)
    expect(10_000 - w.outside).toBeCloseTo(tokens, 9)
    expect(w.flows.boughtTokens).toBe(tokens)
    // Bought at the pool's price, plus this epoch's two identities.
    const buy = (10_000 * tokens) / (10_000 - tokens)
    expect(s.sybilCost).toBeCloseTo(buy + 20, 9)
    // Open for 7 more epochs: 20 USD each.
    for (let e = 1; e <= 7; e++) sybilVoteMoves(fx.at(e).world, fx.params)
    expect(s.sybilCost).toBeCloseTo(buy + 8 * 20, 9)
    // Decided: it sells the tokens back at the pool's price.
    s.proposals[0]!.state = "defeated"
    sybilVoteMoves(fx.at(8).world, fx.params)
    expect(s.sybilTokens).toBe(0)
    expect(w.outside).toBeCloseTo(10_000, 9)
    expect(s.sybilCost).toBeCloseTo(buy + 160 - (10_000 * tokens) / (10_000 + tokens), 9)
  })

  it("token-weighted voting: splitting gains nothing, one identity buys just over 900", () => {
    // The validator casts 900 and the holders' power is 10,000: T > 900 for any n; 1 is cheapest.
    const fx = world("token-weighted")
    sybilVoteMoves(fx.world, fx.params)
    expect(fx.world.governance.sybilPlan.identities).toBe(1)
    expect(fx.world.governance.sybilPlan.tokens).toBeCloseTo(900, 1)
    expect(fx.world.governance.sybilPlan.expectedProfit).toBeCloseTo(1_000 - (roundTrip(900) + 80), 0)
  })

  it("does not buy when the take (what the treasury holds, 100 tokens) is worth less than the cheapest plan", () => {
    const fx = world("quadratic", 100)
    sybilVoteMoves(fx.world, fx.params)
    const s = fx.world.governance
    expect(s.sybilPlan.expectedProfit).toBeCloseTo(100 - (roundTrip(450) + 160), 1)
    expect(s.sybilTokens).toBe(0)
    expect(s.sybilIdentities).toBe(0)
    expect(fx.world.outside).toBe(10_000)
    expect(s.sybilCost).toBe(0)
  })

  it("prices only in the epoch the proposal is raised", () => {
    const fx = world("quadratic")
    fx.world.governance.proposals[0] = { ...fx.world.governance.proposals[0]!, raisedAt: -1 }
    sybilVoteMoves(fx.world, fx.params)
    expect(fx.world.governance.sybilPlan.expectedProfit).toBeNaN()
    expect(fx.world.governance.sybilTokens).toBe(0)
  })
})
