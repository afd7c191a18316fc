/**
 * Market: the token price moves by a random log-return (or a recorded path's, replayed from
 * market.pricePath) plus the impact of last epoch's order
 * flow against the market's depth: log-return += ln((L + bought) / (L + sold)), with L the
 * depth in tokens, the constant-product pool's response to a buy and a sell of that size
 * (linear for small flows, bounded for large ones; measured in tokens so a higher price does
 * not by itself amplify the next move). Buyers are users paying fees and entrants buying stake; sellers are
 * operators and validators covering costs and leavers unbonding. Runs first, so it reads the
 * previous epoch's flows, then resets them.
 */
import { system } from "../../../src/kit/runtime.ts"
import type { GpuNetworkParams } from "../params/params.ts"

/**
 * Volatility regimes: drift and volatility of the log price per epoch, and a multiplier on the
 * market's depth. quiet-illiquid is the thin market of a fading token: little volume, so every
 * sale moves the price, and a slow bleed.
 */
export const REGIMES = {
  calm: { drift: 0, volatility: 0.02, depth: 1 },
  bull: { drift: 0.003, volatility: 0.03, depth: 1.5 },
  bear: { drift: -0.004, volatility: 0.04, depth: 0.7 },
  "quiet-illiquid": { drift: -0.003, volatility: 0.015, depth: 0.15 }
} as const

/** Drift, volatility and depth multiplier of a regime. */
export interface RegimeSettings {
  readonly drift: number
  readonly volatility: number
  readonly depth: number
}

/**
 * The regime in force at `epoch`: the entry with the latest start at or before it (with its
 * own overrides applied), if any.
 */
export const regimeAt = (schedule: GpuNetworkParams["market"]["regimes"], epoch: number): RegimeSettings | undefined => {
  let start = -1
  let found: RegimeSettings | undefined
  for (const entry of schedule) {
    if (entry.from <= epoch && entry.from >= start) {
      start = entry.from
      const base = REGIMES[entry.regime]
      found = { drift: entry.drift ?? base.drift, volatility: entry.volatility ?? base.volatility, depth: entry.depth ?? base.depth }
    }
  }
  return found
}
import type { GpuWorld } from "../world.ts"

/** The market's depth at `epoch`, in tokens: the pool's token reserve (liquidityUsd at the initial price, times the regime's depth). */
export const depthTokens = (p: GpuNetworkParams, epoch: number): number =>
  (p.market.liquidityUsd / p.market.initialPrice) * (regimeAt(p.market.regimes, epoch)?.depth ?? 1)

const MIN_PRICE = 1e-9

export const market = system<GpuWorld, GpuNetworkParams>("market", (w, p, rng) => {
  const f = w.flows
  if (w.epoch > 0) {
    const regime = regimeAt(p.market.regimes, w.epoch)
    const depth = depthTokens(p, w.epoch)
    const impact = Math.log((depth + f.boughtTokens) / (depth + f.soldTokens))
    // The draw is made either way, so replaying a path leaves every later draw where it was.
    const noise = rng.normal()
    const path = p.market.pricePath
    const exogenous = w.epoch < path.length ? Math.log(path[w.epoch]! / path[w.epoch - 1]!) : (regime?.drift ?? p.market.drift) + (regime?.volatility ?? p.market.volatility) * noise
    const logReturn = exogenous + impact
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
  f.feesUsd = 0
  f.unlocked = 0
  f.operatorsAtStart = w.operators.count
  f.validatorsAtStart = w.validators.count
})
