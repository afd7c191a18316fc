/**
 * Found poison against exogenous demand: with `demand.kind: exogenous` there are no users to
 * weigh it, so demand is multiplied by max(0, 1 - link.exogenousPenalty x the found-poison
 * reputation) (an assumption, docs/network.md). Runs after demand; under agents it does nothing
 * (the users count found poison as failed work themselves, demand/demandAgents.ts).
 */
import { system } from "../../../src/kit/runtime.ts"
import type { NetworkParams } from "../params.ts"
import type { NetworkWorld } from "../world.ts"

/** The multiplier on exogenous demand for a found-poison reputation. */
export const demandFactor = (reputation: number, penalty: number): number => Math.max(0, 1 - penalty * reputation)

export const poisonPenalty = system<NetworkWorld, NetworkParams>("poisonPenalty", (w, p) => {
  const factor = w.users === undefined ? demandFactor(w.link.reputation, p.link.exogenousPenalty) : 1
  w.link.demandFactor = factor
  if (factor === 1) return
  const demand = w.regions.demand
  for (let r = 0; r < demand.length; r++) demand[r] = demand[r]! * factor
})
