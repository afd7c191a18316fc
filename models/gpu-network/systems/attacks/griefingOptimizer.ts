/**
 * Regional griefing as an optimizer (griefing `mode: optimize`): from `startEpoch` on, each
 * epoch the attacker prices running 0 to `ownOperators` operators in `ownRegion`, with the DoS
 * on `region` and without it, from what it observes (price, market depth, the outside holders' tokens, this
 * epoch's operator emission and last epoch's fees, online capacity and operators in the network
 * and in the region) with models/mechanisms/attacks/griefingPayoff.ts, and launches the DoS with
 * the best count only when that plan's expected profit is positive and beats running the
 * operators without the DoS. Launching joins its operators (stake bought on the market, at what
 * the pool charges) and starts the DoS for `durationEpochs` (griefing.ts `griefingOn`); then its
 * operators leave. Pure griefing (ownOperators 0) never launches: it only costs.
 */
import { griefingDecision } from "../../../mechanisms/attacks/griefingPayoff.ts"
import { buyCostUsd } from "../../../mechanisms/market/pool.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { depthTokens } from "../market.ts"
import { startGriefing, type Griefing } from "./griefing.ts"
import { identityCostUsd, identityStake, leaveAll } from "./identities.ts"
import { attackRng } from "./lifecycle.ts"
import type { AttackState } from "./state.ts"

/** The attacker's operators as identities (real GPUs, no extra cost), `n` of them. */
const own = (a: Griefing, n: number) => ({ identities: n, capacityPerIdentity: a.ownCapacity, fakeWork: false, costPerIdentityUsd: 0, region: a.ownRegion })

/** The DoS plan the attacker can launch now, and what the DoS adds. */
export const planGriefing = (w: GpuWorld, p: GpuNetworkParams, a: Griefing) => {
  const r = w.regions
  const region = p.regions.names.indexOf(a.region)
  let capacity = 0
  let operators = 0
  for (let k = 0; k < r.count; k++) {
    capacity += r.onlineCapacity[k]!
    operators += r.onlineCount[k]!
  }
  const nodePool = w.operatorPool * p.token.perOperatorShare
  const feeTokens = w.price > 0 ? (w.routing.usefulWork * p.demand.feeUsdPerUnit) / w.price : 0
  const o = own(a, 1)
  return griefingDecision(
    {
      price: w.price,
      depthTokens: depthTokens(p, w.epoch),
      available: w.outside,
      workRewardsTokens: w.operatorPool - nodePool + feeTokens * (1 - p.token.feeBurn),
      nodePoolTokens: nodePool,
      onlineCapacity: capacity,
      onlineOperators: operators,
      regionCapacity: r.onlineCapacity[region]!,
      regionOperators: r.onlineCount[region]!
    },
    {
      offlineShare: a.offlineShare,
      dosCostPerEpochUsd: a.costPerEpochUsd,
      horizonEpochs: a.durationEpochs,
      capacityPerOperator: a.ownCapacity,
      stakePerOperator: identityStake(o, p),
      costPerOperatorUsd: identityCostUsd(o, p),
      capitalCostPerEpoch: a.capitalCostPerEpoch
    },
    a.ownOperators
  )
}

/** One epoch of an optimizing griefer: decide (before launch), run, or end. */
export const optimizedGriefingMoves = (w: GpuWorld, p: GpuNetworkParams, a: Griefing, s: AttackState, idx: number) => {
  const tag = idx + 1
  if (s.started < 0) {
    if (w.epoch < a.startEpoch) return
    const { plan, dosGainUsd } = planGriefing(w, p, a)
    s.expectedProfit = plan.expectedProfitUsd
    s.dosGain = dosGainUsd
    s.plannedCount = plan.operators
    if (!(plan.expectedProfitUsd > 0 && dosGainUsd > 0)) return
    Object.assign(s, { started: w.epoch, rng: attackRng(w, idx) })
    const price = w.price
    const cost0 = s.cost
    startGriefing(w, p, { ...a, ownOperators: plan.operators }, s, tag)
    // Its operators' stake was bought on the market: what the pool charges, not the spot price.
    const ops = w.operators
    let joined = 0
    for (let i = 0; i < ops.size; i++) if (ops.alive[i] === 1 && ops.cols.attacker[i] === tag) joined++
    const bought = joined * identityStake(own(a, 1), p)
    s.cost = cost0 + buyCostUsd(bought, depthTokens(p, w.epoch), price)
    s.capital = s.cost - cost0
    w.events?.push(w.epoch, "attack", `${a.name}: expected profit $${Math.round(plan.expectedProfitUsd)} ($${Math.round(dosGainUsd)} from the DoS) with ${joined} operators of its own`)
    return
  }
  if (s.over) return
  if (w.epoch >= s.started + a.durationEpochs) {
    s.over = true
    leaveAll(w, s, tag)
    w.events?.push(w.epoch, "attack", `${a.name}: griefing attack ends; its operators leave`)
    return
  }
  s.cost += a.capitalCostPerEpoch * s.capital
}
