/**
 * Attacks native to dynamic TAO (docs/networks.md):
 * - Wash trading (`attacks.washBudget` > 0): the owner of the subnet at index 0 when it starts buys its own alpha and sells it back
 *   `washTrips` times an epoch, holding the position for `washHold` of the epoch, so the price the
 *   moving price samples is pumped for that share; each trip pays the fee twice. From `washStart`
 *   a committed owner trades its whole budget each epoch; with `washReview` n it starts with a
 *   quarter and every n epochs compares its owner income since the last review with its income
 *   before the attack, less what washing cost, growing the size (x1.5, up to the budget) while
 *   that pays and halving it while it does not (what it sees is confounded by everything else
 *   that moved its income; the causal gain needs a control run). Under the price rule
 *   a pumped price lifts its emission share; under the flow rule a round trip's net flow is minus
 *   the fees.
 * - Stake concentration on root (`attacks.rootBudget` > 0): at `rootStart` an attacker stakes its
 *   budget on root through its own validator, which copies weights on every subnet (no evaluation
 *   cost): tao_weight x its root stake counts on every subnet's Yuma. Its cost is the capital's
 *   opportunity cost (`capitalCost` per epoch).
 * Weight copying is not an attack switch: validators.copierShare sets the copiers, and the
 * metrics compare their return with honest validators'.
 */
import type { Rng } from "../../../src/kit/runtime.ts"
import type { SubnetsParams as P } from "../params.ts"
import { stake, unstake } from "../trade.ts"
import { priceOf, type SubnetsWorld } from "../world.ts"

/** Epochs before the attack whose mean owner income is the baseline. */
const BASELINE = 10

export const attacks = (w: SubnetsWorld, p: P, _rng: Rng): void => {
  const a = p.attacks
  const fee = p.emission.feeRate
  // The owner's income baseline: its mean income over the REVIEW epochs before it starts.
  if (a.washBudget > 0 && w.epoch < a.washStart && w.epoch >= a.washStart - BASELINE) {
    w.washBaseline += w.ownerIncome[0]!
    w.washBaselineEpochs++
  }
  // The attacker owns whatever subnet holds index 0 when it starts; if that subnet is pruned, the attack ends.
  if (a.washBudget > 0 && w.epoch === a.washStart) w.washSubnetRegisteredAt = w.registeredAt[0]!
  if (a.washBudget > 0 && w.epoch >= a.washStart && w.alive[0] && w.registeredAt[0] === w.washSubnetRegisteredAt) {
    if (w.epoch === a.washStart) w.washSize = a.washReview > 0 ? a.washBudget / 4 : a.washBudget
    else if (a.washReview > 0) {
      w.washReviewIncome += w.ownerIncome[0]! // last epoch's income, paid after last epoch's trades
      w.washReviewEpochs++
      if (w.washReviewEpochs === a.washReview) {
        const baseline = w.washBaselineEpochs > 0 ? w.washBaseline / w.washBaselineEpochs : 0
        const gain = w.washReviewIncome / a.washReview - baseline - w.washReviewCost / a.washReview
        w.washSize = gain > 0 ? Math.min(a.washBudget, w.washSize * 1.5) : w.washSize * 0.5
        if (w.washSize < a.washBudget / 100) w.washSize = 0
        w.washReviewIncome = 0
        w.washReviewCost = 0
        w.washReviewEpochs = 0
      }
    }
    if (w.washSize > 0) {
      let pumped = 0
      let cost = 0
      for (let t = 0; t < a.washTrips; t++) {
        const alpha = stake(w, 0, w.washSize, fee)
        if (!(alpha > 0)) break
        w.outside -= w.washSize
        pumped = Math.max(pumped, priceOf(w, 0))
        const back = unstake(w, 0, alpha, fee)
        w.outside += back
        cost += w.washSize - back
      }
      const spot = priceOf(w, 0)
      if (pumped > 0) w.sampledPrice[0] = a.washHold * pumped + (1 - a.washHold) * spot
      w.washCost += cost * w.taoUsd
      w.washReviewCost += cost
      // Income over the baseline, USD: what washing is meant to buy.
      const baseline = w.washBaselineEpochs > 0 ? w.washBaseline / w.washBaselineEpochs : 0
      w.washIncome += (w.ownerIncome[0]! - baseline) * w.taoUsd
    }
  }
  if (a.rootBudget > 0 && w.epoch === a.rootStart) {
    const budget = Math.min(a.rootBudget, w.outside)
    w.outside -= budget
    w.validatorRoot[w.attacker] = w.validatorRoot[w.attacker]! + budget
    for (let i = 0; i < w.n; i++) if (w.alive[i]) w.validatorOn[w.attacker * w.n + i] = 1
  }
  if (a.rootBudget > 0 && w.epoch >= a.rootStart) w.rootAttackCost += a.rootBudget * a.capitalCost * w.taoUsd
}
