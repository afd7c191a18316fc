/**
 * Participation costs that rise with the network's state, and operators' decisions on expected
 * profit (operators.decision expected) with relocation between regions.
 *
 * Costs beyond an operator's own GPU costs:
 * - bandwidth: the protocol messages its node handled this epoch (coordination.model protocol)
 *   times messageBytes times coordination.protocol.bandwidthUsdPerGB: it grows with the
 *   coordination domain, so all-to-all routing makes participation dearer as the network grows;
 * - stake in USD (operators.stakeUsdPerUnit > 0): the stake must stay worth that many USD per
 *   capacity unit, so a falling price forces top-ups bought from the market;
 * - hardware (operators.hardware): a schedule of the fixed cost per operator per epoch from a
 *   given epoch on (larger models need more memory, faster links, attestation hardware).
 *
 * Decision: with `expected`, an operator keeps an exponential average of its realised margin
 * (profit / cost, half-life operators.marginHalfLife) and leaves once that average has been
 * negative for longer than its patience, so one good epoch does not wipe out a month of losses.
 * Relocation: an operator that reviews (relocation.reviewRate) moves to the region whose
 * expected revenue per capacity unit beats its own by more than the move cost over
 * relocation.horizonEpochs; it pays the move cost in equal instalments over that horizon.
 *
 * No schema here (params/participation.ts holds it): the operators system imports this file and
 * worker threads must not load effect/Schema.
 */
import type { MetricDef } from "../../../src/kit/runtime.ts"

export const relocationMetrics: ReadonlyArray<MetricDef> = [
  { name: "relocations", description: "Operators who moved region this epoch." },
  { name: "relocationsTotal", description: "Operators who moved region since epoch 0." }
]

/** Extra fixed cost per operator at `epoch` from the hardware schedule. */
export const hardwareCostAt = (schedule: ReadonlyArray<{ readonly from: number; readonly fixedUsd: number }>, epoch: number): number => {
  let start = -1
  let cost = 0
  for (const e of schedule) {
    if (e.from <= epoch && e.from >= start) {
      start = e.from
      cost = e.fixedUsd
    }
  }
  return cost
}

/** Bandwidth cost of handling `messages` protocol messages of `bytes` each, USD. */
export const bandwidthCostUsd = (messages: number, bytes: number, usdPerGB: number): number => (messages * bytes * usdPerGB) / 1e9

/** Weight on the past of an exponential average with half-life h: 0.5^(1/h). */
export const ewmaKeep = (halfLife: number): number => Math.pow(0.5, 1 / halfLife)

/** One step of an exponential average whose weight on the past is `keep` (ewmaKeep): hot loops compute `keep` once. */
export const ewmaStep = (previous: number, observation: number, keep: number): number => keep * previous + (1 - keep) * observation

/** Exponential average with half-life h: weight 0.5^(1/h) on the past. */
export const ewma = (previous: number, observation: number, halfLife: number): number => ewmaStep(previous, observation, ewmaKeep(halfLife))

/**
 * What a move is worth over the horizon: the extra revenue per epoch in the other region
 * (revenue per unit difference x capacity x uptime), less the extra running cost per epoch
 * there (per-region costs; 0 when every region costs the same), times the horizon.
 */
export const moveGain = (revenueHere: number, revenueThere: number, capacity: number, uptime: number, horizon: number, costDeltaUsd = 0): number =>
  (revenueThere - revenueHere) * capacity * uptime * horizon - costDeltaUsd * horizon

/** Whether a move pays: its gain over the horizon exceeds the move cost. */
export const movePays = (revenueHere: number, revenueThere: number, capacity: number, uptime: number, horizon: number, moveCostUsd: number, costDeltaUsd = 0): boolean =>
  moveGain(revenueHere, revenueThere, capacity, uptime, horizon, costDeltaUsd) > moveCostUsd

/**
 * An operator's running cost per epoch after moving between regions with different costs
 * (regions.costs, regions.costMultiplier): its own draw of the per-unit cost scaled by the
 * ratio of the regions' medians, plus the new region's fixed cost. A region whose median is 0
 * gives no draw to scale, so the new region's median is taken.
 */
export const movedCostUsd = (costUsd: number, capacity: number, here: { readonly perUnit: number; readonly fixed: number }, there: { readonly perUnit: number; readonly fixed: number }): number => {
  const variable = Math.max(0, costUsd - here.fixed)
  return (here.perUnit > 0 ? (variable * there.perUnit) / here.perUnit : capacity * there.perUnit) + there.fixed
}
