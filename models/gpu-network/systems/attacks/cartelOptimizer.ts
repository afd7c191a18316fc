/**
 * The validator cartel as an optimizer (cartel `mode: optimize`): from `startEpoch` on, each
 * epoch the attacker prices every cartel size from what it observes (validator stake, price,
 * market depth, the outside holders' tokens, this epoch's operator and validator rewards) with the payoff of
 * models/mechanisms/attacks/cartelPayoff.ts, and launches the best one only when its expected
 * profit is positive. Launching buys the stake on the market (outside holders sell, the buy enters
 * the next epoch's order flow and moves the price) into one validator it runs (column `owner`),
 * a cartel member like any other. The cartel then runs `durationEpochs` or until detected
 * (cartel.ts `cartelEpoch`); at the end its validator leaves and the stake returns to the
 * attacker's holdings. Nothing here decides the outcome: whether it launches, and whether it
 * pays, follow from the market it faces.
 */
import { bestCartelPlan, buyCostUsd, type CartelPlan } from "../../../mechanisms/attacks/cartelPayoff.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { depthTokens } from "../market.ts"
import { cartelEpoch, disband, type Cartel } from "./cartel.ts"
import { attackRng } from "./lifecycle.ts"
import type { AttackState } from "./state.ts"

/** Stake of validators not in any cartel, tokens. */
const independentStake = (w: GpuWorld): number => {
  const v = w.validators
  let total = 0
  for (let i = 0; i < v.size; i++) if (v.alive[i] === 1 && v.cols.cartel[i] === 0) total += v.cols.stake[i]!
  return total
}

/** The best cartel the attacker can form now (what it observes this epoch). */
export const planCartel = (w: GpuWorld, p: GpuNetworkParams, a: Cartel): CartelPlan =>
  bestCartelPlan(
    {
      honestStake: independentStake(w),
      price: w.price,
      depthTokens: depthTokens(p, w.epoch),
      available: w.outside,
      // Operators' rewards: this epoch's emission to them plus last epoch's served work's fees.
      operatorRewardsTokens: w.operatorPool + (w.routing.usefulWork * p.demand.feeUsdPerUnit) / w.price,
      validatorPoolTokens: w.validatorPool
    },
    {
      cut: a.cut,
      horizonEpochs: a.durationEpochs,
      detectionPerEpoch: a.detectionPerEpoch,
      slashOnDetection: a.slashOnDetection,
      costPerEpochUsd: a.costPerEpochUsd,
      capitalCostPerEpoch: a.capitalCostPerEpoch,
      budgetUsd: a.budgetUsd
    }
  )

/** Buy `tokens` of stake on the market into one validator run by attacker `tag`, a member of its cartel. */
const buyIn = (w: GpuWorld, p: GpuNetworkParams, s: AttackState, tokens: number, tag: number) => {
  const cost = buyCostUsd(tokens, depthTokens(p, w.epoch), w.price)
  const v = w.validators
  const i = v.add()
  const c = v.cols // after add: a growing population re-allocates its columns
  c.stake[i] = tokens
  c.balance[i] = 0
  c.costUsd[i] = 0
  c.patience[i] = 0
  c.lossStreak[i] = 0
  c.joinedEpoch[i] = w.epoch
  c.cartel[i] = tag
  c.owner[i] = tag
  w.outside -= tokens
  w.flows.boughtTokens += tokens
  s.cost += cost
  s.capital = cost
}

/** The attacker's validators leave: their stake and rewards return to its holdings. */
const sellOut = (w: GpuWorld, s: AttackState, tag: number) => {
  const v = w.validators
  for (let i = 0; i < v.size; i++) {
    if (v.alive[i] !== 1 || v.cols.owner[i] !== tag) continue
    s.tokens += v.cols.stake[i]! + v.cols.balance[i]!
    v.cols.stake[i] = 0
    v.cols.balance[i] = 0
    v.cols.owner[i] = 0
    v.cols.cartel[i] = 0
    v.remove(i)
  }
}

/** Tokens the attacker holds in its validators now. */
export const ownedValidatorTokens = (w: GpuWorld, tag: number): number => {
  const v = w.validators
  let held = 0
  for (let i = 0; i < v.size; i++) if (v.alive[i] === 1 && v.cols.owner[i] === tag) held += v.cols.stake[i]! + v.cols.balance[i]!
  return held
}

/** One epoch of an optimizing cartel: decide (before launch), run, or end. */
export const optimizedCartelMoves = (w: GpuWorld, p: GpuNetworkParams, a: Cartel, s: AttackState, idx: number) => {
  const tag = idx + 1
  if (s.started < 0) {
    if (w.epoch < a.startEpoch) return
    const plan = planCartel(w, p, a)
    s.expectedProfit = plan.expectedProfitUsd
    s.plannedShare = plan.share
    if (!(plan.expectedProfitUsd > 0)) return
    Object.assign(s, { started: w.epoch, exitsAtStart: w.totals.operatorExits, rng: attackRng(w, idx) })
    buyIn(w, p, s, plan.stakeTokens, tag)
    w.events?.push(
      w.epoch,
      "attack",
      `${a.name}: expected profit $${Math.round(plan.expectedProfitUsd)} at ${Math.round(plan.share * 100)}% of validator stake: the cartel buys ${Math.round(plan.stakeTokens)} tokens of stake for $${Math.round(s.capital)}`
    )
  }
  if (s.over) return
  if (w.epoch >= s.started + a.durationEpochs) {
    s.over = true
    s.credible = false
    disband(w, tag)
    sellOut(w, s, tag)
    w.events?.push(w.epoch, "attack", `${a.name}: cartel attack ends; the attacker unbonds its stake`)
    return
  }
  s.cost += a.capitalCostPerEpoch * s.capital
  cartelEpoch(w, p, a, s, tag)
  // Detected and disbanded: the attacker's validator unbonds what the slash left.
  if (s.over) sellOut(w, s, tag)
}

