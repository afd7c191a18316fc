/**
 * Metrics: the reporters of the gpu-network model, recorded once per epoch after every other
 * system ran. Each entry of `gpuNetworkMetrics` is a metric a run reports; `metrics` writes them.
 */
import type { MetricDef } from "../../../src/engine/Recorder.ts"
import { system } from "../../../src/engine/Pipeline.ts"
import { giniSorted, hhi, nakamotoSorted, sortLive } from "../../common/decentralization.ts"
import type { GpuNetworkParams } from "../params.ts"
import type { GpuWorld } from "../world.ts"

export const gpuNetworkMetrics = [
  { name: "activeOperators", description: "Operators in the network at the end of the epoch." },
  { name: "operatorJoins", description: "Operators who joined this epoch." },
  { name: "operatorExits", description: "Operators who left this epoch." },
  { name: "operatorJoinsTotal", description: "Operators who joined since epoch 0." },
  { name: "operatorExitsTotal", description: "Operators who left since epoch 0." },
  { name: "operatorChurnRate", description: "Operator exits / operators at the start of the epoch." },
  { name: "servedCapacity", description: "GPU capacity units online and serving work this epoch." },
  { name: "operatorProfitMeanUsd", description: "Mean operator profit this epoch in USD (fees + emission value - cost)." },
  { name: "activeValidators", description: "Validators at the end of the epoch." },
  { name: "validatorJoins", description: "Validators who joined this epoch." },
  { name: "validatorExits", description: "Validators who left this epoch." },
  { name: "validatorExitsTotal", description: "Validators who left since epoch 0." },
  { name: "validatorNakamoto", description: "Fewest validators whose stake exceeds the Nakamoto threshold (default 1/3)." },
  { name: "validatorGini", description: "Gini coefficient of validator stake." },
  { name: "validatorHHI", description: "Herfindahl-Hirschman index of validator stake." },
  { name: "price", description: "Token price in USD." },
  { name: "feesUsd", description: "Fees users paid this epoch in USD." },
  { name: "supply", description: "Tokens in existence." },
  { name: "emission", description: "Tokens minted this epoch." },
  { name: "inflationAnnualized", description: "emission x epochsPerYear / supply." },
  { name: "stakedRatio", description: "Tokens staked by operators and validators / supply." },
  { name: "treasury", description: "Tokens held by the treasury." }
] as const satisfies ReadonlyArray<MetricDef>

export type GpuNetworkMetric = (typeof gpuNetworkMetrics)[number]["name"]

/** Metric ids in declaration order (the Recorder indexes metrics in the order declared). */
const M = Object.fromEntries(gpuNetworkMetrics.map((m, i) => [m.name, i])) as Record<GpuNetworkMetric, number>

export const metrics = system<GpuWorld, GpuNetworkParams>("metrics", (w, p) => {
  const r = w.recorder
  const f = w.flows
  const ops = w.operators
  const vals = w.validators
  const t = w.totals
  t.operatorJoins += f.operatorJoins
  t.operatorExits += f.operatorExits
  t.validatorJoins += f.validatorJoins
  t.validatorExits += f.validatorExits
  r.set(M.activeOperators, ops.count)
  r.set(M.operatorJoinsTotal, t.operatorJoins)
  r.set(M.operatorExitsTotal, t.operatorExits)
  r.set(M.validatorExitsTotal, t.validatorExits)
  r.set(M.operatorJoins, f.operatorJoins)
  r.set(M.operatorExits, f.operatorExits)
  r.set(M.operatorChurnRate, f.operatorsAtStart > 0 ? f.operatorExits / f.operatorsAtStart : 0)
  r.set(M.servedCapacity, w.lastServedCapacity)
  r.set(M.operatorProfitMeanUsd, f.operatorsAtStart > 0 ? f.operatorProfitUsd / f.operatorsAtStart : 0)
  r.set(M.activeValidators, vals.count)
  r.set(M.validatorJoins, f.validatorJoins)
  r.set(M.validatorExits, f.validatorExits)

  if (w.scratch.length < vals.size) w.scratch = new Float64Array(vals.size * 2)
  const n = sortLive(vals.cols.stake, vals.alive, vals.size, w.scratch)
  r.set(M.validatorNakamoto, nakamotoSorted(w.scratch, n, p.nakamotoThreshold))
  r.set(M.validatorGini, giniSorted(w.scratch, n))
  r.set(M.validatorHHI, hhi(vals.cols.stake, vals.alive, vals.size))

  let staked = 0
  for (let i = 0; i < ops.size; i++) if (ops.alive[i] === 1) staked += ops.cols.stake[i]!
  for (let i = 0; i < vals.size; i++) if (vals.alive[i] === 1) staked += vals.cols.stake[i]!
  const supply = w.ledger.supply
  r.set(M.price, w.price)
  r.set(M.feesUsd, w.feesUsd)
  r.set(M.supply, supply)
  r.set(M.emission, f.emission)
  r.set(M.inflationAnnualized, supply > 0 ? (f.emission * p.token.epochsPerYear) / supply : 0)
  r.set(M.stakedRatio, supply > 0 ? staked / supply : 0)
  r.set(M.treasury, w.treasury)
})
