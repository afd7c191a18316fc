/**
 * Stakers hold alpha on subnets and TAO on root, and move toward the best yield they observe.
 * A staker reviewing (chance `rebalanceRate`) reads each subnet's return (its stakers' dividend
 * yield plus `momentum` x the alpha price's recent return, EMAs) and root's yield, each with its own relative
 * error (`noise`); it moves `moveShare` of its worst position to the best option when the gap,
 * held for `horizon` epochs, beats the fees and the slippage of the two swaps. TAO a staker
 * holds loose (from a dissolved subnet) goes to its best option.
 */
import type { Rng } from "../../../src/kit/runtime.ts"
import type { SubnetsParams as P } from "../params.ts"
import { stake, unstake } from "../trade.ts"
import { priceOf, type SubnetsWorld } from "../world.ts"

let perceived = new Float64Array(0)

export const stakers = (w: SubnetsWorld, p: P, rng: Rng): void => {
  const n = w.n
  const S = w.stakerCount
  const st = p.stakers
  const fee = p.emission.feeRate
  if (perceived.length < n + 1) perceived = new Float64Array(n + 1)
  for (let s = 0; s < S; s++) {
    const loose = w.stakerTao[s]!
    const review = rng.next() < st.rebalanceRate
    if (!review && !(loose > 0)) continue
    for (let i = 0; i < n; i++) {
      const r = w.stakerYieldEma[i]! + st.momentum * w.priceReturnEma[i]!
      perceived[i] = w.alive[i] ? r + Math.abs(r) * st.noise * rng.normal() : Number.NEGATIVE_INFINITY
    }
    perceived[n] = w.rootYieldEma.value * (1 + st.noise * rng.normal())
    let best = n
    for (let i = 0; i < n; i++) if (perceived[i]! > perceived[best]!) best = i
    if (loose > 0) {
      w.stakerTao[s] = 0
      if (best < n) {
        const a = stake(w, best, loose, fee)
        if (a > 0) w.stakerAlpha[s * n + best] = w.stakerAlpha[s * n + best]! + a
        else w.stakerRoot[s] = w.stakerRoot[s]! + loose
      } else w.stakerRoot[s] = w.stakerRoot[s]! + loose
    }
    if (!review) continue
    let worst = -1
    for (let i = 0; i <= n; i++) {
      const held = i < n ? w.stakerAlpha[s * n + i]! > 0 : w.stakerRoot[s]! > 0
      if (held && i !== best && (worst < 0 || perceived[i]! < perceived[worst]!)) worst = i
    }
    if (worst < 0) continue
    // Cost of the move as a share of the amount: fee and slippage (~ amount / pool TAO) per swap.
    const amountTao = worst < n ? w.stakerAlpha[s * n + worst]! * st.moveShare * priceOf(w, worst) : w.stakerRoot[s]! * st.moveShare
    let cost = 0
    if (worst < n) cost += fee + amountTao / Math.max(1e-9, w.poolTao[worst]!)
    if (best < n) cost += fee + amountTao / Math.max(1e-9, w.poolTao[best]!)
    if (!((perceived[best]! - perceived[worst]!) * st.horizon > cost)) continue
    let tao = 0
    if (worst < n) {
      const sell = w.stakerAlpha[s * n + worst]! * st.moveShare
      tao = unstake(w, worst, sell, fee)
      if (!(tao > 0)) continue
      w.stakerAlpha[s * n + worst] = w.stakerAlpha[s * n + worst]! - sell
    } else {
      tao = w.stakerRoot[s]! * st.moveShare
      w.stakerRoot[s] = w.stakerRoot[s]! - tao
    }
    if (best < n) {
      const a = stake(w, best, tao, fee)
      if (a > 0) w.stakerAlpha[s * n + best] = w.stakerAlpha[s * n + best]! + a
      else w.stakerRoot[s] = w.stakerRoot[s]! + tao
    } else w.stakerRoot[s] = w.stakerRoot[s]! + tao
    w.stakerMoves++
  }
}
