/**
 * Demand: users send inference queries to each datanet's model in proportion to its quality
 * (the network's `queries` at full quality, shared equally between datanets), with log-normal
 * noise; each query pays `fee`. A demand drop (`demand.dropAt`) cuts the queries from that epoch.
 */
import type { Rng } from "../../../src/kit/runtime.ts"
import type { AttributionParams as P } from "../params.ts"
import type { AttributionWorld } from "../world.ts"

export const demand = (w: AttributionWorld, p: P, rng: Rng): void => {
  if (p.demand.dropAt > 0 && w.epoch === p.demand.dropAt) w.queriesLevel = p.demand.queries * (1 - p.demand.drop)
  const sigma = p.demand.noise
  w.feesTotal = 0
  for (let d = 0; d < w.n; d++) {
    const queries = (w.queriesLevel / w.n) * w.quality[d]! * Math.exp(sigma * rng.normal() - (sigma * sigma) / 2)
    const fee = Math.min(queries * p.demand.fee, w.outside)
    w.fees[d] = fee
    w.outside -= fee
    w.feesTotal += fee
  }
}
