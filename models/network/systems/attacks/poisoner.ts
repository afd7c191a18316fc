/**
 * The data poisoner as an optimizer (work.poisoning.mode optimize; docs/attacks.md): before each
 * round of the work layer, from `startEpoch` until it launches, the attacker prices poisoning
 * 1 to n of its contributors from the world's state (the price, the work layer's miner pool, the
 * check rate, the verifiers' noise and which of them check honestly, each contributor's quality
 * and bond; models/mechanisms/attacks/poisoningPayoff.ts) and launches the best plan the first
 * epoch it adds more than their honest work would (expected profit > 0): that many of its
 * contributors submit poisoned work from this round on, for the rest of the run. Until then they
 * are honest contributors, so a poisoner that never launches leaves the run as one without it.
 * It draws no random numbers.
 */
import { system } from "../../../../src/kit/runtime.ts"
import { COLLUDING, HONEST, LAZY, type VerificationWorld } from "../../../ai-verification/world.ts"
import { bestPoisoningPlan, poisoningOrder, rejectChance, seenUnder, type Checks, type PoisonerUnit, type PoisoningPlan, type PoisoningView } from "../../../mechanisms/attacks/poisoningPayoff.ts"
import type { NetworkParams } from "../../params.ts"
import type { NetworkWorld } from "../../world.ts"
import type { PoisonerState } from "./state.ts"

/** The poisoner's view of this epoch's round and its own contributors. */
export const poisonerView = (vw: VerificationWorld, p: NetworkParams, price: number, s: PoisonerState): { view: PoisoningView; units: ReadonlyArray<PoisonerUnit> } => {
  const vp = p.work.verification
  const strategy = vp.strategy === "yuma" ? "none" : vp.strategy // refused at decode (params.ts)
  const checks: Checks = { strategy, rate: vp.rate, redundancy: vp.redundancy }
  const vals = vw.validators
  const byKind = [0, 0, 0]
  let total = 0
  for (let i = 0; i < vals.size; i++) {
    const stake = vals.cols.stake[i]!
    byKind[vals.cols.kind[i]!] = byKind[vals.cols.kind[i]!]! + stake
    total += stake
  }
  // Validators are drawn by stake (uniformly when audits slashed it all away).
  const shareOf = (kind: number) => {
    if (total > 0) return byKind[kind]! / total
    let n = 0
    for (let i = 0; i < vals.size; i++) if (vals.cols.kind[i] === kind) n++
    return n / vals.size
  }
  const honestStake = shareOf(HONEST)
  const notLazy = 1 - shareOf(LAZY)
  const { threshold } = vp
  const noise = p.work.validators.noise
  const detect = rejectChance(checks, honestStake * seenUnder(p.work.contributors.poisonQuality, threshold, noise))
  const c = vw.contributors
  const mine = new Uint8Array(c.size)
  for (const j of s.slots) mine[j] = 1
  // Everyone else: honest work is rejected by a look of the verifiers who look (colluders look at honest work too).
  let othersAccepted = 0
  for (let j = 0; j < c.size; j++) {
    if (mine[j] === 1) continue
    othersAccepted += 1 - (c.cols.poisoned[j] === 1 ? detect : rejectChance(checks, notLazy * seenUnder(c.cols.quality[j]!, threshold, noise)))
  }
  const units = Array.from(s.slots, (j) => ({ rejectHonest: rejectChance(checks, notLazy * seenUnder(c.cols.quality[j]!, threshold, noise)), stakeTokens: c.cols.stake[j]! }))
  const cartelCut = shareOf(COLLUDING) > 0 ? p.work.validators.cartelCut : 0
  return { view: { price, minerPoolTokens: p.work.emissionPerEpoch * p.work.minerShare, othersAccepted, detect, cartelCut }, units }
}

/** The plan the poisoner would launch now, and which of its slots it poisons first. */
export const planPoisoning = (w: NetworkWorld, p: NetworkParams, s: PoisonerState): { plan: PoisoningPlan; slots: ReadonlyArray<number> } => {
  const { view, units } = poisonerView(w.work, p, w.price, s)
  const c = p.work.contributors
  const terms = { honestCostUsd: c.cost, poisonCostUsd: c.poisonCost, slashFraction: p.work.verification.slashFraction, externalGainUsd: p.work.poisoning.externalGainUsd }
  const order = poisoningOrder(units, view, terms)
  return { plan: bestPoisoningPlan(units, view, terms, order), slots: order.map((u) => s.slots[u]!) }
}

export const poisoner = system<NetworkWorld, NetworkParams>("poisoner", (w, p) => {
  const s = w.poisoner
  if (s === undefined) return
  if (s.launched < 0 && w.epoch >= p.work.poisoning.startEpoch) {
    const { plan, slots } = planPoisoning(w, p, s)
    s.expectedProfit = plan.expectedProfitUsd
    s.plannedShare = plan.share
    if (plan.expectedProfitUsd > 0) {
      // The plan's units submit poison from this round on.
      const cols = w.work.contributors.cols
      for (const j of slots.slice(0, plan.poisoned)) {
        cols.poisoned[j] = 1
        cols.quality[j] = p.work.contributors.poisonQuality
      }
      s.launched = w.epoch
      w.events?.push(w.epoch, "attack", `poisoning: expected to add $${plan.expectedProfitUsd.toFixed(2)} a day over honest work, poisoning ${plan.poisoned} of its ${s.slots.length} contributors`)
    }
  }
  w.recorder.set(s.ids[0]!, s.expectedProfit)
  w.recorder.set(s.ids[1]!, s.plannedShare)
})
