/**
 * The inactivity leak (Ethereum, Altair+; models/mechanisms/slashing/ethereum.ts).
 */
import { inactivityPenalty, nextInactivityScore } from "../../../mechanisms/slashing/ethereum.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { gwei, tokensOf } from "./units.ts"

/**
 * Inactivity leak (Ethereum, Altair+ rules): while less than 2/3 of the operators' capacity is
 * online the chain cannot finalize, so offline operators' scores grow and their stake bleeds
 * until the online share recovers. An epoch is `leakRoundsPerEpoch` Ethereum epochs, each with
 * the epoch's participation and leak state (Ethereum: 225 a day); an offline operator pays each
 * round's penalty on its stake after the previous round's.
 */
export const inactivityLeak = (w: GpuWorld, p: GpuNetworkParams) => {
  const ops = w.operators
  const s = w.slashing
  if (s.inactivity.length < ops.size) {
    const grown = new Float64Array(ops.size * 2)
    grown.set(s.inactivity)
    s.inactivity = grown
  }
  let online = 0
  let total = 0
  const { served, capacity, stake } = ops.cols
  for (let i = 0; i < ops.size; i++) {
    if (ops.alive[i] !== 1) continue
    total += capacity[i]!
    online += served[i]!
  }
  const inLeak = total > 0 && online < (2 / 3) * total
  const rounds = p.slashing.leakRoundsPerEpoch
  for (let i = 0; i < ops.size; i++) {
    if (ops.alive[i] !== 1) {
      s.inactivity[i] = 0
      continue
    }
    const participated = served[i]! > 0
    let score = BigInt(s.inactivity[i]!)
    if (score === 0n && (participated || !inLeak)) continue // stays 0 all epoch, no penalty
    let left = stake[i]!
    for (let r = 0; r < rounds; r++) {
      score = nextInactivityScore(score, participated, inLeak)
      // Only a validator that missed the round pays (get_inactivity_penalty_deltas skips the
      // timely-target participants), on the score just updated.
      if (!participated && score > 0n && left > 0) left -= Math.min(left, tokensOf(inactivityPenalty(gwei(left), score)))
      else if (score === 0n && (participated || !inLeak)) break
    }
    s.inactivity[i] = Number(score)
    const penalty = stake[i]! - left
    if (!(penalty > 0)) continue
    w.operatorStakes.remove(stake[i]!)
    stake[i] = left
    w.operatorStakes.insert(left)
    w.ledger.burn(penalty, true)
    s.leakPenalties += penalty
  }
}
