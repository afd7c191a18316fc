/**
 * What a gpu-network run's world holds at epoch 0, by the parameters that size it (the memory
 * estimate made before a run: Model.state, docs/limits.md). Slots are allocated for twice the
 * starting operators and validators (initWorld.ts), so entries need no copy at first.
 */
import { slotBytes, type StateSize } from "../../src/kit/runtime.ts"
import { UserColumns } from "./demand/demandAgents.ts"
import type { GpuNetworkParams } from "./params/params.ts"
import { OperatorColumns, ValidatorColumns } from "./world.ts"

const F64 = Float64Array.BYTES_PER_ELEMENT

/** gpu-network's populations: operators (with their stake index, scratch and slashing records), validators and, under demand agents, users. */
export const gpuState = (p: GpuNetworkParams): ReadonlyArray<StateSize> => {
  const operatorSlots = Math.max(64, 2 * p.operators.count)
  // Per operator slot: its columns, the sorted stake index (values and a spare), the metrics'
  // scratch, and the slashing records that are switched on (Cosmos signing: counters, times, owner).
  let perOperator = slotBytes(OperatorColumns) + 2 * F64 + F64
  if (p.slashing.downtime) perOperator += 4 + 2 * F64 + 1 + F64
  if (p.slashing.inactivityLeak) perOperator += F64
  const validators = p.validators.initialStakes.length > 0 ? p.validators.initialStakes.length : p.validators.count
  const out: Array<StateSize> = [
    { field: "operators.count", what: "operator slots (twice the operators at epoch 0)", count: operatorSlots, bytesEach: perOperator },
    { field: "validators.count", what: "validator slots (twice the validators at epoch 0)", count: Math.max(64, 2 * validators), bytesEach: slotBytes(ValidatorColumns) }
  ]
  // The signing window is one byte per operator slot per epoch of the window.
  if (p.slashing.downtime) out.push({ field: "operators.count x slashing.signedWindow", what: "signing records (operator slots x window)", count: operatorSlots * p.slashing.signedWindow, bytesEach: 1 })
  if (p.demand.kind === "agents") out.push({ field: "demand.agents.users", what: "users", count: Math.max(64, p.demand.agents.users), bytesEach: slotBytes(UserColumns) })
  return out
}
