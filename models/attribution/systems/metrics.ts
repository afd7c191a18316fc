/**
 * Metrics of the attribution model, named like the subnets model's where they answer the same
 * question: concentration and turnover of the fee shares between datanets, churn of contributors
 * and validators, what honest contributors earn, and the farmer's cost, profit and extraction per
 * dollar. There is no token market, so no price volatility.
 */
import type { MetricDef, Rng } from "../../../src/kit/runtime.ts"
import type { AttributionParams as P } from "../params.ts"
import { HONEST, SYBIL, type AttributionWorld } from "../world.ts"

export const attributionMetrics: ReadonlyArray<MetricDef> = [
  { name: "activeDatanets", description: "Datanets whose model earned fees this epoch." },
  { name: "feeShareHHI", description: "Concentration of data fees between datanets: datanets x sum of squared shares (1: equal)." },
  { name: "feeShareTurnover", description: "Half the sum of absolute changes in datanets' fee shares this epoch." },
  { name: "contributorChurn", description: "Contributors leaving or joining this epoch, over contributors." },
  { name: "validatorChurn", description: "Validators leaving or joining this epoch, over validators." },
  { name: "honestContributors", description: "Honest contributors." },
  { name: "honestEarnings", description: "Mean honest contributor's attribution pay this epoch, USD." },
  { name: "honestProfit", description: "Mean honest contributor's pay less its cost this epoch, USD." },
  { name: "meanModelQuality", description: "Mean model quality over datanets (0-1)." },
  { name: "feesPaid", description: "Inference fees paid this epoch, USD." },
  { name: "farmerShareOfTarget", description: "Share of its current target datanet's data fees the farmer's sybils took this epoch." },
  { name: "farmerTargets", description: "Datanets the farmer has targeted so far (it moves on when its target pays under half the best)." },
  { name: "farmerExtractionPerDollar", description: "The farmer's cumulative revenue over its cumulative cost (NaN before it spends)." },
  { name: "cmp.shareHHI", description: "Comparison (same name in the subnets model): mean of feeShareHHI over the run so far." },
  { name: "cmp.shareTurnover", description: "Comparison: mean of feeShareTurnover over the run so far." },
  { name: "cmp.participantChurn", description: "Comparison: mean of contributorChurn over the run so far." },
  { name: "cmp.validatorChurn", description: "Comparison: mean of validatorChurn over the run so far." },
  { name: "cmp.priceVolatility", description: "Comparison: NaN (no token market in this model)." },
  { name: "cmp.weightCopyAdvantage", description: "Comparison: NaN (no validator weights to copy in this model)." },
  { name: "cmp.honestProfit", description: "Comparison: mean over the run of the mean honest contributor's profit per epoch, USD." },
  { name: "cmp.honestReturnOnCost", description: "Comparison: honest contributors' total profit over their total cost, over the run." },
  { name: "attack.farming.cost", description: "Farmer's cumulative cost: items made, capital cost of its stake, stake slashed, USD (NaN without the attack)." },
  { name: "attack.farming.profit", description: "Farmer's cumulative attribution revenue less cost, USD." },
  { name: "attack.farming.success", description: "1 while farming has paid (profit > 0)." },
  { name: "attack.farming.detectedEpoch", description: "Epoch curation first voted out a farmer's item; NaN before." }
]

export const metrics = (w: AttributionWorld, p: P, _rng: Rng): void => {
  const r = w.recorder
  const id = (w.metricIds ??= Object.fromEntries(attributionMetrics.map((d) => [d.name, r.id(d.name)])))
  const c = w.contributors
  const col = c.cols
  let active = 0
  let sq = 0
  let turnover = 0
  let quality = 0
  for (let d = 0; d < w.n; d++) {
    if (w.share[d]! > 0) active++
    sq += w.share[d]! * w.share[d]!
    turnover += Math.abs(w.share[d]! - w.lastShare[d]!)
    w.lastShare[d] = w.share[d]!
    quality += w.quality[d]!
  }
  let honest = 0
  let people = 0
  let farmTarget = 0
  for (let i = 0; i < c.size; i++) {
    if (!c.alive[i]) continue
    if (col.kind[i] === HONEST) honest++
    if (col.kind[i] !== SYBIL) people++
    if (col.kind[i] === SYBIL && col.datanet[i] === w.farmTarget) farmTarget += col.earnedEpoch[i]!
  }
  r.set(id.activeDatanets!, active)
  r.set(id.feeShareHHI!, sq > 0 ? w.n * sq : Number.NaN)
  r.set(id.feeShareTurnover!, w.epoch === 0 ? Number.NaN : turnover / 2)
  r.set(id.contributorChurn!, people > 0 ? w.contributorMoves / people : 0)
  r.set(id.validatorChurn!, w.validators > 0 ? w.validatorMoves / w.validators : 0)
  r.set(id.honestContributors!, honest)
  r.set(id.honestEarnings!, honest > 0 ? w.honestEarnedEpoch / honest : 0)
  r.set(id.honestProfit!, honest > 0 ? (w.honestEarnedEpoch - w.honestCostEpoch) / honest : 0)
  r.set(id.meanModelQuality!, quality / w.n)
  r.set(id.feesPaid!, w.feesTotal)
  const attack = p.attack.budget > 0
  const targetFees = w.farmTarget >= 0 ? w.fees[w.farmTarget]! : 0
  r.set(id.farmerShareOfTarget!, attack ? (targetFees > 0 ? farmTarget / targetFees : 0) : Number.NaN)
  r.set(id.farmerTargets!, attack ? w.farmMoves : Number.NaN)
  r.set(id.farmerExtractionPerDollar!, attack && w.farmCost > 0 ? w.farmRevenue / w.farmCost : Number.NaN)
  r.set(id["attack.farming.cost"]!, attack ? w.farmCost : Number.NaN)
  r.set(id["attack.farming.profit"]!, attack ? w.farmRevenue - w.farmCost : Number.NaN)
  r.set(id["attack.farming.success"]!, attack ? (w.farmRevenue - w.farmCost > 0 ? 1 : 0) : Number.NaN)
  r.set(id["attack.farming.detectedEpoch"]!, attack ? w.farmDetectedAt : Number.NaN)
  const cm = w.cmp
  const add = (k: number, name: string, v: number) => {
    if (Number.isFinite(v)) ((cm.sum[k] = cm.sum[k]! + v), (cm.count[k] = cm.count[k]! + 1))
    r.set(id[name]!, cm.count[k]! > 0 ? cm.sum[k]! / cm.count[k]! : Number.NaN)
  }
  add(0, "cmp.shareHHI", sq > 0 ? w.n * sq : Number.NaN)
  add(1, "cmp.shareTurnover", w.epoch === 0 ? Number.NaN : turnover / 2)
  add(2, "cmp.participantChurn", people > 0 ? w.contributorMoves / people : Number.NaN)
  add(3, "cmp.validatorChurn", w.validators > 0 ? w.validatorMoves / w.validators : Number.NaN)
  r.set(id["cmp.priceVolatility"]!, Number.NaN)
  r.set(id["cmp.weightCopyAdvantage"]!, Number.NaN)
  add(6, "cmp.honestProfit", honest > 0 ? (w.honestEarnedEpoch - w.honestCostEpoch) / honest : Number.NaN)
  cm.profit += w.honestEarnedEpoch - w.honestCostEpoch
  cm.cost += w.honestCostEpoch
  r.set(id["cmp.honestReturnOnCost"]!, cm.cost > 0 ? cm.profit / cm.cost : Number.NaN)
  w.contributorMoves = 0
  w.validatorMoves = 0
}
