/**
 * gpu-network's `demand.kind` switch and `demand.agents` (the user population of
 * demand/demandAgents.ts). Kept apart from the agents' code so that code, which worker threads
 * load, imports no schema.
 */
import * as Schema from "effect/Schema"
import { Count, field, NonNegative, Positive, Probability, section } from "../../../src/kit/index.ts"

const fields = {
  users: field(Count, 2_000, "Developers and applications in the market (on the network or on the alternative)."),
  initialShare: field(Probability, 0.6, "Share of the users on the network at epoch 0; the market's total work is demand.feesUsdPerEpoch / demand.feeUsdPerUnit / initialShare, so the network starts with the exogenous default's demand."),
  workSigma: field(NonNegative, 1, "Log-space spread of a user's work per epoch (log-normal: applications differ by orders of magnitude)."),
  altPriceUsd: field(NonNegative, 130, "Price per unit of work (one capacity unit for one epoch) on the centralized alternative, USD."),
  altReliability: field(Probability, 0.999, "Share of work the alternative serves without failure."),
  altLatencyP50Ms: field(NonNegative, 300, "Median latency of the alternative, ms."),
  altLatencyP99Ms: field(NonNegative, 1_200, "99th percentile latency of the alternative, ms."),
  failureCostUsd: field(NonNegative, 300, "What a user loses per unit of work that fails (retries, errors its own customers see), USD."),
  latencyUsdPerSecond: field(NonNegative, 20, "Median value users put on latency: USD per unit of work per second of the mean of p50 and p99 latency (log-normal across users)."),
  latencySigma: field(NonNegative, 1, "Log-space spread of the value of latency across users (batch jobs care little, chat applications a lot)."),
  choiceScale: field(Positive, 20, "Logit scale, USD per unit: the spread of what the model does not see in users' tastes; smaller is a sharper cheapest-wins choice."),
  switchingCostUsd: field(NonNegative, 15, "Extra saving per unit of work a user needs before it moves either way (porting code, re-testing, contracts), USD."),
  reviewRate: field(Probability, 0.1, "Probability per epoch that a user on the network reconsiders its choice."),
  bassP: field(Probability, 0.005, "Bass innovation coefficient: probability per epoch that a user on the alternative looks at the network from outside news."),
  bassQ: field(NonNegative, 0.15, "Bass imitation coefficient: the word-of-mouth hazard per unit share of users already on the network."),
  memoryHalfLife: field(Positive, 5, "Half-life in epochs of the reputation (failed share, latency) users judge the network by."),
  volatilityHalfLife: field(Positive, 14, "Half-life in epochs of the token volatility estimate users price in."),
  budgetHorizon: field(NonNegative, 30, "Epochs of budget a user holds in tokens (its price exposure grows with the square root of this)."),
  riskAversion: field(NonNegative, 1, "Standard deviations of the budget's token value a user charges as a premium on the fee (0: users ignore volatility).")
}

/** Behavioural parameters of the user population; docs/parameters.md says where each default comes from. */
export const DemandAgentsParams = section(fields, "Users of the network as agents (demand.kind agents).")
export type DemandAgentsParams = Schema.Struct.Type<typeof fields>

/** Schema of the `demand.kind` switch. */
export const DemandKind = field(
  Schema.Literal("exogenous", "agents"),
  "exogenous",
  "Where demand comes from: exogenous (a given fee base with growth, cycle and shocks) or agents (developers and applications who choose the network or a centralized alternative each epoch on price, volatility, reliability and latency; demand.agents); the cycle, shocks and growth then scale the users' work."
)
