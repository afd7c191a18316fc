/**
 * Participants decide. A contributor expects, `horizon` epochs ahead, its data's pay: what its
 * datanet paid per unit of attribution score last epoch times the score its stock will have
 * (live value plus what it adds meanwhile, at its reputation's weight); after `patience` epochs
 * in a row of expecting less than its cost (making items, the capital its stake ties up) it
 * leaves, taking its balance and stake. Would-be contributors (`entrants` per datanet) make the
 * same estimate for a newcomer's stock on each datanet and join the best when it beats their cost
 * (a `poisonShare` of them poison). Validators leave when last epochs'
 * pay per validator is under their cost and join when it is above.
 */
import type { Rng } from "../../../src/kit/runtime.ts"
import type { AttributionParams as P } from "../params.ts"
import { addContributor, HONEST, POISONED, SYBIL, type AttributionWorld } from "../world.ts"

export const participants = (w: AttributionWorld, p: P, rng: Rng): void => {
  const c = w.contributors
  const col = c.cols
  const dn = p.datanets
  const itemCost = dn.itemsPerEpoch * dn.itemCost
  w.honestEarnedEpoch = 0
  w.honestCostEpoch = 0
  for (let i = 0; i < c.size; i++) {
    if (!c.alive[i] || col.kind[i] === SYBIL) continue
    const cost = itemCost + col.stake[i]! * p.defences.capitalCost
    col.earnedEma[i] = (1 - dn.memory) * col.earnedEma[i]! + dn.memory * col.earnedEpoch[i]!
    if (col.kind[i] === HONEST) {
      w.honestEarnedEpoch += col.earnedEpoch[i]!
      w.honestCostEpoch += cost
    }
    // Pay expected at the horizon: the stock then (live value plus what it adds meanwhile, half-way on average).
    const stock = col.value[i]! + dn.itemsPerEpoch * col.itemValue[i]! * (dn.horizon / 2)
    const expected = w.payPerScore[col.datanet[i]!]! * stock * Math.pow(col.reputation[i]!, p.defences.reputationWeight)
    col.lossStreak[i] = expected < cost ? col.lossStreak[i]! + 1 : 0
    if (col.lossStreak[i]! >= dn.patience) {
      w.outside += col.balance[i]! + col.stake[i]!
      c.remove(i)
      w.contributorMoves++
    }
  }
  // Entrants.
  const expected = dn.entrants * w.n
  const count = Math.floor(expected) + (rng.next() < expected - Math.floor(expected) ? 1 : 0)
  let best = 0
  for (let d = 1; d < w.n; d++) if (w.payPerScore[d]! > w.payPerScore[best]!) best = d
  for (let e = 0; e < count; e++) {
    const value = dn.itemValue * Math.exp(0.8 * rng.normal() - 0.32)
    const kind = rng.next() < dn.poisonShare ? POISONED : HONEST
    // A newcomer's stock half-way through its horizon, at a newcomer's reputation (reputation grows meanwhile: ignored, conservatively).
    const expectedPay = w.payPerScore[best]! * dn.itemsPerEpoch * value * (dn.horizon / 2) * Math.pow(p.defences.reputationStart, p.defences.reputationWeight)
    if (expectedPay > itemCost) {
      addContributor(w, p, best, kind, value)
      w.contributorMoves++
    }
  }
  // Validators.
  if (w.validators > 0 && w.validatorPayEma < p.validators.costUsd && rng.next() < p.validators.reviewRate) {
    w.validators--
    w.validatorMoves++
  } else if (w.validatorPayEma > p.validators.costUsd && rng.next() < p.validators.entrants) {
    w.validators++
    w.validatorMoves++
  }
  // Validators' pay leaves for outside (they sell to cover costs and take profit).
  w.outside += w.validatorBalance
  w.validatorBalance = 0
}
