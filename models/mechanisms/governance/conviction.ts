/**
 * Conviction voting (Zargham, "Social Sensor Fusion", 2018; 1Hive's Conviction Voting app,
 * contracts/ConvictionVoting.sol): tokens staked on a proposal accumulate conviction that decays
 * geometrically, y_t = a^t y_0 + x (1 - a^t) / (1 - a), and a proposal requesting r of the
 * funds R passes once its conviction exceeds
 *   threshold = rho * S / (1 - a) / (beta - r/R)^2   (infinite when r/R >= beta),
 * with S the tokens staked in total. `convictionFixed` and `thresholdFixed` reproduce 1Hive's
 * integer arithmetic exactly (D = 10^7 fixed point, 128-bit and 64-bit binary fractions, the
 * same rounding); the float forms are for the simulation loop.
 */

/** 1Hive's fixed-point denominator: parameters are given as multiples of 1/D. */
export const D = 10_000_000n
const TWO_128 = 1n << 128n
const TWO_127 = 1n << 127n

/** a * b / 2^128, rounded half up (1Hive `_mul`). */
const mul = (a: bigint, b: bigint): bigint => (a * b + TWO_127) >> 128n

/** (a / 2^128)^b * 2^128 by repeated squaring (1Hive `_pow`). */
const pow = (base: bigint, exponent: bigint): bigint => {
  let a = base
  let b = exponent
  let result = TWO_128
  while (b > 0n) {
    if ((b & 1n) === 0n) {
      a = mul(a, a)
      b >>= 1n
    } else {
      result = mul(result, a)
      b -= 1n
    }
  }
  return result
}

/**
 * Conviction after `timePassed` blocks from `lastConviction`, with `amount` staked throughout;
 * `decay` is a * D (e.g. 9_000_000n for a = 0.9). Integer result, as on chain.
 */
export const convictionFixed = (timePassed: bigint, lastConviction: bigint, amount: bigint, decay: bigint): bigint => {
  const at = pow((decay << 128n) / D, timePassed)
  return (at * lastConviction + (amount * D * (TWO_128 - at)) / (D - decay) + TWO_127) >> 128n
}

/**
 * Conviction needed to pass a request of `requested` out of `funds`, with `totalStaked` staked;
 * `weight` = rho * D, `maxRatio` = beta * D, `decay` = a * D. Undefined when the request is at or
 * above the maximum ratio (the contract reverts: no conviction can pass it).
 */
export const thresholdFixed = (requested: bigint, funds: bigint, totalStaked: bigint, weight: bigint, maxRatio: bigint, decay: bigint): bigint | undefined => {
  if (!(maxRatio * funds > requested * D)) return undefined
  const denom = (maxRatio << 64n) / D - (requested << 64n) / funds
  return ((((weight << 128n) / D / ((denom * denom) >> 64n)) * D) / (D - decay) * totalStaked) >> 64n
}

/** Conviction after `t` epochs (float form of the same recurrence). */
export const conviction = (t: number, y0: number, staked: number, a: number): number => {
  const at = Math.pow(a, t)
  return at * y0 + (staked * (1 - at)) / (1 - a)
}

/** Threshold to pass a request of r out of R (float); Infinity when r / R >= beta. */
export const threshold = (r: number, R: number, S: number, rho: number, beta: number, a: number): number => {
  const share = r / R
  if (share >= beta) return Number.POSITIVE_INFINITY
  return (rho * S) / (1 - a) / (beta - share) ** 2
}
