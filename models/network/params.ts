/**
 * Parameters of the network model: every section of gpu-network (operators, validators,
 * demand, market, governance and its treasury, attacks; models/gpu-network/params) plus
 * - `work`: the verification of AI work, ai-verification's own sections (contributors,
 *   validators as verifiers, verification strategy, Yuma) and the emission paying them;
 * - `link`: how the two meet: what share of poisoned work users find, the penalty on exogenous
 *   demand, what the work layer's participants sell, what a treasury drain's recipient sells.
 * gpu-network's cross-field checks and its check of scheduled proposals apply unchanged
 * (a proposal may change `work.*` or `link.*` too).
 */
import * as Schema from "effect/Schema"
import { field, NonNegative, Count, Positive, Probability, section } from "../../src/kit/index.ts"
import { AiVerificationParams } from "../ai-verification/params.ts"
import { withChecks, withProposalChecks } from "../gpu-network/params/params.ts"
import { ParamsStruct } from "../gpu-network/params/struct.ts"

const verification = AiVerificationParams.fields

/** Metric names the work layer reports its two attackers as (params.attacks may not take them). */
export const WORK_ATTACK_NAMES: ReadonlyArray<string> = ["poisoning", "verifierCartel"]

const Poisoning = section(
  {
    mode: field(
      Schema.Literal("scheduled", "optimize"),
      "scheduled",
      "scheduled: work.contributors.poisonedShare of the contributors poison from epoch 0 whatever it costs (ai-verification's fixed type). optimize: those contributors are one attacker's capacity; they work honestly until the first epoch (from startEpoch) that poisoning the best number of them is expected to add more than honest work pays, then that many poison for the rest of the run (spot-check, redundant or none; docs/attacks.md)."
    ),
    startEpoch: field(Count, 0, "optimize: first epoch the poisoner considers launching."),
    externalGainUsd: field(
      NonNegative,
      0,
      "optimize: what degrading the network is worth to the poisoner outside it, USD per epoch at a served poisoned share of 1 (linear: a short position, a competitor's gain); 0: it poisons only for the rewards."
    )
  },
  "The data poisoner (attack.poisoning.*): a fixed type, or an optimizer that launches when and at the size poisoning pays (docs/attacks.md)."
)

const Work = section(
  {
    contributors: verification.contributors,
    validators: verification.validators,
    verification: verification.verification,
    yuma: verification.yuma,
    emissionPerEpoch: field(NonNegative, 1_000, "Tokens minted per epoch for the work layer (contributors' accepted work and verifiers), on the network's ledger, besides token.emission."),
    minerShare: field(Probability, 0.5, "Share of the work layer's emission paid to accepted work; the rest to the verifiers (by dividends under yuma, by stake otherwise)."),
    poisoning: Poisoning
  },
  "Verification of AI work (ai-verification's contributors, verifiers as `validators`, strategy and Yuma) inside the network; its bonds and stake come out of `outside` at epoch 0."
)

const Link = section(
  {
    foundShare: field(Probability, 1, "Share of the poisoned work served that its users find (a wrong answer they notice): found poison counts as failed work in the users' reputation (demand.kind agents) or in the exogenous penalty."),
    exogenousPenalty: field(NonNegative, 3, "Exogenous demand only (an assumption, docs/network.md): demand is multiplied by max(0, 1 - exogenousPenalty x the reputation of found poison). 3: a network whose users find 10% of its work poisoned loses 30% of its demand."),
    reputationHalfLife: field(Positive, 5, "Exogenous demand only: half-life in epochs of the found-poison reputation the penalty reads (demand.kind agents uses demand.agents.memoryHalfLife)."),
    workSellFraction: field(Probability, 0.3, "Share of their liquid tokens the work layer's contributors and verifiers sell on the market each epoch (operators' default sellFraction)."),
    drainSoldShare: field(Probability, 1, "Share of the tokens leaving the treasury (executed transfers, funded requests) that their recipient sells on the market the same epoch; 0: they sit in `outside` and do not move the price.")
  },
  "How the work layer, demand, the market and the treasury meet (docs/network.md)."
)

const Struct = Schema.Struct({ ...ParamsStruct.fields, work: Work, link: Link })

/** The attack names the work layer reports under stay free. */
const workNamesFree = (p: typeof Struct.Type): Schema.FilterOutput => {
  for (const [i, a] of p.attacks.entries()) {
    if (WORK_ATTACK_NAMES.includes(a.name)) return { path: ["attacks", i, "name"], message: `Expected a name other than ${WORK_ATTACK_NAMES.join(", ")} (the work layer's attackers report as attack.<that>.*), got "${a.name}"` }
  }
  return undefined
}

/** The optimizing poisoner prices spot-check, redundant or no checks; Yuma's rejection is not priced (docs/attacks.md). */
const poisonerPriced = (p: typeof Struct.Type): Schema.FilterOutput =>
  p.work.poisoning.mode === "optimize" && p.work.verification.strategy === "yuma"
    ? { path: ["work", "poisoning", "mode"], message: `Expected work.verification.strategy spot-check, redundant or none with mode "optimize" (the poisoner cannot price Yuma's rejection), got strategy "yuma"` }
    : undefined

export const NetworkParams = withProposalChecks(withChecks(Struct).pipe(Schema.filter(workNamesFree), Schema.filter(poisonerPriced)))
export type NetworkParams = typeof NetworkParams.Type
