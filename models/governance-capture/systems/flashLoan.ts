/**
 * Flash loan: once the emergency path is open, borrow enough for `voteShare` of all voting
 * power (the library's `tokensForShare`: lenders are outside the electorate), vote, commit,
 * repay, all in one epoch (one transaction). Borrowed tokens have live power but none at the
 * snapshot (`borrowedPower`); a timelock means the execution comes after the loan is repaid.
 */
import { system } from "../../../src/kit/runtime.ts"
import { borrowedPower, tokensForShare } from "../../mechanisms/governance/flashLoan.ts"
import { ballotEmergency, castYes } from "../../mechanisms/governance/tally.ts"
import type { GovernanceCaptureParams as P } from "../params.ts"
import { execute, type GovWorld, totalHonest } from "../world.ts"

export const flashLoan = system<GovWorld, P>("flashLoan", (w, p) => {
  const g = p.governance
  if (p.attack.kind !== "flash-loan" || w.proposedAt < 0 || w.decided) return
  const age = w.epoch - w.proposedAt
  if (!g.emergencyEnabled || age !== g.emergencyAfter) return
  const b = w.ballot
  b.total = totalHonest(w, p)
  const borrow = tokensForShare(g.rule, p.attack.voteShare, b.total)
  w.outside -= borrow
  w.borrowed = borrow
  const power = borrowedPower(g.rule, g.power, borrow)
  castYes(b, power)
  w.attackCost += borrow * p.attack.loanFee * p.price
  if (g.timelock === 0 && ballotEmergency(b, age, g.emergencySupermajority, g.emergencyAfter)) {
    w.passed = true
    w.decided = true
    w.succeededAt = w.epoch
    execute(w, p)
  }
  // Repay the loan within the same transaction; the fee is paid from the attacker's own capital
  // (USD, outside the token ledger) and counted in attackCost.
  w.outside += borrow
  w.borrowed = 0
  // Repaid: the borrowed tokens' votes go with them unless the proposal already executed (with
  // a timelock, the close would otherwise count votes backed by tokens the attacker gave back).
  if (w.executedAt < 0) {
    b.yes -= power
    b.total -= power
  }
})
