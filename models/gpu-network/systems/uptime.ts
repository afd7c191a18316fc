/**
 * Uptime: each operator is online this epoch with its uptime probability; tallies online
 * capacity and node counts per region for routing.
 */
import { system } from "../../../src/kit/runtime.ts"
import type { GpuNetworkParams } from "../params/params.ts"
import type { GpuWorld } from "../world.ts"
import { isJailed } from "./slashing/downtime.ts"

export const uptime = system<GpuWorld, GpuNetworkParams>("uptime", (w, p, rng) => {
  const pop = w.operators
  const { capacity, uptime: up, served, region } = pop.cols
  const alive = pop.alive
  const reg = w.regions
  reg.onlineCapacity.fill(0)
  reg.onlineCount.fill(0)
  reg.active.fill(0)
  // Regions under a griefing DoS: share of their operators knocked offline (0: none).
  // (written by attackMoves: world.attackEffects; all zeros without attacks.)
  const griefed = w.attackEffects.offlineShare
  for (let i = 0; i < pop.size; i++) {
    if (alive[i] !== 1) continue
    const r = region[i]!
    reg.active[r]! += 1
    // A jailed operator is out of the active set: offline for routing, whatever its uptime.
    const dosed = griefed[r]! > 0 && rng.next() < griefed[r]!
    if (rng.next() < up[i]! && !isJailed(w, i) && !dosed) {
      served[i] = capacity[i]!
      reg.onlineCapacity[r]! += capacity[i]!
      reg.onlineCount[r]! += 1
    } else {
      served[i] = 0
    }
  }
})
