/**
 * The sybil attack (kind sybil): at `startEpoch` the attacker buys stake from outside holders and joins
 * `identities` operators. They earn like any operator but never sell or leave before the end;
 * fake ones claim capacity with no GPU behind it. Each epoch each identity is caught with
 * `detectionPerEpoch`: slashed and removed (with `linkOnDetection`, the catch leads to all the
 * others). Success: profit > 0.
 */
import type { Rng } from "../../../../src/kit/runtime.ts"
import type { Attack, GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { settle } from "../slashing/settle.ts"
import { joinIdentities, removeIdentity } from "./identities.ts"
import type { AttackState } from "./state.ts"

export type Sybil = Extract<Attack, { kind: "sybil" }>

/** Join the identities. */
export const joinSybils = (w: GpuWorld, p: GpuNetworkParams, rng: Rng, a: Sybil, s: AttackState, tag: number) => {
  const joined = joinIdentities(w, p, rng, a, s, tag)
  const stake = Math.max(a.capacityPerIdentity * p.operators.stakePerUnit, p.operators.minStake)
  w.events?.push(w.epoch, "attack", `${a.name}: ${joined} sybil identities join${a.region === "" ? "" : ` in ${a.region}`}, staking ${Math.round(joined * stake)} tokens`)
}

/** This epoch's identity checks. */
export const detectSybils = (w: GpuWorld, p: GpuNetworkParams, rng: Rng, a: Sybil, s: AttackState, tag: number) => {
  if (!(a.detectionPerEpoch > 0)) return
  const ops = w.operators
  const o = ops.cols
  let caught = 0
  for (let i = 0; i < ops.size; i++) {
    if (ops.alive[i] !== 1 || o.attacker[i] !== tag || !(rng.next() < a.detectionPerEpoch)) continue
    const amount = o.stake[i]! * a.slashOnDetection
    if (amount > 0) {
      w.operatorStakes.remove(o.stake[i]!)
      o.stake[i] = o.stake[i]! - amount
      w.operatorStakes.insert(o.stake[i]!)
      settle(w, p, amount)
    }
    removeIdentity(w, s, i)
    caught++
  }
  if (caught > 0) {
    if (s.detected < 0) {
      s.detected = w.epoch
      w.events?.push(w.epoch, "attack", `${a.name}: verification caught a sybil identity (slashed ${Math.round(a.slashOnDetection * 100)}%)`)
    }
    // Linking: the catch leads to the attacker's other identities (drawn only when linking is on,
    // so runs without it keep their random numbers).
    if (a.linkOnDetection > 0 && rng.next() < a.linkOnDetection) {
      let linked = 0
      for (let i = 0; i < ops.size; i++) {
        if (ops.alive[i] !== 1 || o.attacker[i] !== tag) continue
        const amount = o.stake[i]! * a.slashOnDetection
        if (amount > 0) {
          w.operatorStakes.remove(o.stake[i]!)
          o.stake[i] = o.stake[i]! - amount
          w.operatorStakes.insert(o.stake[i]!)
          settle(w, p, amount)
        }
        removeIdentity(w, s, i)
        linked++
      }
      caught += linked
      if (linked > 0) w.events?.push(w.epoch, "attack", `${a.name}: the catch was linked to ${linked} more identities: all slashed and removed`)
    }
    s.caught += caught
  }
}

/** Book-keeping and metrics of a sybil attack; returns its profit. */
export const recordSybil = (w: GpuWorld, a: Sybil, s: AttackState, base: string, started: boolean, held: number, rewards: number, live: number): number => {
  const r = w.recorder
  if (a.mode === "optimize") {
    r.record(`${base}expectedProfit`, s.expectedProfit)
    r.record(`${base}plannedIdentities`, s.plannedCount)
  }
  const profit = started ? (held - s.tokensAtStart) * w.price - s.cost : 0
  s.success = started && profit > 0
  r.record(`${base}identities`, live)
  r.record(`${base}rewards`, rewards)
  r.record(`${base}caught`, s.caught)
  r.record(`${base}fakeWork`, s.fakeWork)
  return profit
}
