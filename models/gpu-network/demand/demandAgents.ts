/**
 * Demand as agents (`demand.kind: agents`): a population of developers and applications, each
 * with its own work per epoch, region and value of latency, choosing every epoch between the
 * network and a centralized alternative.
 *
 * What a user weighs (demand/choice.ts): the effective price per unit of work (the network's
 * USD fee marked up for the token's recent volatility, since the user pays in tokens), the
 * share of its work that failed (dropped for lack of capacity; in models/network also served
 * work found poisoned) and the p50 / p99 latency of the work it was served, as the users of its
 * region experienced them over the last epochs (an exponential average: a reputation). The alternative has a fixed price, reliability and
 * latency. A user on the network reconsiders with probability `reviewRate` an epoch; a user on
 * the alternative only when something makes it look (Bass diffusion: outside news `bassP`,
 * word of mouth `bassQ` times the share of users already on the network). Either way it has to
 * overcome `switchingCostUsd` to move. Demand (work routed to the network) and so fees are
 * what the users decide, not inputs.
 *
 * `exogenous` demand (systems/demand.ts) never touches this file.
 */
import { type MetricDef, Population, type Rng } from "../../../src/kit/runtime.ts"
import type { DemandAgentsParams } from "../params/demand.ts"
import { bassHazard, EXP_P50, EXP_P99, generalizedCost, logitChoice, volatilityMultiplier } from "./choice.ts"


/** Columns of the user population. */
export const UserColumns = {
  /** Index into params.regions.names. */
  region: Uint32Array,
  /** Work per epoch in capacity units (before the demand cycle, shocks and growth). */
  work: Float64Array,
  /** USD per unit of work per second of latency. */
  latencyValue: Float64Array,
  /** 1 on the network, 0 on the alternative. */
  onNetwork: Uint8Array
} as const

/** The user population and what users remember about the network. */
export interface UsersState {
  readonly pop: Population<typeof UserColumns>
  /** Work per region of users on the network, capacity units (before cycle and shocks). */
  readonly regionWork: Float64Array
  /** Users' reputation of the network per region: share of work failed, mean latency (ms). */
  readonly failed: Float64Array
  readonly latencyMs: Float64Array
  /**
   * Share of last epoch's served work users found poisoned (set by models/network from its
   * verification layer; 0 in gpu-network): it counts as failed work in the reputation.
   */
  poisonFound: number
  /** Exponential average of the token's squared log return per epoch. */
  variance: number
  lastPrice: number
  onNetwork: number
  churned: number
  adopted: number
  /** Metric ids (demandUsers, churnedUsers, adoptedUsers, servedShare, volatilityPremium). */
  readonly ids: Int32Array
}

/** Metrics recorded when demand.kind is agents. */
export const demandAgentMetrics: ReadonlyArray<MetricDef> = [
  { name: "demandUsers", description: "Users (developers, applications) on the network at the end of the epoch's choice." },
  { name: "churnedUsers", description: "Users who left the network for the centralized alternative this epoch." },
  { name: "adoptedUsers", description: "Users who moved from the alternative to the network this epoch." },
  { name: "servedShare", description: "Work served / work demanded this epoch (1 when nothing was demanded)." },
  { name: "volatilityPremium", description: "Mark-up users put on the network's fee for the token's volatility (0.1 = +10%)." }
]

/** What the users system needs from the world (the gpu-network world satisfies it). */
export interface UsersWorld {
  readonly epoch: number
  readonly price: number
  readonly regions: {
    readonly count: number
    readonly demand: Float64Array
    readonly dropped: Float64Array
    readonly latency: Float64Array
    readonly latencyMs: Float64Array
    readonly demandShare: Float64Array
    /**
     * Work per region this epoch that was served but failed the users in another way (found
     * poisoned, rejected by verification), capacity units. Optional: until the world fills it,
     * failures are dropped work only. Read through `failedShare`.
     */
    readonly failedWork?: Float64Array
  }
}

/**
 * The users' reliability signal for region r this epoch: the share of the work they sent that
 * failed them, dropped for lack of capacity or served but failed (regions.failedWork: found
 * poisoned, rejected), capped at 1. The one input users judge reliability by.
 */
export const failedShare = (reg: UsersWorld["regions"], r: number): number => {
  const d = reg.demand[r]!
  const failed = reg.dropped[r]! + (reg.failedWork !== undefined ? reg.failedWork[r]! : 0)
  return Math.min(1, failed / d)
}

/**
 * Draw the user population. Work is log-normal, scaled so that the users on the network at
 * epoch 0 demand `baseWork` in expectation (so agents start where exogenous demand would).
 */
export const initUsers = (a: DemandAgentsParams, regionShare: Float64Array, latencyMs: Float64Array, serviceMs: number, baseWork: number, price: number, rng: Rng, ids: Int32Array): UsersState => {
  const R = regionShare.length
  const pop = new Population(UserColumns, Math.max(64, a.users))
  const cumulative = new Float64Array(R)
  let acc = 0
  for (let r = 0; r < R; r++) cumulative[r] = acc += regionShare[r]!
  let total = 0
  for (let k = 0; k < a.users; k++) {
    const i = pop.add()
    const c = pop.cols
    const u = rng.next() * acc
    let r = 0
    while (r < R - 1 && u >= cumulative[r]!) r++
    c.region[i] = r
    c.work[i] = Math.exp(a.workSigma * rng.normal())
    c.latencyValue[i] = a.latencyUsdPerSecond * Math.exp(a.latencySigma * rng.normal())
    c.onNetwork[i] = rng.next() < a.initialShare ? 1 : 0
    total += c.work[i]!
  }
  // The market's total work: what the network would see with every user on it.
  const market = a.initialShare > 0 ? baseWork / a.initialShare : baseWork
  const scale = total > 0 ? market / total : 0
  const c = pop.cols
  for (let i = 0; i < pop.size; i++) c.work[i] = c.work[i]! * scale
  const latency = new Float64Array(R)
  for (let r = 0; r < R; r++) latency[r] = latencyMs[r * R + r]! + serviceMs
  const state: UsersState = {
    pop,
    regionWork: new Float64Array(R),
    failed: new Float64Array(R),
    latencyMs: latency,
    poisonFound: 0,
    variance: 0,
    lastPrice: price,
    onNetwork: 0,
    churned: 0,
    adopted: 0,
    ids
  }
  tallyWork(state)
  return state
}

const tallyWork = (s: UsersState) => {
  const { region, work, onNetwork } = s.pop.cols
  s.regionWork.fill(0)
  let n = 0
  for (let i = 0; i < s.pop.size; i++) {
    if (onNetwork[i] === 1) {
      s.regionWork[region[i]!]! += work[i]!
      n++
    }
  }
  s.onNetwork = n
}

/** The network's fee as users see it: the USD fee times the volatility mark-up. */
export const effectiveFee = (s: UsersState, a: DemandAgentsParams, feeUsdPerUnit: number): number =>
  feeUsdPerUnit * volatilityMultiplier(Math.sqrt(s.variance), a.budgetHorizon, a.riskAversion)

/**
 * One epoch of users: learn from last epoch's service (reputation, volatility), reconsider,
 * and tally the work the network's users want (`regionWork`, before the demand cycle).
 */
export const stepUsers = (s: UsersState, w: UsersWorld, a: DemandAgentsParams, feeUsdPerUnit: number, rng: Rng): void => {
  const reg = w.regions
  const R = reg.count
  if (w.epoch > 0) {
    const keepVol = Math.pow(0.5, 1 / a.volatilityHalfLife)
    const ret = Math.log(w.price / s.lastPrice)
    s.variance = keepVol * s.variance + (1 - keepVol) * ret * ret
    const keep = Math.pow(0.5, 1 / a.memoryHalfLife)
    for (let r = 0; r < R; r++) {
      // A region with no work on the network last epoch has no news: its reputation stands.
      const d = reg.demand[r]!
      if (!(d > 0)) continue
      const shortfall = failedShare(reg, r)
      // Served work found poisoned failed too (only when a verification layer reports some).
      const failed = s.poisonFound > 0 ? shortfall + (1 - shortfall) * s.poisonFound : shortfall
      s.failed[r] = keep * s.failed[r]! + (1 - keep) * failed
      s.latencyMs[r] = keep * s.latencyMs[r]! + (1 - keep) * reg.latency[r]!
    }
  }
  s.lastPrice = w.price
  const fee = effectiveFee(s, a, feeUsdPerUnit)
  const altBase = a.altPriceUsd + a.failureCostUsd * (1 - a.altReliability)
  const altLatency = (a.altLatencyP50Ms + a.altLatencyP99Ms) / 2000
  const total = s.pop.count
  const hazard = bassHazard(a.bassP, a.bassQ, total > 0 ? s.onNetwork / total : 0)
  const { region, latencyValue, onNetwork } = s.pop.cols
  let churned = 0
  let adopted = 0
  for (let i = 0; i < s.pop.size; i++) {
    const on = onNetwork[i] === 1
    if (rng.next() >= (on ? a.reviewRate : hazard)) continue
    const r = region[i]!
    const mean = s.latencyMs[r]!
    const net = generalizedCost(fee, s.failed[r]!, a.failureCostUsd, mean * EXP_P50, mean * EXP_P99, latencyValue[i]!)
    const alt = altBase + latencyValue[i]! * altLatency
    if (on) {
      if (rng.next() >= logitChoice(net, alt + a.switchingCostUsd, a.choiceScale)) {
        onNetwork[i] = 0
        churned++
      }
    } else if (rng.next() < logitChoice(net + a.switchingCostUsd, alt, a.choiceScale)) {
      onNetwork[i] = 1
      adopted++
    }
  }
  s.churned = churned
  s.adopted = adopted
  tallyWork(s)
}

/** Record the users' metrics (ids from demandAgentMetrics, in order). */
export const recordUsers = (s: UsersState, recorder: { set(id: number, v: number): void }, demanded: number, served: number, a: DemandAgentsParams): void => {
  const ids = s.ids
  recorder.set(ids[0]!, s.onNetwork)
  recorder.set(ids[1]!, s.churned)
  recorder.set(ids[2]!, s.adopted)
  recorder.set(ids[3]!, demanded > 0 ? Math.min(1, served / demanded) : 1)
  recorder.set(ids[4]!, volatilityMultiplier(Math.sqrt(s.variance), a.budgetHorizon, a.riskAversion) - 1)
}
