/**
 * Metrics: the reporters of the gpu-network model, recorded once per epoch after every other
 * system ran. `gpuNetworkMetrics` are the same for every run; `regionMetrics` add four per
 * region, named after it (`activeOperators_asia`, ...).
 */
import { type MetricDef, system } from "../../../src/kit/runtime.ts"
import { giniSorted, hhi, nakamotoSorted, sortLive } from "../../common/decentralization.ts"
import type { GpuNetworkParams } from "../params/params.ts"
import type { GpuWorld } from "../world.ts"
import { recordUsers } from "../demand/demandAgents.ts"
import { recordProtocol } from "../coordination/protocolRouting.ts"

export const gpuNetworkMetrics = [
  { name: "activeOperators", description: "Operators in the network at the end of the epoch." },
  { name: "operatorJoins", description: "Operators who joined this epoch." },
  { name: "operatorExits", description: "Operators who left this epoch." },
  { name: "operatorJoinsTotal", description: "Operators who joined since epoch 0." },
  { name: "operatorExitsTotal", description: "Operators who left since epoch 0." },
  { name: "operatorChurnRate", description: "Operator exits / operators at the start of the epoch." },
  { name: "activeSmall", description: "Small operators (capacity < operators.smallBelow)." },
  { name: "activeMedium", description: "Medium operators." },
  { name: "activeLarge", description: "Large operators (capacity >= operators.largeFrom)." },
  { name: "exitsSmall", description: "Small operators (capacity < operators.smallBelow) who left since epoch 0 (a count)." },
  { name: "exitsMedium", description: "Medium operators who left since epoch 0 (a count)." },
  { name: "exitsLarge", description: "Large operators (capacity >= operators.largeFrom) who left since epoch 0 (a count)." },
  { name: "exitRateSmall", description: "exitsSmall / small operators ever present (those at epoch 0 plus the small operators who joined since); 0 before any." },
  { name: "exitRateMedium", description: "exitsMedium / medium operators ever present (at epoch 0 plus joined since); 0 before any." },
  { name: "exitRateLarge", description: "exitsLarge / large operators ever present (at epoch 0 plus joined since); 0 before any." },
  { name: "onlineCapacity", description: "GPU capacity units online this epoch." },
  { name: "demandWork", description: "Work demanded this epoch (capacity units)." },
  { name: "usefulThroughput", description: "Work served this epoch (capacity units)." },
  { name: "overheadWork", description: "Capacity spent on coordination this epoch." },
  { name: "droppedWork", description: "Demanded work not served this epoch." },
  { name: "coordinationEfficiency", description: "Useful work / (useful work + coordination overhead)." },
  { name: "latencyP50Ms", description: "Median latency of served work, ms (network round trip + queueing)." },
  { name: "latencyP99Ms", description: "99th percentile latency of served work, ms." },
  { name: "operatorProfitMeanUsd", description: "Mean operator profit this epoch in USD (fees + emission value - cost)." },
  { name: "operatorMarginP10", description: "10th percentile of operator profit / cost this epoch." },
  { name: "operatorMarginP50", description: "Median operator profit / cost this epoch." },
  { name: "operatorNakamoto", description: "Fewest operators whose stake exceeds the Nakamoto threshold." },
  { name: "operatorGini", description: "Gini coefficient of operator stake." },
  { name: "operatorHHI", description: "Herfindahl-Hirschman index of operator stake." },
  { name: "activeValidators", description: "Validators at the end of the epoch." },
  { name: "validatorJoins", description: "Validators who joined this epoch." },
  { name: "validatorExits", description: "Validators who left this epoch." },
  { name: "validatorExitsTotal", description: "Validators who left since epoch 0." },
  { name: "validatorNakamoto", description: "Fewest validators whose stake exceeds the Nakamoto threshold (default 1/3)." },
  { name: "validatorGini", description: "Gini coefficient of validator stake." },
  { name: "validatorHHI", description: "Herfindahl-Hirschman index of validator stake." },
  { name: "price", description: "Token price in USD." },
  { name: "feesUsd", description: "Fees users paid this epoch in USD (served work x fee per unit)." },
  { name: "supply", description: "Tokens in existence." },
  { name: "emission", description: "Tokens minted this epoch." },
  { name: "inflationAnnualized", description: "emission x epochsPerYear / supply." },
  { name: "stakedRatio", description: "Tokens staked by operators and validators / supply." },
  { name: "treasury", description: "Tokens held by the treasury." },
  { name: "slashedTotal", description: "Tokens slashed since epoch 0 (operators' downtime, validators' double signing)." },
  { name: "jailings", description: "Downtime jailings since epoch 0." },
  { name: "tombstoned", description: "Validators tombstoned for double signing since epoch 0." },
  { name: "burnedTotal", description: "Tokens burned since epoch 0 (fee burn and burned slashes)." },
  { name: "leakPenalties", description: "Stake burned by the inactivity leak since epoch 0." },
  { name: "locked", description: "Tokens of vesting allocations still locked." },
  { name: "unlocked", description: "Vesting tokens unlocked this epoch." }
] as const satisfies ReadonlyArray<MetricDef>

export type GpuNetworkMetric = (typeof gpuNetworkMetrics)[number]["name"]

/** Per-region metrics, in this order for each region, after the fixed ones. */
const REGION_METRICS = [
  ["activeOperators", "Operators at the end of the epoch located in region"],
  ["operatorExitsTotal", "Operators who left region, since epoch 0,"],
  ["utilization", "Work done by the nodes of region / their online capacity,"],
  ["dropped", "Share of the demand arising in region that was not served,"]
] as const

/** The metrics that exist once per region. */
export const regionMetrics = (p: GpuNetworkParams): ReadonlyArray<MetricDef> =>
  p.regions.names.flatMap((r) => REGION_METRICS.map(([m, d]) => ({ name: `${m}_${r}`, description: `${d} ${r}.` })))

/** Metric ids in declaration order (the Recorder indexes metrics in the order declared). */
const M = Object.fromEntries(gpuNetworkMetrics.map((m, i) => [m.name, i])) as Record<GpuNetworkMetric, number>
const FIXED = gpuNetworkMetrics.length

export const metrics = system<GpuWorld, GpuNetworkParams>("metrics", (w, p) => {
  const r = w.recorder
  const f = w.flows
  const t = w.totals
  const ops = w.operators
  const vals = w.validators
  t.operatorJoins += f.operatorJoins
  t.operatorExits += f.operatorExits
  t.validatorJoins += f.validatorJoins
  t.validatorExits += f.validatorExits
  r.set(M.activeOperators, ops.count)
  r.set(M.operatorJoins, f.operatorJoins)
  r.set(M.operatorExits, f.operatorExits)
  r.set(M.operatorJoinsTotal, t.operatorJoins)
  r.set(M.operatorExitsTotal, t.operatorExits)
  r.set(M.operatorChurnRate, f.operatorsAtStart > 0 ? f.operatorExits / f.operatorsAtStart : 0)
  let small = 0
  let large = 0
  const cls = ops.cols.sizeClass
  const opRegion = ops.cols.region
  const activeEnd = w.regions.activeEnd
  activeEnd.fill(0)
  for (let i = 0; i < ops.size; i++) {
    if (ops.alive[i] !== 1) continue
    activeEnd[opRegion[i]!]! += 1
    if (cls[i] === 0) small++
    else if (cls[i] === 2) large++
  }
  r.set(M.activeSmall, small)
  r.set(M.activeMedium, ops.count - small - large)
  r.set(M.activeLarge, large)
  r.set(M.exitsSmall, t.classExits[0]!)
  r.set(M.exitsMedium, t.classExits[1]!)
  r.set(M.exitsLarge, t.classExits[2]!)
  r.set(M.exitRateSmall, t.classEntered[0]! > 0 ? t.classExits[0]! / t.classEntered[0]! : 0)
  r.set(M.exitRateMedium, t.classEntered[1]! > 0 ? t.classExits[1]! / t.classEntered[1]! : 0)
  r.set(M.exitRateLarge, t.classEntered[2]! > 0 ? t.classExits[2]! / t.classEntered[2]! : 0)

  const rt = w.routing
  const reg = w.regions
  let online = 0
  for (let k = 0; k < reg.count; k++) online += reg.onlineCapacity[k]!
  r.set(M.onlineCapacity, online)
  r.set(M.demandWork, rt.totalDemand)
  r.set(M.usefulThroughput, rt.usefulWork)
  r.set(M.overheadWork, rt.totalOverhead)
  r.set(M.droppedWork, rt.dropped)
  r.set(M.coordinationEfficiency, rt.usefulWork + rt.totalOverhead > 0 ? rt.usefulWork / (rt.usefulWork + rt.totalOverhead) : Number.NaN)
  r.set(M.latencyP50Ms, rt.latencyP50)
  r.set(M.latencyP99Ms, rt.latencyP99)
  r.set(M.operatorProfitMeanUsd, f.operatorsAtStart > 0 ? f.operatorProfitUsd / f.operatorsAtStart : 0)
  r.set(M.operatorMarginP10, w.marginP10)
  r.set(M.operatorMarginP50, w.marginP50)

  const size = Math.max(ops.size, vals.size)
  if (w.scratch.length < size) w.scratch = new Float64Array(size * 2)
  const stakes = w.operatorStakes
  r.set(M.operatorNakamoto, nakamotoSorted(stakes.values, stakes.size, p.nakamotoThreshold))
  r.set(M.operatorGini, giniSorted(stakes.values, stakes.size))
  r.set(M.operatorHHI, hhi(ops.cols.stake, ops.alive, ops.size))

  r.set(M.activeValidators, vals.count)
  r.set(M.validatorJoins, f.validatorJoins)
  r.set(M.validatorExits, f.validatorExits)
  r.set(M.validatorExitsTotal, t.validatorExits)
  const n = sortLive(vals.cols.stake, vals.alive, vals.size, w.scratch)
  r.set(M.validatorNakamoto, nakamotoSorted(w.scratch, n, p.nakamotoThreshold))
  r.set(M.validatorGini, giniSorted(w.scratch, n))
  r.set(M.validatorHHI, hhi(vals.cols.stake, vals.alive, vals.size))

  let staked = 0
  for (let i = 0; i < ops.size; i++) if (ops.alive[i] === 1) staked += ops.cols.stake[i]!
  for (let i = 0; i < vals.size; i++) if (vals.alive[i] === 1) staked += vals.cols.stake[i]!
  const supply = w.ledger.supply
  r.set(M.price, w.price)
  r.set(M.feesUsd, f.feesUsd)
  r.set(M.supply, supply)
  r.set(M.emission, f.emission)
  r.set(M.inflationAnnualized, supply > 0 ? (f.emission * p.token.epochsPerYear) / supply : 0)
  r.set(M.stakedRatio, supply > 0 ? staked / supply : 0)
  r.set(M.treasury, w.treasury)
  r.set(M.slashedTotal, w.slashing.slashedTotal)
  r.set(M.jailings, w.slashing.jailings)
  r.set(M.tombstoned, w.slashing.tombstoned)
  r.set(M.burnedTotal, w.ledger.burned + w.ledger.slashedBurned)
  r.set(M.leakPenalties, w.slashing.leakPenalties)
  r.set(M.locked, w.locked)
  r.set(M.unlocked, f.unlocked)
  if (w.protocol !== undefined) recordProtocol(w.protocol, r)
  if (w.users !== undefined) recordUsers(w.users, r, rt.totalDemand, rt.usefulWork, p.demand.agents)

  for (let k = 0; k < reg.count; k++) {
    const base = FIXED + k * REGION_METRICS.length
    r.set(base, activeEnd[k]!)
    r.set(base + 1, t.regionExits[k]!)
    r.set(base + 2, reg.onlineCapacity[k]! > 0 ? reg.work[k]! / reg.onlineCapacity[k]! : 0)
    r.set(base + 3, reg.demand[k]! > 0 ? reg.dropped[k]! / reg.demand[k]! : 0)
  }
})
