/**
 * How the block's TAO emission is shared between subnets (opentensor/subtensor,
 * pallets/subtensor/src/coinbase/subnet_emissions.rs), by either of the two rules subtensor
 * has used:
 * - `price`: each subnet's share is its moving (EMA) alpha price over the sum of them
 *   (`get_shares_price_ema`). Used before October 2025 and again since commit c3841130c
 *   (June 2026, "Switch subnet emissions to price-based shares"), the rule at the snapshot read.
 * - `flow`: shares from the EMA of each subnet's net TAO flow (stake in minus stake out):
 *   L = max(cutoff, min_i min(S_i, 0)), z_i = max(S_i - L, 0), share_i = z_i^p / sum z^p
 *   (`get_shares_flow`, `get_lower_limit`, `inplace_pow_normalize`). Introduced in commit
 *   1b392d594 (October 2025, "Implement emissions based on tao flow"); still in the source,
 *   marked dead code since c3841130c.
 * The moving price: alpha_b = a x b / (b + h) (b blocks since the subnet started, h the
 * halving time), moving <- alpha_b min(price, 1) + (1 - alpha_b) moving (`update_moving_price`
 * in staking/stake_utils.rs; a = `DefaultMovingAlpha` 0.000003 per block).
 * The flow EMA: ema <- (1 - f) ema + f flow, f = 29_597_889_189_277 / 2^63 per block (a 30-day
 * half-life, `DefaultFlowEmaSmoothingFactor`).
 * Subtensor's protocol-flow deduction (`NetTaoFlowEnabled`) and the miner-burn weighting of price
 * shares are left out (the model has neither).
 */

/** `DefaultMovingAlpha`: per-block weight of the spot price in the moving price. */
export const MOVING_ALPHA_PER_BLOCK = 0.000003
/** `DefaultFlowEmaSmoothingFactor` / 2^63: per-block weight of the flow in its EMA. */
export const FLOW_ALPHA_PER_BLOCK = 29_597_889_189_277 / 2 ** 63

/** The weight an EMA with per-block weight `perBlock` gives the new value over `blocks` blocks of a constant value. */
export const emaWeightOver = (perBlock: number, blocks: number): number => 1 - Math.pow(1 - perBlock, blocks)

/**
 * One moving-price update (`update_moving_price`) with weight `alpha` (per block, or per epoch
 * from `emaWeightOver`), slowed while the subnet is young by b / (b + h). The spot price enters
 * capped at 1 TAO, as subtensor caps it.
 */
export const nextMovingPrice = (moving: number, spot: number, alpha: number, blocksSinceStart: number, halvingBlocks: number): number => {
  const a = blocksSinceStart + halvingBlocks > 0 ? alpha * (blocksSinceStart / (blocksSinceStart + halvingBlocks)) : 0
  return a * Math.min(spot, 1) + (1 - a) * moving
}

/** One flow EMA update with weight `alpha`. */
export const nextFlowEma = (ema: number, flow: number, alpha: number): number => (1 - alpha) * ema + alpha * flow

/** Price rule: shares proportional to the moving prices (all 0 when they sum to 0). */
export const priceShares = (movingPrices: ArrayLike<number>, out: Float64Array = new Float64Array(movingPrices.length)): Float64Array => {
  let total = 0
  for (let i = 0; i < movingPrices.length; i++) total += Math.max(0, movingPrices[i]!)
  for (let i = 0; i < movingPrices.length; i++) out[i] = total > 0 ? Math.max(0, movingPrices[i]!) / total : 0
  return out
}

/**
 * Flow rule: offset the EMA flows by the lower limit L = max(cutoff, min(min_i S_i, 0)), clip at
 * 0, raise to `p` and normalize. All shares are 0 when no subnet is above L (subtensor then
 * emits nothing to subnets: the block's TAO is not minted).
 */
export const flowShares = (emaFlows: ArrayLike<number>, p: number = 1, cutoff: number = 0, out: Float64Array = new Float64Array(emaFlows.length)): Float64Array => {
  let min = 0
  for (let i = 0; i < emaFlows.length; i++) min = Math.min(min, emaFlows[i]!)
  const lower = Math.max(cutoff, min)
  let max = 0
  for (let i = 0; i < emaFlows.length; i++) max = Math.max(max, emaFlows[i]! - lower)
  let total = 0
  for (let i = 0; i < emaFlows.length; i++) {
    const z = emaFlows[i]! > lower ? (emaFlows[i]! - lower) / max : 0
    out[i] = z > 0 ? Math.pow(z, p) : 0
    total += out[i]!
  }
  for (let i = 0; i < emaFlows.length; i++) out[i] = total > 0 ? out[i]! / total : 0
  return out
}
