/**
 * attribution: the model as experiments see it (runtime.ts + the parameter schema).
 */
import { defineModel } from "../../src/kit/index.ts"
import { AttributionParams } from "./params.ts"
import { attributionRuntime } from "./runtime.ts"

export const attribution = defineModel({
  ...attributionRuntime,
  description: "OpenLedger-style Proof of Attribution: datanets of data contributors, inference fees split by measured attribution; near-duplicates, sybils and poisoned data game it; stake, reputation, slashing and curation votes defend; attribution farming as the attack.",
  params: AttributionParams
})

export default attribution
