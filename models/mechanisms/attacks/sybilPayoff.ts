/**
 * What a sybil operator attack expects to make, and the number of identities that maximizes it:
 * the attacker's side of the sybil attack when it is an optimizer rather than a script.
 *
 * The attacker buys each identity's stake `k` tokens on the token's market (a constant-product
 * pool, ../market/pool.ts), joins `n` identities of claimed capacity `c`, and keeps
 * what they earn: an equal part of the per-node pool (token.perOperatorShare of the operators'
 * emission, shared by every online operator, so more identities dilute each other) and, where
 * routing spreads work pro rata to claimed capacity (light-split, region-local), a share
 * c / (C + n c) of the work pool and fees. Each epoch after joining verification catches each
 * identity with `d`; a catch exposes all the others with `L`. A caught identity loses `slash` of
 * its stake and leaves. At the horizon the rest leave and the attacker sells the stake back.
 *
 * Assumptions (docs/attacks.md): the attacker values rewards at today's price, expects today's
 * emission, fees, online operators and capacity to last, expects no work under largest-first
 * routing (the biggest nodes fill first), and counts the linking risk at the planned count n.
 */
import { buyCostUsd, sellProceedsUsd } from "../market/pool.ts"

/** What the sybil attacker sees when it decides. */
export interface SybilMarket {
  /** Token price, USD. */
  readonly price: number
  /** Tokens in the market's pool (its depth). */
  readonly depthTokens: number
  /** Tokens there are to buy at all (the outside holders' tokens). */
  readonly available: number
  /** Per-node pool this epoch (token.perOperatorShare of the operators' emission), tokens. */
  readonly nodePoolTokens: number
  /** Operators online last epoch (they share the per-node pool). */
  readonly onlineOperators: number
  /** Work pool and fees paid to operators per epoch, tokens (shared pro rata to work). */
  readonly workRewardsTokens: number
  /** Capacity online last epoch (units). */
  readonly onlineCapacity: number
  /** Whether routing gives small identities work pro rata to claimed capacity. */
  readonly proRataWork: boolean
}

/** The attack's terms. */
export interface SybilTerms {
  /** Stake per identity, tokens. */
  readonly stakePerIdentity: number
  /** Claimed capacity per identity, units. */
  readonly capacityPerIdentity: number
  /** Running cost per identity per epoch (hosting, and GPUs when the work is real), USD. */
  readonly costPerIdentityUsd: number
  readonly horizonEpochs: number
  readonly detectionPerEpoch: number
  readonly linkOnDetection: number
  readonly slashOnDetection: number
  readonly capitalCostPerEpoch: number
  readonly budgetUsd: number
}

/** The expected outcome of `identities` identities. */
export interface SybilPlan {
  readonly identities: number
  readonly stakeTokens: number
  readonly buyCostUsd: number
  /** Epochs each identity expects to earn. */
  readonly expectedEpochs: number
  /** Rewards per identity per epoch, tokens. */
  readonly rewardPerEpoch: number
  readonly expectedProfitUsd: number
}

/**
 * Per-epoch chance an identity survives the checks when `n` identities run: its own check
 * (1 - d), and no catch among the other n - 1 that is linked to it (1 - L (1 - (1 - d)^(n-1))).
 */
export const survivalPerEpoch = (n: number, d: number, link: number): number => (1 - d) * (1 - link * (1 - Math.pow(1 - d, Math.max(0, n - 1))))

/**
 * Expected profit (USD) of `n` identities: their rewards (valued at today's price) less their
 * running costs over the epochs each expects to earn, less the stake's purchase, plus its resale
 * after the expected slashes, less the capital cost of the USD tied up.
 */
export const sybilPlan = (n: number, m: SybilMarket, t: SybilTerms): SybilPlan => {
  const stakeTokens = n * t.stakePerIdentity
  const buy = stakeTokens <= m.available ? buyCostUsd(stakeTokens, m.depthTokens, m.price) : Number.POSITIVE_INFINITY
  if (!Number.isFinite(buy) || buy > t.budgetUsd) return { identities: n, stakeTokens, buyCostUsd: buy, expectedEpochs: 0, rewardPerEpoch: 0, expectedProfitUsd: Number.NaN }
  const q = survivalPerEpoch(n, t.detectionPerEpoch, t.linkOnDetection)
  const T = t.horizonEpochs
  // Earns in its first epoch; checks start the epoch after it joined (T - 1 of them).
  const epochs = q < 1 ? (1 - Math.pow(q, T)) / (1 - q) : T
  const pCaught = 1 - Math.pow(q, T - 1)
  const c = t.capacityPerIdentity
  const perNode = m.nodePoolTokens / (m.onlineOperators + n)
  const work = m.proRataWork && m.onlineCapacity + n * c > 0 ? (m.workRewardsTokens * c) / (m.onlineCapacity + n * c) : 0
  const reward = perNode + work
  const earned = n * (reward * m.price - t.costPerIdentityUsd) * epochs
  const resale = sellProceedsUsd(stakeTokens * (1 - pCaught * t.slashOnDetection), m.depthTokens, m.price)
  const capital = t.capitalCostPerEpoch * buy * epochs
  return { identities: n, stakeTokens, buyCostUsd: buy, expectedEpochs: epochs, rewardPerEpoch: reward, expectedProfitUsd: earned + resale - buy - capital }
}

/** The count from 1 to `maxIdentities` with the highest expected profit (ties: fewer); NaN profit when it can buy none. */
export const bestSybilPlan = (m: SybilMarket, t: SybilTerms, maxIdentities: number): SybilPlan => {
  let best = sybilPlan(1, m, t)
  for (let n = 2; n <= maxIdentities; n++) {
    const plan = sybilPlan(n, m, t)
    if (plan.expectedProfitUsd > best.expectedProfitUsd || (Number.isNaN(best.expectedProfitUsd) && !Number.isNaN(plan.expectedProfitUsd))) best = plan
  }
  return best
}
