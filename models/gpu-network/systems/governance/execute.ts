/**
 * Executing a passed proposal: its parameter changes are handed to the engine
 * (`world.nextParams`, applied from the next epoch), its treasury transfer leaves the treasury,
 * and a vote attack on it (bribery, sybil, flash loan) books its take.
 */
import { setPath } from "../../../../src/kit/runtime.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import type { Proposal } from "./state.ts"

/** Execute `prop` now. */
export const execute = (w: GpuWorld, p: GpuNetworkParams, prop: Proposal) => {
  // Changes apply on top of the parameters in force (and any change already queued this epoch).
  let next = (w.nextParams as GpuNetworkParams | undefined) ?? p
  for (const [path, value] of Object.entries(prop.changes)) next = setPath(next, path, value)
  if (Object.keys(prop.changes).length > 0) w.nextParams = next
  const transfer = Math.min(w.treasury, prop.treasuryTransfer)
  w.treasury -= transfer
  w.outside += transfer
  if (p.governance.bribery.proposal === prop.name) {
    w.governance.bribeTake += transfer * w.price
    w.governance.bribeSucceeded = true
  }
  if (p.governance.sybil.proposal === prop.name) {
    w.governance.sybilTake += transfer * w.price
    w.governance.sybilSucceeded = true
  }
  if (p.governance.flashLoan.proposal === prop.name) {
    w.governance.flashTake += transfer * w.price
    w.governance.flashSucceeded = true
  }
  prop.state = "executed"
  w.governance.executed++
  w.events?.push(w.epoch, "governance", `proposal ${prop.name} executed${transfer > 0 ? `: ${Math.round(transfer)} tokens out of the treasury` : ""}; changes apply from epoch ${w.epoch + 1}`)
}
