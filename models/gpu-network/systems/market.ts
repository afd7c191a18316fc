/**
 * Market: the token price moves by a random log-return plus the impact of last epoch's order
 * flow against the market's depth: log-return += ln((L + bought) / (L + sold)), with L the
 * depth in tokens, the constant-product pool's response to a buy and a sell of that size
 * (linear for small flows, bounded for large ones; measured in tokens so a higher price does
 * not by itself amplify the next move). Buyers are users paying fees and entrants buying stake; sellers are
 * operators and validators covering costs and leavers unbonding. Runs first, so it reads the
 * previous epoch's flows, then resets them.
 */
import { system } from "../../../src/engine/Pipeline.ts"
import type { GpuNetworkParams } from "../params.ts"
import type { GpuWorld } from "../world.ts"

const MIN_PRICE = 1e-9

export const market = system<GpuWorld, GpuNetworkParams>("market", (w, p, rng) => {
  const f = w.flows
  if (w.epoch > 0) {
    const depth = p.market.liquidityUsd / p.market.initialPrice
    const impact = Math.log((depth + f.boughtTokens) / (depth + f.soldTokens))
    const logReturn = p.market.drift + p.market.volatility * rng.normal() + impact
    w.price = Math.max(MIN_PRICE, w.price * Math.exp(logReturn))
    const keep = Math.pow(0.5, 1 / p.market.referenceHalfLife)
    w.referencePrice = keep * w.referencePrice + (1 - keep) * w.price
  }
  f.operatorJoins = 0
  f.operatorExits = 0
  f.validatorJoins = 0
  f.validatorExits = 0
  f.soldTokens = 0
  f.boughtTokens = 0
  f.emission = 0
  f.operatorProfitUsd = 0
  f.operatorsAtStart = w.operators.count
  f.validatorsAtStart = w.validators.count
})
