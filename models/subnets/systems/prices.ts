/**
 * Prices: after the coinbase, as subtensor's block_step orders it, each subnet's moving price
 * takes a step toward the price it sampled this epoch (`update_moving_price`, the epoch's
 * blocks summed into one EMA weight) and its flow EMA takes in the epoch's net flow. Stakers'
 * price-return EMA (what they observe) is updated here too.
 */
import type { Rng } from "../../../src/kit/runtime.ts"
import { emaWeightOver, FLOW_ALPHA_PER_BLOCK, MOVING_ALPHA_PER_BLOCK, nextFlowEma, nextMovingPrice } from "../../mechanisms/dtao/subnetShares.ts"
import type { SubnetsParams as P } from "../params.ts"
import { priceOf, type SubnetsWorld } from "../world.ts"

export const prices = (w: SubnetsWorld, p: P, _rng: Rng): void => {
  const blocks = p.emission.blocksPerEpoch
  const movingAlpha = emaWeightOver(MOVING_ALPHA_PER_BLOCK, blocks)
  const flowAlpha = emaWeightOver(FLOW_ALPHA_PER_BLOCK, blocks)
  for (let i = 0; i < w.n; i++) {
    if (!w.alive[i]) continue
    const spot = priceOf(w, i)
    // The wash trader (attacks.ts) sets sampledPrice above spot for the part of the epoch it holds; otherwise it is the spot.
    const sampled = w.sampledPrice[i]! > 0 ? w.sampledPrice[i]! : spot
    const age = (w.epoch - w.registeredAt[i]!) * blocks
    w.movingPrice[i] = nextMovingPrice(w.movingPrice[i]!, sampled, movingAlpha, age, p.emission.priceHalvingEpochs * blocks)
    w.flowEma[i] = nextFlowEma(w.flowEma[i]!, w.flow[i]!, flowAlpha)
    const ret = w.lastPrice[i]! > 0 ? spot / w.lastPrice[i]! - 1 : 0
    w.priceReturnEma[i] = (1 - p.stakers.memory) * w.priceReturnEma[i]! + p.stakers.memory * ret
    w.lastPrice[i] = spot
    w.sampledPrice[i] = 0
  }
}
