/**
 * subnets: the model as experiments see it (runtime.ts + the parameter schema).
 */
import { defineModel } from "../../src/kit/index.ts"
import { SubnetsParams } from "./params.ts"
import { subnetsRuntime } from "./runtime.ts"

export const subnets = defineModel({
  ...subnetsRuntime,
  description: "Bittensor dynamic TAO: subnets with TAO/alpha pools competing for emission (price- or flow-based shares), Yuma per subnet, stakers, validators and miners moving between subnets, registration and pruning; wash-trading owners, weight copiers, root stake concentration.",
  params: SubnetsParams
})

export default subnets
