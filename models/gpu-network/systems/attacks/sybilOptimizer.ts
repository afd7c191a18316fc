/**
 * Sybil operators as an optimizer (sybil `mode: optimize`): from `startEpoch` on, each epoch
 * the attacker prices every count of identities from 1 to `identities` from what it observes
 * (price, market depth, the outside holders' tokens, this epoch's operator emission and last epoch's fees, online
 * operators and capacity) with the payoff of models/mechanisms/attacks/sybilPayoff.ts, and joins
 * the best count only when its expected profit is positive. Joining buys the stake on the market:
 * the buy enters the next epoch's order flow (moving the price) and costs what the pool charges
 * (slippage). The identities then run as scheduled ones do (sybil.ts: checks, linking, slashing)
 * for `durationEpochs`, and leave. Nothing here decides the outcome: whether it launches, how
 * many identities, and whether it pays follow from the network's rewards and defenses.
 */
import { buyCostUsd } from "../../../mechanisms/attacks/cartelPayoff.ts"
import { bestSybilPlan, type SybilPlan } from "../../../mechanisms/attacks/sybilPayoff.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { depthTokens } from "../market.ts"
import { identityCostUsd, identityStake, joinIdentities, leaveAll } from "./identities.ts"
import { attackRng } from "./lifecycle.ts"
import type { AttackState } from "./state.ts"
import { detectSybils, type Sybil } from "./sybil.ts"

/** Operators online and their capacity last epoch (at epoch 0: every operator and its capacity). */
const onlineNow = (w: GpuWorld): { operators: number; capacity: number } => {
  const r = w.regions
  let operators = 0
  let capacity = 0
  for (let k = 0; k < r.count; k++) {
    operators += r.onlineCount[k]!
    capacity += r.onlineCapacity[k]!
  }
  if (w.epoch > 0) return { operators, capacity }
  const ops = w.operators
  operators = 0
  for (let i = 0; i < ops.size; i++) {
    if (ops.alive[i] !== 1) continue
    operators++
    capacity += ops.cols.capacity[i]!
  }
  return { operators, capacity }
}

/** The best sybil attack the attacker can launch now (what it observes this epoch). */
export const planSybil = (w: GpuWorld, p: GpuNetworkParams, a: Sybil): SybilPlan => {
  const online = onlineNow(w)
  const nodePool = w.operatorPool * p.token.perOperatorShare
  const feeTokens = w.price > 0 ? (w.routing.usefulWork * p.demand.feeUsdPerUnit) / w.price : 0
  return bestSybilPlan(
    {
      price: w.price,
      depthTokens: depthTokens(p, w.epoch),
      available: w.outside,
      nodePoolTokens: nodePool,
      onlineOperators: online.operators,
      workRewardsTokens: w.operatorPool - nodePool + feeTokens * (1 - p.token.feeBurn),
      onlineCapacity: online.capacity,
      proRataWork: p.routing.policy !== "largest-first"
    },
    {
      stakePerIdentity: identityStake(a, p),
      capacityPerIdentity: a.capacityPerIdentity,
      costPerIdentityUsd: identityCostUsd(a, p),
      horizonEpochs: a.durationEpochs,
      detectionPerEpoch: a.detectionPerEpoch,
      linkOnDetection: a.linkOnDetection,
      slashOnDetection: a.slashOnDetection,
      capitalCostPerEpoch: a.capitalCostPerEpoch,
      budgetUsd: a.budgetUsd
    },
    a.identities
  )
}

/** One epoch of an optimizing sybil attacker: decide (before launch), run its identities, or end. */
export const optimizedSybilMoves = (w: GpuWorld, p: GpuNetworkParams, a: Sybil, s: AttackState, idx: number) => {
  const tag = idx + 1
  if (s.started < 0) {
    if (w.epoch < a.startEpoch) return
    const plan = planSybil(w, p, a)
    s.expectedProfit = plan.expectedProfitUsd
    s.plannedCount = plan.identities
    if (!(plan.expectedProfitUsd > 0)) return
    Object.assign(s, { started: w.epoch, exitsAtStart: w.totals.operatorExits, rng: attackRng(w, idx) })
    const price = w.price
    const cost0 = s.cost
    const joined = joinIdentities(w, p, s.rng!, { ...a, identities: plan.identities }, s, tag)
    // The stake was bought on the market: what the pool charges, not the spot price.
    const bought = joined * identityStake(a, p)
    s.cost = cost0 + buyCostUsd(bought, depthTokens(p, w.epoch), price)
    s.capital = s.cost - cost0
    w.events?.push(w.epoch, "attack", `${a.name}: expected profit $${Math.round(plan.expectedProfitUsd)}: ${joined} sybil identities join, buying ${Math.round(bought)} tokens of stake for $${Math.round(s.capital)}`)
  }
  if (s.over) return
  if (w.epoch >= s.started + a.durationEpochs) {
    s.over = true
    leaveAll(w, s, tag)
    w.events?.push(w.epoch, "attack", `${a.name}: sybil attack ends; the identities leave`)
    return
  }
  // Capital stays tied up in the stake of the identities still running.
  let live = 0
  const ops = w.operators
  for (let i = 0; i < ops.size; i++) if (ops.alive[i] === 1 && ops.cols.attacker[i] === tag) live++
  if (s.plannedCount > 0) s.cost += (a.capitalCostPerEpoch * s.capital * live) / s.plannedCount
  // Checks start the epoch after the identities joined.
  if (w.epoch > s.started) detectSybils(w, p, s.rng!, a, s, tag)
}
