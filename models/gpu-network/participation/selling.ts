/**
 * Selling from need (`operators.selling: need`): an operator sells the tokens that pay this
 * epoch's USD costs, and a share of the income left over that depends on what it expects of the
 * price: extrapolating the recent trend (the price against its moving average,
 * `world.referencePrice`), it holds on while the price rises and sells out while it falls.
 *
 *   need    = cost / price                                  (tokens)
 *   share   = clamp(surplusShare - expectation x ln(price / averagePrice), 0, 1)
 *   sold    = min(reward + balance, need + share x max(0, reward - need))
 *
 * Bounds: it never sells more than its income and savings (stake is not sold while it stays),
 * and never less than its costs while it has tokens to pay them; the share of surplus stays in
 * [0, 1]. `sellFraction` (selling: fraction) remains the explicit override.
 */

/** Share of income above costs sold at a price `trend` = ln(price / average price). */
export const surplusShareAt = (surplusShare: number, expectation: number, trend: number): number => {
  const s = surplusShare - expectation * trend
  return s < 0 ? 0 : s > 1 ? 1 : s
}

/** Tokens an operator with `reward` income and `balance` savings sells to cover `costUsd` at `price`, with a surplus share `share`. */
export const tokensSold = (reward: number, balance: number, costUsd: number, price: number, share: number): number => {
  const need = price > 0 ? costUsd / price : 0
  const surplus = reward > need ? reward - need : 0
  const want = need + share * surplus
  const have = reward + balance
  return want < have ? want : have > 0 ? have : 0
}
