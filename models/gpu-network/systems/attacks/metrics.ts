/**
 * The metrics attacks report: `attack.<name>.cost`, `.profit`, `.success`, `.detectedEpoch`
 * for every attack, and what each kind did.
 */
import type { MetricDef } from "../../../../src/kit/runtime.ts"
import type { GpuNetworkParams } from "../../params/params.ts"

const COMMON = [
  ["cost", "What the attack has cost so far, USD."],
  ["profit", "Value the attacker holds or took (at the current price) minus its cost, USD."],
  ["success", "1 when the attack reached its goal (griefing: the region lost targetDrop of its operators; sybil, cartel: profit > 0)."],
  ["detectedEpoch", "Epoch the attack was detected; NaN before."]
] as const

const KIND_FIELDS = {
  griefing: [
    ["honestJailed", "Honest operators of the attacked region jailed since the attack started."],
    ["honestExits", "Operators who left the attacked region since the attack started."],
    ["rewards", "Tokens the attacker's own operators (ownOperators) earned so far."]
  ],
  sybil: [
    ["identities", "Sybil identities in the network now."],
    ["rewards", "Tokens the identities earned so far (after any cartel's cut)."],
    ["caught", "Identities caught (slashed and removed) so far."],
    ["fakeWork", "Work routed to identities that claim capacity they do not run, so far (capacity units): paid for, never done."]
  ],
  cartel: [
    ["stakeShare", "Share of validator stake the cartel held in its last epoch of operation."],
    ["withheld", "Operator rewards the cartel withheld so far, tokens."],
    ["honestExits", "Operators who left the network since the cartel formed."]
  ]
} as const

/** What an optimizing attacker reports about its decision. */
const EXPECTED = ["expectedProfit", "Expected profit (USD) of the best attack the attacker could launch, as it priced it at its last decision (each epoch until it launches; then frozen). Negative: why it did not launch; NaN: it could buy no size."] as const
const OPTIMIZE_FIELDS = {
  griefing: [EXPECTED, ["dosGain", "What the DoS adds to that plan's expected profit over running the attacker's best count of operators without it, USD: it launches only when positive."], ["plannedOperators", "Operators of its own in that plan."]],
  sybil: [EXPECTED, ["plannedIdentities", "Identities of that best plan."]],
  cartel: [EXPECTED, ["plannedShare", "Share of validator stake of that best plan."]]
} as const

export const attackMetrics = (p: GpuNetworkParams): ReadonlyArray<MetricDef> =>
  p.attacks.flatMap((a) =>
    [...COMMON, ...KIND_FIELDS[a.kind], ...("mode" in a && a.mode === "optimize" ? OPTIMIZE_FIELDS[a.kind] : [])].map(([f, d]) => ({
      name: `attack.${a.name}.${f}`,
      description: `${a.kind} attack ${a.name}: ${d}`
    }))
  )
