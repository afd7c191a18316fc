/**
 * Validators span subnets. Reviewing a subnet (chance `reviewRate`), a validator whose recent
 * profit there (dividends' value less its USD cost, an EMA) is negative leaves it: it unstakes its
 * alpha and takes the TAO to the subnet it is not on where that stake would earn most, judged
 * from what the subnet's emission assigns its validators (about what it assigns miners) split by stake, less its cost; with no such
 * subnet it stakes the TAO on root. The root attacker's validator never moves.
 */
import type { Rng } from "../../../src/kit/runtime.ts"
import type { SubnetsParams as P } from "../params.ts"
import { stake, unstake } from "../trade.ts"
import { priceOf, type SubnetsWorld } from "../world.ts"
import { stakeWeights } from "./consensus.ts"

let totalStake = new Float64Array(0)
let scratch = new Float64Array(0)

export const validators = (w: SubnetsWorld, p: P, rng: Rng): void => {
  const n = w.n
  const V = w.validatorCount
  if (totalStake.length < n) totalStake = new Float64Array(n)
  if (scratch.length < V) scratch = new Float64Array(V)
  for (let i = 0; i < n; i++) {
    totalStake[i] = 0
    if (!w.alive[i]) continue
    stakeWeights(w, p, i, scratch)
    for (let v = 0; v < V; v++) totalStake[i] = totalStake[i]! + scratch[v]!
  }
  for (let v = 0; v < V; v++) {
    if (v === w.attacker) continue
    const cost = w.copier[v] ? p.validators.copyCost : p.validators.evalCost
    for (let i = 0; i < n; i++) {
      const c = v * n + i
      if (!w.validatorOn[c] || !(rng.next() < p.validators.reviewRate) || !(w.validatorIncomeEma[c]! < 0)) continue
      const alpha = w.validatorAlpha[c]!
      const tao = alpha > 0 ? unstake(w, i, alpha, p.emission.feeRate) : 0
      if (alpha > 0 && !(tao > 0)) continue
      w.validatorAlpha[c] = 0
      w.validatorOn[c] = 0
      w.validatorIncomeEma[c] = 0
      w.validatorMoves++
      // Where would this TAO, staked as alpha, earn most?
      let best = -1
      let bestValue = 0
      for (let k = 0; k < n; k++) {
        if (!w.alive[k] || k === i || w.validatorOn[v * n + k]) continue
        const price = priceOf(w, k)
        const myStake = price > 0 ? tao / price : 0
        const value = ((w.minerEmission[k]! * price * myStake) / (totalStake[k]! + myStake)) * w.taoUsd - cost
        if (value > bestValue) ((best = k), (bestValue = value))
      }
      if (best >= 0) {
        const bought = stake(w, best, tao, p.emission.feeRate)
        if (bought > 0) {
          w.validatorAlpha[v * n + best] = bought
          w.validatorOn[v * n + best] = 1
          w.validatorIncomeEma[v * n + best] = 0
          w.validatorMoves++
          continue
        }
      }
      w.validatorRoot[v] = w.validatorRoot[v]! + tao
    }
  }
}
