/**
 * Operators an attacker controls (sybil identities, a griefer's own operators): joining them,
 * buying their stake from outside holders, and removing them, their tokens going back to the
 * attacker.
 */
import type { Rng } from "../../../../src/kit/runtime.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import { capacityBin, pick } from "../../draw.ts"
import type { GpuWorld } from "../../world.ts"
import type { AttackState } from "./state.ts"

/** Remove sybil identity i: its stake and balance go back to the attacker (after any slash). */
export const removeIdentity = (w: GpuWorld, s: AttackState, i: number) => {
  const o = w.operators.cols
  s.tokens += o.stake[i]! + o.balance[i]!
  s.rewards += o.balance[i]!
  w.operatorStakes.remove(o.stake[i]!)
  o.stake[i] = 0
  o.balance[i] = 0
  o.attacker[i] = 0
  w.operators.remove(i)
}

export const leaveAll = (w: GpuWorld, s: AttackState, tag: number) => {
  const ops = w.operators
  for (let i = 0; i < ops.size; i++) if (ops.alive[i] === 1 && ops.cols.attacker[i] === tag) removeIdentity(w, s, i)
}

/** Operators an attacker controls: sybil identities, or a griefer's own operators. */
export interface Identities {
  readonly identities: number
  readonly capacityPerIdentity: number
  readonly fakeWork: boolean
  readonly costPerIdentityUsd: number
  /** "" spreads them like honest operators. */
  readonly region: string
}

/** Stake each of an attacker's operators puts up: max(capacity x stakePerUnit, minStake), tokens. */
export const identityStake = (a: Identities, p: GpuNetworkParams): number => Math.max(a.capacityPerIdentity * p.operators.stakePerUnit, p.operators.minStake)

/** What one of an attacker's operators costs per epoch: its own cost, plus GPUs when its work is real, USD. */
export const identityCostUsd = (a: Identities, p: GpuNetworkParams): number =>
  a.costPerIdentityUsd + (a.fakeWork ? 0 : a.capacityPerIdentity * p.operators.costPerUnitUsd + p.operators.fixedCostUsd)

/** Join an attacker's operators (tagged `tag`), buying their stake from outside holders; returns how many joined. */
export const joinIdentities = (w: GpuWorld, p: GpuNetworkParams, rng: Rng, a: Identities, s: AttackState, tag: number): number => {
  const ops = w.operators
  const op = p.operators
  const cap = a.capacityPerIdentity
  const stake = identityStake(a, p)
  const region = a.region === "" ? -1 : p.regions.names.indexOf(a.region)
  let joined = 0
  for (let k = 0; k < a.identities && stake <= w.outside; k++) {
    const i = ops.add()
    const o = ops.cols // after add: a growing population re-allocates its columns
    o.capacity[i] = cap
    o.region[i] = region >= 0 ? region : pick(w.regions.cumulativeOperatorShare, rng.next())
    o.sizeClass[i] = cap < op.smallBelow ? 0 : cap >= op.largeFrom ? 2 : 1
    o.capBin[i] = capacityBin(cap, op.capacityMin, op.capacityMax)
    o.costUsd[i] = identityCostUsd(a, p)
    o.uptime[i] = a.fakeWork ? 1 : rng.uniform(op.uptime.min, op.uptime.max)
    o.patience[i] = 0
    o.lossStreak[i] = 0
    o.stake[i] = stake
    o.balance[i] = 0
    o.served[i] = 0
    o.work[i] = 0
    o.profitUsd[i] = 0
    o.joinedEpoch[i] = w.epoch
    o.attacker[i] = tag
    w.operatorStakes.insert(stake)
    w.outside -= stake
    w.flows.boughtTokens += stake
    s.cost += stake * w.price
    joined++
  }
  return joined
}
