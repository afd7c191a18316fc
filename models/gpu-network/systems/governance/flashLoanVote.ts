/**
 * The flash-loan vote: the attacker borrows float tokens within one epoch, votes yes with them
 * on its proposal (tally.ts counts them, under live power only: they were not held at a
 * snapshot) and repays. It borrows at the first epoch the emergency path is open, else when
 * the vote closes (governance.ts decides when).
 */
import { lend } from "../../../mechanisms/governance/flashLoan.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { groupPowers } from "./power.ts"
import type { Proposal } from "./state.ts"

/** The flash loan: borrow `voteShare` of all voters' tokens (at most what lenders hold) for this epoch's vote. */
export const borrow = (w: GpuWorld, p: GpuNetworkParams, prop: Proposal): number => {
  const f = p.governance.flashLoan
  const s = w.governance
  const tokens = groupPowers(w, p.governance, "token-weighted").total
  const { amount } = lend(f.voteShare * tokens, f.lendable * w.float)
  s.flashBorrowed = amount
  s.flashAt = w.epoch
  s.flashCost += amount * f.loanFee * w.price
  w.events?.push(w.epoch, "governance", `flash loan: the attacker borrows ${Math.round(amount)} tokens to vote on ${prop.name}${p.governance.power === "snapshot" ? " (worthless at the snapshot)" : ""}`)
  return amount
}
