/**
 * Metrics of the subnets model: the seed's stability questions (emission-share concentration and
 * turnover, churn of miners and validators, alpha price volatility, what weight copying earns
 * against evaluating), what honest participants earn, and each attack's cost and profit.
 */
import type { MetricDef, Rng } from "../../../src/kit/runtime.ts"
import type { SubnetsParams as P } from "../params.ts"
import { priceOf, type SubnetsWorld } from "../world.ts"
import { stakeWeights } from "./consensus.ts"

export const subnetsMetrics: ReadonlyArray<MetricDef> = [
  { name: "activeSubnets", description: "Live subnets." },
  { name: "emissionShareHHI", description: "Concentration of TAO emission shares: live subnets x sum of squared shares (1: equal shares; n: one subnet takes all)." },
  { name: "emissionShareTurnover", description: "Half the sum of absolute changes in emission shares this epoch (0: shares steady; 1: all emission moved)." },
  { name: "maxEmissionShare", description: "Largest subnet's share of TAO emission." },
  { name: "alphaPriceVolatility", description: "Mean over live subnets of |log change| of the alpha price this epoch." },
  { name: "meanAlphaPrice", description: "Mean alpha price over live subnets, TAO." },
  { name: "minerChurn", description: "Miner moves, exits, entries and deregistrations this epoch, over miners." },
  { name: "validatorChurn", description: "Validators leaving or joining a subnet this epoch, over (validator, subnet) pairs validated." },
  { name: "stakerMoves", description: "Stakers' position moves this epoch." },
  { name: "activeMiners", description: "Miners in slots." },
  { name: "honestMinerProfit", description: "Mean miner profit this epoch, USD (TAO received x TAO price - cost)." },
  { name: "validatorReturnHonest", description: "Honest (evaluating) validators' profit this epoch over their stake's value, per epoch." },
  { name: "validatorReturnCopier", description: "Weight copiers' profit this epoch over their stake's value, per epoch (NaN without copiers)." },
  { name: "weightCopyAdvantage", description: "Copiers' return minus honest validators' return, per epoch (> 0: copying pays better per unit staked)." },
  { name: "stakerYield", description: "Mean stakers' dividend yield over live subnets, per epoch (EMA)." },
  { name: "rootYield", description: "Root stake's yield per epoch (EMA)." },
  { name: "taoEmitted", description: "TAO minted this epoch." },
  { name: "taoUsd", description: "TAO price, USD." },
  { name: "registrations", description: "Subnets registered so far." },
  { name: "prunes", description: "Subnets pruned so far." },
  { name: "subnet0Share", description: "Subnet 0's share of TAO emission (the wash trader's subnet)." },
  { name: "subnet0OwnerIncome", description: "Cumulative income of subnet 0's owner, USD (compare with a control run to see what wash trading bought)." },
  { name: "rootAttackerStakeShare", description: "The root attacker's share of all validator stake, averaged over live subnets." },
  { name: "cmp.shareHHI", description: "Comparison (same name in the attribution model): mean of emissionShareHHI over the run so far." },
  { name: "cmp.shareTurnover", description: "Comparison: mean of emissionShareTurnover over the run so far." },
  { name: "cmp.participantChurn", description: "Comparison: mean of minerChurn over the run so far." },
  { name: "cmp.validatorChurn", description: "Comparison: mean of validatorChurn over the run so far." },
  { name: "cmp.priceVolatility", description: "Comparison: mean of alphaPriceVolatility over the run so far." },
  { name: "cmp.weightCopyAdvantage", description: "Comparison: mean of weightCopyAdvantage over the run so far (NaN without copiers)." },
  { name: "cmp.honestProfit", description: "Comparison: mean over the run of the mean miner's profit per epoch, USD." },
  { name: "cmp.honestReturnOnCost", description: "Comparison: miners' total profit over their total cost, over the run." },
  { name: "attack.wash.cost", description: "Wash trading's cumulative cost (fees and slippage), USD (NaN without the attack)." },
  { name: "attack.wash.profit", description: "Owner income over its pre-attack baseline while washing, less the cost, cumulative USD: what the owner sees; the causal gain needs a control run (subnet0OwnerIncome)." },
  { name: "attack.wash.success", description: "1 while wash trading has paid (profit > 0)." },
  { name: "attack.wash.detectedEpoch", description: "Never detected: subtensor has no rule that flags wash trades (NaN)." },
  { name: "attack.root.cost", description: "Root attacker's cumulative capital cost, USD (NaN without the attack)." },
  { name: "attack.root.profit", description: "Root attacker's cumulative income less its capital cost, USD." },
  { name: "attack.root.success", description: "1 while the root stake has paid (profit > 0)." },
  { name: "attack.root.detectedEpoch", description: "Never detected (NaN)." }
]

let stakeScratch = new Float64Array(0)

export const metrics = (w: SubnetsWorld, p: P, _rng: Rng): void => {
  const r = w.recorder
  const id = (w.metricIds ??= Object.fromEntries(subnetsMetrics.map((d) => [d.name, r.id(d.name)])))
  const n = w.n
  const K = w.slots
  const V = w.validatorCount
  let live = 0
  let sq = 0
  let turnover = 0
  let maxShare = 0
  let vol = 0
  let priceSum = 0
  let yieldSum = 0
  for (let i = 0; i < n; i++) {
    turnover += Math.abs(w.share[i]! - w.lastShare[i]!)
    w.lastShare[i] = w.share[i]!
    if (!w.alive[i]) continue
    live++
    sq += w.share[i]! * w.share[i]!
    maxShare = Math.max(maxShare, w.share[i]!)
    const price = priceOf(w, i)
    priceSum += price
    yieldSum += w.stakerYieldEma[i]!
  }
  for (let i = 0; i < n; i++) if (w.alive[i] && w.volPrev[i]! > 0) vol += Math.abs(Math.log(priceOf(w, i) / w.volPrev[i]!))
  for (let i = 0; i < n; i++) w.volPrev[i] = w.alive[i] ? priceOf(w, i) : 0
  let miners = 0
  for (let j = 0; j < n * K; j++) miners += w.minerOn[j]!
  let pairs = 0
  for (let c = 0; c < V * n; c++) pairs += w.validatorOn[c]!
  r.set(id.activeSubnets!, live)
  // With every share 0 (the flow rule when no subnet has net inflow) concentration is undefined.
  r.set(id.emissionShareHHI!, sq > 0 ? live * sq : Number.NaN)
  r.set(id.emissionShareTurnover!, w.epoch === 0 ? Number.NaN : turnover / 2)
  r.set(id.maxEmissionShare!, maxShare)
  r.set(id.alphaPriceVolatility!, live > 0 ? vol / live : 0)
  r.set(id.meanAlphaPrice!, live > 0 ? priceSum / live : 0)
  r.set(id.minerChurn!, miners > 0 ? w.minerMoves / miners : 0)
  r.set(id.validatorChurn!, pairs > 0 ? w.validatorMoves / pairs : 0)
  r.set(id.stakerMoves!, w.stakerMoves)
  r.set(id.activeMiners!, miners)
  r.set(id.honestMinerProfit!, miners > 0 ? w.honestMinerProfitEpoch / miners : 0)
  // Validators' return per unit staked this epoch, by kind.
  const lastHonest = w.lastValidatorProfit
  if (stakeScratch.length < V) stakeScratch = new Float64Array(V)
  let hp = 0, hs = 0, cp = 0, cs = 0
  for (let v = 0; v < V; v++) {
    if (v === w.attacker) continue
    let value = w.validatorRoot[v]!
    for (let i = 0; i < n; i++) value += w.validatorAlpha[v * n + i]! * (w.alive[i] ? priceOf(w, i) : 0)
    value *= w.taoUsd
    const profit = w.validatorProfit[v]! - lastHonest[v]!
    lastHonest[v] = w.validatorProfit[v]!
    if (w.copier[v]) ((cp += profit), (cs += value))
    else ((hp += profit), (hs += value))
  }
  const honestReturn = hs > 0 ? hp / hs : Number.NaN
  const copierReturn = cs > 0 ? cp / cs : Number.NaN
  r.set(id.validatorReturnHonest!, honestReturn)
  r.set(id.validatorReturnCopier!, copierReturn)
  r.set(id.weightCopyAdvantage!, copierReturn - honestReturn)
  r.set(id.stakerYield!, live > 0 ? yieldSum / live : 0)
  r.set(id.rootYield!, w.rootYieldEma.value)
  r.set(id.taoEmitted!, w.ledger.minted - w.lastMinted)
  w.lastMinted = w.ledger.minted
  r.set(id.taoUsd!, w.taoUsd)
  r.set(id.registrations!, w.registrations)
  r.set(id.prunes!, w.prunes)
  r.set(id.subnet0Share!, w.share[0]!)
  w.subnet0OwnerIncome += w.ownerIncome[0]! * w.taoUsd
  r.set(id.subnet0OwnerIncome!, w.subnet0OwnerIncome)
  let attackerShare = 0
  if (w.validatorRoot[w.attacker]! > 0) {
    for (let i = 0; i < n; i++) {
      if (!w.alive[i]) continue
      stakeWeights(w, p, i, stakeScratch)
      let total = 0
      for (let v = 0; v < V; v++) total += stakeScratch[v]!
      attackerShare += total > 0 ? stakeScratch[w.attacker]! / total : 0
    }
    attackerShare /= Math.max(1, live)
  }
  r.set(id.rootAttackerStakeShare!, attackerShare)
  const wash = p.attacks.washBudget > 0
  r.set(id["attack.wash.cost"]!, wash ? w.washCost : Number.NaN)
  r.set(id["attack.wash.profit"]!, wash ? w.washIncome - w.washCost : Number.NaN)
  r.set(id["attack.wash.success"]!, wash ? (w.washIncome - w.washCost > 0 ? 1 : 0) : Number.NaN)
  r.set(id["attack.wash.detectedEpoch"]!, Number.NaN)
  const root = p.attacks.rootBudget > 0
  r.set(id["attack.root.cost"]!, root ? w.rootAttackCost : Number.NaN)
  r.set(id["attack.root.profit"]!, root ? w.rootAttackIncome * w.taoUsd - w.rootAttackCost : Number.NaN)
  r.set(id["attack.root.success"]!, root ? (w.rootAttackIncome * w.taoUsd - w.rootAttackCost > 0 ? 1 : 0) : Number.NaN)
  r.set(id["attack.root.detectedEpoch"]!, Number.NaN)
  // Run means for the comparison with the attribution model.
  const cm = w.cmp
  const add = (k: number, name: string, v: number) => {
    if (Number.isFinite(v)) ((cm.sum[k] = cm.sum[k]! + v), (cm.count[k] = cm.count[k]! + 1))
    r.set(id[name]!, cm.count[k]! > 0 ? cm.sum[k]! / cm.count[k]! : Number.NaN)
  }
  add(0, "cmp.shareHHI", sq > 0 ? live * sq : Number.NaN)
  add(1, "cmp.shareTurnover", w.epoch === 0 ? Number.NaN : turnover / 2)
  add(2, "cmp.participantChurn", miners > 0 ? w.minerMoves / miners : Number.NaN)
  add(3, "cmp.validatorChurn", pairs > 0 ? w.validatorMoves / pairs : Number.NaN)
  add(4, "cmp.priceVolatility", live > 0 ? vol / live : Number.NaN)
  add(5, "cmp.weightCopyAdvantage", copierReturn - honestReturn)
  add(6, "cmp.honestProfit", miners > 0 ? w.honestMinerProfitEpoch / miners : Number.NaN)
  cm.profit += w.honestMinerProfitEpoch
  cm.cost += w.minerCostEpoch
  r.set(id["cmp.honestReturnOnCost"]!, cm.cost > 0 ? cm.profit / cm.cost : Number.NaN)
  w.minerCostEpoch = 0
  // Reset the epoch's counters.
  w.minerMoves = 0
  w.validatorMoves = 0
  w.stakerMoves = 0
  w.honestMinerProfitEpoch = 0
}
