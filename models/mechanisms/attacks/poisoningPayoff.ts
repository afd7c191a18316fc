/**
 * What a data-poisoning campaign expects to make, and how much of its capacity to poison: the
 * poisoner's side of the verification of AI work when it is an optimizer rather than a fixed
 * type (models/network, `work.poisoning.mode: optimize`; docs/attacks.md).
 *
 * The attacker runs `n` contributors. Each epoch each submits one unit of work, honest (its own
 * quality, at the honest cost) or poisoned (cheaper, `poisonCost`, and of poor quality). Work that
 * passes verification is paid an equal part of the miner pool (spot-check, redundant, none: every
 * accepted unit weighs 1); work that is rejected is not paid and loses `slashFraction` of its
 * contributor's bond. A poisoned unit that passes also pays the colluding verifiers their cut,
 * and adds to the poisoned share of the work the network serves, which may be worth an external
 * gain to the attacker (a short position, a competitor's gain: `externalGainUsd` per epoch at a
 * served share of 1).
 *
 * Its expected profit from poisoning `k` units is the value of the epoch with `k` of its units
 * poisoned less its value with all of them honest: what poisoning adds over running the same
 * contributors honestly, which is what they do until it launches. Units are poisoned in order of
 * what poisoning each adds (the ones whose honest work is most often rejected first), and the
 * reward per accepted unit is recomputed for each `k` (rejected units leave their share to the
 * accepted ones), so the best `k` can lie between 0 and n.
 *
 * The detection probabilities come from the verification actually run: the check rate, the
 * verifiers' noise against the threshold, and the stake of verifiers who check honestly (lazy
 * ones accept everything, colluding ones pass poison). `redundant` is forecast as a majority by
 * count of independent checks (the model weighs by stake), as ai-verification's
 * poisonBreakevenRate does. Yuma is not priced here (its rejection depends on the consensus
 * of scores kept over epochs).
 */
import { normalCdf } from "../../common/normal.ts"

/** Chance one noisy look (quality + noise x N(0, 1)) falls under the threshold. */
export const seenUnder = (quality: number, threshold: number, noise: number): number => {
  const diff = threshold - quality
  return noise > 0 ? normalCdf(diff / noise) : diff > 0 ? 1 : 0
}

/** Chance that more than half of `k` independent looks reject, each with chance `single`. */
export const majorityRejects = (k: number, single: number): number => {
  let q = 0
  let binom = 1
  for (let i = 0; i <= k; i++) {
    if (i > 0) binom = (binom * (k - i + 1)) / i
    if (i > k / 2) q += binom * single ** i * (1 - single) ** (k - i)
  }
  return q
}

/** How work is verified, as the poisoner prices it. */
export interface Checks {
  readonly strategy: "none" | "spot-check" | "redundant"
  /** Share of contributions checked. */
  readonly rate: number
  /** Checks per selected contribution (redundant). */
  readonly redundancy: number
}

/**
 * Chance a unit is rejected this epoch: selected with `rate`, then rejected by one look
 * (spot-check) or a majority of `redundancy` looks, each rejecting with `single` (the stake that
 * checks it honestly x the chance its quality is seen under the threshold).
 */
export const rejectChance = (c: Checks, single: number): number =>
  c.strategy === "none" ? 0 : c.rate * (c.strategy === "spot-check" ? single : majorityRejects(c.redundancy, single))

/** What the poisoner sees when it decides (the world's state this epoch). */
export interface PoisoningView {
  /** Token price, USD. */
  readonly price: number
  /** Tokens paid to accepted work this epoch (the miner pool). */
  readonly minerPoolTokens: number
  /** Expected accepted units of the other contributors this epoch. */
  readonly othersAccepted: number
  /** Chance a poisoned unit is rejected (rejectChance of the poison's quality). */
  readonly detect: number
  /** Share of a passed poisoned unit's reward paid to colluding verifiers (0 without any). */
  readonly cartelCut: number
}

/** One of the attacker's contributors. */
export interface PoisonerUnit {
  /** Chance its honest work is rejected (rejectChance of its own quality). */
  readonly rejectHonest: number
  /** Its bond now, tokens. */
  readonly stakeTokens: number
}

/** The campaign's terms. */
export interface PoisoningTerms {
  /** Cost of a unit of honest work, USD. */
  readonly honestCostUsd: number
  /** Cost of a unit of poisoned work, USD. */
  readonly poisonCostUsd: number
  /** Share of the bond slashed when a unit is rejected. */
  readonly slashFraction: number
  /** USD per epoch the attacker gains outside the network at a served poisoned share of 1 (linear). */
  readonly externalGainUsd: number
}

/** The expected outcome of poisoning `poisoned` of the attacker's units. */
export interface PoisoningPlan {
  readonly poisoned: number
  /** Share of its capacity poisoned (poisoned / n; 0 with no capacity). */
  readonly share: number
  /** Tokens paid per accepted unit. */
  readonly rewardTokens: number
  /** Expected share of the accepted (served) work that is poisoned. */
  readonly servedShare: number
  /** The attacker's expected value of the epoch, USD (rewards - costs - bonds slashed + external gain). */
  readonly valueUsd: number
  /** What poisoning adds over running the same units honestly, USD per epoch. */
  readonly expectedProfitUsd: number
}

/** Tokens per accepted unit: the pool shared by the units expected accepted (at least one shares it). */
const perAccepted = (pool: number, accepted: number): number => (accepted > 0 ? pool / Math.max(1, accepted) : 0)

/** What poisoning unit u adds at reward R (USD per accepted unit), before the reward's own change. */
const unitGain = (u: PoisonerUnit, v: PoisoningView, t: PoisoningTerms, rewardUsd: number): number => {
  const slashUsd = t.slashFraction * u.stakeTokens * v.price
  const poison = (1 - v.detect) * rewardUsd * (1 - v.cartelCut) - t.poisonCostUsd - v.detect * slashUsd
  const honest = (1 - u.rejectHonest) * rewardUsd - t.honestCostUsd - u.rejectHonest * slashUsd
  return poison - honest
}

/**
 * The units in the order the attacker poisons them: what poisoning each adds at the reward with
 * none poisoned, largest first (ties: lower index first, so the order is a function of the input).
 */
export const poisoningOrder = (units: ReadonlyArray<PoisonerUnit>, v: PoisoningView, t: PoisoningTerms): ReadonlyArray<number> => {
  const accepted = v.othersAccepted + units.reduce((a, u) => a + (1 - u.rejectHonest), 0)
  const rewardUsd = perAccepted(v.minerPoolTokens, accepted) * v.price
  const gains = units.map((u) => unitGain(u, v, t, rewardUsd))
  return units.map((_, i) => i).sort((a, b) => gains[b]! - gains[a]! || a - b)
}

/**
 * Every plan from 0 to n units poisoned (in `order`), each with its expected value and what it
 * adds over all-honest. O(n).
 */
export const poisoningPlans = (units: ReadonlyArray<PoisonerUnit>, v: PoisoningView, t: PoisoningTerms, order: ReadonlyArray<number> = poisoningOrder(units, v, t)): ReadonlyArray<PoisoningPlan> => {
  const n = units.length
  const slash = t.slashFraction * v.price
  // All honest, then move units to poisoned one at a time.
  let acceptedOwn = 0
  let honestSlashTokens = 0
  for (const u of units) {
    acceptedOwn += 1 - u.rejectHonest
    honestSlashTokens += u.rejectHonest * u.stakeTokens
  }
  let honestAccepted = acceptedOwn
  let poisonAccepted = 0
  let poisonSlashTokens = 0
  const plans: PoisoningPlan[] = []
  let base = 0
  for (let k = 0; k <= n; k++) {
    if (k > 0) {
      const u = units[order[k - 1]!]!
      honestAccepted -= 1 - u.rejectHonest
      honestSlashTokens -= u.rejectHonest * u.stakeTokens
      poisonAccepted += 1 - v.detect
      poisonSlashTokens += v.detect * u.stakeTokens
    }
    const accepted = v.othersAccepted + honestAccepted + poisonAccepted
    const rewardTokens = perAccepted(v.minerPoolTokens, accepted)
    const servedShare = accepted > 0 ? poisonAccepted / accepted : 0
    const rewardUsd = rewardTokens * v.price
    const valueUsd =
      rewardUsd * (honestAccepted + poisonAccepted * (1 - v.cartelCut)) - (n - k) * t.honestCostUsd - k * t.poisonCostUsd - slash * (honestSlashTokens + poisonSlashTokens) + t.externalGainUsd * servedShare
    if (k === 0) base = valueUsd
    plans.push({ poisoned: k, share: n > 0 ? k / n : 0, rewardTokens, servedShare, valueUsd, expectedProfitUsd: valueUsd - base })
  }
  return plans
}

/**
 * The plan with the highest expected profit among 1 to n units poisoned (ties: fewer units); with
 * no capacity, the empty plan (expected profit 0). The attacker launches it only when positive.
 */
export const bestPoisoningPlan = (units: ReadonlyArray<PoisonerUnit>, v: PoisoningView, t: PoisoningTerms, order: ReadonlyArray<number> = poisoningOrder(units, v, t)): PoisoningPlan => {
  const plans = poisoningPlans(units, v, t, order)
  let best = plans[Math.min(1, plans.length - 1)]!
  for (let k = 2; k < plans.length; k++) if (plans[k]!.expectedProfitUsd > best.expectedProfitUsd) best = plans[k]!
  return best
}
