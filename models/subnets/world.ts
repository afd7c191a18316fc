/**
 * The subnets model's world: subnets with their pools (struct-of-arrays over subnet index),
 * miners in fixed slots (subnet x slot), validators and stakers with their alpha per subnet
 * (rows of flat matrices), root stake, and the TAO and alpha books that the invariants check.
 *
 * Token holders. TAO: `outside` (everything off the network: buyers, sellers, block authors,
 * USD costs), the pools, root stake (stakers, validators, the root attacker) and stakers' liquid
 * TAO; minted by the coinbase, burned when a dissolved subnet's protocol share is recycled.
 * Alpha of subnet s: its pool, stakers, validators, outside holders, the protocol (chain buys)
 * and the block author (sell fees); miners, owners and root stakers sell what they earn at once.
 */
import type { Rng, WorldBase } from "../../src/kit/runtime.ts"
import type { YumaScratch } from "../mechanisms/consensus/yuma.ts"
import type { PoolState } from "../mechanisms/dtao/balancerPool.ts"
import type { SubnetsParams as P } from "./params.ts"

export interface SubnetsWorld extends WorldBase {
  /** Subnet capacity (= params.subnets.count: the subnet limit). */
  readonly n: number
  readonly slots: number
  readonly validatorCount: number
  readonly stakerCount: number
  // Subnets (length n).
  readonly alive: Uint8Array
  readonly poolTao: Float64Array
  readonly poolAlpha: Float64Array
  readonly quoteWeight: Float64Array
  /** Alpha ever minted for the subnet (pool + every holder). */
  readonly alphaIssued: Float64Array
  readonly movingPrice: Float64Array
  readonly flowEma: Float64Array
  /** Net TAO staked into the subnet this epoch (buys minus sells), the flow rule's input. */
  readonly flow: Float64Array
  readonly registeredAt: Float64Array
  /** Usefulness of the subnet's output to outside users (drifts). */
  readonly quality: Float64Array
  readonly outsideAlpha: Float64Array
  readonly protocolAlpha: Float64Array
  readonly authorAlpha: Float64Array
  /** Emission share this epoch and last. */
  readonly share: Float64Array
  readonly lastShare: Float64Array
  readonly lastPrice: Float64Array
  /** Price at the last metrics pass (volatility). */
  readonly volPrev: Float64Array
  /** Price the moving price samples this epoch (the wash trader pumps it for part of the epoch). */
  readonly sampledPrice: Float64Array
  /** Last epoch's alpha for miners, validators, stakers (per alpha staked), owner income EMA (TAO). */
  readonly minerPoolAlpha: Float64Array
  /** Alpha the subnet's emission assigns its miners per epoch (paid only when it has miners and weights): what newcomers look at. */
  readonly minerEmission: Float64Array
  readonly stakerYieldEma: Float64Array
  readonly priceReturnEma: Float64Array
  readonly ownerIncomeEma: Float64Array
  readonly ownerIncome: Float64Array
  /** Neuron registration burn, TAO. */
  readonly burn: Float64Array
  /** Per subnet Yuma state: bonds (validators x slots) and the last consensus (what copiers copy). */
  readonly bonds: Float64Array
  readonly consensus: Float64Array
  readonly incentive: Float64Array
  readonly dividends: Float64Array
  readonly weights: Float64Array
  readonly yumaStake: Float64Array
  readonly scratch: YumaScratch
  // Miners (length n x slots, slot-major per subnet).
  readonly minerOn: Uint8Array
  readonly skill: Float64Array
  readonly minerCost: Float64Array
  readonly minerIncomeEma: Float64Array
  /** Epoch the miner took its slot (it does not review its choice during its first epochs). */
  readonly minerSince: Float64Array
  // Validators (V rows; alpha matrix V x n).
  readonly validatorAlpha: Float64Array
  readonly validatorOn: Uint8Array
  readonly validatorRoot: Float64Array
  readonly copier: Uint8Array
  readonly validatorIncomeEma: Float64Array
  /** Value a validator earned on a subnet this epoch, USD (before costs). */
  readonly validatorEpochValue: Float64Array
  readonly validatorProfit: Float64Array
  // Stakers (S rows; alpha matrix S x n).
  readonly stakerAlpha: Float64Array
  readonly stakerRoot: Float64Array
  readonly stakerTao: Float64Array
  readonly rootYieldEma: { value: number }
  // Books.
  outside: number
  taoUsd: number
  demandLevel: number
  lastLock: number
  lastLockEpoch: number
  // Epoch counters (metrics).
  minerMoves: number
  validatorMoves: number
  stakerMoves: number
  registrations: number
  prunes: number
  /** Weight copiers' and honest validators' cumulative profit, USD, per unit of their stake. */
  copierProfit: number
  honestProfit: number
  honestMinerProfitEpoch: number
  // Attacks.
  washSize: number
  /** Registration epoch of the wash trader's subnet (the attack ends if it is pruned). */
  washSubnetRegisteredAt: number
  washCost: number
  washIncome: number
  washBaseline: number
  washBaselineEpochs: number
  washReviewIncome: number
  washReviewCost: number
  washReviewEpochs: number
  rootAttackIncome: number
  rootAttackCost: number
  /** The root attacker is validator index V (one more than `validators.count`). */
  readonly attacker: number
  readonly rng: Rng
  /** Metric ids, looked up once per run. */
  metricIds?: Record<string, number>
  lastMinted: number
  /** Miners' USD costs this epoch. */
  minerCostEpoch: number
  /** Running sums for the comparison metrics (cmp.*). */
  readonly cmp: { readonly sum: Float64Array; readonly count: Float64Array; profit: number; cost: number }
  subnet0OwnerIncome: number
  readonly lastValidatorProfit: Float64Array
}

/** A pool view over subnet i's columns, for the mechanism functions (copied back by `storePool`). */
export const poolOf = (w: SubnetsWorld, i: number, into: PoolState): PoolState => {
  into.tao = w.poolTao[i]!
  into.alpha = w.poolAlpha[i]!
  into.quoteWeight = w.quoteWeight[i]!
  return into
}

export const storePool = (w: SubnetsWorld, i: number, pool: PoolState): void => {
  w.poolTao[i] = pool.tao
  w.poolAlpha[i] = pool.alpha
  w.quoteWeight[i] = pool.quoteWeight
}

/** Spot price of subnet i. */
export const priceOf = (w: SubnetsWorld, i: number): number =>
  w.poolAlpha[i]! > 0 ? ((1 - w.quoteWeight[i]!) / w.quoteWeight[i]!) * (w.poolTao[i]! / w.poolAlpha[i]!) : 0

/** Fill subnet i's pool and reset its state (epoch 0, or a registration into a freed index). */
export const openSubnet = (w: SubnetsWorld, p: P, i: number, poolTao: number, price: number, epoch: number): void => {
  w.alive[i] = 1
  w.poolTao[i] = poolTao
  w.poolAlpha[i] = poolTao / price
  w.quoteWeight[i] = 0.5
  w.alphaIssued[i] = w.poolAlpha[i]!
  w.movingPrice[i] = price
  w.lastPrice[i] = price
  w.sampledPrice[i] = price
  w.flowEma[i] = 0
  w.flow[i] = 0
  w.registeredAt[i] = epoch
  w.quality[i] = Math.exp(p.subnets.poolSpread * w.rng.normal())
  w.outsideAlpha[i] = 0
  w.protocolAlpha[i] = 0
  w.authorAlpha[i] = 0
  w.minerPoolAlpha[i] = 0
  w.minerEmission[i] = 0
  w.stakerYieldEma[i] = 0
  w.priceReturnEma[i] = 0
  w.ownerIncomeEma[i] = 0
  w.burn[i] = p.miners.burn
  const V = w.validatorCount
  const K = w.slots
  w.bonds.fill(0, i * V * K, (i + 1) * V * K)
  w.consensus.fill(0, i * K, (i + 1) * K)
  w.incentive.fill(0, i * K, (i + 1) * K)
}

/** Put a miner in slot k of subnet i. */
export const placeMiner = (w: SubnetsWorld, i: number, k: number, skill: number, cost: number, incomeEma: number): void => {
  const j = i * w.slots + k
  w.minerOn[j] = 1
  w.skill[j] = skill
  w.minerCost[j] = cost
  w.minerIncomeEma[j] = incomeEma
  w.minerSince[j] = w.epoch
  // A new UID starts without bonds.
  const V = w.validatorCount
  for (let v = 0; v < V; v++) w.bonds[(i * V + v) * w.slots + k] = 0
}

/** Sum of TAO held by every holder (the invariant compares it with the ledger's supply). */
export const taoHeld = (w: SubnetsWorld): number => {
  let t = w.outside
  for (let i = 0; i < w.n; i++) t += w.poolTao[i]!
  for (let s = 0; s < w.stakerCount; s++) t += w.stakerRoot[s]! + w.stakerTao[s]!
  for (let v = 0; v < w.validatorCount; v++) t += w.validatorRoot[v]!
  return t
}

/** Alpha of subnet i held by every holder, pool included. */
export const alphaHeld = (w: SubnetsWorld, i: number): number => {
  let a = w.poolAlpha[i]! + w.outsideAlpha[i]! + w.protocolAlpha[i]! + w.authorAlpha[i]!
  for (let s = 0; s < w.stakerCount; s++) a += w.stakerAlpha[s * w.n + i]!
  for (let v = 0; v < w.validatorCount; v++) a += w.validatorAlpha[v * w.n + i]!
  return a
}
