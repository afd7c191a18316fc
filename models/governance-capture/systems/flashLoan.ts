/**
 * Flash loan: borrow, vote, commit, repay, all in one epoch (one transaction). Borrowed tokens
 * have live power but none at the snapshot (the library's `borrowedPower`); a timelock means the
 * execution comes after the loan is repaid. The pools lend at most `attack.lendable` tokens
 * (the library's `lend`).
 *
 * - scheduled: in the first epoch the emergency path is open, borrow enough for `voteShare` of
 *   all voting power (`tokensForShare`: lenders are outside the electorate), capped by what the
 *   pools hold, and pay the fee whatever the vote does.
 * - optimize: each epoch the emergency path is open, the attacker prices the smallest loan that
 *   carries the emergency vote on the ballot as it stands (`loanNeeded`); it borrows only when
 *   the pools can lend that much and the take exceeds the fee. Its expected profit, the loan it
 *   needs and the pools' shortfall are metrics, so a run says why it did not launch.
 */
import { system } from "../../../src/kit/runtime.ts"
import { borrowedPower, lend, loanNeeded, tokensForShare } from "../../mechanisms/governance/flashLoan.ts"
import { ballotEmergency, castYes } from "../../mechanisms/governance/tally.ts"
import type { GovernanceCaptureParams as P } from "../params.ts"
import { execute, type GovWorld, totalHonest } from "../world.ts"

/** Borrow `tokens`, vote yes with them, execute if the emergency path carries, repay. */
const borrowAndVote = (w: GovWorld, p: P, tokens: number, age: number) => {
  const g = p.governance
  const b = w.ballot
  w.outside -= tokens
  w.borrowed = tokens
  const power = borrowedPower(g.rule, g.power, tokens)
  castYes(b, power)
  w.attackCost += tokens * p.attack.loanFee * p.price
  if (g.timelock === 0 && ballotEmergency(b, age, g.emergencySupermajority, g.emergencyAfter)) {
    w.passed = true
    w.decided = true
    w.succeededAt = w.epoch
    execute(w, p)
  }
  // Repay the loan within the same transaction; the fee is paid from the attacker's own capital
  // (USD, outside the token ledger) and counted in attackCost.
  w.outside += tokens
  w.borrowed = 0
  // Repaid: the borrowed tokens' votes go with them unless the proposal already executed (with
  // a timelock, the close would otherwise count votes backed by tokens the attacker gave back).
  if (w.executedAt < 0) {
    b.yes -= power
    b.total -= power
  }
}

export const flashLoan = system<GovWorld, P>("flashLoan", (w, p) => {
  const g = p.governance
  if (p.attack.kind !== "flash-loan" || w.proposedAt < 0 || w.decided || w.launched) return
  const age = w.epoch - w.proposedAt
  if (!g.emergencyEnabled || age < g.emergencyAfter) return
  if (p.attack.mode === "scheduled" && age !== g.emergencyAfter) return
  const b = w.ballot
  b.total = totalHonest(w, p)
  if (p.attack.mode === "scheduled") {
    w.launched = true
    borrowAndVote(w, p, lend(tokensForShare(g.rule, p.attack.voteShare, b.total), p.attack.lendable).amount, age)
    return
  }
  // optimize: the smallest loan that carries the emergency vote now (none with a timelock: the
  // grab would execute after the loan is repaid; none at a snapshot: borrowed tokens weigh 0).
  const carries = (tokens: number): boolean => {
    if (g.timelock > 0) return false
    const power = borrowedPower(g.rule, g.power, tokens)
    return ballotEmergency({ yes: b.yes + power, no: b.no, total: b.total + power }, age, g.emergencySupermajority, g.emergencyAfter)
  }
  const needed = loanNeeded(carries, b.total, 1e-9 * b.total)
  const loan = lend(needed, p.attack.lendable)
  const take = w.treasury * p.attack.grabShare * p.price
  const fee = (n: number) => n * p.attack.loanFee * p.price
  // With the loan out of reach (or no loan carrying the vote) the attack cannot succeed: all it
  // could do is pay the fee on what the pools hold.
  w.plan = loan.shortfall > 0 ? { expectedProfit: -fee(p.attack.lendable), needed, shortfall: loan.shortfall } : { expectedProfit: take - fee(needed), needed, shortfall: 0 }
  if (loan.shortfall > 0 || !(w.plan.expectedProfit > 0)) return
  w.launched = true
  borrowAndVote(w, p, needed, age)
})
