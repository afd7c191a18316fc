/**
 * subnets: Bittensor's dynamic TAO, N subnets competing for the network's emission.
 *
 * Each subnet has a TAO/alpha pool (subtensor's Balancer swap), Yuma consensus over its miners
 * (the exact implementation in models/mechanisms/consensus/yuma.ts) and an owner. The epoch's
 * TAO emission is shared by moving price or by net TAO flow; each subnet's alpha emission pays its
 * owner, miners, validators, their stakers and root (models/mechanisms/dtao/). Stakers move stake
 * toward the best observed yield, validators leave loss-making subnets, miners move to the subnet
 * that pays, would-be owners register when owner income beats the lock and prune the weakest
 * subnet. Attacks: a wash-trading owner, stake concentration on root, weight copiers.
 * One epoch is a day. This file is the runtime (systems, metrics, invariants); index.ts adds the schema.
 */
import { defineRuntime, system } from "../../src/kit/runtime.ts"
import type { SubnetsParams } from "./params.ts"
import { attacks } from "./systems/attacks.ts"
import { consensus } from "./systems/consensus.ts"
import { emission } from "./systems/emission.ts"
import { market } from "./systems/market.ts"
import { metrics, subnetsMetrics } from "./systems/metrics.ts"
import { miners } from "./systems/miners.ts"
import { prices } from "./systems/prices.ts"
import { registration } from "./systems/registration.ts"
import { stakers } from "./systems/stakers.ts"
import { validators } from "./systems/validators.ts"
import { initWorld } from "./initWorld.ts"
import { subnetsState } from "./state.ts"
import { alphaHeld, taoHeld, type SubnetsWorld } from "./world.ts"

const TOLERANCE = 1e-9

/** Conservation of TAO (holders = supply) and of each subnet's alpha (holders = issued), no negative holdings. */
export const subnetsInvariants = (w: SubnetsWorld): ReadonlyArray<string> => {
  const problems: Array<string> = []
  const l = w.ledger
  if (!(Math.abs(l.imbalance()) <= TOLERANCE * l.supply)) problems.push(`ledger imbalance ${l.imbalance()}`)
  const held = taoHeld(w)
  if (!(Math.abs(held - l.supply) <= TOLERANCE * l.supply)) problems.push(`TAO held ${held} != supply ${l.supply}`)
  for (let i = 0; i < w.n; i++) {
    const a = alphaHeld(w, i)
    if (!(Math.abs(a - w.alphaIssued[i]!) <= TOLERANCE * Math.max(1, w.alphaIssued[i]!))) problems.push(`subnet ${i}: alpha held ${a} != issued ${w.alphaIssued[i]}`)
    if (!(w.poolTao[i]! >= 0 && w.poolAlpha[i]! >= 0)) problems.push(`subnet ${i}: negative pool`)
  }
  for (let k = 0; k < w.stakerAlpha.length; k++) if (!(w.stakerAlpha[k]! >= 0)) problems.push(`staker alpha ${k} negative or NaN`)
  for (let k = 0; k < w.validatorAlpha.length; k++) if (!(w.validatorAlpha[k]! >= 0)) problems.push(`validator alpha ${k} negative or NaN`)
  for (let s = 0; s < w.stakerCount; s++) if (!(w.stakerRoot[s]! >= 0 && w.stakerTao[s]! >= 0)) problems.push(`staker ${s} TAO negative or NaN`)
  if (!(w.outside >= 0)) problems.push(`outside TAO ${w.outside} negative`)
  return problems
}

export const subnetsRuntime = defineRuntime<SubnetsParams, SubnetsWorld>({
  name: "subnets",
  metrics: subnetsMetrics,
  headline: ["activeSubnets", "emissionShareHHI", "emissionShareTurnover", "minerChurn", "validatorChurn", "alphaPriceVolatility", "weightCopyAdvantage", "honestMinerProfit"],
  tunables: ["emission.rule", "market.demand", "attacks.washBudget", "validators.copierShare"],
  reportMetrics: ["emissionShareHHI", "emissionShareTurnover", "minerChurn", "validatorChurn", "alphaPriceVolatility", "weightCopyAdvantage", "honestMinerProfit", "subnet0Share"],
  state: subnetsState,
  init: initWorld,
  systems: [
    system("market", market),
    system("attacks", attacks),
    system("consensus", consensus),
    system("emission", emission),
    system("prices", prices),
    system("miners", miners),
    system("validators", validators),
    system("stakers", stakers),
    system("registration", registration),
    system("metrics", metrics)
  ],
  invariants: subnetsInvariants
})

export default subnetsRuntime
