/**
 * Emission: one epoch of subtensor's coinbase (run_coinbase.rs), with the epoch's blocks summed.
 * The epoch's TAO emission (halving by issuance) is shared between subnets by the moving price or
 * the net-flow EMA (`emission.rule`); each subnet's share is injected into its pool or buys alpha
 * (`emitToSubnet`); its alpha out is split owner / miners / validators / root and paid:
 * - miners by Yuma incentive, sold at once (they pay USD costs);
 * - validators by Yuma dividends; of each validator's piece, the part due to delegated alpha goes
 *   to the subnet's stakers (after the validator's take) and stays staked, the part due to root
 *   stake is sold and paid to root stakers (after the take), the rest stays with the validator;
 * - the owner's cut is sold (its income); root alpha is sold and paid to root stake pro rata.
 * Alpha that no one can receive (no validator, or no miner, on the subnet) is not minted.
 * Validators then sell alpha to pay their USD costs for the epoch.
 */
import type { Rng } from "../../../src/kit/runtime.ts"
import { type PoolState } from "../../mechanisms/dtao/balancerPool.ts"
import { blockEmission, emitToSubnet, rootProportion } from "../../mechanisms/dtao/coinbase.ts"
import { flowShares, priceShares } from "../../mechanisms/dtao/subnetShares.ts"
import type { SubnetsParams as P } from "../params.ts"
import { unstake } from "../trade.ts"
import { poolOf, priceOf, storePool, type SubnetsWorld } from "../world.ts"
import { rootMultiplier, stakeWeights } from "./consensus.ts"

const pool: PoolState = { tao: 0, alpha: 0, quoteWeight: 0.5 }
let values = new Float64Array(0)
let rootIncome = new Float64Array(0)

/** Total TAO staked on root. */
export const rootTotal = (w: SubnetsWorld): number => {
  let r = 0
  for (let s = 0; s < w.stakerCount; s++) r += w.stakerRoot[s]!
  for (let v = 0; v < w.validatorCount; v++) r += w.validatorRoot[v]!
  return r
}

export const emission = (w: SubnetsWorld, p: P, _rng: Rng): void => {
  const n = w.n
  const K = w.slots
  const V = w.validatorCount
  const S = w.stakerCount
  const fee = p.emission.feeRate
  const blocks = p.emission.blocksPerEpoch
  if (values.length < n) values = new Float64Array(n)
  if (rootIncome.length < V + S) rootIncome = new Float64Array(V + S)
  // Shares over live subnets, from the EMAs as they stood before this epoch (subtensor updates them after the coinbase).
  for (let i = 0; i < n; i++) values[i] = w.alive[i] ? (p.emission.rule === "price" ? w.movingPrice[i]! : w.flowEma[i]!) : p.emission.rule === "price" ? 0 : Number.NEGATIVE_INFINITY
  const vals = values.subarray(0, n)
  if (p.emission.rule === "price") priceShares(vals, w.share)
  else {
    // Dead subnets take no part: give them the smallest live flow so they neither lower L nor get a share.
    let minLive = 0
    for (let i = 0; i < n; i++) if (w.alive[i]) minLive = Math.min(minLive, vals[i]!)
    for (let i = 0; i < n; i++) if (!w.alive[i]) vals[i] = minLive
    flowShares(vals, p.emission.flowExponent, p.emission.flowCutoff, w.share)
    for (let i = 0; i < n; i++) if (!w.alive[i]) w.share[i] = 0
  }
  const taoEmission = blockEmission(w.ledger.supply) * blocks
  const rootTao = rootTotal(w)
  const rm = rootMultiplier(w)
  rootIncome.fill(0)
  let rootIncomeTotal = 0
  for (let i = 0; i < n; i++) {
    w.ownerIncome[i] = 0
    if (!w.alive[i]) continue
    const alphaEmission = blockEmission(w.alphaIssued[i]!) * blocks
    const rootProp = rootProportion(rootTao, p.emission.taoWeight, w.alphaIssued[i]!)
    const e = emitToSubnet(poolOf(w, i, pool), taoEmission * w.share[i]!, alphaEmission, rootProp, p.subnets.ownerCut, fee)
    storePool(w, i, pool)
    w.ledger.mint(e.taoMinted)
    w.outside += e.fee
    w.alphaIssued[i] = w.alphaIssued[i]! + e.alphaInjected
    w.protocolAlpha[i] = w.protocolAlpha[i]! + e.protocolAlpha
    // Miners: by incentive, sold at once.
    let incentiveSum = 0
    for (let k = 0; k < K; k++) incentiveSum += w.incentive[i * K + k]!
    const minerAlpha = incentiveSum > 0 ? e.split.miners : 0
    w.minerPoolAlpha[i] = minerAlpha
    w.minerEmission[i] = e.split.miners
    let honestMinerProfit = 0
    for (let k = 0; k < K; k++) {
      const j = i * K + k
      if (!w.minerOn[j]) continue
      const tao = sellMinted(w, i, (minerAlpha * w.incentive[j]!) / (incentiveSum || 1), fee)
      w.outside += tao
      w.minerIncomeEma[j] = (1 - p.miners.memory) * w.minerIncomeEma[j]! + p.miners.memory * tao
      honestMinerProfit += tao * w.taoUsd - w.minerCost[j]!
      w.minerCostEpoch += w.minerCost[j]!
    }
    w.honestMinerProfitEpoch += honestMinerProfit
    // Validators: by dividends.
    stakeWeights(w, p, i, w.yumaStake)
    let divSum = 0
    for (let v = 0; v < V; v++) divSum += w.dividends[i * V + v]!
    const validatorAlpha = divSum > 0 ? e.split.validators : 0
    let own = 0
    for (let v = 0; v < V; v++) if (w.validatorOn[v * n + i]) own += w.validatorAlpha[v * n + i]!
    let delegated = 0
    for (let s = 0; s < S; s++) delegated += w.stakerAlpha[s * n + i]!
    const alphaMult = own > 0 ? 1 + delegated / own : 1
    let toStakers = 0
    for (let v = 0; v < V; v++) {
      const piece = (validatorAlpha * w.dividends[i * V + v]!) / (divSum || 1)
      const total = w.yumaStake[v]!
      if (!(piece > 0) || !(total > 0)) continue
      const ownAlpha = w.validatorAlpha[v * n + i]!
      const delegatedShare = (ownAlpha * (alphaMult - 1)) / total
      const vrm = v === w.attacker ? 1 : rm
      const rootShare = (p.emission.taoWeight * w.validatorRoot[v]! * vrm) / total
      const stakersGet = piece * delegatedShare * (1 - p.validators.take)
      toStakers += stakersGet
      // The root part is sold; the validator keeps its take and its own root's share, root delegators the rest.
      const rootAlpha = piece * rootShare
      w.alphaIssued[i] = w.alphaIssued[i]! + piece - rootAlpha
      const rootTaoOut = sellMinted(w, i, rootAlpha, fee)
      const keepShare = p.validators.take + (1 - p.validators.take) / vrm
      rootIncome[S + v] = rootIncome[S + v]! + rootTaoOut * keepShare
      const toRootDelegators = rootTaoOut * (1 - keepShare)
      rootIncomeTotal += toRootDelegators
      const keptAlpha = piece - stakersGet - rootAlpha
      w.validatorAlpha[v * n + i] = ownAlpha + keptAlpha
      const value = (keptAlpha * priceOf(w, i) + rootTaoOut * keepShare) * w.taoUsd
      w.validatorEpochValue[v * n + i] = value
      w.validatorProfit[v] = w.validatorProfit[v]! + value
    }
    // Stakers' share stays staked as alpha, pro rata to their alpha on the subnet.
    if (delegated > 0) {
      for (let s = 0; s < S; s++) w.stakerAlpha[s * n + i] = w.stakerAlpha[s * n + i]! * (1 + toStakers / delegated)
      w.stakerYieldEma[i] = (1 - p.stakers.memory) * w.stakerYieldEma[i]! + p.stakers.memory * (toStakers / delegated)
    } else {
      // Nothing delegated: the stakers' part stays with the validators (no one else can hold it).
      w.stakerYieldEma[i] = (1 - p.stakers.memory) * w.stakerYieldEma[i]!
    }
    // Owner: its cut is sold.
    const ownerTao = sellMinted(w, i, e.split.owner, fee)
    w.outside += ownerTao
    w.ownerIncome[i] = ownerTao
    w.ownerIncomeEma[i] = 0.9 * w.ownerIncomeEma[i]! + 0.1 * ownerTao
    // Root alpha: sold, paid to root stake.
    const rootTaoOut = sellMinted(w, i, e.split.root, fee)
    rootIncomeTotal += rootTaoOut
    // Validators pay their USD costs by selling alpha on this subnet.
    for (let v = 0; v < V; v++) {
      if (!w.validatorOn[v * n + i]) continue
      const costUsd = w.copier[v] ? p.validators.copyCost : p.validators.evalCost
      const price = priceOf(w, i)
      const need = price > 0 ? costUsd / w.taoUsd / price : 0
      const sell = Math.min(need, w.validatorAlpha[v * n + i]!)
      const got = unstake(w, i, sell, fee)
      if (got > 0) {
        w.validatorAlpha[v * n + i] = w.validatorAlpha[v * n + i]! - sell
        w.outside += got
      }
      w.validatorProfit[v] = w.validatorProfit[v]! - costUsd
      w.validatorIncomeEma[v * n + i] = 0.8 * w.validatorIncomeEma[v * n + i]! + 0.2 * (w.validatorEpochValue[v * n + i]! - costUsd)
      w.validatorEpochValue[v * n + i] = 0
    }
  }
  // Root income: delegators' part pro rata to root stake, compounding on root; validators' kept part on their root.
  if (rootIncomeTotal > 0 && rootTao > 0) {
    for (let s = 0; s < S; s++) w.stakerRoot[s] = w.stakerRoot[s]! + (rootIncomeTotal * w.stakerRoot[s]!) / rootTao
    for (let v = 0; v < V; v++) rootIncome[S + v] = rootIncome[S + v]! + (rootIncomeTotal * w.validatorRoot[v]!) / rootTao
  }
  for (let v = 0; v < V; v++) {
    w.validatorRoot[v] = w.validatorRoot[v]! + rootIncome[S + v]!
    if (v === w.attacker) w.rootAttackIncome += rootIncome[S + v]!
  }
  w.rootYieldEma.value = (1 - p.stakers.memory) * w.rootYieldEma.value + p.stakers.memory * (rootTao > 0 ? rootIncomeTotal / rootTao : 0)
}

/** Mint `alpha` for a recipient who sells it at once; when the pool cannot pay, outside holders keep it. */
const sellMinted = (w: SubnetsWorld, i: number, alpha: number, fee: number): number => {
  if (!(alpha > 0)) return 0
  w.alphaIssued[i] = w.alphaIssued[i]! + alpha
  const tao = unstake(w, i, alpha, fee)
  if (!(tao > 0)) w.outsideAlpha[i] = w.outsideAlpha[i]! + alpha
  return tao
}
