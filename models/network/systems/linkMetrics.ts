/** Records the link's metrics (metrics.ts linkMetrics) at the end of the epoch. */
import { system } from "../../../src/kit/runtime.ts"
import type { NetworkParams } from "../params.ts"
import type { NetworkWorld } from "../world.ts"

export const recordLink = system<NetworkWorld, NetworkParams>("linkMetrics", (w) => {
  const l = w.link
  const r = w.recorder
  const values = [l.servedPoison, l.found, l.reputation, l.demandFactor, l.workSold, l.rebondBought, l.treasuryOutflow, l.drainSold]
  for (let k = 0; k < values.length; k++) r.set(l.ids[k]!, values[k]!)
})
