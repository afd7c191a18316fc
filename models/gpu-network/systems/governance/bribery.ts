/**
 * The optimizing briber (`governance.bribery.mode: optimize`): each epoch its proposal is open
 * to votes it forecasts the ballot with the proposal's own draws (the count the close will see,
 * at today's holdings), hears each voter open to bribes ask what the proposal costs it (its net
 * loss under economic voters) plus `usdPerVote` per vote, and prices the cheapest votes that carry
 * the proposal (models/mechanisms/governance/bribes.ts). At the close it pays exactly those voters,
 * only when the treasury transfer at today's price exceeds the bribes and they fit its budget.
 * Its pricing is recorded (`attack.bribery.expectedProfit`, `bribesNeeded`, `votesBought`): why it
 * did or did not buy.
 */
import { bribeProfitUsd, cheapestBribes, type BribeCandidate } from "../../../mechanisms/governance/bribes.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { hashDraw } from "./draws.ts"
import type { Proposal } from "./state.ts"
import { bribeKey, count, type BribeHook } from "./tally.ts"

/**
 * Price the bribes for `prop` now and record the plan; at the close (`closing`) return the
 * voters to pay when buying pays (undefined: it buys nothing).
 */
export const bribeOffers = (w: GpuWorld, p: GpuNetworkParams, prop: Proposal, closing: boolean): BribeHook | undefined => {
  const g = p.governance
  const candidates: Array<BribeCandidate> = []
  const base = count(w, p, prop, hashDraw(prop), 0, { collect: (c) => candidates.push(c) })
  const plan = cheapestBribes(base, candidates, { quorum: g.quorum, approval: g.approval })
  const expectedProfit = bribeProfitUsd(plan, Math.min(w.treasury, prop.treasuryTransfer), w.price)
  w.governance.bribePlan = { expectedProfit, needed: plan.costUsd, votes: plan.votesBought }
  if (!closing || !(expectedProfit > 0) || !(plan.costUsd <= g.bribery.budgetUsd) || plan.bought.length === 0) return undefined
  w.events?.push(w.epoch, "governance", `bribery: the briber buys ${plan.bought.length} voters' ${Math.round(plan.votesBought)} votes on ${prop.name} for $${Math.round(plan.costUsd)} (expected profit $${Math.round(expectedProfit)})`)
  return { offers: new Set(plan.bought.map((c) => bribeKey(c.stream, c.slot))) }
}
