/**
 * Governance with its treasury on the market: gpu-network's governance system runs unchanged
 * (models/gpu-network/systems/governance); whatever left the treasury while it ran (an executed
 * transfer, a funded request: governance only pays out) reached its recipients in `outside`, and
 * `link.drainSoldShare` of it is sold the same epoch (sold supply the market reads next epoch).
 */
import { system } from "../../../src/kit/runtime.ts"
import { governance } from "../../gpu-network/systems/governance/governance.ts"
import type { NetworkParams } from "../params.ts"
import type { NetworkWorld } from "../world.ts"

export const governanceOnMarket = system<NetworkWorld, NetworkParams>("governance", (w, p, rng) => {
  const before = w.treasury
  governance.run(w, p, rng)
  const outflow = Math.max(0, before - w.treasury)
  const sold = outflow * p.link.drainSoldShare
  w.flows.soldTokens += sold
  w.link.treasuryOutflow = outflow
  w.link.drainSold = sold
})
