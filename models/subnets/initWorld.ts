/**
 * The subnets world at epoch 0 (`initWorld`): subnets opened with their pools, validators' and
 * stakers' alpha, root stake, and miners in their slots; what is left of the TAO issued is `outside`.
 */
import { Ledger, type Recorder, type Rng } from "../../src/kit/runtime.ts"
import { YumaScratch } from "../mechanisms/consensus/yuma.ts"
import type { SubnetsParams as P } from "./params.ts"
import { openSubnet, placeMiner, type SubnetsWorld } from "./world.ts"

/** Build the world at epoch 0. */
export const initWorld = (p: P, rng: Rng, recorder: Recorder): SubnetsWorld => {
  const n = p.subnets.count
  const K = p.miners.slots
  const V = p.validators.count + 1 // + the root attacker's validator (no stake until it attacks)
  const S = p.stakers.count
  const f = () => new Float64Array(n)
  const w: SubnetsWorld = {
    epoch: 0,
    ledger: new Ledger(p.emission.taoIssued),
    recorder,
    n,
    slots: K,
    validatorCount: V,
    stakerCount: S,
    alive: new Uint8Array(n).fill(1),
    poolTao: f(),
    poolAlpha: f(),
    quoteWeight: new Float64Array(n).fill(0.5),
    alphaIssued: f(),
    movingPrice: f(),
    flowEma: f(),
    flow: f(),
    registeredAt: new Float64Array(n).fill(-1e9),
    quality: f(),
    outsideAlpha: f(),
    protocolAlpha: f(),
    authorAlpha: f(),
    share: f(),
    lastShare: f(),
    lastPrice: f(),
    volPrev: f(),
    sampledPrice: f(),
    minerPoolAlpha: f(),
    minerEmission: f(),
    stakerYieldEma: f(),
    priceReturnEma: f(),
    ownerIncomeEma: f(),
    ownerIncome: f(),
    burn: new Float64Array(n).fill(p.miners.burn),
    bonds: new Float64Array(n * V * K),
    consensus: new Float64Array(n * K),
    incentive: new Float64Array(n * K),
    dividends: new Float64Array(n * V),
    weights: new Float64Array(V * K),
    yumaStake: new Float64Array(V),
    scratch: new YumaScratch(V, K),
    minerOn: new Uint8Array(n * K),
    skill: new Float64Array(n * K),
    minerCost: new Float64Array(n * K),
    minerIncomeEma: new Float64Array(n * K),
    minerSince: new Float64Array(n * K),
    validatorAlpha: new Float64Array(V * n),
    validatorOn: new Uint8Array(V * n),
    validatorRoot: new Float64Array(V),
    copier: new Uint8Array(V),
    validatorIncomeEma: new Float64Array(V * n),
    validatorEpochValue: new Float64Array(V * n),
    validatorProfit: new Float64Array(V),
    stakerAlpha: new Float64Array(S * n),
    stakerRoot: new Float64Array(S),
    stakerTao: new Float64Array(S),
    rootYieldEma: { value: 0 },
    outside: 0,
    taoUsd: p.market.taoUsd,
    demandLevel: p.market.demand,
    lastLock: p.subnets.lastLock,
    lastLockEpoch: 0,
    minerMoves: 0,
    validatorMoves: 0,
    stakerMoves: 0,
    registrations: 0,
    prunes: 0,
    copierProfit: 0,
    honestProfit: 0,
    honestMinerProfitEpoch: 0,
    washSize: 0,
    washSubnetRegisteredAt: Number.NaN,
    washCost: 0,
    washIncome: 0,
    washBaseline: 0,
    washBaselineEpochs: 0,
    washReviewIncome: 0,
    washReviewCost: 0,
    washReviewEpochs: 0,
    rootAttackIncome: 0,
    rootAttackCost: 0,
    attacker: V - 1,
    rng,
    lastMinted: 0,
    minerCostEpoch: 0,
    cmp: { sum: new Float64Array(8), count: new Float64Array(8), profit: 0, cost: 0 },
    subnet0OwnerIncome: 0,
    lastValidatorProfit: new Float64Array(V)
  }
  let poolTaoTotal = 0
  for (let i = 0; i < n; i++) openSubnet(w, p, i, p.subnets.poolTao * Math.exp(p.subnets.poolSpread * rng.normal()), p.subnets.price * Math.exp(0.5 * p.subnets.poolSpread * rng.normal()), -1e9)
  for (let i = 0; i < n; i++) poolTaoTotal += w.poolTao[i]!
  // Validators: which subnets they validate on; the smallest `copierShare` copy weights.
  const honestV = V - 1
  const copiers = Math.round(p.validators.copierShare * honestV)
  for (let v = 0; v < honestV; v++) {
    w.copier[v] = v < copiers ? 1 : 0
    let any = false
    for (let i = 0; i < n; i++) if (rng.next() < p.validators.span) ((w.validatorOn[v * n + i] = 1), (any = true))
    if (!any) w.validatorOn[v * n + rng.int(n)] = 1
  }
  w.copier[w.attacker] = 1
  // Validator sizes: Pareto weights, smallest first (so copiers are the small ones).
  const vWeight = new Float64Array(honestV)
  for (let v = 0; v < honestV; v++) vWeight[v] = rng.pareto(1, 1.2)
  vWeight.sort()
  let vSum = 0
  for (let v = 0; v < honestV; v++) vSum += vWeight[v]!
  // Stakers: Pareto sizes; alpha in a few subnets each; root stake.
  const sWeight = new Float64Array(S)
  let sSum = 0
  for (let s = 0; s < S; s++) ((sWeight[s] = rng.pareto(1, 1.3)), (sSum += sWeight[s]!))
  for (let i = 0; i < n; i++) {
    const stakersAlpha = p.stakers.alphaStaked * w.poolAlpha[i]!
    // Each staker holds this subnet with chance 1/4, weighted by size.
    let held = 0
    for (let s = 0; s < S; s++) if (rng.next() < 0.25) held += sWeight[s]!
    for (let s = 0; s < S; s++) if (held > 0 && rng.next() < 0.25) w.stakerAlpha[s * n + i] = (stakersAlpha * sWeight[s]!) / held
    let onSum = 0
    for (let v = 0; v < honestV; v++) if (w.validatorOn[v * n + i]) onSum += vWeight[v]!
    for (let v = 0; v < honestV; v++) if (w.validatorOn[v * n + i]) w.validatorAlpha[v * n + i] = (p.validators.ownShare * stakersAlpha * vWeight[v]!) / onSum
    let issued = w.poolAlpha[i]!
    for (let s = 0; s < S; s++) issued += w.stakerAlpha[s * n + i]!
    for (let v = 0; v < V; v++) issued += w.validatorAlpha[v * n + i]!
    w.alphaIssued[i] = issued
  }
  const rootTao = p.stakers.rootTao * poolTaoTotal
  for (let s = 0; s < S; s++) w.stakerRoot[s] = (rootTao * 0.8 * sWeight[s]!) / sSum
  for (let v = 0; v < honestV; v++) w.validatorRoot[v] = (rootTao * 0.2 * vWeight[v]!) / vSum
  // Everything else issued is outside the network.
  w.outside = p.emission.taoIssued - poolTaoTotal - rootTao
  if (!(w.outside >= 0)) throw new Error(`emission.taoIssued (${p.emission.taoIssued}) is less than the TAO in pools and root stake at epoch 0 (${poolTaoTotal + rootTao})`)
  // Miners.
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) if (rng.next() < p.miners.initialShare) placeMiner(w, i, k, rng.uniform(0.2, 1), p.miners.costUsd * Math.exp(0.6 * rng.normal()), 0)
  return w
}
