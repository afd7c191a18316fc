/**
 * The griefing attack (kind griefing): from `startEpoch` for `durationEpochs`, each operator of
 * the region is offline with probability `offlineShare` (written to the world's attack effects,
 * read by uptime). Pure griefing gains nothing: profit = -cost. With `ownOperators` the attacker
 * runs operators in `ownRegion` for the duration, which pick up the work and emission the
 * region loses. It is detected when it starts; it succeeds when the region has lost
 * `targetDrop` of its operators.
 */
import type { Attack, GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { joinIdentities } from "./identities.ts"
import { isOn } from "./lifecycle.ts"
import type { AttackState } from "./state.ts"

/**
 * Write the share of each region's operators griefing attacks keep offline this epoch (0 when
 * none): the uptime system draws against it only when it is positive, so runs without attacks
 * use the random stream exactly as before.
 */
export const writeOfflineShares = (w: GpuWorld, p: GpuNetworkParams) => {
  const out = w.attackEffects.offlineShare
  for (let r = 0; r < out.length; r++) {
    let share = 0
    p.attacks.forEach((a, idx) => {
      if (a.kind === "griefing" && griefingOn(a, w.attackStates[idx], w.epoch) && p.regions.names[r] === a.region) share = Math.max(share, a.offlineShare)
    })
    out[r] = share
  }
}

export type Griefing = Extract<Attack, { kind: "griefing" }>

/** Whether a griefing DoS runs at `epoch`: scheduled, from startEpoch; optimizing, for durationEpochs from the epoch it launched. */
export const griefingOn = (a: Griefing, s: AttackState | undefined, epoch: number): boolean =>
  a.mode === "optimize" ? s !== undefined && s.started >= 0 && !s.over && epoch < s.started + a.durationEpochs : isOn(a, epoch)

/** (Re)start a griefing attack: measure the region from here; the attacker's own operators join. */
export const startGriefing = (w: GpuWorld, p: GpuNetworkParams, a: Griefing, s: AttackState, tag: number) => {
  const region = p.regions.names.indexOf(a.region)
  // Operators of the region now: what uptime will count as active this epoch.
  let active = 0
  const ops = w.operators
  for (let i = 0; i < ops.size; i++) if (ops.alive[i] === 1 && ops.cols.region[i] === region) active++
  Object.assign(s, { detected: w.epoch, activeAtStart: active, exitsAtStart: w.totals.regionExits[region]!, jailedAtStart: w.slashing.regionJailings[region]! })
  w.events?.push(w.epoch, "attack", `${a.name}: griefing DoS on ${a.region} for ${a.durationEpochs} epochs`)
  if (a.ownOperators > 0) {
    const own = { identities: a.ownOperators, capacityPerIdentity: a.ownCapacity, fakeWork: false, costPerIdentityUsd: 0, region: a.ownRegion }
    const joined = joinIdentities(w, p, s.rng!, own, s, tag)
    w.events?.push(w.epoch, "attack", `${a.name}: the attacker runs ${joined} operators in ${a.ownRegion}`)
  }
}

/** Book-keeping and metrics of a griefing attack; returns its profit. */
export const recordGriefing = (w: GpuWorld, p: GpuNetworkParams, a: Griefing, s: AttackState, base: string, started: boolean, held: number, rewards: number): number => {
  const r = w.recorder
  const region = p.regions.names.indexOf(a.region)
  if (griefingOn(a, s, w.epoch)) s.cost += a.costPerEpochUsd
  if (a.mode === "optimize") {
    r.record(`${base}expectedProfit`, s.expectedProfit)
    r.record(`${base}dosGain`, s.dosGain)
    r.record(`${base}plannedOperators`, s.plannedCount)
  }
  if (started && !s.success && s.activeAtStart > 0 && w.regions.active[region]! <= (1 - a.targetDrop) * s.activeAtStart) {
    s.success = true
    w.events?.push(w.epoch, "attack", `${a.name}: ${a.region} lost ${Math.round(a.targetDrop * 100)}% of its operators`)
  }
  // Pure griefing (no own operators, no tokens): profit = -cost.
  const profit = started && (held > 0 || a.ownOperators > 0) ? (held - s.tokensAtStart) * w.price - s.cost : -s.cost
  r.record(`${base}honestJailed`, started ? w.slashing.regionJailings[region]! - s.jailedAtStart : 0)
  r.record(`${base}honestExits`, started ? w.totals.regionExits[region]! - s.exitsAtStart : 0)
  r.record(`${base}rewards`, rewards)
  return profit
}
