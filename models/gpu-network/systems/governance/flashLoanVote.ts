/**
 * The flash-loan vote: the attacker borrows outside tokens within one epoch, votes yes with them
 * on its proposal (tally.ts counts them, under live power only: they were not held at a
 * snapshot) and repays. Lenders hold `lendable` of the outside tokens; the library's `lend` caps the loan
 * at what they hold.
 *
 * - scheduled: it borrows `voteShare` of all voters' tokens at the first epoch the emergency path
 *   is open, else when the vote closes (governance.ts decides when), and pays the fee whatever
 *   the vote does.
 * - optimize: at each of those epochs it prices the smallest loan that carries the vote (the
 *   emergency supermajority, or quorum and approval at the close) by counting the vote with that
 *   loan through the same tally (`count`, the proposal's own draws: the attacker's forecast,
 *   which at the close may differ from the run's draws), and borrows it only when the lenders
 *   hold that much and the treasury transfer is worth more than the fee. Its pricing is
 *   recorded (`attack.flashLoan.expectedProfit`, `loanNeeded`, `loanShortfall`).
 */
import { lend, loanNeeded } from "../../../mechanisms/governance/flashLoan.ts"
import { ballotEmergency, ballotPasses } from "../../../mechanisms/governance/tally.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { hashDraw } from "./draws.ts"
import { groupPowers } from "./power.ts"
import type { Proposal } from "./state.ts"
import { count } from "./tally.ts"

/** Take a loan of `amount` tokens this epoch: the fee is paid in USD at the price. */
const take = (w: GpuWorld, p: GpuNetworkParams, prop: Proposal, amount: number): number => {
  const s = w.governance
  s.flashBorrowed = amount
  s.flashAt = w.epoch
  s.flashCost += amount * p.governance.flashLoan.loanFee * w.price
  w.events?.push(w.epoch, "governance", `flash loan: the attacker borrows ${Math.round(amount)} tokens to vote on ${prop.name}${p.governance.power === "snapshot" ? " (worthless at the snapshot)" : ""}`)
  return amount
}

/** The scheduled flash loan: borrow `voteShare` of all voters' tokens (at most what lenders hold) for this epoch's vote. */
export const borrow = (w: GpuWorld, p: GpuNetworkParams, prop: Proposal): number => {
  const f = p.governance.flashLoan
  const tokens = groupPowers(w, p.governance, "token-weighted").total
  const { amount } = lend(f.voteShare * tokens, f.lendable * w.outside)
  return take(w, p, prop, amount)
}

/**
 * The optimizing flash loan: the smallest loan that carries the vote now (`emergency`: the
 * supermajority of all power after `age` epochs of voting; else the close's quorum and
 * approval), taken only when lenders hold it and the take exceeds the fee. Returns the tokens
 * borrowed (0: it does not launch this epoch).
 */
export const optimizeLoan = (w: GpuWorld, p: GpuNetworkParams, prop: Proposal, emergency: boolean, age: number): number => {
  const g = p.governance
  const f = g.flashLoan
  const s = w.governance
  const draw = hashDraw(prop)
  const carries = (tokens: number): boolean => {
    const c = count(w, p, prop, draw, tokens)
    return emergency ? ballotEmergency(c, age, g.emergency.supermajority, g.emergency.minEpochs) : ballotPasses(c, { quorum: g.quorum, approval: g.approval })
  }
  const available = f.lendable * w.outside
  const needed = loanNeeded(carries, groupPowers(w, g, "token-weighted").total, 1e-9 * w.ledger.supply)
  const loan = lend(needed, available)
  // The take arrives only if the proposal executes: at once by the emergency path, after the
  // timelock at the close (the attacker values it at today's price).
  const value = Math.min(w.treasury, prop.treasuryTransfer) * w.price
  const fee = (tokens: number) => tokens * f.loanFee * w.price
  s.flashPlan = loan.shortfall > 0 ? { expectedProfit: -fee(available), needed, shortfall: loan.shortfall } : { expectedProfit: value - fee(needed), needed, shortfall: 0 }
  if (loan.shortfall > 0 || !(s.flashPlan.expectedProfit > 0)) return 0
  return take(w, p, prop, needed)
}
