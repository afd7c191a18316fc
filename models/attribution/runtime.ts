/**
 * attribution: OpenLedger-style Proof of Attribution. Datanets of data contributors, a model on
 * each, inference fees split between developer, data contributors (by measured attribution),
 * validators and the protocol. Attribution is noisy and gameable (near-duplicates leak
 * attribution, poisoned data earns it); defences are stake, reputation, slashing and curation
 * votes, each a parameter. Attack: attribution farming with duplicated data under sybils.
 * One epoch is a day. This file is the runtime (systems, metrics, invariants); index.ts adds the schema.
 */
import { defineRuntime, system } from "../../src/kit/runtime.ts"
import type { AttributionParams } from "./params.ts"
import { attribution } from "./systems/attribution.ts"
import { contributions } from "./systems/contributions.ts"
import { curation } from "./systems/curation.ts"
import { demand } from "./systems/demand.ts"
import { farming } from "./systems/farming.ts"
import { attributionMetrics, metrics } from "./systems/metrics.ts"
import { participants } from "./systems/participants.ts"
import { attributionState, initWorld, tokensHeld, type AttributionWorld } from "./world.ts"

/** Tokens held = supply; no negative balance, stake or reserve. */
export const attributionInvariants = (w: AttributionWorld): ReadonlyArray<string> => {
  const problems: Array<string> = []
  const l = w.ledger
  if (!(Math.abs(l.imbalance()) <= 1e-9 * l.supply)) problems.push(`ledger imbalance ${l.imbalance()}`)
  const held = tokensHeld(w)
  if (!(Math.abs(held - l.supply) <= 1e-9 * l.supply)) problems.push(`tokens held ${held} != supply ${l.supply}`)
  if (!(w.treasury >= -1e-9 && w.outside >= 0)) problems.push(`negative treasury ${w.treasury} or outside ${w.outside}`)
  const c = w.contributors
  for (let i = 0; i < c.size; i++) {
    if (c.alive[i] && !(c.cols.balance[i]! >= 0 && c.cols.stake[i]! >= -1e-9 && c.cols.items[i]! >= 0)) problems.push(`contributor ${i}: negative or NaN balance, stake or items`)
  }
  return problems
}

export const attributionRuntime = defineRuntime<AttributionParams, AttributionWorld>({
  name: "attribution",
  metrics: attributionMetrics,
  headline: ["feeShareHHI", "feeShareTurnover", "contributorChurn", "honestEarnings", "honestProfit", "meanModelQuality", "attack.farming.profit"],
  tunables: ["defences.curationRate", "attribution.duplicateLeak", "defences.stakePerItem", "attack.budget"],
  reportMetrics: ["feeShareHHI", "contributorChurn", "honestEarnings", "meanModelQuality", "farmerShareOfTarget", "attack.farming.profit"],
  state: attributionState,
  init: initWorld,
  systems: [
    system("demand", demand),
    system("contributions", contributions),
    system("farming", farming),
    system("curation", curation),
    system("attribution", attribution),
    system("participants", participants),
    system("metrics", metrics)
  ],
  invariants: attributionInvariants
})

export default attributionRuntime
