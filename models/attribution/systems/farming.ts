/**
 * Attribution farming (`attack.budget` > 0): from `attack.start` a farmer copies the best items
 * of the datanet that paid most per unit of attribution and submits near-duplicates (`attack.itemCost`
 * each, staking like anyone) spread over `sybils` identities, which start with a newcomer's
 * reputation. Each epoch it compares what one more item would pay it (a live item's pay last epoch
 * less the dilution of its own items: x (1 - its share of the datanet's data fees)), over a
 * 30-epoch horizon,
 * with what an item costs it (making it, its stake's capital cost over the horizon, and the stake
 * and item it expects to lose at the catch rate it has seen); it submits 1.5x as many items while
 * that pays and half as many while it does not, until its budget is spent. When its target pays
 * under `moveOn` of the best other datanet (its own flooding, honest data leaving) it moves on.
 * Caught identities are replaced by new ones.
 */
import type { Rng } from "../../../src/kit/runtime.ts"
import type { AttributionParams as P } from "../params.ts"
import { addContributor, SYBIL, type AttributionWorld } from "../world.ts"

const HORIZON = 30

export const farming = (w: AttributionWorld, p: P, _rng: Rng): void => {
  const a = p.attack
  if (!(a.budget > 0) || w.epoch < a.start) return
  const c = w.contributors
  const col = c.cols
  // The farmer's books: live items on its target, the capital its stake ties up this epoch.
  let live = 0
  let stake = 0
  let sybils = 0
  let targetRevenue = 0
  for (let i = 0; i < c.size; i++) {
    if (!c.alive[i] || col.kind[i] !== SYBIL) continue
    stake += col.stake[i]!
    if (col.datanet[i] === w.farmTarget) ((live += col.items[i]!), (targetRevenue += col.earnedEpoch[i]!))
  }
  w.farmLiveItems = live
  w.farmCost += stake * p.defences.capitalCost
  // It farms the datanet paying most per unit of attribution; when its target pays under `moveOn`
  // of the best other datanet's pay (its own flooding, or honest data leaving), it moves on with fresh
  // sybils (the old ones' items stay and earn what they still can).
  let best = -1
  for (let d = 0; d < w.n; d++) if (d !== w.farmTarget && (best < 0 || w.payPerScore[d]! > w.payPerScore[best]!)) best = d
  const moved = w.epoch === a.start || (best >= 0 && w.payPerScore[w.farmTarget]! < a.moveOn * w.payPerScore[best]!)
  if (moved) {
    w.farmTarget = best
    w.farmItems = a.initialItems
    w.farmMoves++
  } else {
    // The marginal item earns the average item's pay less the dilution of the farmer's own items: x (1 - its share of the target's data fees).
    const targetFees = w.fees[w.farmTarget]!
    const share = targetFees > 0 ? Math.min(1, targetRevenue / targetFees) : 0
    const perItem = live > 0 ? (targetRevenue / live) * (1 - share) : 0
    const catchRate = w.farmItems > 0 ? Math.min(1, w.farmCaughtEpoch / w.farmItems) : 0
    const itemCost = a.itemCost + p.defences.stakePerItem * (p.defences.capitalCost * HORIZON + catchRate * p.defences.slashFraction)
    const worth = perItem * HORIZON * (1 - catchRate)
    w.farmItems = worth > itemCost ? w.farmItems * 1.5 : w.farmItems * 0.5
  }
  // Replace abandoned (caught, emptied) identities, then spread the new items over the target's sybils.
  const target = w.farmTarget
  sybils = 0
  for (let i = 0; i < c.size; i++) {
    if (!c.alive[i] || col.kind[i] !== SYBIL) continue
    if (col.items[i] === 0 && w.epoch > a.start) ((w.outside += col.balance[i]! + col.stake[i]!), c.remove(i))
    else if (col.datanet[i] === target) sybils++
  }
  // The best item value in the target datanet is what a near-duplicate copies.
  let copied = 0
  for (let i = 0; i < c.size; i++) if (c.alive[i] && col.datanet[i] === target && col.kind[i] !== SYBIL) copied = Math.max(copied, col.itemValue[i]!)
  for (; sybils < a.sybils; sybils++) addContributor(w, p, target, SYBIL, copied)
  const unitCost = a.itemCost + p.defences.stakePerItem
  // The budget pays the costs so far and the stake it has tied up.
  const affordable = Math.max(0, Math.floor((a.budget - w.farmCost - stake) / Math.max(1e-9, unitCost)))
  const items = Math.min(Math.floor(w.farmItems), affordable)
  if (items <= 0) return
  const perSybil = items / a.sybils
  for (let i = 0; i < c.size; i++) {
    if (!c.alive[i] || col.kind[i] !== SYBIL || col.datanet[i] !== target) continue
    col.newItems[i] = perSybil
    col.items[i] = col.items[i]! + perSybil
    col.dupValue[i] = col.dupValue[i]! + perSybil * copied
    const s = perSybil * p.defences.stakePerItem
    col.stake[i] = col.stake[i]! + s
    w.outside -= s
  }
  w.farmCost += items * a.itemCost
}
