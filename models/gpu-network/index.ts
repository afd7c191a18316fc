/**
 * gpu-network: the model as experiments see it, its runtime (runtime.ts) plus the schema of its
 * parameters (params.ts).
 */
import { defineModel } from "../../src/kit/index.ts"
import { GpuNetworkParams } from "./params/params.ts"
import { gpuNetworkRuntime } from "./runtime.ts"

export { gpuNetworkInvariants } from "./runtime.ts"

export const gpuNetwork = defineModel({
  ...gpuNetworkRuntime,
  description: "GPU operators and validators earning emission and fees, paying costs, churning on profit.",
  params: GpuNetworkParams
})

export default gpuNetwork
