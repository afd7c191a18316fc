/**
 * Trading against a subnet's pool from the model's columns: a stake (TAO in, alpha out) or an
 * unstake (alpha in, TAO out) through the mechanism library's Balancer swap, with the fee sent
 * to the block author (TAO to `outside`, alpha to `authorAlpha`) and the TAO recorded as the
 * subnet's flow (subtensor `record_tao_inflow` / `record_tao_outflow`). The caller moves the
 * TAO and alpha between its holders.
 */
import { buyAlpha, sellAlpha, type PoolState } from "../mechanisms/dtao/balancerPool.ts"
import { poolOf, storePool, type SubnetsWorld } from "./world.ts"

const pool: PoolState = { tao: 0, alpha: 0, quoteWeight: 0.5 }

/** Stake `tao` into subnet i: returns the alpha bought (0 when the pool cannot pay out). */
export const stake = (w: SubnetsWorld, i: number, tao: number, feeRate: number): number => {
  if (!(tao > 0) || !w.alive[i]) return 0
  const r = buyAlpha(poolOf(w, i, pool), tao, feeRate)
  if (!(r.out > 0)) return 0
  storePool(w, i, pool)
  w.outside += r.fee
  w.flow[i] = w.flow[i]! + tao
  return r.out
}

/** Unstake `alpha` from subnet i: returns the TAO received. */
export const unstake = (w: SubnetsWorld, i: number, alpha: number, feeRate: number): number => {
  if (!(alpha > 0) || !w.alive[i]) return 0
  const r = sellAlpha(poolOf(w, i, pool), alpha, feeRate)
  if (!(r.out > 0)) return 0
  storePool(w, i, pool)
  w.authorAlpha[i] = w.authorAlpha[i]! + r.fee
  w.flow[i] = w.flow[i]! - r.out
  return r.out
}
