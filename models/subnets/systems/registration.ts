/**
 * Registration: a would-be subnet owner registers when the owner income it observes (the mean
 * of live subnets' recent owner income) over its horizon exceeds the lock (`networkLockCost`:
 * doubles per registration, falls back over 14 days of blocks scaled by the emission). At the
 * subnet limit a registration prunes the subnet with the lowest moving price past its immunity
 * (`networkToPrune`); with none eligible it waits. A pruned subnet is dissolved as subtensor's
 * `destroy_alpha_in_out_stakes` does: its pool TAO goes to the alpha holders pro rata, the
 * protocol's share (pool and chain-bought alpha) is recycled (burned); its miners are
 * deregistered. The new subnet's pool holds the lock, alpha at the median subnet price.
 */
import type { Rng } from "../../../src/kit/runtime.ts"
import { blockEmission } from "../../mechanisms/dtao/coinbase.ts"
import { lockReductionInterval, networkLockCost, networkToPrune } from "../../mechanisms/dtao/networkRegistration.ts"
import type { SubnetsParams as P } from "../params.ts"
import { openSubnet, priceOf, type SubnetsWorld } from "../world.ts"

let sorted = new Float64Array(0)

/** Dissolve subnet i: pool TAO to alpha holders pro rata, protocol share burned, miners and validators off. */
export const dissolve = (w: SubnetsWorld, i: number): void => {
  const n = w.n
  const K = w.slots
  let held = w.outsideAlpha[i]! + w.authorAlpha[i]!
  for (let s = 0; s < w.stakerCount; s++) held += w.stakerAlpha[s * n + i]!
  for (let v = 0; v < w.validatorCount; v++) held += w.validatorAlpha[v * n + i]!
  const protocol = w.poolAlpha[i]! + w.protocolAlpha[i]!
  const total = held + protocol
  const tao = w.poolTao[i]!
  const per = total > 0 ? tao / total : 0
  let paid = 0
  for (let s = 0; s < w.stakerCount; s++) {
    const t = w.stakerAlpha[s * n + i]! * per
    w.stakerTao[s] = w.stakerTao[s]! + t
    w.stakerAlpha[s * n + i] = 0
    paid += t
  }
  for (let v = 0; v < w.validatorCount; v++) {
    const t = w.validatorAlpha[v * n + i]! * per
    w.validatorRoot[v] = w.validatorRoot[v]! + t
    w.validatorAlpha[v * n + i] = 0
    w.validatorOn[v * n + i] = 0
    w.validatorIncomeEma[v * n + i] = 0
    paid += t
  }
  const outsideTao = (w.outsideAlpha[i]! + w.authorAlpha[i]!) * per
  w.outside += outsideTao
  paid += outsideTao
  w.ledger.burn(tao - paid)
  w.poolTao[i] = 0
  w.poolAlpha[i] = 0
  w.outsideAlpha[i] = 0
  w.authorAlpha[i] = 0
  w.protocolAlpha[i] = 0
  w.alphaIssued[i] = 0
  w.alive[i] = 0
  for (let k = 0; k < K; k++) if (w.minerOn[i * K + k]) ((w.minerOn[i * K + k] = 0), w.minerMoves++)
}

export const registration = (w: SubnetsWorld, p: P, rng: Rng): void => {
  const n = w.n
  let live = 0
  let income = 0
  if (sorted.length < n) sorted = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    if (!w.alive[i]) continue
    income += w.ownerIncomeEma[i]!
    sorted[live++] = priceOf(w, i)
  }
  if (live === 0) return
  income /= live
  const blocks = p.emission.blocksPerEpoch
  const interval = lockReductionInterval(p.subnets.lockReductionEpochs * blocks, blockEmission(w.ledger.supply))
  const lock = networkLockCost(w.lastLock, p.subnets.minLock, (w.epoch - w.lastLockEpoch) * blocks, interval)
  if (!(income * p.subnets.registrationHorizon > lock) || !(w.outside >= lock)) return
  let target = -1
  for (let i = 0; i < n; i++) if (!w.alive[i]) target = target < 0 ? i : target
  if (target < 0) {
    target = networkToPrune(w.alive, w.movingPrice, w.registeredAt, w.epoch, p.subnets.immunityEpochs)
    if (target < 0) return
    dissolve(w, target)
    w.prunes++
  }
  const prices = sorted.subarray(0, live).sort()
  const median = live % 2 ? prices[(live - 1) / 2]! : (prices[live / 2 - 1]! + prices[live / 2]!) / 2
  w.outside -= lock
  openSubnet(w, p, target, lock, median, w.epoch)
  w.lastLock = lock
  w.lastLockEpoch = w.epoch
  w.registrations++
  // Validators start evaluating the new subnet with their usual span (their root stake already counts there).
  for (let v = 0; v < w.validatorCount; v++) if (v !== w.attacker && rng.next() < p.validators.span) w.validatorOn[v * n + target] = 1
  if (w.validatorRoot[w.attacker]! > 0) w.validatorOn[w.attacker * n + target] = 1
}
