/**
 * The guardian: cancels the proposals and funding requests it vetoes (by name, or moving more
 * than `maxTreasuryShare` of the treasury) from `reactionEpochs` after they are raised until
 * they execute, during the vote or the timelock.
 */
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import type { Gov } from "./state.ts"

/** Why the guardian cancels a proposal or request moving `amount` tokens, or undefined. */
export const vetoReason = (gd: Gov["guardian"], name: string, amount: number, treasury: number): string | undefined =>
  gd.vetoes.includes(name)
    ? "vetoed by name"
    : amount > gd.maxTreasuryShare * treasury
      ? `it moves ${Math.round(amount)} tokens, more than ${+(gd.maxTreasuryShare * 100).toFixed(2)}% of the treasury (${Math.round(treasury)})`
      : undefined

/** The guardian cancels what it vetoes, from `reactionEpochs` after it was raised until it executes. */
export const guard = (w: GpuWorld, p: GpuNetworkParams) => {
  const g = p.governance
  const gd = g.guardian
  const s = w.governance
  for (const prop of s.proposals) {
    if ((prop.state !== "open" && prop.state !== "passed") || w.epoch < prop.raisedAt + gd.reactionEpochs) continue
    const why = vetoReason(gd, prop.name, prop.treasuryTransfer, w.treasury)
    if (why === undefined) continue
    const when = prop.state === "passed" ? "in its timelock" : w.epoch < prop.raisedAt + g.votingDelay ? "before its vote" : "during its vote"
    prop.state = "canceled"
    s.canceled++
    w.events?.push(w.epoch, "governance", `proposal ${prop.name} canceled by the guardian ${when}: ${why}`)
  }
  for (const req of s.requests) {
    if (req.state !== "open" || w.epoch < req.raisedAt + gd.reactionEpochs) continue
    const why = vetoReason(gd, req.spec.name, req.spec.amount, w.treasury)
    if (why === undefined) continue
    req.state = "canceled"
    s.canceled++
    w.events?.push(w.epoch, "governance", `funding request ${req.spec.name} canceled by the guardian: ${why}`)
  }
}
