/**
 * Drawing gpu-network's participants: a new operator's or validator's attributes from the
 * parameters, and the log-capacity bins largest-first routing works on.
 */
import type { Rng } from "../../src/kit/runtime.ts"
import type { GpuNetworkParams } from "./params/params.ts"
import type { GpuWorld } from "./world.ts"

const uniform = (rng: Rng, r: { readonly min: number; readonly max: number }) => rng.uniform(r.min, r.max)

/** Bins of log2(capacity) used by largest-first routing. */
export const CAPACITY_BINS = 64

/** Bin of a capacity between min and max (log scale). */
export const capacityBin = (cap: number, min: number, max: number): number => {
  if (max <= min) return 0
  const x = Math.log(cap / min) / Math.log(max / min)
  return Math.min(CAPACITY_BINS - 1, Math.max(0, Math.floor(x * CAPACITY_BINS)))
}

/** Index of the first cumulative weight above u (u uniform in [0, 1)). */
export const pick = (cumulative: Float64Array, u: number): number => {
  const n = cumulative.length
  const target = u * cumulative[n - 1]!
  for (let i = 0; i < n; i++) if (target < cumulative[i]!) return i
  return n - 1
}

/** Region r's row of the cost table (regions.costs), if it has one. */
const costRow = (p: GpuNetworkParams, r: number) => {
  const name = p.regions.names[r]
  for (const row of p.regions.costs) if (row.region === name) return row
  return undefined
}

/** The median cost per capacity unit in region r: the cost table's, else operators.costPerUnitUsd times regions.costMultiplier. */
export const regionCostPerUnit = (p: GpuNetworkParams, r: number): number =>
  costRow(p, r)?.costPerUnitUsd ?? p.operators.costPerUnitUsd * (p.regions.costMultiplier[r] ?? 1)

/** The fixed cost per operator in region r: the cost table's, else operators.fixedCostUsd. */
export const regionFixedCost = (p: GpuNetworkParams, r: number): number => costRow(p, r)?.fixedCostUsd ?? p.operators.fixedCostUsd

/** Draw a new operator's attributes into `slot`; returns the tokens it stakes. */
export const drawOperator = (world: GpuWorld, p: GpuNetworkParams, rng: Rng, slot: number): number => {
  const o = world.operators.cols
  const op = p.operators
  const cap = Math.min(op.capacityMax, rng.pareto(op.capacityMin, op.capacityAlpha))
  o.capacity[slot] = cap
  o.region[slot] = pick(world.regions.cumulativeOperatorShare, rng.next())
  o.sizeClass[slot] = cap < op.smallBelow ? 0 : cap >= op.largeFrom ? 2 : 1
  o.capBin[slot] = capacityBin(cap, op.capacityMin, op.capacityMax)
  world.totals.classEntered[o.sizeClass[slot]!]! += 1
  o.costUsd[slot] = cap * rng.logNormal(regionCostPerUnit(p, o.region[slot]!), op.costSigma) + regionFixedCost(p, o.region[slot]!)
  o.uptime[slot] = uniform(rng, op.uptime)
  o.patience[slot] = Math.round(uniform(rng, op.patience))
  o.lossStreak[slot] = 0
  o.stake[slot] = op.stakeUsdPerUnit > 0 ? Math.max(cap * op.stakePerUnit, op.minStake, (cap * op.stakeUsdPerUnit) / world.price) : Math.max(cap * op.stakePerUnit, op.minStake)
  o.attacker[slot] = 0
  o.expectedMargin[slot] = 0
  o.pendingCostUsd[slot] = 0
  o.balance[slot] = 0
  o.joinedEpoch[slot] = world.epoch
  return o.stake[slot]!
}

/** Draw a new validator's attributes into `slot`; returns the tokens it stakes. */
export const drawValidator = (world: GpuWorld, p: GpuNetworkParams, rng: Rng, slot: number): number => {
  const v = world.validators.cols
  const vp = p.validators
  v.stake[slot] = rng.logNormal(vp.stakeMedian, vp.stakeSigma)
  v.cartel[slot] = 0
  v.owner[slot] = 0
  v.balance[slot] = 0
  v.costUsd[slot] = vp.costUsd
  v.patience[slot] = Math.round(uniform(rng, vp.patience))
  v.lossStreak[slot] = 0
  v.expectedMargin[slot] = 0
  v.joinedEpoch[slot] = world.epoch
  return v.stake[slot]!
}
