/**
 * Miners: each serves one subnet and is paid by its Yuma incentive. A miner reviewing its
 * choice (chance `moveRate`, after its first 1/memory epochs) estimates what it would earn on
 * each other subnet from what that subnet's emission assigns its miners, split by skill
 * (pool value x skill / (their skill + its skill)), less the registration burn and its setup cost spread over its
 * horizon; it moves when that beats its own recent income, leaves the network when neither
 * covers its USD cost. Would-be miners (`entrants` per subnet per epoch) join the best subnet when it pays.
 * Joining a full subnet deregisters the miner with the lowest incentive (subtensor prunes the
 * lowest score). The neuron burn (registration.rs) rises 1.26x per registration and halves
 * every 360 blocks, within [0.0005, 100] TAO.
 */
import type { Rng } from "../../../src/kit/runtime.ts"
import type { SubnetsParams as P } from "../params.ts"
import { placeMiner, priceOf, type SubnetsWorld } from "../world.ts"

/** subtensor's burn bounds and dynamics (`SubtensorInitialMinBurn`, `MaxBurn`, `DefaultBurnHalfLife`, `DefaultBurnIncreaseMult`). */
export const MIN_BURN = 0.0005
export const MAX_BURN = 100
export const BURN_HALF_LIFE_BLOCKS = 360
export const BURN_INCREASE = 1.26

let skillSum = new Float64Array(0)
let payValue = new Float64Array(0)
let freeSlot = new Int32Array(0)

/** Expected TAO per epoch for a miner of `skill` joining subnet i (not already on it). */
const expected = (w: SubnetsWorld, i: number, skill: number): number => (payValue[i]! * skill) / (skillSum[i]! + skill)

/** The slot a newcomer takes on subnet i: a free one, or the lowest-incentive miner's (past its first epochs). */
const slotFor = (w: SubnetsWorld, i: number, minAge: number): number => {
  if (freeSlot[i]! >= 0) return freeSlot[i]!
  const K = w.slots
  let best = -1
  for (let k = 0; k < K; k++) {
    const j = i * K + k
    if (w.epoch - w.minerSince[j]! < minAge) continue
    if (best < 0 || w.incentive[j]! < w.incentive[i * K + best]!) best = k
  }
  return best
}

const refresh = (w: SubnetsWorld, i: number): void => {
  const K = w.slots
  let sum = 0
  let free = -1
  for (let k = 0; k < K; k++) {
    if (w.minerOn[i * K + k]) sum += w.skill[i * K + k]!
    else if (free < 0) free = k
  }
  skillSum[i] = sum
  freeSlot[i] = free
}

export const miners = (w: SubnetsWorld, p: P, rng: Rng): void => {
  const n = w.n
  const K = w.slots
  const m = p.miners
  if (skillSum.length < n) ((skillSum = new Float64Array(n)), (payValue = new Float64Array(n)), (freeSlot = new Int32Array(n)))
  const decay = Math.pow(0.5, p.emission.blocksPerEpoch / BURN_HALF_LIFE_BLOCKS)
  let live = 0
  for (let i = 0; i < n; i++) {
    live += w.alive[i]!
    w.burn[i] = Math.min(MAX_BURN, Math.max(MIN_BURN, w.burn[i]! * decay))
    // What the subnet's emission assigns its miners (paid once it has miners), at today's price.
    payValue[i] = w.alive[i] ? w.minerEmission[i]! * priceOf(w, i) : 0
    refresh(w, i)
  }
  const minAge = Math.ceil(1 / m.memory)
  // The burn and the setup cost of a subnet, spread over the miner's horizon, in TAO per epoch.
  const switchTao = (w: SubnetsWorld, i: number): number => (w.burn[i]! + m.setupCostUsd / w.taoUsd) / m.horizon
  const best = (skill: number, exclude: number): number => {
    let b = -1
    let bv = 0
    for (let i = 0; i < n; i++) {
      if (!w.alive[i] || i === exclude || slotFor(w, i, minAge) < 0) continue
      const v = expected(w, i, skill) - switchTao(w, i)
      if (b < 0 || v > bv) ((b = i), (bv = v))
    }
    return b
  }
  const join = (i: number, skill: number, cost: number, income: number): boolean => {
    const k = slotFor(w, i, minAge)
    if (k < 0) return false
    if (w.minerOn[i * K + k]) w.minerMoves++ // a deregistration
    w.outside -= w.burn[i]!
    w.ledger.burn(w.burn[i]!)
    w.burn[i] = Math.min(MAX_BURN, w.burn[i]! * BURN_INCREASE)
    placeMiner(w, i, k, skill, cost, income)
    refresh(w, i)
    return true
  }
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      const j = i * K + k
      if (!w.minerOn[j] || w.epoch - w.minerSince[j]! < minAge || !(rng.next() < m.moveRate)) continue
      const skill = w.skill[j]!
      const b = best(skill, i)
      const own = w.minerIncomeEma[j]!
      const alt = b >= 0 ? expected(w, b, skill) - switchTao(w, b) : Number.NEGATIVE_INFINITY
      if (b >= 0 && alt > own && alt > 0) {
        const cost = w.minerCost[j]!
        w.minerOn[j] = 0
        refresh(w, i)
        if (join(b, skill, cost, alt)) w.minerMoves++
        else {
          // No slot after all: it stays where it was.
          w.minerOn[j] = 1
          refresh(w, i)
        }
      } else if (own * w.taoUsd < w.minerCost[j]! && alt * w.taoUsd < w.minerCost[j]!) {
        w.minerOn[j] = 0
        refresh(w, i)
        w.minerMoves++
      }
    }
  }
  const expectedEntrants = m.entrants * live
  const entrants = Math.floor(expectedEntrants) + (rng.next() < expectedEntrants - Math.floor(expectedEntrants) ? 1 : 0)
  for (let e = 0; e < entrants; e++) {
    const skill = rng.uniform(0.2, 1)
    const cost = m.costUsd * Math.exp(0.6 * rng.normal())
    const b = best(skill, -1)
    if (b < 0) continue
    const v = expected(w, b, skill) - switchTao(w, b)
    if (v * w.taoUsd > cost && join(b, skill, cost, v)) w.minerMoves++
  }
}
