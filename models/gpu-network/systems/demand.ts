/** Demand: fee demand for AI work grows (or shrinks) by a constant rate per epoch. */
import { system } from "../../../src/engine/Pipeline.ts"
import type { GpuNetworkParams } from "../params.ts"
import type { GpuWorld } from "../world.ts"

export const demand = system<GpuWorld, GpuNetworkParams>("demand", (w, p) => {
  if (w.epoch > 0) w.feesUsd = Math.max(0, w.feesUsd * (1 + p.demand.growthPerEpoch))
})
