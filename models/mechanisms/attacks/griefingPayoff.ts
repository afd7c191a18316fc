/**
 * What a griefing DoS expects to earn its attacker, and the number of its own operators that
 * maximizes it: the attacker's side of regional griefing when it is an optimizer.
 *
 * A DoS knocks `offlineShare` of a region's capacity and operators offline each epoch; the work
 * and per-node rewards they would have earned go to whoever is online, among them `m` operators
 * the attacker runs elsewhere (real GPUs of capacity `c`, at the operators' costs, stake `k` each
 * bought on the market and sold back at the end). With work shared pro rata to online capacity
 * and the per-node pool shared by online operators:
 *
 *   r(m, f) = workRewards m c / (C - f C_r + m c) + nodePool m / (N - f N_r + m)   tokens per epoch
 *   E[profit](m, f) = T (r(m, f) P - m cost - [f > 0] dosCost) + sell(m k) - buy(m k) - capital buy T
 *
 * The DoS is worth launching only when the best plan with it is positive and beats the best plan
 * of the same attacker running its operators without it (`dosGain` > 0): otherwise it would run
 * operators and not attack. Pure griefing (no operators of its own) never pays: -T dosCost.
 *
 * Assumed (docs/attacks.md): today's rewards, prices and online capacity last for the attack's
 * `T` epochs; the work the region loses is served by online capacity elsewhere; the attacker does
 * not count on the attacked region's operators being jailed or leaving (a gain it may still get).
 */
import { buyCostUsd, sellProceedsUsd } from "../market/pool.ts"

/** What the griefer sees when it decides. */
export interface GriefingMarket {
  readonly price: number
  readonly depthTokens: number
  readonly available: number
  /** Work pool and fees paid to operators per epoch, tokens. */
  readonly workRewardsTokens: number
  /** Per-node pool per epoch, tokens. */
  readonly nodePoolTokens: number
  /** Online capacity and operators, in the network and in the attacked region. */
  readonly onlineCapacity: number
  readonly onlineOperators: number
  readonly regionCapacity: number
  readonly regionOperators: number
}

/** The attack's terms. */
export interface GriefingTerms {
  readonly offlineShare: number
  readonly dosCostPerEpochUsd: number
  readonly horizonEpochs: number
  readonly capacityPerOperator: number
  readonly stakePerOperator: number
  readonly costPerOperatorUsd: number
  readonly capitalCostPerEpoch: number
}

export interface GriefingPlan {
  readonly operators: number
  readonly rewardPerEpoch: number
  readonly expectedProfitUsd: number
}

/** Expected profit of running `m` operators with the region `f` offline (f = 0: no DoS). */
export const griefingPlan = (m: number, f: number, mk: GriefingMarket, t: GriefingTerms): GriefingPlan => {
  const c = t.capacityPerOperator
  const capacity = mk.onlineCapacity - f * mk.regionCapacity + m * c
  const operators = mk.onlineOperators - f * mk.regionOperators + m
  const reward = (capacity > 0 ? (mk.workRewardsTokens * m * c) / capacity : 0) + (operators > 0 ? (mk.nodePoolTokens * m) / operators : 0)
  const stake = m * t.stakePerOperator
  const buy = stake <= mk.available ? buyCostUsd(stake, mk.depthTokens, mk.price) : Number.POSITIVE_INFINITY
  if (!Number.isFinite(buy)) return { operators: m, rewardPerEpoch: reward, expectedProfitUsd: Number.NaN }
  const T = t.horizonEpochs
  const running = m * t.costPerOperatorUsd + (f > 0 ? t.dosCostPerEpochUsd : 0) + t.capitalCostPerEpoch * buy
  return { operators: m, rewardPerEpoch: reward, expectedProfitUsd: T * (reward * mk.price - running) + sellProceedsUsd(stake, mk.depthTokens, mk.price) - buy }
}

/** The best count of own operators from 0 to `maxOperators` with region share `f` offline (ties: fewer). */
export const bestGriefingPlan = (f: number, mk: GriefingMarket, t: GriefingTerms, maxOperators: number): GriefingPlan => {
  let best = griefingPlan(0, f, mk, t)
  for (let m = 1; m <= maxOperators; m++) {
    const plan = griefingPlan(m, f, mk, t)
    if (plan.expectedProfitUsd > best.expectedProfitUsd) best = plan
  }
  return best
}

/** The DoS plan, and what the DoS adds over running the same attacker's best operators without it. */
export const griefingDecision = (mk: GriefingMarket, t: GriefingTerms, maxOperators: number): { readonly plan: GriefingPlan; readonly dosGainUsd: number } => {
  const plan = bestGriefingPlan(t.offlineShare, mk, t, maxOperators)
  const without = bestGriefingPlan(0, mk, t, maxOperators)
  return { plan, dosGainUsd: plan.expectedProfitUsd - without.expectedProfitUsd }
}
