/**
 * Registering and pruning subnets (opentensor/subtensor, pallets/subtensor/src/coinbase/root.rs
 * `get_network_lock_cost`, `get_lock_reduction_interval`, `get_network_to_prune`).
 *
 * - The lock (the TAO a new subnet's owner pays) doubles at each registration and falls back
 *   linearly: cost = max(min_lock, 2 last_lock - last_lock / interval x blocks since) (the first
 *   registration ever pays last_lock x 1). The reduction interval (14 days of blocks) scales with
 *   the current block emission, so it halves with each halving.
 * - When the subnet limit is reached, a new registration prunes the subnet with the lowest
 *   moving price among those past their immunity period (ties: the earliest registered).
 */

/** `SubtensorInitialNetworkLockReductionInterval`: 14 days of 12-second blocks. */
export const LOCK_REDUCTION_INTERVAL = 14 * 7200

/** The lock a registration pays now (`get_network_lock_cost`). */
export const networkLockCost = (lastLock: number, minLock: number, blocksSinceLastLock: number, reductionInterval: number, firstEver: boolean = false): number => {
  const mult = firstEver ? 1 : 2
  const cost = lastLock * mult - (reductionInterval > 0 ? (lastLock / reductionInterval) * blocksSinceLastLock : 0)
  return Math.max(minLock, cost)
}

/** `get_lock_reduction_interval`: the base interval times the current block emission (1 TAO before halvings). */
export const lockReductionInterval = (baseInterval: number, blockEmission: number): number => Math.floor(baseInterval * blockEmission)

/**
 * `get_network_to_prune`: the index of the live, non-immune subnet with the lowest moving price
 * (earliest registration on a tie), or -1 when none is eligible.
 */
export const networkToPrune = (
  alive: ArrayLike<number>,
  movingPrice: ArrayLike<number>,
  registeredAt: ArrayLike<number>,
  now: number,
  immunity: number
): number => {
  let best = -1
  for (let i = 0; i < alive.length; i++) {
    if (!alive[i] || now < registeredAt[i]! + immunity) continue
    if (best < 0 || movingPrice[i]! < movingPrice[best]! || (movingPrice[i] === movingPrice[best] && registeredAt[i]! < registeredAt[best]!)) best = i
  }
  return best
}
