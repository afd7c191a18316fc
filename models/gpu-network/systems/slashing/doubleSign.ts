/**
 * Double signing: each validator equivocates with probability doubleSignRate per epoch and is
 * tombstoned: it leaves, its remaining stake unbonds. It loses, by `doubleSignRule`:
 * fraction: doubleSignFraction of its stake; electra: Ethereum's slash_validator (electra.ts).
 * `correlated` adds Electra's correlation penalty under either rule (the more stake slashed in
 * the last correlationWindow epochs, the more each pays).
 */
import type { Rng } from "../../../../src/kit/runtime.ts"
import { correlationPenalty } from "../../../mechanisms/slashing/ethereum.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { electraSlash } from "./electra.ts"
import { settle } from "./settle.ts"
import { GWEI, gwei } from "./units.ts"

/** This epoch's double signs (the recent-slashes window moves on every epoch, signs or not). */
export const doubleSign = (w: GpuWorld, p: GpuNetworkParams, rng: Rng) => {
  const sp = p.slashing
  const window = w.slashing.recentSlashes
  const slot = w.epoch % window.length
  window[slot] = 0
  if (sp.doubleSignRate > 0) {
    const vals = w.validators
    const { stake, balance } = vals.cols
    let totalStake = 0
    if (sp.correlated) for (let i = 0; i < vals.size; i++) if (vals.alive[i] === 1) totalStake += stake[i]!
    const electra = sp.doubleSignRule === "electra"
    for (let i = 0; i < vals.size; i++) {
      if (vals.alive[i] !== 1 || !(rng.next() < sp.doubleSignRate)) continue
      let amount = electra ? electraSlash(w, rng, i) : stake[i]! * sp.doubleSignFraction
      window[slot]! += stake[i]!
      if (sp.correlated && totalStake > 0) {
        // Electra process_slashings, in gwei: the more stake slashed together, the more each pays.
        let recent = 0
        for (let k = 0; k < window.length; k++) recent += window[k]!
        const penalty = Number(correlationPenalty(gwei(stake[i]!), gwei(recent), gwei(totalStake))) / GWEI
        amount = Math.min(stake[i]!, amount + penalty)
      }
      settle(w, p, amount)
      // Tombstoned: out for good; what is left unbonds and is sold.
      const rest = stake[i]! - amount + balance[i]!
      w.outside += rest
      w.flows.soldTokens += rest
      stake[i] = 0
      balance[i] = 0
      vals.remove(i)
      w.flows.validatorExits++
      w.slashing.tombstoned++
    }
  }
}
