/**
 * Market: the TAO price in USD (a log-normal walk), each subnet's usefulness drifting, and the
 * outside users of subnets' outputs: they buy alpha with TAO in proportion to usefulness x what
 * the subnet's miners produce (sum of their skill), and sell a share of their alpha each epoch.
 * A demand drop (`market.demandDropAt`) cuts their spending from that epoch on.
 */
import type { Rng } from "../../../src/kit/runtime.ts"
import type { SubnetsParams as P } from "../params.ts"
import { stake, unstake } from "../trade.ts"
import type { SubnetsWorld } from "../world.ts"

let weight = new Float64Array(0)

export const market = (w: SubnetsWorld, p: P, rng: Rng): void => {
  const m = p.market
  w.taoUsd *= Math.exp(m.taoVolatility * rng.normal() - (m.taoVolatility * m.taoVolatility) / 2)
  if (m.demandDropAt > 0 && w.epoch === m.demandDropAt) w.demandLevel = m.demand * (1 - m.demandDrop)
  const n = w.n
  const K = w.slots
  if (weight.length < n) weight = new Float64Array(n)
  let total = 0
  for (let i = 0; i < n; i++) {
    w.flow[i] = 0
    if (!w.alive[i]) {
      weight[i] = 0
      continue
    }
    w.quality[i] = w.quality[i]! * Math.exp(p.subnets.qualityDrift * rng.normal())
    let output = 0
    for (let k = 0; k < K; k++) if (w.minerOn[i * K + k]) output += w.skill[i * K + k]!
    weight[i] = w.quality[i]! * output
    total += weight[i]!
  }
  for (let i = 0; i < n; i++) {
    if (!w.alive[i]) continue
    // Outside holders sell first (their TAO leaves the network), then this epoch's buyers come in.
    const sell = w.outsideAlpha[i]! * m.outsideTurnover
    const got = unstake(w, i, sell, p.emission.feeRate)
    if (got > 0) {
      w.outsideAlpha[i] = w.outsideAlpha[i]! - sell
      w.outside += got
    }
    const spend = total > 0 ? (w.demandLevel * weight[i]! * Math.exp(m.demandNoise * rng.normal() - (m.demandNoise * m.demandNoise) / 2)) / total : 0
    const tao = Math.min(spend, w.outside)
    const alpha = stake(w, i, tao, p.emission.feeRate)
    if (alpha > 0) {
      w.outside -= tao
      w.outsideAlpha[i] = w.outsideAlpha[i]! + alpha
    }
  }
}
