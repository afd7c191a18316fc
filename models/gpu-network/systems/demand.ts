/**
 * Demand: work wanted per region this epoch. The base (potential fees / fee per unit) grows at
 * a constant rate; each region's share follows a cycle (phase-shifted by region, like the sun
 * moving over time zones) and random shocks that arrive with a small probability, are
 * exponentially sized and decay geometrically. A demand series (demand.series, from data) replaces
 * the base's path while it lasts. With demand.kind agents the base is the work
 * of the users who chose the network (demand/demandAgents.ts), scaled by the same growth.
 */
import { system } from "../../../src/kit/runtime.ts"
import type { GpuNetworkParams } from "../params/params.ts"
import type { GpuWorld } from "../world.ts"
import { stepUsers } from "../demand/demandAgents.ts"

export const demand = system<GpuWorld, GpuNetworkParams>("demand", (w, p, rng) => {
  const d = p.demand
  // A replayed demand series sets the fee base while it lasts; growth takes over after it.
  if (w.epoch < d.series.length) w.feesUsd = d.series[w.epoch]!
  else if (w.epoch > 0) w.feesUsd = Math.max(0, w.feesUsd * (1 + d.growthPerEpoch))
  const users = w.users
  // Agents: the users on the network choose first; growth scales their work like the fee base.
  if (users !== undefined) stepUsers(users, w, d.agents, d.feeUsdPerUnit, rng)
  const start = d.series[0] ?? d.feesUsdPerEpoch
  const growth = start > 0 ? w.feesUsd / start : 1
  const base = w.feesUsd / d.feeUsdPerUnit
  const reg = w.regions
  const R = reg.count
  const angle = (2 * Math.PI * w.epoch) / d.cyclePeriod
  for (let r = 0; r < R; r++) {
    let shock = reg.shock[r]! * d.shockDecay
    if (rng.next() < d.shockRate) shock += d.shockSize * -Math.log(1 - rng.next())
    reg.shock[r] = shock
    const cycle = 1 + d.cycleAmplitude * Math.sin(angle + (2 * Math.PI * r) / R)
    reg.demand[r] = (users !== undefined ? users.regionWork[r]! * growth : base * reg.demandShare[r]!) * cycle * (1 + shock)
  }
})
