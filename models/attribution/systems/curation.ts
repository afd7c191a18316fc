/**
 * Curation votes: a share `curationRate` of each epoch's new items is reviewed (paid by the
 * treasury, `curationCost` each). A reviewed near-duplicate or poisoned item is voted out with
 * chance `curationAccuracy`, an honest one by mistake with chance `falsePositive`. A vote-out
 * triggers an audit of the identity (assumed: near-duplicates and poison share a source, so the
 * audit finds the rest): a bad identity has all its data purged, `slashFraction` of its stake
 * slashed (burned) and its reputation reset (the farmer abandons a caught sybil); an honest one
 * loses the flagged item, that item's stake (x `slashFraction`) and half its reputation. Without
 * a vote-out, reputation grows by `reputationGain` an epoch.
 */
import type { Rng } from "../../../src/kit/runtime.ts"
import type { AttributionParams as P } from "../params.ts"
import { HONEST, SYBIL, type AttributionWorld } from "../world.ts"

export const curation = (w: AttributionWorld, p: P, rng: Rng): void => {
  const c = w.contributors
  const col = c.cols
  const d = p.defences
  w.curationCostEpoch = 0
  w.farmCaughtEpoch = 0
  for (let i = 0; i < c.size; i++) {
    if (!c.alive[i]) continue
    const fresh = col.newItems[i]!
    let caught = false
    if (d.curationRate > 0 && fresh > 0) {
      const reviewed = rng.poisson(fresh * d.curationRate)
      w.curationCostEpoch += reviewed * d.curationCost
      const pCatch = col.kind[i] === HONEST ? d.falsePositive : d.curationAccuracy
      // The chance at least one of the reviewed items is voted out.
      caught = reviewed > 0 && rng.next() < 1 - Math.pow(1 - pCatch, reviewed)
    }
    if (caught && col.kind[i] === HONEST) {
      const items = col.items[i]!
      const perItem = items > 0 ? col.stake[i]! / items : 0
      const slashed = perItem * d.slashFraction
      col.stake[i] = col.stake[i]! - slashed
      w.ledger.burn(slashed, true)
      if (items >= 1) {
        col.value[i] = col.value[i]! * (1 - 1 / items)
        col.items[i] = items - 1
      }
      col.reputation[i] = col.reputation[i]! / 2
    } else if (caught) {
      const slashed = col.stake[i]! * d.slashFraction
      col.stake[i] = col.stake[i]! - slashed
      w.ledger.burn(slashed, true)
      if (col.kind[i] === SYBIL) {
        w.farmCaughtEpoch += col.items[i]!
        w.farmCost += slashed
        if (Number.isNaN(w.farmDetectedAt)) w.farmDetectedAt = w.epoch
      }
      col.items[i] = 0
      col.value[i] = 0
      col.dupValue[i] = 0
      col.reputation[i] = 0
    } else col.reputation[i] = Math.min(1, col.reputation[i]! + d.reputationGain)
  }
  const paid = Math.min(w.curationCostEpoch, w.treasury)
  w.treasury -= paid
  w.outside += paid
}
