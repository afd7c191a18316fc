/**
 * Ethereum slashing and inactivity (consensus-specs, Electra and Altair+), integers in gwei:
 * - on slashing: initial penalty effective_balance // MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA
 *   (4096); whistleblower reward effective_balance // WHISTLEBLOWER_REWARD_QUOTIENT_ELECTRA
 *   (4096), of which the proposer gets reward * PROPOSER_WEIGHT // WEIGHT_DENOMINATOR (8/64);
 * - correlation penalty at the midpoint of the withdrawal period (process_slashings, Electra):
 *   adjusted = min(sum of slashings x PROPORTIONAL_SLASHING_MULTIPLIER_BELLATRIX (3), total);
 *   penalty_per_increment = adjusted // (total // increment);
 *   penalty = penalty_per_increment x (effective_balance // increment);
 * - inactivity leak: score += INACTIVITY_SCORE_BIAS (4) for a missed epoch in a leak, -1 for a
 *   participating one (not below 0); outside a leak -min(16, score) more; penalty per epoch =
 *   effective_balance x score // (4 x INACTIVITY_PENALTY_QUOTIENT_BELLATRIX (2^24)).
 */

export const EFFECTIVE_BALANCE_INCREMENT = 1_000_000_000n
export const MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA = 4096n
export const WHISTLEBLOWER_REWARD_QUOTIENT_ELECTRA = 4096n
export const PROPOSER_WEIGHT = 8n
export const WEIGHT_DENOMINATOR = 64n
export const PROPORTIONAL_SLASHING_MULTIPLIER_BELLATRIX = 3n
export const INACTIVITY_SCORE_BIAS = 4n
export const INACTIVITY_SCORE_RECOVERY_RATE = 16n
export const INACTIVITY_PENALTY_QUOTIENT_BELLATRIX = 2n ** 24n

export interface InitialSlash {
  readonly penalty: bigint
  readonly whistleblowerReward: bigint
  readonly proposerReward: bigint
}

/** What slashing a validator costs it at once, and who is rewarded (slash_validator). */
export const initialSlash = (effectiveBalance: bigint): InitialSlash => {
  const whistleblowerReward = effectiveBalance / WHISTLEBLOWER_REWARD_QUOTIENT_ELECTRA
  return {
    penalty: effectiveBalance / MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA,
    whistleblowerReward,
    proposerReward: (whistleblowerReward * PROPOSER_WEIGHT) / WEIGHT_DENOMINATOR
  }
}

/**
 * The correlation penalty of a slashed validator (process_slashings, Electra). The total balance
 * is at least one increment, as the spec's get_total_balance makes it ("to avoid divisions by
 * zero"): below one, total // increment would be 0.
 */
export const correlationPenalty = (effectiveBalance: bigint, slashingsSum: bigint, totalBalanceGwei: bigint): bigint => {
  const totalBalance = totalBalanceGwei > EFFECTIVE_BALANCE_INCREMENT ? totalBalanceGwei : EFFECTIVE_BALANCE_INCREMENT
  const adjusted = slashingsSum * PROPORTIONAL_SLASHING_MULTIPLIER_BELLATRIX < totalBalance ? slashingsSum * PROPORTIONAL_SLASHING_MULTIPLIER_BELLATRIX : totalBalance
  const perIncrement = adjusted / (totalBalance / EFFECTIVE_BALANCE_INCREMENT)
  return perIncrement * (effectiveBalance / EFFECTIVE_BALANCE_INCREMENT)
}

/** Next inactivity score of a validator (process_inactivity_updates). */
export const nextInactivityScore = (score: bigint, participated: boolean, inLeak: boolean): bigint => {
  let s = participated ? score - (score < 1n ? score : 1n) : score + INACTIVITY_SCORE_BIAS
  if (!inLeak) s -= s < INACTIVITY_SCORE_RECOVERY_RATE ? s : INACTIVITY_SCORE_RECOVERY_RATE
  return s
}

/** Inactivity penalty for one epoch (process_rewards_and_penalties, Bellatrix+). */
export const inactivityPenalty = (effectiveBalance: bigint, score: bigint): bigint =>
  (effectiveBalance * score) / (INACTIVITY_SCORE_BIAS * INACTIVITY_PENALTY_QUOTIENT_BELLATRIX)
