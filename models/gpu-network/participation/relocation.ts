/**
 * Relocation: operators moving region when another region's expected revenue per capacity
 * unit beats theirs by more than the move cost over their horizon (operators.relocation).
 *
 * Each region's expected revenue per capacity unit present (online or not) is an exponential average
 * (half-life operators.marginHalfLife) of what its operators earned per unit (fees and
 * emission, USD) as the operators system tallied it. Runs after the operators system; a move
 * takes effect from the next epoch's uptime and routing; its cost is paid in instalments over
 * relocation.horizonEpochs (systems/operators.ts). When regions cost differently
 * (regions.costs, regions.costMultiplier) an operator also weighs what it would cost to run in
 * each region, and a move changes its running cost to the new region's.
 */
import { system } from "../../../src/kit/runtime.ts"
import type { Recorder, Rng } from "../../../src/kit/runtime.ts"
import { regionCostPerUnit, regionFixedCost } from "../draw.ts"
import type { GpuNetworkParams } from "../params/params.ts"
import type { GpuWorld } from "../world.ts"
import { ewma, moveGain, movedCostUsd, movePays } from "./participation.ts"

export interface RelocationState {
  /** Expected revenue per online capacity unit by region, USD per epoch. */
  readonly revenue: Float64Array
  /** Whether the region's average has seen an observation yet. */
  readonly seen: Uint8Array
  /** Scratch: capacity present per region. */
  readonly present: Float64Array
  moved: number
  total: number
  readonly ids: Int32Array
}

export const initRelocation = (regions: number, recorder: Recorder): RelocationState => ({
  revenue: new Float64Array(regions),
  seen: new Uint8Array(regions),
  present: new Float64Array(regions),
  moved: 0,
  total: 0,
  ids: Int32Array.of(recorder.id("relocations"), recorder.id("relocationsTotal"))
})

/** Whether regions cost differently (regions.costs or regions.costMultiplier): then a move changes an operator's cost. */
const regionalCosts = (p: GpuNetworkParams): boolean => p.regions.costs.length > 0 || p.regions.costMultiplier.length > 0

/**
 * Moves when regions cost differently: a reviewing operator weighs every region by revenue and
 * by what it would cost to run there (movedCostUsd), moves to the one worth most over the
 * horizon if that beats the move cost, and pays the new region's cost from then on.
 */
const relocateByMargin = (w: GpuWorld, p: GpuNetworkParams, rng: Rng): void => {
  const s = w.relocation!
  const rl = p.operators.relocation
  if (rl.reviewRate <= 0) return
  const R = w.regions.count
  const costs = Array.from({ length: R }, (_, r) => ({ perUnit: regionCostPerUnit(p, r), fixed: regionFixedCost(p, r) }))
  const { region, capacity, uptime, attacker, pendingCostUsd, costUsd } = w.operators.cols
  for (let i = 0; i < w.operators.size; i++) {
    if (w.operators.alive[i] !== 1 || attacker[i] !== 0) continue
    if (rng.next() >= rl.reviewRate) continue
    const here = region[i]!
    if (s.seen[here] !== 1) continue
    let target = -1
    let targetGain = 0
    let targetCost = 0
    for (let r = 0; r < R; r++) {
      if (r === here || s.seen[r] !== 1) continue
      const cost = movedCostUsd(costUsd[i]!, capacity[i]!, costs[here]!, costs[r]!)
      const gain = moveGain(s.revenue[here]!, s.revenue[r]!, capacity[i]!, uptime[i]!, rl.horizonEpochs, cost - costUsd[i]!)
      if (gain > rl.moveCostUsd && (target < 0 || gain > targetGain)) {
        target = r
        targetGain = gain
        targetCost = cost
      }
    }
    if (target < 0) continue
    region[i] = target
    costUsd[i] = targetCost
    pendingCostUsd[i] = pendingCostUsd[i]! + rl.moveCostUsd
    s.moved++
  }
}

export const relocation = system<GpuWorld, GpuNetworkParams>("relocation", (w, p, rng) => {
  const s = w.relocation
  if (s === undefined) return
  const reg = w.regions
  const R = reg.count
  // Revenue per unit of capacity present in the region, online or not: a node knocked offline
  // or idle earns nothing, and that is what a mover compares.
  const ops = w.operators
  const { region, capacity, uptime, attacker, pendingCostUsd } = ops.cols
  const present = s.present
  present.fill(0)
  for (let i = 0; i < ops.size; i++) if (ops.alive[i] === 1) present[region[i]!]! += capacity[i]!
  for (let r = 0; r < R; r++) {
    if (!(present[r]! > 0)) continue
    const perUnit = (reg.revenuePerUnit[r]! * reg.onlineCapacity[r]!) / present[r]!
    s.revenue[r] = s.seen[r] === 1 ? ewma(s.revenue[r]!, perUnit, p.operators.marginHalfLife) : perUnit
    s.seen[r] = 1
  }
  let best = -1
  for (let r = 0; r < R; r++) if (s.seen[r] === 1 && (best < 0 || s.revenue[r]! > s.revenue[best]!)) best = r
  s.moved = 0
  const rl = p.operators.relocation
  if (regionalCosts(p)) {
    relocateByMargin(w, p, rng)
  } else if (best >= 0 && rl.reviewRate > 0) {
    for (let i = 0; i < ops.size; i++) {
      if (ops.alive[i] !== 1 || attacker[i] !== 0) continue
      if (rng.next() >= rl.reviewRate) continue
      const here = region[i]!
      if (here === best) continue
      if (!movePays(s.revenue[here]!, s.revenue[best]!, capacity[i]!, uptime[i]!, rl.horizonEpochs, rl.moveCostUsd)) continue
      region[i] = best
      pendingCostUsd[i] = pendingCostUsd[i]! + rl.moveCostUsd
      s.moved++
    }
  }
  s.total += s.moved
  w.recorder.set(s.ids[0]!, s.moved)
  w.recorder.set(s.ids[1]!, s.total)
})
