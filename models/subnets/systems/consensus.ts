/**
 * Consensus: Yuma per subnet, with the exact implementation in models/mechanisms/consensus/yuma.ts.
 * Validators on a subnet set weights on its miners: an honest validator scores each miner's
 * skill with noise (and pays `evalCost`); a copier sets last epoch's consensus (and pays
 * `copyCost`). A validator's stake on a subnet is its alpha there (its own plus what stakers
 * delegate, pro rata to own alpha) plus tao_weight x its root stake (own plus delegated), as
 * subtensor's stake weight adds them. Yuma's incentive and dividends are kept for the emission.
 */
import type { Rng } from "../../../src/kit/runtime.ts"
import { yumaEpochFlat, type YumaConfig } from "../../mechanisms/consensus/yuma.ts"
import type { SubnetsParams as P } from "../params.ts"
import type { SubnetsWorld } from "../world.ts"

/** Delegation multipliers: a validator's effective alpha stake on subnet i is own x alphaMult[i]; root x rootMult. */
export const stakeWeights = (w: SubnetsWorld, p: P, i: number, out: Float64Array): void => {
  const n = w.n
  const V = w.validatorCount
  let own = 0
  for (let v = 0; v < V; v++) if (w.validatorOn[v * n + i]) own += w.validatorAlpha[v * n + i]!
  let delegated = 0
  for (let s = 0; s < w.stakerCount; s++) delegated += w.stakerAlpha[s * n + i]!
  const alphaMult = own > 0 ? 1 + delegated / own : 1
  const rm = rootMultiplier(w)
  for (let v = 0; v < V; v++) out[v] = w.validatorOn[v * n + i] ? w.validatorAlpha[v * n + i]! * alphaMult + p.emission.taoWeight * w.validatorRoot[v]! * (v === w.attacker ? 1 : rm) : 0
}

/**
 * Root stake delegated by stakers, spread over the honest validators pro rata to their own root
 * stake (the root attacker's validator gets none: it brings its own).
 */
export const rootMultiplier = (w: SubnetsWorld): number => {
  let own = 0
  for (let v = 0; v < w.validatorCount; v++) if (v !== w.attacker) own += w.validatorRoot[v]!
  let delegated = 0
  for (let s = 0; s < w.stakerCount; s++) delegated += w.stakerRoot[s]!
  return own > 0 ? 1 + delegated / own : 1
}

export const consensus = (w: SubnetsWorld, p: P, rng: Rng): void => {
  const n = w.n
  const K = w.slots
  const V = w.validatorCount
  const config: YumaConfig = { kappa: p.validators.kappa, bondsPenalty: 1, alpha: p.validators.bondsAlpha, yuma3: p.validators.yuma3 }
  for (let i = 0; i < n; i++) {
    if (!w.alive[i]) continue
    stakeWeights(w, p, i, w.yumaStake)
    let anyConsensus = false
    for (let k = 0; k < K; k++) if (w.consensus[i * K + k]! > 0 && w.minerOn[i * K + k]) anyConsensus = true
    for (let v = 0; v < V; v++) {
      const on = w.validatorOn[v * n + i] === 1
      for (let k = 0; k < K; k++) {
        const j = i * K + k
        let x = 0
        if (on && w.minerOn[j]) {
          if (w.copier[v]) x = anyConsensus ? w.consensus[j]! : 1
          else x = Math.max(0, w.skill[j]! + p.validators.noise * rng.normal())
        }
        w.weights[v * K + k] = x
      }
    }
    const bonds = w.bonds.subarray(i * V * K, (i + 1) * V * K)
    const out = yumaEpochFlat(w.yumaStake, w.weights, V, K, config, bonds, w.scratch)
    bonds.set(out.bonds)
    for (let k = 0; k < K; k++) {
      w.consensus[i * K + k] = out.consensus[k]!
      w.incentive[i * K + k] = w.minerOn[i * K + k] ? out.incentive[k]! : 0
    }
    for (let v = 0; v < V; v++) w.dividends[i * V + v] = out.dividends[v]!
  }
}
