/**
 * network: the model as experiments see it, its runtime (runtime.ts) plus the schema of its
 * parameters (params.ts).
 */
import { defineModel } from "../../src/kit/index.ts"
import { NetworkParams } from "./params.ts"
import { networkRuntime } from "./runtime.ts"

export const network = defineModel({
  ...networkRuntime,
  description: "One network: GPU operators, validators, users and the market (gpu-network) with the verification of AI work (ai-verification's contributors and verifiers) and governance with its treasury, on one ledger.",
  params: NetworkParams
})

export default network
