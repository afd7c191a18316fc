/**
 * Buying and selling against a constant-product pool (Uniswap v2: x * y = k, Adams, Zinsmeister &
 * Robinson, "Uniswap v2 Core", 2020) holding `depthTokens` tokens against depthTokens x price
 * USD: buying X tokens costs price x depth x X / (depth - X); selling Y returns
 * price x depth x Y / (depth + Y). What every attacker that acquires tokens on the market pays
 * (the cartel's stake, sybil identities' stake, a sybil voter's tokens).
 */

/** USD to buy `tokens` from a constant-product pool of `depthTokens` tokens at `price` (Infinity when the pool cannot supply them). */
export const buyCostUsd = (tokens: number, depthTokens: number, price: number): number =>
  tokens <= 0 ? 0 : tokens >= depthTokens ? Number.POSITIVE_INFINITY : (price * depthTokens * tokens) / (depthTokens - tokens)

/** USD received for selling `tokens` into a constant-product pool of `depthTokens` tokens at `price`. */
export const sellProceedsUsd = (tokens: number, depthTokens: number, price: number): number =>
  tokens <= 0 ? 0 : (price * depthTokens * tokens) / (depthTokens + tokens)
