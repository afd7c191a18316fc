/**
 * The optimizing sybil voter (`governance.sybil.mode: optimize`): when its proposal is raised it
 * forecasts the close's ballot with the proposal's own draws (without its own votes) and prices,
 * for each identity count it considers, the fewest tokens that carry the vote, bought on the
 * market now and sold back after the vote, plus the identities' cost until the vote is decided
 * (models/mechanisms/governance/sybilVote.ts). It buys the cheapest plan only when the treasury
 * transfer at today's price is worth more. The vote is then counted as for any sybil voter
 * (tally.ts, with the run's draws at the close: the forecast can miss). Its pricing is recorded
 * (`attack.sybil.expectedProfit`, `tokensNeeded`, `plannedIdentities`).
 */
import { buyCostUsd, sellProceedsUsd } from "../../../mechanisms/market/pool.ts"
import { lastVotingEpoch } from "../../../mechanisms/governance/lifecycle.ts"
import { sybilVotePlan } from "../../../mechanisms/governance/sybilVote.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { depthTokens } from "../market.ts"
import { hashDraw } from "./draws.ts"
import type { Proposal } from "./state.ts"
import { count } from "./tally.ts"

/** Price the attack on `prop` (just raised) and buy when it pays. */
const decide = (w: GpuWorld, p: GpuNetworkParams, prop: Proposal) => {
  const g = p.governance
  const s = w.governance
  const depth = depthTokens(p, w.epoch)
  const plan = sybilVotePlan(count(w, p, prop, hashDraw(prop), 0), {
    rule: g.rule,
    pass: { quorum: g.quorum, approval: g.approval },
    maxIdentities: g.sybil.identities,
    detection: g.sybil.detection,
    costPerIdentityUsd: g.sybil.costPerIdentityUsd,
    epochs: lastVotingEpoch(g, prop.raisedAt) - w.epoch + 1,
    price: w.price,
    depthTokens: depth,
    available: w.outside,
    transferTokens: Math.min(w.treasury, prop.treasuryTransfer),
    budgetUsd: g.sybil.budgetUsd
  })
  s.sybilPlan = { expectedProfit: plan.expectedProfitUsd, tokens: plan.tokens, identities: plan.identities }
  if (!(plan.expectedProfitUsd > 0)) return
  s.sybilIdentities = plan.identities
  s.sybilTokens += plan.tokens
  w.outside -= plan.tokens
  w.flows.boughtTokens += plan.tokens
  s.sybilCost += buyCostUsd(plan.tokens, depth, w.price)
  w.events?.push(w.epoch, "governance", `sybil voting: the attacker buys ${Math.round(plan.tokens)} tokens over ${plan.identities} identities to vote on ${prop.name} (expected profit $${Math.round(plan.expectedProfitUsd)})`)
}

/** One epoch of the optimizing sybil voter, after this epoch's proposals are raised. */
export const sybilVoteMoves = (w: GpuWorld, p: GpuNetworkParams) => {
  const sy = p.governance.sybil
  const s = w.governance
  const prop = s.proposals.find((x) => x.name === sy.proposal)
  if (prop === undefined) return
  if (prop.state === "open") {
    if (prop.raisedAt === w.epoch) decide(w, p, prop)
    // Its identities are kept until the vote is decided.
    s.sybilCost += s.sybilIdentities * sy.costPerIdentityUsd
    return
  }
  if (s.sybilTokens > 0) {
    // Decided: it sells its tokens back on the market.
    const tokens = s.sybilTokens
    s.sybilCost -= sellProceedsUsd(tokens, depthTokens(p, w.epoch), w.price)
    s.sybilTokens = 0
    w.outside += tokens
    w.flows.soldTokens += tokens
  }
}
