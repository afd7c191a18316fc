/**
 * Downtime slashing (Cosmos x/slashing, models/mechanisms/slashing/cosmos.ts): each epoch is a
 * signing round; an operator online less than minSignedPerWindow of its window (after its first
 * window) loses downtimeFraction of its stake and is jailed for jailEpochs (it earns nothing
 * then: routing skips it, see `isJailed`).
 */
import { handleSignature, SigningState, type CosmosSlashingParams } from "../../../mechanisms/slashing/cosmos.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { settle } from "./settle.ts"


const cosmosParams = (p: GpuNetworkParams): CosmosSlashingParams => ({
  signedBlocksWindow: p.slashing.signedWindow,
  minSignedPerWindow: p.slashing.minSignedPerWindow,
  downtimeJailDuration: p.slashing.jailEpochs,
  slashFractionDowntime: p.slashing.downtimeFraction,
  slashFractionDoubleSign: p.slashing.doubleSignFraction
})
/** One signing round for every live operator: records, downtime slashes and jailings. */
export const downtime = (w: GpuWorld, p: GpuNetworkParams) => {
  const sp = p.slashing
  const ops = w.operators
  const s = w.slashing
  if (s.signing.window !== sp.signedWindow) {
    // A proposal changed the window: every record starts over (with the first window's grace),
    // jails stand.
    const next = new SigningState(s.signing.seen.length, sp.signedWindow)
    next.jailedUntil.set(s.signing.jailedUntil)
    next.tombstoned.set(s.signing.tombstoned)
    s.signing = next
  }
  if (s.signing.seen.length < ops.size) {
    // The population grew: a larger record, keeping the existing rows.
    const bigger = new SigningState(ops.size * 2, s.signing.window)
    bigger.missed.set(s.signing.missed)
    bigger.missedCount.set(s.signing.missedCount)
    bigger.seen.set(s.signing.seen)
    bigger.jailedUntil.set(s.signing.jailedUntil)
    s.signing = bigger
    const owner = new Float64Array(ops.size * 2)
    owner.set(s.owner)
    s.owner = owner
  }
  const cp = cosmosParams(p)
  const { served, stake, joinedEpoch } = ops.cols
  for (let i = 0; i < ops.size; i++) {
    if (ops.alive[i] !== 1) continue
    // A slot taken over by a newcomer starts a clean record.
    if (s.owner[i] !== joinedEpoch[i]! + 1) {
      s.signing.reset(i)
      s.signing.jailedUntil[i] = 0
      s.owner[i] = joinedEpoch[i]! + 1
    }
    const fraction = handleSignature(s.signing, cp, i, w.epoch, served[i]! > 0)
    if (fraction > 0) {
      const amount = stake[i]! * fraction
      w.operatorStakes.remove(stake[i]!)
      stake[i] = stake[i]! - amount
      w.operatorStakes.insert(stake[i]!)
      settle(w, p, amount)
      s.jailings++
      s.regionJailings[ops.cols.region[i]!]! += 1
    }
  }
}


/** Whether operator i is jailed at the world's epoch (routing gives it no work). */
export const isJailed = (w: GpuWorld, i: number): boolean => {
  const s = w.slashing.signing
  // A jail belongs to the operator who earned it, not to a newcomer in the same slot.
  return i < s.jailedUntil.length && w.epoch < s.jailedUntil[i]! && w.slashing.owner[i] === w.operators.cols.joinedEpoch[i]! + 1
}
