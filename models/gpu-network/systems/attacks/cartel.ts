/**
 * The validator cartel (kind cartel): at `startEpoch` validators in slot order join until they
 * hold `stakeShare` of the validator stake (column `cartel`). While the share is above 1/3 (a
 * veto over blocks) operators withhold `cut` of every operator's rewards for it (the world's
 * attack effects: `cartelCut` read by operators, `withheld` handed over by cartelCollect).
 * While it is at most 2/3 its vetoes are visible: detected with `detectionPerEpoch`, members
 * slashed `slashOnDetection` and the cartel disbands. Members of a collecting cartel do not
 * leave (the validators system reads the attack's state). Success: profit > 0.
 */
import { system } from "../../../../src/kit/runtime.ts"
import type { Attack, GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { settle } from "../slashing/settle.ts"
import type { AttackState } from "./state.ts"

export type Cartel = Extract<Attack, { kind: "cartel" }>

/** Write the share of every operator's rewards the credible cartels withhold this epoch. */
export const writeCartelCut = (w: GpuWorld, p: GpuNetworkParams) => {
  w.attackEffects.cartelCut = cartelCut(w, p)
}

/** Share of every operator's rewards withheld by credible cartels this epoch (0: none). */
const cartelCut = (w: GpuWorld, p: GpuNetworkParams): number => {
  let cut = 0
  p.attacks.forEach((a, i) => {
    if (a.kind === "cartel" && w.attackStates[i]?.credible === true) cut += a.cut
  })
  return Math.min(1, cut)
}

/** Hand withheld operator rewards to the credible cartels, in proportion to their cuts. */
const creditWithheld = (w: GpuWorld, p: GpuNetworkParams, tokens: number) => {
  let total = 0
  p.attacks.forEach((a, i) => {
    if (a.kind === "cartel" && w.attackStates[i]?.credible === true) total += a.cut
  })
  if (!(total > 0)) {
    w.outside += tokens
    return
  }
  p.attacks.forEach((a, i) => {
    const s = w.attackStates[i]
    if (a.kind === "cartel" && s?.credible === true) {
      const part = (tokens * a.cut) / total
      s.tokens += part
      s.withheld += part
    }
  })
}

/** Hands the operator rewards withheld this epoch to the credible cartels (runs after operators). */
export const cartelCollect = system<GpuWorld, GpuNetworkParams>("cartelCollect", (w, p) => {
  const withheld = w.attackEffects.withheld
  if (!(withheld > 0)) return
  w.attackEffects.withheld = 0
  creditWithheld(w, p, withheld)
})

const cartelShare = (w: GpuWorld, tag: number): number => {
  const v = w.validators
  let total = 0
  let mine = 0
  for (let i = 0; i < v.size; i++) {
    if (v.alive[i] !== 1) continue
    total += v.cols.stake[i]!
    if (v.cols.cartel[i] === tag) mine += v.cols.stake[i]!
  }
  return total > 0 ? mine / total : 0
}

/** Validators in slot order join the cartel until it holds `stakeShare`. */
export const formCartel = (w: GpuWorld, a: Cartel, tag: number) => {
  const v = w.validators
  let total = 0
  for (let i = 0; i < v.size; i++) if (v.alive[i] === 1) total += v.cols.stake[i]!
  let mine = 0
  let members = 0
  for (let i = 0; i < v.size; i++) {
    if (v.alive[i] !== 1 || v.cols.cartel[i] !== 0) continue
    if (mine >= a.stakeShare * total) break
    v.cols.cartel[i] = tag
    mine += v.cols.stake[i]!
    members++
  }
  w.events?.push(w.epoch, "attack", `${a.name}: ${members} validators with ${Math.round((total > 0 ? mine / total : 0) * 100)}% of validator stake form a cartel`)
}

/** The cartel's members go back to being honest validators. */
export const disband = (w: GpuWorld, tag: number) => {
  const v = w.validators
  for (let i = 0; i < v.size; i++) if (v.cols.cartel[i] === tag) v.cols.cartel[i] = 0
}

/** One epoch of a running cartel: its cost, its share, and whether its vetoes are caught. */
export const cartelEpoch = (w: GpuWorld, p: GpuNetworkParams, a: Cartel, s: AttackState, tag: number) => {
  s.cost += a.costPerEpochUsd
  s.share = cartelShare(w, tag)
  s.credible = s.share > 1 / 3
  if (s.share <= 2 / 3 && s.share > 0 && s.rng!.next() < a.detectionPerEpoch) {
    // Its vetoes were attributed: members slashed, the cartel disbands.
    const v = w.validators
    let slashed = 0
    for (let i = 0; i < v.size; i++) {
      if (v.alive[i] !== 1 || v.cols.cartel[i] !== tag) continue
      const amount = v.cols.stake[i]! * a.slashOnDetection
      v.cols.stake[i] = v.cols.stake[i]! - amount
      slashed += amount
    }
    if (slashed > 0) settle(w, p, slashed)
    s.cost += slashed * w.price
    s.detected = w.epoch
    s.over = true
    s.credible = false
    disband(w, tag)
    w.events?.push(w.epoch, "attack", `${a.name}: cartel detected, ${Math.round(slashed)} tokens of its members' stake slashed; it disbands`)
  }
}

/** Book-keeping and metrics of a cartel; returns its profit (counting what its own validators hold, `owned` tokens). */
export const recordCartel = (w: GpuWorld, a: Cartel, s: AttackState, base: string, started: boolean, owned: number): number => {
  const r = w.recorder
  const profit = started ? (s.tokens + owned - s.tokensAtStart) * w.price - s.cost : 0
  if (a.mode === "optimize") {
    r.record(`${base}expectedProfit`, s.expectedProfit)
    r.record(`${base}plannedShare`, s.plannedShare)
  }
  s.success = started && profit > 0
  r.record(`${base}stakeShare`, s.share)
  r.record(`${base}withheld`, s.withheld)
  r.record(`${base}honestExits`, started ? w.totals.operatorExits - s.exitsAtStart : 0)
  return profit
}
