/**
 * staking-pool: the model as experiments see it, its runtime plus its parameter schema. An
 * experiment names it by path (`model: ./staking-pool`, relative to the experiment file).
 */
import { defineModel } from "incentive-sandbox/kit"
import { StakingPoolParams } from "./params.ts"
import runtime from "./runtime.ts"

export default defineModel({
  ...runtime,
  description: "Stakers sharing a fixed emission, each with its own required yield: who stays, who joins, the staked share that emerges.",
  params: StakingPoolParams
})
