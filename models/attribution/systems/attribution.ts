/**
 * Attribution and payout: each datanet's fees are split (developer, data, validators, protocol;
 * `splitFee`), and the data part is paid to its contributors by measured attribution score
 * (`measuredScore`: true influence, plus the leak near-duplicates capture, times reputation^w,
 * times noise). Poisoned data earns like honest data of the same apparent value (`poisonLeak`).
 * Then each datanet's model quality is recomputed from its useful and poisoned data.
 */
import type { Rng } from "../../../src/kit/runtime.ts"
import { measuredScore, modelQuality, splitFee } from "../../mechanisms/attribution/feeSplit.ts"
import type { AttributionParams as P } from "../params.ts"
import { HONEST, POISONED, SYBIL, type AttributionWorld } from "../world.ts"

let scores = new Float64Array(0)

export const attribution = (w: AttributionWorld, p: P, rng: Rng): void => {
  const c = w.contributors
  const col = c.cols
  const a = p.attribution
  if (scores.length < c.size) scores = new Float64Array(Math.max(c.size, 2 * scores.length))
  w.scoreSum.fill(0)
  w.useful.fill(0)
  w.poisonValue.fill(0)
  for (let i = 0; i < c.size; i++) {
    scores[i] = 0
    if (!c.alive[i]) continue
    const d = col.datanet[i]!
    const apparent = col.kind[i] === POISONED ? a.poisonLeak * col.value[i]! : col.value[i]!
    const s = measuredScore(apparent, col.dupValue[i]!, a.duplicateLeak, col.reputation[i]!, p.defences.reputationWeight, Math.exp(a.noise * rng.normal() - (a.noise * a.noise) / 2))
    scores[i] = s
    w.scoreSum[d] = w.scoreSum[d]! + s
    if (col.kind[i] === HONEST) w.useful[d] = w.useful[d]! + col.value[i]!
    else if (col.kind[i] === POISONED) w.poisonValue[d] = w.poisonValue[d]! + col.value[i]!
  }
  let validatorPay = 0
  for (let d = 0; d < w.n; d++) {
    const f = splitFee(w.fees[d]!, p.split)
    w.developer[d] = w.developer[d]! + f.developer
    validatorPay += f.validators
    w.treasury += f.protocol
    // With no one to attribute the data part to, it stays with the treasury.
    if (!(w.scoreSum[d]! > 0)) w.treasury += f.data
    w.fees[d] = f.data
  }
  w.validatorBalance += validatorPay
  w.validatorPayEma = 0.8 * w.validatorPayEma + 0.2 * (w.validators > 0 ? validatorPay / w.validators : 0)
  w.honestPay.fill(0)
  const honestCount = new Float64Array(w.n)
  w.farmRevenueEpoch = 0
  for (let i = 0; i < c.size; i++) {
    if (!c.alive[i]) continue
    const d = col.datanet[i]!
    const pay = w.scoreSum[d]! > 0 ? (w.fees[d]! * scores[i]!) / w.scoreSum[d]! : 0
    col.balance[i] = col.balance[i]! + pay
    col.earnedEpoch[i] = pay
    if (col.kind[i] === SYBIL) w.farmRevenueEpoch += pay
    else if (col.kind[i] === HONEST) {
      w.honestPay[d] = w.honestPay[d]! + pay
      honestCount[d] = honestCount[d]! + 1
    }
  }
  w.farmRevenue += w.farmRevenueEpoch
  let total = 0
  for (let d = 0; d < w.n; d++) total += w.fees[d]!
  for (let d = 0; d < w.n; d++) {
    w.share[d] = total > 0 ? w.fees[d]! / total : 0
    w.honestPay[d] = honestCount[d]! > 0 ? w.honestPay[d]! / honestCount[d]! : 0
    w.payPerScore[d] = w.scoreSum[d]! > 0 ? w.fees[d]! / w.scoreSum[d]! : 0
    const poisonShare = w.useful[d]! + w.poisonValue[d]! > 0 ? w.poisonValue[d]! / (w.useful[d]! + w.poisonValue[d]!) : 0
    w.quality[d] = modelQuality(w.useful[d]!, p.datanets.qualityScale, poisonShare, p.datanets.poisonImpact)
  }
}
