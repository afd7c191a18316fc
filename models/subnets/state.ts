/**
 * What a subnets run's world holds at epoch 0, by the parameters that size it (the memory
 * estimate made before a run: Model.state, docs/limits.md). Its tables are flat matrices over
 * subnets, miner slots, validators (plus the root attacker's) and stakers (initWorld.ts).
 */
import type { StateSize } from "../../src/kit/runtime.ts"
import type { SubnetsParams } from "./params.ts"

const F64 = Float64Array.BYTES_PER_ELEMENT

export const subnetsState = (p: SubnetsParams): ReadonlyArray<StateSize> => {
  const n = p.subnets.count
  const K = p.miners.slots
  const V = p.validators.count + 1
  const S = p.stakers.count
  return [
    { field: "subnets.count", what: "subnets", count: n, bytesEach: 25 * F64 + 1 },
    { field: "subnets.count x validators.count x miners.slots", what: "bonds (subnet x validator x slot)", count: n * V * K, bytesEach: F64 },
    // Consensus, incentive, skill, cost, income, since, and the slot's flag.
    { field: "subnets.count x miners.slots", what: "miner slots", count: n * K, bytesEach: 6 * F64 + 1 },
    // Dividends, alpha, income, epoch value, and the on flag.
    { field: "subnets.count x validators.count", what: "validator positions", count: n * V, bytesEach: 4 * F64 + 1 },
    // Weights and the Yuma scratch (three matrices).
    { field: "validators.count x miners.slots", what: "weights", count: V * K, bytesEach: 4 * F64 },
    { field: "stakers.count x subnets.count", what: "staker positions", count: S * n, bytesEach: F64 }
  ]
}
