/**
 * Validators' stake as the verification systems use it: draws by stake (spot-check, redundant),
 * this epoch's stake shares of the validator pool, and the cumulative stake rebuilt after audits
 * slash.
 */
import type { Rng } from "../../../src/kit/runtime.ts"
import type { VerificationWorld } from "../world.ts"

/** A validator drawn with probability proportional to its stake (uniformly once audits slashed all stake away). */
export const drawValidator = (w: VerificationWorld, rng: Rng): number => {
  const cum = w.cumulativeStake
  const total = cum[cum.length - 1]!
  if (!(total > 0)) return Math.min(cum.length - 1, Math.floor(rng.next() * cum.length))
  const x = rng.next() * total
  let lo = 0
  let hi = cum.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (cum[mid]! > x) hi = mid
    else lo = mid + 1
  }
  return lo
}

export const stakeShares = (w: VerificationWorld) => {
  const total = w.cumulativeStake[w.cumulativeStake.length - 1]!
  // No stake left (audits slashed it all): validators share by count.
  if (!(total > 0)) w.validatorShare.fill(1 / w.validators.size)
  else for (let i = 0; i < w.validators.size; i++) w.validatorShare[i] = w.validators.cols.stake[i]! / total
}

/** Recompute the cumulative stake validators are drawn by (after audits changed stakes). */
export const restake = (w: VerificationWorld) => {
  let cum = 0
  for (let i = 0; i < w.validators.size; i++) {
    cum += w.validators.cols.stake[i]!
    w.cumulativeStake[i] = cum
  }
}
