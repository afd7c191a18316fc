/**
 * The network's invariants, checked by tests after every epoch: gpu-network's (ledger, signs,
 * stake index) with every holder counted, the work layer's included, so holdings equal supply;
 * and the work layer's own (no negative bond or stake, verifiers' cumulative stake in step).
 */
import { gpuNetworkInvariants } from "../gpu-network/runtime.ts"
import { totalHoldings, type NetworkWorld } from "./world.ts"

export const networkInvariants = (w: NetworkWorld): ReadonlyArray<string> => {
  const problems = [...gpuNetworkInvariants(w, totalHoldings(w))]
  const c = w.work.contributors
  for (let j = 0; j < c.size; j++) if (!(c.cols.stake[j]! >= 0 && c.cols.balance[j]! >= 0)) problems.push(`contributor ${j} has negative or NaN bond or balance`)
  const v = w.work.validators
  let cum = 0
  for (let i = 0; i < v.size; i++) {
    const s = v.cols.stake[i]!
    if (!(s >= 0 && v.cols.balance[i]! >= 0)) problems.push(`verifier ${i} has negative or NaN stake or balance`)
    cum += s
    if (!(Math.abs(w.work.cumulativeStake[i]! - cum) <= 1e-9 * Math.max(1, cum))) problems.push(`cumulative stake of verifier ${i} ${w.work.cumulativeStake[i]} != ${cum}`)
  }
  return problems
}
