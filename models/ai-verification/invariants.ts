/**
 * ai-verification's invariants, checked by tests after every epoch: tokens held equal the
 * supply, the ledger balances, no negative stake, and the cumulative stake validators are drawn
 * by mirrors their stakes.
 */
import { totalHoldings, type VerificationWorld } from "./world.ts"

export const verificationInvariants = (w: VerificationWorld): ReadonlyArray<string> => {
  const problems: Array<string> = []
  const held = totalHoldings(w)
  // Written as !(x <= bound) so a NaN fails the check instead of slipping through.
  if (!(Math.abs(held - w.ledger.supply) <= 1e-9 * Math.max(1, w.ledger.supply))) problems.push(`holdings ${held} != supply ${w.ledger.supply}`)
  if (!(Math.abs(w.ledger.imbalance()) <= 1e-9 * Math.max(1, w.ledger.supply))) problems.push(`ledger imbalance ${w.ledger.imbalance()}`)
  if (!(w.outside >= 0)) problems.push(`negative or NaN outside ${w.outside}`)
  for (let j = 0; j < w.contributors.size; j++) if (!(w.contributors.cols.stake[j]! >= 0)) problems.push(`contributor ${j} has negative or NaN stake`)
  // Validators are drawn by the cumulative stake: it must mirror the stakes audits leave.
  let cum = 0
  for (let i = 0; i < w.validators.size; i++) {
    const s = w.validators.cols.stake[i]!
    if (!(s >= 0)) problems.push(`validator ${i} has negative or NaN stake`)
    cum += s
    if (!(Math.abs(w.cumulativeStake[i]! - cum) <= 1e-9 * Math.max(1, cum))) problems.push(`cumulative stake of validator ${i} ${w.cumulativeStake[i]} != ${cum}`)
  }
  return problems
}
