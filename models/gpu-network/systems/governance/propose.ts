/**
 * Raising a proposal: its snapshot of voting power and its own random seed; the proposal
 * threshold (the proposing group must hold `proposalThreshold` of all voting power, else the
 * proposal is recorded as rejected).
 */
import { deriveSeed } from "../../../../src/kit/runtime.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { proposalEffect } from "./economics.ts"
import { groupPowers, holdingsOf } from "./power.ts"
import type { Proposer, Support } from "./state.ts"

const EMPTY = new Float64Array(0)
const NO_EFFECT = { operatorPoolDelta: 0, validatorPoolDelta: 0, transfer: 0 }

const priceBits = new DataView(new ArrayBuffer(8))

const raise = (w: GpuWorld, p: GpuNetworkParams, name: string, changes: Readonly<Record<string, number>>, treasuryTransfer: number, support: Support, proposer: Proposer) => {
  // The proposal's own seed, from the run's state (not drawn: the run's stream stays as it was).
  priceBits.setFloat64(0, w.price)
  const seed = deriveSeed(priceBits.getUint32(0) ^ priceBits.getUint32(4), w.epoch, w.governance.proposals.length)
  w.governance.proposals.push({ name, raisedAt: w.epoch, changes, treasuryTransfer, support, proposer, seed, ...holdingsOf(w), effect: proposalEffect(w, p, changes, treasuryTransfer), state: "open", closedAt: -1 })
  w.governance.raised++
  const what = Object.entries(changes).map(([k, v]) => `${k} -> ${v}`).join(", ") || `treasury transfer ${Math.round(treasuryTransfer)}`
  w.events?.push(w.epoch, "governance", `proposal ${name} raised: ${what}`)
}

/** Raise a proposal if its proposer meets the proposal threshold; else record it as rejected. Returns whether it was raised. */
export const propose = (w: GpuWorld, p: GpuNetworkParams, name: string, changes: Readonly<Record<string, number>>, treasuryTransfer: number, support: Support, proposer: Proposer): boolean => {
  const min = p.governance.proposalThreshold
  if (min > 0) {
    const power = groupPowers(w, p.governance, p.governance.rule)
    const share = power.total > 0 ? power[proposer] / power.total : 0
    if (!(share >= min)) {
      w.governance.proposals.push({
        name,
        raisedAt: w.epoch,
        changes,
        treasuryTransfer,
        support,
        proposer,
        seed: 0,
        opHoldings: EMPTY,
        opJoined: EMPTY,
        valHoldings: EMPTY,
        valJoined: EMPTY,
        outside: 0,
        effect: NO_EFFECT,
        state: "rejected",
        closedAt: w.epoch
      })
      w.governance.rejected++
      w.events?.push(w.epoch, "governance", `proposal ${name} rejected: ${proposer === "attacker" ? "the attacker holds" : `${proposer} hold`} ${(share * 100).toFixed(2)}% of the voting power, below the proposal threshold of ${(min * 100).toFixed(2)}%`)
      return false
    }
  }
  raise(w, p, name, changes, treasuryTransfer, support, proposer)
  return true
}
