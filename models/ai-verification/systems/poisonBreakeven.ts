/**
 * The spot-check / redundant break-even check rate: the rate above which poisoning loses money
 * in expectation at this epoch's reward (the metric `poisonBreakevenRate`). An analytic
 * reference to read the simulated acceptance against, not a rule of the model.
 */
import { normalCdf } from "../../common/normal.ts"
import type { AiVerificationParams as P } from "../params.ts"
import { HONEST, type VerificationWorld } from "../world.ts"

/**
 * The check rate r* above which a poisoned contribution loses money in expectation:
 * (1 - r q) R - c - r q S = 0 with q the chance a selected contribution is rejected, R the reward,
 * c the cost of poison, S the slashed bond (USD): r* = (R - c) / (q (R + S)).
 */
export const poisonBreakeven = (p: P, w: VerificationWorld): number => {
  const vp = p.verification
  if (vp.strategy !== "spot-check" && vp.strategy !== "redundant") return Number.NaN
  const vals = w.validators
  let honestStake = 0
  for (let i = 0; i < vals.size; i++) if (vals.cols.kind[i] === HONEST) honestStake += vals.cols.stake[i]!
  const h = honestStake / w.cumulativeStake[w.cumulativeStake.length - 1]!
  const noise = p.validators.noise
  const diff = vp.threshold - p.contributors.poisonQuality
  const d = noise > 0 ? normalCdf(diff / noise) : diff > 0 ? 1 : 0
  const single = h * d
  let q = single
  if (vp.strategy === "redundant") {
    // Majority of k independent checks (by count; the model weighs by stake).
    const k = vp.redundancy
    q = 0
    let binom = 1
    for (let i = 0; i <= k; i++) {
      if (i > 0) binom = (binom * (k - i + 1)) / i
      if (i > k / 2) q += binom * single ** i * (1 - single) ** (k - i)
    }
  }
  const R = w.rewardPerAccepted * p.token.price
  const c = p.contributors.poisonCost
  if (R <= c) return 0
  // The bond a rejection slashes: a share of the poisoners' current stake (it falls after each
  // slash until re-bonded under half the bond).
  let stake = 0
  let poisoners = 0
  const c2 = w.contributors
  for (let j = 0; j < c2.size; j++) {
    if (c2.cols.poisoned[j] !== 1) continue
    stake += c2.cols.stake[j]!
    poisoners++
  }
  const S = p.verification.slashFraction * (poisoners > 0 ? stake / poisoners : p.contributors.bond) * p.token.price
  if (q <= 0) return 1
  return Math.min(1, (R - c) / (q * (R + S)))
}
