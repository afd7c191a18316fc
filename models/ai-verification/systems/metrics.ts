/**
 * ai-verification's metrics: the declared list (the audit metrics only when audits are on, so
 * runs without them keep their exact output) and the system that records them each epoch.
 */
import { type MetricDef, system } from "../../../src/kit/runtime.ts"
import type { AiVerificationParams as P } from "../params.ts"
import { COLLUDING, HONEST, LAZY, type VerificationWorld } from "../world.ts"
import { poisonBreakeven } from "./poisonBreakeven.ts"

export const verificationMetrics = [
  { name: "poisonedAccepted", description: "Poisoned contributions accepted (and paid) this epoch." },
  { name: "poisonedAcceptedShare", description: "Share of poisoned contributions accepted this epoch." },
  { name: "poisonAcceptanceRate", description: "Share of all poisoned contributions so far that were accepted (cumulative)." },
  { name: "honestRejected", description: "Honest contributions wrongly rejected and slashed this epoch (false positives)." },
  { name: "honestRejectedShare", description: "Share of honest contributions wrongly rejected this epoch." },
  { name: "checks", description: "Quality checks validators performed this epoch." },
  { name: "verificationCost", description: "What validators spent on checks this epoch, plus the audits' cost (auditCost), USD." },
  { name: "verificationCostPerWork", description: "Verification cost (checks and audits) per unit of work submitted, USD." },
  { name: "outputQuality", description: "Reward-weighted mean true quality of the work paid for (what the network buys)." },
  { name: "rewardPerContribution", description: "Tokens paid per accepted contribution this epoch (mean)." },
  { name: "honestContributorProfit", description: "Mean profit of an honest contributor this epoch, USD (reward - cost - slashed)." },
  { name: "poisonBreakevenRate", description: "spot-check / redundant: the check rate above which poisoning loses money in expectation at this epoch's reward (1: no rate stops it); NaN for other strategies." },
  { name: "validatorTrustHonest", description: "yuma: mean validator trust (share of weight inside consensus) of honest validators." },
  { name: "validatorTrustLazy", description: "yuma: mean validator trust of lazy validators (NaN without any)." },
  { name: "lazyStakeShare", description: "Share of validator stake held by lazy validators." },
  { name: "lazyRewardShare", description: "Share of this epoch's validator rewards paid to lazy validators." },
  { name: "lazyReturnRatio", description: "Lazy validators' cumulative net return (rewards - check costs - stake slashed by audits) per token staked at epoch 0 over honest validators' (1: laziness pays as well as verifying)." },
  { name: "colludingStakeShare", description: "Share of validator stake held by colluding validators." },
  { name: "supply", description: "Token supply." },
  { name: "slashedTotal", description: "Tokens slashed from contributors so far (burned)." },
  { name: "attack.poisoning.cost", description: "Poisoners' cumulative cost, USD: making poison and the bonds slashed." },
  { name: "attack.poisoning.profit", description: "Poisoners' cumulative rewards minus cost, USD." },
  { name: "attack.poisoning.success", description: "1 while poisoning has paid (cumulative profit > 0)." },
  { name: "attack.poisoning.detectedEpoch", description: "Epoch a poisoned contribution was first rejected; NaN before." },
  { name: "attack.cartel.cost", description: "Colluding validators' cumulative verification cost plus their stake slashed by audits, USD (NaN without a cartel)." },
  { name: "attack.cartel.profit", description: "Colluding validators' cumulative cut of the poisoners' rewards minus their cost, USD." },
  { name: "attack.cartel.success", description: "1 while the cartel gets most poison accepted (cumulative acceptance > 1/2)." },
  { name: "attack.cartel.detectedEpoch", description: "Epoch an audit first proved a colluding validator's fault (verification.auditRate > 0); NaN before, and always without audits." }
] as const satisfies ReadonlyArray<MetricDef>
type MetricName = (typeof verificationMetrics)[number]["name"]
const M = Object.fromEntries(verificationMetrics.map((m, i) => [m.name, i])) as Record<MetricName, number>

/** Declared only when audits are on, so runs without them keep their exact output. */
export const auditMetrics = [
  { name: "audits", description: "Validators' verdicts audited this epoch." },
  { name: "auditFaults", description: "Audited verdicts proven faulty this epoch: work of true quality under the threshold accepted." },
  { name: "auditCost", description: "What this epoch's audits cost, USD (included in verificationCost)." },
  { name: "auditFaultsHonest", description: "Faults proven on honest validators so far: their noise let bad work through (false negatives), a cost of the rule." },
  { name: "validatorSlashedTotal", description: "Tokens slashed from validators by audits so far (burned)." },
  { name: "validatorSlashedHonest", description: "Tokens slashed from honest validators by audits so far." },
  { name: "validatorSlashedLazy", description: "Tokens slashed from lazy validators by audits so far." },
  { name: "validatorSlashedColluding", description: "Tokens slashed from colluding validators by audits so far." },
  { name: "validatorSlashedShareHonest", description: "Tokens slashed from honest validators so far per token they staked at epoch 0." },
  { name: "validatorSlashedShareLazy", description: "Tokens slashed from lazy validators so far per token they staked at epoch 0 (NaN without any)." },
  { name: "validatorSlashedShareColluding", description: "Tokens slashed from colluding validators so far per token they staked at epoch 0 (NaN without any)." }
] as const satisfies ReadonlyArray<MetricDef>
type AuditMetricName = (typeof auditMetrics)[number]["name"]
const A = Object.fromEntries(auditMetrics.map((m, i) => [m.name, verificationMetrics.length + i])) as Record<AuditMetricName, number>

export const metrics = system<VerificationWorld, P>("metrics", (w, p) => {
  const r = w.recorder
  const c = w.contributors
  let poisoned = 0
  let poisonedAccepted = 0
  let honestRejected = 0
  let quality = 0
  let weightSum = 0
  for (let j = 0; j < c.size; j++) {
    const isPoison = c.cols.poisoned[j] === 1
    if (isPoison) poisoned++
    if (w.accepted[j] === 1) {
      if (isPoison) poisonedAccepted++
      quality += w.minerWeight[j]! * c.cols.quality[j]!
      weightSum += w.minerWeight[j]!
    } else if (!isPoison) honestRejected++
  }
  const honest = c.count - poisoned
  w.poisonSubmitted += poisoned
  w.poisonAccepted += poisonedAccepted
  r.set(M.poisonAcceptanceRate, w.poisonSubmitted > 0 ? w.poisonAccepted / w.poisonSubmitted : Number.NaN)
  r.set(M.poisonedAccepted, poisonedAccepted)
  r.set(M.poisonedAcceptedShare, poisoned > 0 ? poisonedAccepted / poisoned : Number.NaN)
  r.set(M.honestRejected, honestRejected)
  r.set(M.honestRejectedShare, honest > 0 ? honestRejected / honest : Number.NaN)
  r.set(M.checks, w.checks)
  r.set(M.verificationCost, w.verificationCost)
  r.set(M.verificationCostPerWork, c.count > 0 ? w.verificationCost / c.count : 0)
  r.set(M.outputQuality, weightSum > 0 ? quality / weightSum : Number.NaN)
  r.set(M.rewardPerContribution, w.rewardPerAccepted)
  r.set(M.honestContributorProfit, w.honestProfitEpoch)
  r.set(M.poisonBreakevenRate, poisonBreakeven(p, w))

  const vals = w.validators
  const price = p.token.price
  let lazyStake = 0
  let honestStake = 0
  let colludingStake = 0
  // Stake at epoch 0 (today's plus what audits slashed): the return is per token put at risk.
  let lazyStaked = 0
  let honestStaked = 0
  let lazyNet = 0
  let honestNet = 0
  let lazyReward = 0
  let allReward = 0
  let trustHonest = 0
  let nHonest = 0
  let trustLazy = 0
  let nLazy = 0
  const pool = p.token.emissionPerEpoch * (1 - p.token.minerShare)
  for (let i = 0; i < vals.size; i++) {
    const s = vals.cols.stake[i]!
    const lost = vals.cols.slashed[i]!
    const net = vals.cols.reward[i]! * price - vals.cols.cost[i]! - lost * price
    const paid = pool * w.validatorShare[i]!
    allReward += paid
    switch (vals.cols.kind[i]) {
      case LAZY:
        lazyStake += s
        lazyStaked += s + lost
        lazyNet += net
        lazyReward += paid
        trustLazy += vals.cols.trust[i]!
        nLazy++
        break
      case HONEST:
        honestStake += s
        honestStaked += s + lost
        honestNet += net
        trustHonest += vals.cols.trust[i]!
        nHonest++
        break
      default:
        colludingStake += s
    }
  }
  const total = w.cumulativeStake[w.cumulativeStake.length - 1]!
  const yuma = p.verification.strategy === "yuma"
  r.set(M.validatorTrustHonest, yuma && nHonest > 0 ? trustHonest / nHonest : Number.NaN)
  r.set(M.validatorTrustLazy, yuma && nLazy > 0 ? trustLazy / nLazy : Number.NaN)
  r.set(M.lazyStakeShare, lazyStake / total)
  r.set(M.lazyRewardShare, allReward > 0 && nLazy > 0 ? lazyReward / allReward : nLazy > 0 ? 0 : Number.NaN)
  // A ratio only reads right when honest validators gain: with losses it would flip sign.
  r.set(M.lazyReturnRatio, nLazy > 0 && honestStaked > 0 && honestNet > 0 ? lazyNet / lazyStaked / (honestNet / honestStaked) : Number.NaN)
  r.set(M.colludingStakeShare, colludingStake / total)
  r.set(M.supply, w.ledger.supply)
  r.set(M.slashedTotal, w.slashedTotal)
  const profit = w.poisonRevenue - w.poisonCost
  r.set(M["attack.poisoning.cost"], w.poisonCost)
  r.set(M["attack.poisoning.profit"], profit)
  r.set(M["attack.poisoning.success"], profit > 0 ? 1 : 0)
  r.set(M["attack.poisoning.detectedEpoch"], w.poisonDetectedAt)
  let cartelCost = 0
  let cartelMembers = 0
  for (let i = 0; i < vals.size; i++) {
    if (vals.cols.kind[i] !== COLLUDING) continue
    cartelCost += vals.cols.cost[i]! + vals.cols.slashed[i]! * price
    cartelMembers++
  }
  // A cartel exists while it has members (audits may slash its stake to nothing).
  const cartel = cartelMembers > 0
  r.set(M["attack.cartel.cost"], cartel ? cartelCost : Number.NaN)
  r.set(M["attack.cartel.profit"], cartel ? w.cartelTake * price - cartelCost : Number.NaN)
  r.set(M["attack.cartel.success"], cartel ? (w.poisonAccepted > 0.5 * w.poisonSubmitted ? 1 : 0) : Number.NaN)
  r.set(M["attack.cartel.detectedEpoch"], w.cartelDetectedAt)
  if (w.recordsAudits) recordAudits(w)
})

export const recordAudits = (w: VerificationWorld) => {
  const r = w.recorder
  const slashed = w.validatorSlashedByKind
  const staked = w.initialStakeByKind
  r.set(A.audits, w.audits)
  r.set(A.auditFaults, w.auditFaults)
  r.set(A.auditCost, w.auditCost)
  r.set(A.auditFaultsHonest, w.honestFaults)
  r.set(A.validatorSlashedTotal, slashed[HONEST]! + slashed[LAZY]! + slashed[COLLUDING]!)
  r.set(A.validatorSlashedHonest, slashed[HONEST]!)
  r.set(A.validatorSlashedLazy, slashed[LAZY]!)
  r.set(A.validatorSlashedColluding, slashed[COLLUDING]!)
  r.set(A.validatorSlashedShareHonest, staked[HONEST]! > 0 ? slashed[HONEST]! / staked[HONEST]! : Number.NaN)
  r.set(A.validatorSlashedShareLazy, staked[LAZY]! > 0 ? slashed[LAZY]! / staked[LAZY]! : Number.NaN)
  r.set(A.validatorSlashedShareColluding, staked[COLLUDING]! > 0 ? slashed[COLLUDING]! / staked[COLLUDING]! : Number.NaN)
}
