/**
 * A subnet's TAO/alpha pool as subtensor's swap pallet runs it: a weighted (Balancer) pool
 * (opentensor/subtensor, pallets/swap/src/pallet/balancer.rs, swap_step.rs, impls.rs).
 *
 * x is the alpha reserve (base), y the TAO reserve (quote), w1 + w2 = 1 the base and quote
 * weights; subtensor stores only the quote weight w2.
 * - price p = (w1 / w2) * (y / x)                                     (`calculate_price`)
 * - buy (TAO in):  alpha out = x * (1 - (y / (y + dy))^(w2 / w1))     (`exp_quote_base`)
 * - sell (alpha in): TAO out = y * (1 - (x / (x + dx))^(w1 / w2))     (`exp_base_quote`)
 * - TAO needed to lift the price to p': dy = y * ((p' / p)^w1 - 1)    (`calculate_quote_delta_in`)
 * - protocol liquidity (emission) added in any proportion keeps the price and moves the weights:
 *   w2' = w2 x (y + dy) / (w1 y (x + dx) + w2 x (y + dy))           (`update_weights_for_added_liquidity`)
 * - the fee is taken from the amount paid in (`calculate_fee_amount`, default rate 33/65535,
 *   ~0.05%, `DefaultFeeRate` in pallets/swap/src/pallet/mod.rs) and goes 100% to the block author
 *   (`process_swap`): it leaves the pool.
 * Weights stay in [0.01, 0.99] (`MIN_WEIGHT`); an injection that would push them out is refused.
 *
 * Arithmetic is float64, not subtensor's u64 rao with 256-bit exponentiation; with equal
 * weights the pool is the constant product x * y = k.
 */

/** subtensor's default swap fee rate: 33 / u16::MAX. */
export const DEFAULT_FEE_RATE = 33 / 65535
/** subtensor's weight bounds (`MIN_WEIGHT` = 0.01). */
export const MIN_WEIGHT = 0.01

/** One pool: reserves and the quote (TAO) weight. */
export interface PoolState {
  /** TAO reserve (y). */
  tao: number
  /** Alpha reserve (x). */
  alpha: number
  /** Quote weight w2 in [0.01, 0.99]; 0.5 is a constant-product pool. */
  quoteWeight: number
}

/** Spot price of alpha in TAO: (w1 / w2) * (y / x); 0 for an empty alpha reserve. */
export const poolPrice = (tao: number, alpha: number, quoteWeight: number): number =>
  alpha > 0 ? ((1 - quoteWeight) / quoteWeight) * (tao / alpha) : 0

/** What a swap paid in, paid out and the fee it cost (in the token paid in). */
export interface SwapResult {
  /** Amount paid out of the pool. */
  readonly out: number
  /** Fee, in the token paid in; leaves the pool (block author). */
  readonly fee: number
  /** Average price paid, TAO per alpha. */
  readonly averagePrice: number
  /** Slippage against the spot price before the swap (averagePrice / spot - 1 for a buy, 1 - averagePrice / spot for a sell). */
  readonly slippage: number
}

/** Alpha paid out for `taoIn` TAO (fee off the input first); does not change the pool. */
export const quoteBuy = (pool: PoolState, taoIn: number, feeRate: number = DEFAULT_FEE_RATE): SwapResult => {
  const spot = poolPrice(pool.tao, pool.alpha, pool.quoteWeight)
  if (!(taoIn > 0)) return { out: 0, fee: 0, averagePrice: spot, slippage: 0 }
  const fee = taoIn * feeRate
  const dy = taoIn - fee
  const w2 = pool.quoteWeight
  const out = pool.alpha * (1 - Math.pow(pool.tao / (pool.tao + dy), w2 / (1 - w2)))
  const averagePrice = out > 0 ? taoIn / out : Infinity
  return { out, fee, averagePrice, slippage: spot > 0 ? averagePrice / spot - 1 : 0 }
}

/** TAO paid out for `alphaIn` alpha (fee off the input first); does not change the pool. */
export const quoteSell = (pool: PoolState, alphaIn: number, feeRate: number = DEFAULT_FEE_RATE): SwapResult => {
  const spot = poolPrice(pool.tao, pool.alpha, pool.quoteWeight)
  if (!(alphaIn > 0)) return { out: 0, fee: 0, averagePrice: spot, slippage: 0 }
  const fee = alphaIn * feeRate
  const dx = alphaIn - fee
  const w2 = pool.quoteWeight
  const out = pool.tao * (1 - Math.pow(pool.alpha / (pool.alpha + dx), (1 - w2) / w2))
  const averagePrice = out / alphaIn
  return { out, fee, averagePrice, slippage: spot > 0 ? 1 - averagePrice / spot : 0 }
}

/** Buy alpha with `taoIn` TAO: the pool gains taoIn - fee TAO and loses the alpha paid out. */
export const buyAlpha = (pool: PoolState, taoIn: number, feeRate: number = DEFAULT_FEE_RATE): SwapResult => {
  const r = quoteBuy(pool, taoIn, feeRate)
  if (r.out > 0) {
    pool.tao += taoIn - r.fee
    pool.alpha -= r.out
  }
  return r
}

/** Sell `alphaIn` alpha for TAO: the pool gains alphaIn - fee alpha and loses the TAO paid out. */
export const sellAlpha = (pool: PoolState, alphaIn: number, feeRate: number = DEFAULT_FEE_RATE): SwapResult => {
  const r = quoteSell(pool, alphaIn, feeRate)
  if (r.out > 0) {
    pool.alpha += alphaIn - r.fee
    pool.tao -= r.out
  }
  return r
}

/** TAO (before fees) a buyer must pay in to lift the spot price to `targetPrice`: y * ((p'/p)^w1 - 1). */
export const taoToReachPrice = (pool: PoolState, targetPrice: number): number => {
  const p = poolPrice(pool.tao, pool.alpha, pool.quoteWeight)
  if (!(targetPrice > p) || !(p > 0)) return 0
  return pool.tao * (Math.pow(targetPrice / p, 1 - pool.quoteWeight) - 1)
}

/**
 * The quote weight after the protocol adds `taoIn` and `alphaIn` in any proportion, keeping the
 * price; `undefined` when it would leave [MIN_WEIGHT, 1 - MIN_WEIGHT] (subtensor then injects nothing).
 */
export const weightAfterLiquidity = (pool: PoolState, taoIn: number, alphaIn: number): number | undefined => {
  const w2 = pool.quoteWeight
  const q1 = (1 - w2) * pool.tao * (pool.alpha + alphaIn)
  const q2 = w2 * pool.alpha * (pool.tao + taoIn)
  const next = q1 + q2 > 0 ? q2 / (q1 + q2) : 0.5
  return next >= MIN_WEIGHT && 1 - next >= MIN_WEIGHT ? next : undefined
}

/**
 * Protocol liquidity injection (`adjust_protocol_liquidity`): adds both amounts and moves the
 * weights so the price holds. Returns what was actually added (both 0 when refused).
 */
export const injectLiquidity = (pool: PoolState, taoIn: number, alphaIn: number): { readonly tao: number; readonly alpha: number } => {
  const w = weightAfterLiquidity(pool, taoIn, alphaIn)
  if (w === undefined) return { tao: 0, alpha: 0 }
  pool.quoteWeight = w
  pool.tao += taoIn
  pool.alpha += alphaIn
  return { tao: taoIn, alpha: alphaIn }
}
