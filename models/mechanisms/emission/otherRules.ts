/**
 * Emission rules of other networks, as pure functions:
 * - Polkadot NPoS ideal-staking curve (`pallet-staking-reward-fn` compute_inflation and the
 *   relay chain's `era_payout`): below the ideal stake x_ideal the stakers' inflation scales as
 *   x / x_ideal, above it falls off as 2^((x_ideal - x) / falloff); stakers get
 *   I0 + (Imax - I0) * adjustment of the stakable supply, the rest of Imax goes to the treasury.
 *   Payouts are integer balances (rounded to nearest, ties down, as Perquintill multiplication).
 * - Ethereum (consensus-specs, Altair+): base_reward_per_increment =
 *   EFFECTIVE_BALANCE_INCREMENT * BASE_REWARD_FACTOR // integer_squareroot(total active balance),
 *   base reward = (effective balance // increment) * that; integers in gwei.
 * - Bittensor halving by issuance: emission = base / 2^floor(log2(1 / (1 - issued / cap))),
 *   zero once the cap is reached, and never beyond it.
 */

/** Polkadot's adjustment factor in [0, 1] for staked share x. */
export const idealStakingAdjustment = (x: number, ideal: number, falloff: number): number =>
  x <= ideal ? (ideal > 0 ? x / ideal : 0) : Math.pow(2, (ideal - x) / falloff)

const QUINTILL = 10n ** 18n

/**
 * Integer product of a rate and a balance, rounded to nearest with ties down (Perquintill * N):
 * the rate becomes parts per 10^18 and the product is exact in bigint, so balances in planck
 * beyond 2^53 lose nothing.
 */
const perMul = (rate: number, balance: bigint): bigint => {
  const parts = BigInt(Math.round(rate * 1e18))
  const product = parts * balance
  const q = product / QUINTILL
  return (product % QUINTILL) * 2n > QUINTILL ? q + 1n : q
}

/**
 * Polkadot `era_payout`: (to stakers, to treasury) for one period, for `staked` of `stakable`
 * tokens, maximum annual inflation `maxInflation`, minimum 2.5%, ideal stake 75%, falloff 5%.
 */
export const eraPayout = (
  staked: bigint,
  stakable: bigint,
  maxInflation: number,
  periodFraction = 1,
  minInflation = 0.025,
  ideal = 0.75,
  falloff = 0.05
): readonly [bigint, bigint] => {
  const x = Number(staked) / Number(stakable)
  const adjustment = idealStakingAdjustment(x, ideal, falloff)
  const stakingInflation = minInflation + (maxInflation - minInflation) * adjustment
  const maxPayout = perMul(periodFraction * maxInflation, stakable)
  const stakingPayout = perMul(periodFraction * stakingInflation, stakable)
  return [stakingPayout, maxPayout > stakingPayout ? maxPayout - stakingPayout : 0n]
}

/** Integer square root (consensus-specs `integer_squareroot`, Newton's method). */
export const isqrt = (n: bigint): bigint => {
  if (n < 0n) throw new Error("isqrt of a negative number")
  let x = n
  let y = (x + 1n) / 2n
  while (y < x) {
    x = y
    y = (x + n / x) / 2n
  }
  return x
}

export const EFFECTIVE_BALANCE_INCREMENT = 1_000_000_000n
export const BASE_REWARD_FACTOR = 64n

/** Ethereum base reward per effective-balance increment, gwei. */
export const baseRewardPerIncrement = (totalActiveBalanceGwei: bigint): bigint =>
  (EFFECTIVE_BALANCE_INCREMENT * BASE_REWARD_FACTOR) / isqrt(totalActiveBalanceGwei)

/** Ethereum base reward of a validator, gwei. */
export const baseReward = (effectiveBalanceGwei: bigint, totalActiveBalanceGwei: bigint): bigint =>
  (effectiveBalanceGwei / EFFECTIVE_BALANCE_INCREMENT) * baseRewardPerIncrement(totalActiveBalanceGwei)

/** Bittensor-style emission by issuance: halves each time half of what remains is issued. */
export const halvingByIssuance = (base: number, issued: number, cap: number): number => {
  if (!(issued < cap)) return 0
  const halvings = Math.floor(Math.log2(1 / (1 - issued / cap)))
  return Math.min(base / Math.pow(2, halvings), cap - issued)
}

/**
 * Emission that halves every `halfLife` epochs: perEpoch x 2^(-epoch / halfLife), the continuous
 * form of a schedule like Bitcoin's halvings (which step instead of decaying smoothly).
 */
export const exponentialDecay = (perEpoch: number, halfLife: number, epoch: number): number => perEpoch * Math.pow(2, -epoch / halfLife)
