/**
 * staking-pool, runtime: a token whose emission is shared by stakers pro rata. Each staker
 * requires its own annual yield; the yield is emission x epochsPerYear / total stake, so every
 * staker who joins dilutes everyone's. Stakers below their requirement for longer than their
 * patience unstake; prospective stakers join when the yield with them in still meets theirs.
 * What emerges is the staked share at which the marginal staker is indifferent: nothing here
 * sets it. The one a model worker threads load: it imports only the kit's runtime half.
 */
import { defineRuntime, Ledger, type MetricDef, Population, type Recorder, type Rng, system, type WorldBase } from "incentive-sandbox/kit/runtime"
import type { StakingPoolParams as P } from "./params.ts"

const StakerColumns = { stake: Float64Array, required: Float64Array, below: Uint32Array } as const

export interface PoolWorld extends WorldBase {
  readonly stakers: Population<typeof StakerColumns>
  /** Tokens not staked (held outside the pool). */
  outside: number
  exitsTotal: number
  joinsTotal: number
}

const metrics: ReadonlyArray<MetricDef> = [
  { name: "stakers", description: "Stakers in the pool.", unit: "stakers" },
  { name: "totalStake", description: "Tokens staked.", unit: "tokens" },
  { name: "stakedRatio", description: "Staked share of the supply.", unit: "share" },
  { name: "yieldAnnual", description: "Annual yield of a staked token: emission x epochsPerYear / total stake.", unit: "share per year" },
  { name: "joinsTotal", description: "Stakers who joined since epoch 0.", unit: "stakers" },
  { name: "exitsTotal", description: "Stakers who unstaked since epoch 0.", unit: "stakers" }
]

const totalStake = (w: PoolWorld): number => {
  let sum = 0
  const s = w.stakers
  for (let i = 0; i < s.size; i++) if (s.alive[i] === 1) sum += s.cols.stake[i]!
  return sum
}

const annualYield = (p: P, stake: number): number => (stake > 0 ? (p.token.emissionPerEpoch * p.token.epochsPerYear) / stake : Number.POSITIVE_INFINITY)

const addStaker = (w: PoolWorld, p: P, rng: Rng): number => {
  const i = w.stakers.add()
  const c = w.stakers.cols
  c.stake[i] = Math.min(w.outside, rng.logNormal(p.stakers.stakeMedian, p.stakers.stakeSigma))
  c.required[i] = rng.logNormal(p.stakers.requiredYieldMedian, p.stakers.requiredYieldSigma)
  c.below[i] = 0
  w.outside -= c.stake[i]!
  return i
}

const init = (p: P, rng: Rng, recorder: Recorder): PoolWorld => {
  const w: PoolWorld = { epoch: 0, ledger: new Ledger(p.token.initialSupply), recorder, stakers: new Population(StakerColumns, Math.max(16, p.stakers.count * 2)), outside: p.token.initialSupply, exitsTotal: 0, joinsTotal: 0 }
  for (let k = 0; k < p.stakers.count; k++) addStaker(w, p, rng)
  return w
}

/** Emission is minted and paid pro rata to stake (it compounds: rewards stay staked). */
const emission = system<PoolWorld, P>("emission", (w, p) => {
  const total = totalStake(w)
  const minted = p.token.emissionPerEpoch
  w.ledger.mint(minted)
  if (!(total > 0)) return void (w.outside += minted)
  const s = w.stakers
  for (let i = 0; i < s.size; i++) if (s.alive[i] === 1) s.cols.stake[i] = s.cols.stake[i]! + (minted * s.cols.stake[i]!) / total
})

/** A staker below its required yield for longer than its patience unstakes. */
const exits = system<PoolWorld, P>("exits", (w, p) => {
  const y = annualYield(p, totalStake(w))
  const s = w.stakers
  for (let i = 0; i < s.size; i++) {
    if (s.alive[i] !== 1) continue
    s.cols.below[i] = y < s.cols.required[i]! ? s.cols.below[i]! + 1 : 0
    if (s.cols.below[i]! > p.stakers.patience) {
      w.outside += s.cols.stake[i]!
      s.cols.stake[i] = 0
      s.remove(i)
      w.exitsTotal++
    }
  }
})

/** Prospective stakers join when the yield, with their stake in, meets their requirement. */
const entry = system<PoolWorld, P>("entry", (w, p, rng) => {
  let total = totalStake(w)
  const arrivals = rng.poisson(p.stakers.arrivalsPerEpoch)
  for (let k = 0; k < arrivals && w.outside > 0; k++) {
    const i = addStaker(w, p, rng)
    const c = w.stakers.cols
    if (annualYield(p, total + c.stake[i]!) >= c.required[i]!) {
      total += c.stake[i]!
      w.joinsTotal++
    } else {
      w.outside += c.stake[i]!
      c.stake[i] = 0
      w.stakers.remove(i)
    }
  }
})

const record = system<PoolWorld, P>("metrics", (w, p) => {
  const total = totalStake(w)
  const r = w.recorder
  r.record("stakers", w.stakers.count)
  r.record("totalStake", total)
  r.record("stakedRatio", total / w.ledger.supply)
  r.record("yieldAnnual", annualYield(p, total))
  r.record("joinsTotal", w.joinsTotal)
  r.record("exitsTotal", w.exitsTotal)
})

/** Every token is staked or outside; nothing negative. */
const invariants = (w: PoolWorld): ReadonlyArray<string> => {
  const held = w.outside + totalStake(w)
  const problems: Array<string> = []
  if (!(Math.abs(held - w.ledger.supply) <= 1e-9 * w.ledger.supply)) problems.push(`holdings ${held} != supply ${w.ledger.supply}`)
  if (!(w.outside >= -1e-9 * w.ledger.supply)) problems.push(`negative outside tokens ${w.outside}`)
  return problems
}

export default defineRuntime<P, PoolWorld>({
  name: "staking-pool",
  metrics,
  headline: ["stakers", "stakedRatio", "yieldAnnual"],
  reportMetrics: ["stakers", "stakedRatio", "yieldAnnual"],
  tunables: ["token.emissionPerEpoch"],
  init,
  systems: [emission, exits, entry, record],
  invariants
})
