/**
 * gpu-network: a decentralized AI compute network of GPU operators and validators.
 *
 * Operators serve AI work with heterogeneous capacity, costs and uptime; validators stake. Both
 * earn emission (and operators fees), pay USD costs, sell rewards into a token market and leave
 * when loss-making for longer than their patience; newcomers join when expected profit is
 * positive. The result is participation churn driven by price, demand and emission.
 *
 * This file is the model's runtime (systems, metrics, invariants); index.ts adds the schema.
 */
import { defineRuntime } from "../../src/kit/runtime.ts"
import type { GpuNetworkParams } from "./params/params.ts"
import { attacks } from "./systems/attacks/attackBooks.ts"
import { attackMoves } from "./systems/attacks/attackMoves.ts"
import { cartelCollect } from "./systems/attacks/cartel.ts"
import { attackMetrics } from "./systems/attacks/metrics.ts"
import { demand } from "./systems/demand.ts"
import { emission } from "./systems/emission/emission.ts"
import { governance } from "./systems/governance/governance.ts"
import { governanceMetrics } from "./systems/governance/metrics.ts"
import { entry } from "./systems/entry.ts"
import { market } from "./systems/market.ts"
import { gpuNetworkMetrics, metrics, regionMetrics } from "./systems/metrics.ts"
import { operators } from "./systems/operators.ts"
import { routing } from "./systems/routing.ts"
import { slashing } from "./systems/slashing/slashing.ts"
import { uptime } from "./systems/uptime.ts"
import { vesting } from "./systems/vesting.ts"
import { validators } from "./systems/validators.ts"
import { gpuAttacks, gpuFixedAtStart, gpuPanels, gpuStatus } from "./tui.ts"
import { initWorld } from "./initWorld.ts"
import { totalHoldings, type GpuWorld } from "./world.ts"
import { demandAgentMetrics } from "./demand/demandAgents.ts"
import { protocolMetrics } from "./coordination/protocolRouting.ts"
import { relocationMetrics } from "./participation/participation.ts"
import { relocation } from "./participation/relocation.ts"
import { gpuState } from "./state.ts"

/** Relative tolerance for conservation: sums of ~1e9 tokens accumulate float rounding. */
const CONSERVATION_TOLERANCE = 1e-9

/**
 * Conservation and sign invariants, checked by tests after every epoch. `held` is every token's
 * holder summed (a model that adds holders to this world, models/network, passes its own sum).
 */
export const gpuNetworkInvariants = (w: GpuWorld, held: number = totalHoldings(w)): ReadonlyArray<string> => {
  const problems: Array<string> = []
  const l = w.ledger
  const scale = Math.max(1, l.supply)
  if (Math.abs(l.imbalance()) > CONSERVATION_TOLERANCE * scale) {
    problems.push(`ledger: supply ${l.supply} != initial ${l.initial} + minted ${l.minted} - burned ${l.burned} - slashed ${l.slashedBurned}`)
  }
  // Written as !(x <= bound) so a NaN anywhere fails the check instead of slipping through.
  if (!(Math.abs(held - l.supply) <= CONSERVATION_TOLERANCE * scale)) problems.push(`holdings ${held} != supply ${l.supply}`)
  if (!(w.outside >= -CONSERVATION_TOLERANCE * scale)) problems.push(`negative or NaN outside ${w.outside}`)
  if (!(w.treasury >= 0)) problems.push(`negative or NaN treasury ${w.treasury}`)
  if (!(w.locked >= -CONSERVATION_TOLERANCE * scale)) problems.push(`negative or NaN locked ${w.locked}`)
  const o = w.operators
  for (let i = 0; i < o.size; i++) {
    if (o.alive[i] === 1 && !(o.cols.stake[i]! >= 0 && o.cols.balance[i]! >= 0)) problems.push(`operator ${i} has negative or NaN stake or balance`)
  }
  const v = w.validators
  for (let i = 0; i < v.size; i++) {
    if (v.alive[i] === 1 && !(v.cols.stake[i]! >= 0 && v.cols.balance[i]! >= 0)) problems.push(`validator ${i} has negative or NaN stake or balance`)
  }
  if (!(w.price > 0)) problems.push(`non-positive price ${w.price}`)
  // The sorted stake index must mirror the live operators exactly.
  let live = 0
  for (let i = 0; i < o.size; i++) if (o.alive[i] === 1) live += o.cols.stake[i]!
  let indexed = 0
  for (let i = 0; i < w.operatorStakes.size; i++) indexed += w.operatorStakes.values[i]!
  if (w.operatorStakes.size !== o.count || Math.abs(indexed - live) > 1e-9 * Math.max(1, live)) {
    problems.push(`operator stake index out of step: ${w.operatorStakes.size} entries for ${o.count} operators`)
  }
  return problems
}

/** What running gpu-network needs (no schema: worker threads load only this). */
export const gpuNetworkRuntime = defineRuntime<GpuNetworkParams, GpuWorld>({
  name: "gpu-network",
  metrics: gpuNetworkMetrics,
  paramMetrics: (p) => [...regionMetrics(p), ...attackMetrics(p), ...governanceMetrics(p), ...(p.demand.kind === "agents" ? demandAgentMetrics : []), ...(p.coordination.model === "protocol" ? protocolMetrics : []), ...(p.operators.relocation.enabled ? relocationMetrics : [])],
  tunables: ["token.emission.perEpoch", "slashing.doubleSignFraction", "slashing.downtimeFraction", "slashing.doubleSignRate", "token.feeBurn", "operators.costPerUnitUsd", "market.volatility"],
  headline: ["activeOperators", "operatorExitsTotal", "validatorNakamoto", "price", "stakedRatio"],
  reportMetrics: ["activeOperators", "operatorChurnRate", "operatorNakamoto", "validatorNakamoto", "price", "supply", "inflationAnnualized", "coordinationEfficiency"],
  attacks: gpuAttacks,
  fixedAtStart: gpuFixedAtStart,
  panels: gpuPanels,
  status: gpuStatus,
  state: gpuState,
  init: initWorld,
  systems: [market, demand, emission, vesting, attackMoves, uptime, routing, operators, cartelCollect, relocation, validators, slashing, entry, metrics, attacks, governance],
  invariants: gpuNetworkInvariants
})

export default gpuNetworkRuntime
