/**
 * Contributions: every honest and poisoned contributor adds `itemsPerEpoch` items a day, paying
 * their USD cost and staking `stakePerItem` tokens per item (bought from outside); each item adds
 * its value to the contributor's influence. Poisoned items look like honest ones to attribution
 * but count against the model. The farmer's items are added by farming.ts.
 */
import type { Rng } from "../../../src/kit/runtime.ts"
import type { AttributionParams as P } from "../params.ts"
import { SYBIL, type AttributionWorld } from "../world.ts"

export const contributions = (w: AttributionWorld, p: P, _rng: Rng): void => {
  const c = w.contributors
  const col = c.cols
  const k = p.datanets.itemsPerEpoch
  for (let i = 0; i < c.size; i++) {
    col.newItems[i] = 0
    if (!c.alive[i] || col.kind[i] === SYBIL) continue
    col.newItems[i] = k
    col.items[i] = col.items[i]! + k
    col.value[i] = col.value[i]! + k * col.itemValue[i]!
    const stake = k * p.defences.stakePerItem
    col.stake[i] = col.stake[i]! + stake
    w.outside -= stake
  }
}
