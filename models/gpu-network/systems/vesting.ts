/**
 * Vesting: locked allocations unlock on their cliff + linear schedules; each unlock moves to the
 * market (outside holders), and its sold share adds to this epoch's selling pressure.
 */
import { system } from "../../../src/kit/runtime.ts"
import { unlockedInEpoch } from "../../mechanisms/emission/vesting.ts"
import type { GpuNetworkParams } from "../params/params.ts"
import type { GpuWorld } from "../world.ts"

export const vesting = system<GpuWorld, GpuNetworkParams>("vesting", (w, p) => {
  for (const v of p.token.vesting) {
    const amount = Math.min(w.locked, unlockedInEpoch(v.tokens, v.cliffEpochs, v.vestingEpochs, w.epoch))
    if (!(amount > 0)) continue
    w.locked -= amount
    w.outside += amount
    w.flows.soldTokens += amount * v.sellFraction
    w.flows.unlocked += amount
  }
})
