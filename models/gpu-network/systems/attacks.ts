/**
 * Attacks on the gpu-network (params.attacks). Each attack reports, as metrics,
 * `attack.<name>.cost` (USD so far), `.profit` (USD, value taken minus cost), `.success` (0/1),
 * `.detectedEpoch` (NaN before) and what it did to honest operators (`.honestJailed`,
 * `.honestExits` in the attacked region since it started).
 *
 * griefing: from `startEpoch` for `durationEpochs`, each operator of the region is offline with
 * probability `offlineShare` (the uptime system asks `griefedShare`). The attacker gains nothing
 * directly: profit = -cost, an attack for its damage. It is visible (detected) when it starts.
 * Attacks read their parameters every epoch, so a launch (startEpoch changed mid-run) works.
 */
import type { MetricDef } from "../../../src/engine/Recorder.ts"
import { system } from "../../../src/engine/Pipeline.ts"
import type { Attack, GpuNetworkParams } from "../params.ts"
import type { GpuWorld } from "../world.ts"

const FIELDS = [
  ["cost", "What the attack has cost so far, USD."],
  ["profit", "Value the attacker took minus its cost, USD."],
  ["success", "1 once the attack reached its goal."],
  ["detectedEpoch", "Epoch the attack was detected; NaN before."],
  ["honestJailed", "Honest operators of the attacked region jailed since the attack started."],
  ["honestExits", "Operators who left the attacked region since the attack started."]
] as const

export const attackMetrics = (p: GpuNetworkParams): ReadonlyArray<MetricDef> =>
  p.attacks.flatMap((a) => FIELDS.map(([f, d]) => ({ name: `attack.${a.name}.${f}`, description: `${a.kind} attack ${a.name}: ${d}` })))

/** Book-keeping of one attack while it runs. */
export interface AttackState {
  started: number
  cost: number
  success: boolean
  activeAtStart: number
  exitsAtStart: number
  jailedAtStart: number
}

const fresh = (): AttackState => ({ started: -1, cost: 0, success: false, activeAtStart: 0, exitsAtStart: 0, jailedAtStart: 0 })

const isOn = (a: Attack, epoch: number) => epoch >= a.startEpoch && epoch < a.startEpoch + a.durationEpochs

/**
 * Share of region r's operators a griefing attack keeps offline this epoch (0 when none): the
 * uptime system draws against it only when it is positive, so runs without attacks use the
 * random stream exactly as before.
 */
export const griefedShare = (w: GpuWorld, p: GpuNetworkParams, r: number): number => {
  let share = 0
  for (const a of p.attacks) {
    if (a.kind === "griefing" && isOn(a, w.epoch) && p.regions.names[r] === a.region) share = Math.max(share, a.offlineShare)
  }
  return share
}

/** Attack book-keeping, after the epoch's economics (exits, jailings) ran. */
export const attacks = system<GpuWorld, GpuNetworkParams>("attacks", (w, p) => {
  if (p.attacks.length === 0) return
  const r = w.recorder
  p.attacks.forEach((a, i) => {
    const s = (w.attackStates[i] ??= fresh())
    const region = p.regions.names.indexOf(a.region)
    if (isOn(a, w.epoch)) {
      if (s.started < 0 || w.epoch === a.startEpoch) {
        // (Re)started, e.g. launched from the TUI: measure from here.
        Object.assign(s, fresh(), { started: w.epoch, activeAtStart: w.regions.active[region]!, exitsAtStart: w.totals.regionExits[region]!, jailedAtStart: w.slashing.regionJailings[region]! })
        w.events?.push(w.epoch, "attack", `${a.name}: griefing DoS on ${a.region} for ${a.durationEpochs} epochs`)
      }
      s.cost += a.costPerEpochUsd
    }
    const started = s.started >= 0
    if (started && !s.success && s.activeAtStart > 0 && w.regions.active[region]! <= (1 - a.targetDrop) * s.activeAtStart) {
      s.success = true
      w.events?.push(w.epoch, "attack", `${a.name}: ${a.region} lost ${Math.round(a.targetDrop * 100)}% of its operators`)
    }
    const base = `attack.${a.name}.`
    r.record(`${base}cost`, s.cost)
    r.record(`${base}profit`, -s.cost)
    r.record(`${base}success`, s.success ? 1 : 0)
    r.record(`${base}detectedEpoch`, started ? s.started : Number.NaN)
    r.record(`${base}honestJailed`, started ? w.slashing.regionJailings[region]! - s.jailedAtStart : 0)
    r.record(`${base}honestExits`, started ? w.totals.regionExits[region]! - s.exitsAtStart : 0)
  })
})
