/**
 * What a validator cartel expects to make, and the size that maximizes it: the attacker's
 * side of the cartel attack when it is an optimizer rather than a script.
 *
 * The cartel buys new stake on the token's market until it holds a share `s` of validator stake.
 * Above 1/3 it can veto blocks (the BFT liveness bound: Castro & Liskov, "Practical Byzantine
 * Fault Tolerance", 1999; Tendermint and Casper FFG need 2/3 to finalize), so operators pay it
 * `cut` of their rewards; up to 2/3 its vetoes are visible stalls, detected with a hazard per
 * epoch, then it is slashed and disbands; above 2/3 it finalizes alone and nothing is
 * attributable. It holds the stake for the horizon (or until caught) and sells it back.
 *
 * The market is a constant-product pool (Uniswap v2: x * y = k, Adams, Zinsmeister & Robinson,
 * "Uniswap v2 Core", 2020) holding `depthTokens` tokens against depthTokens x price USD: buying X
 * tokens costs price x depth x X / (depth - X); selling Y returns price x depth x Y / (depth + Y).
 *
 * Assumptions (documented in docs/attacks.md): the attacker values withheld tokens at today's
 * price and expects rewards to stay at today's level (it does not foresee the operators it drives
 * away), and pays `capitalCostPerEpoch` on the USD it has tied up.
 */

import { buyCostUsd, sellProceedsUsd } from "../market/pool.ts"

export { buyCostUsd, sellProceedsUsd }

/** Stake to buy so that it is `share` of validator stake, with `honestStake` held by others: s V / (1 - s). */
export const stakeForShare = (share: number, honestStake: number): number => (share >= 1 ? Number.POSITIVE_INFINITY : (share * honestStake) / (1 - share))

/** What the cartel sees when it decides. */
export interface CartelMarket {
  /** Validator stake held by others, tokens. */
  readonly honestStake: number
  /** Token price, USD. */
  readonly price: number
  /** Tokens in the market's pool (its depth). */
  readonly depthTokens: number
  /** Tokens there are to buy at all (the outside holders' tokens). */
  readonly available: number
  /** Operators' rewards per epoch the cartel could withhold from, tokens. */
  readonly operatorRewardsTokens: number
  /** Validators' rewards per epoch, tokens: the cartel's validators earn its share of them. */
  readonly validatorPoolTokens: number
}

/** The attack's terms. */
export interface CartelTerms {
  readonly cut: number
  readonly horizonEpochs: number
  readonly detectionPerEpoch: number
  readonly slashOnDetection: number
  readonly costPerEpochUsd: number
  readonly capitalCostPerEpoch: number
  readonly budgetUsd: number
}

/** The expected outcome of one size. */
export interface CartelPlan {
  readonly share: number
  readonly stakeTokens: number
  readonly buyCostUsd: number
  readonly expectedEpochs: number
  readonly expectedProfitUsd: number
}

/**
 * Expected profit (USD) of a cartel holding `share` of validator stake: withheld operator
 * rewards and its validators' own rewards over the epochs it expects to operate, minus the
 * stake's purchase, plus its expected resale (after an expected slash), minus coordination and
 * capital costs.
 */
export const cartelPlan = (share: number, m: CartelMarket, t: CartelTerms): CartelPlan => {
  const stakeTokens = stakeForShare(share, m.honestStake)
  const buy = stakeTokens <= m.available ? buyCostUsd(stakeTokens, m.depthTokens, m.price) : Number.POSITIVE_INFINITY
  // A size it cannot buy (the outside holders or the pool cannot supply it, or it is over budget) has no expected profit.
  if (!Number.isFinite(buy) || buy > t.budgetUsd) return { share, stakeTokens, buyCostUsd: buy, expectedEpochs: 0, expectedProfitUsd: Number.NaN }
  // Vetoes are attributable only while the cartel cannot finalize alone.
  const h = share <= 2 / 3 ? t.detectionPerEpoch : 0
  const T = t.horizonEpochs
  // Epochs it operates before being caught: detection is drawn at the start of each epoch.
  const survive = Math.pow(1 - h, T)
  const epochs = h > 0 ? ((1 - h) * (1 - survive)) / h : T
  const pCaught = 1 - survive
  const credible = share > 1 / 3
  const withheldUsd = credible ? t.cut * m.operatorRewardsTokens * m.price * epochs : 0
  const ownRewardsUsd = m.validatorPoolTokens * share * m.price * epochs
  const kept = stakeTokens * (1 - pCaught * t.slashOnDetection)
  const resale = sellProceedsUsd(kept, m.depthTokens, m.price)
  const running = (t.costPerEpochUsd + t.capitalCostPerEpoch * buy) * epochs
  return { share, stakeTokens, buyCostUsd: buy, expectedEpochs: epochs, expectedProfitUsd: withheldUsd + ownRewardsUsd + resale - buy - running }
}

/** Shares the optimizer considers: just above the veto bound up to 0.95, in steps of 0.01. */
export const CARTEL_SHARES: ReadonlyArray<number> = Array.from({ length: 62 }, (_, k) => 0.34 + k * 0.01)

/** The size with the highest expected profit among those it can buy (ties: the smaller share); NaN profit when it can buy none. */
export const bestCartelPlan = (m: CartelMarket, t: CartelTerms, shares: ReadonlyArray<number> = CARTEL_SHARES): CartelPlan => {
  let best = cartelPlan(shares[0]!, m, t)
  for (let k = 1; k < shares.length; k++) {
    const plan = cartelPlan(shares[k]!, m, t)
    if (plan.expectedProfitUsd > best.expectedProfitUsd || (Number.isNaN(best.expectedProfitUsd) && !Number.isNaN(plan.expectedProfitUsd))) best = plan
  }
  return best
}
