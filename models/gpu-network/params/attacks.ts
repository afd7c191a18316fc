/**
 * gpu-network's `attacks`: griefing, sybil and cartel (docs/attacks.md). What each does is in
 * systems/attacks/; these are their parameters.
 */
import * as Schema from "effect/Schema"
import { Count, field, NonNegative, Positive, PositiveInt, Probability } from "../../../src/kit/index.ts"

const AttackName = Schema.String.pipe(Schema.pattern(/^[A-Za-z][A-Za-z0-9_-]*$/, { message: () => "Expected a name of letters, digits, _ or - (it becomes part of metric names)" })).annotations({
  description: "Attack name; its metrics are attack.<name>.cost / profit / success / detectedEpoch and the kind's own (docs/attacks.md)."
})

/**
 * Regional griefing: a DoS on one region knocks its operators offline, so they miss uptime,
 * earn nothing and, under downtime slashing, get jailed and slashed: honest operators pay for an
 * attack on them.
 */
const GriefingAttack = Schema.Struct({
  kind: Schema.Literal("griefing"),
  name: AttackName,
  region: Schema.String.annotations({ description: "Region attacked (one of regions.names)." }),
  startEpoch: field(Count, 0, "Epoch the attack starts."),
  durationEpochs: field(PositiveInt, 30, "Epochs it lasts."),
  offlineShare: field(Probability, 1, "Share of the region's operators knocked offline each epoch of the attack."),
  costPerEpochUsd: field(NonNegative, 50_000, "What the attack costs per epoch, USD."),
  targetDrop: field(Probability, 0.2, "The attack succeeds when the region's active operators have fallen by this share since it started."),
  ownOperators: field(Count, 0, "Operators the attacker runs elsewhere for the attack's duration (real GPUs at the operators' costs), to take the work and emission the attacked region loses; 0: pure griefing (optimize: the most it considers)."),
  ownCapacity: field(Positive, 10, "GPU capacity of each of the attacker's operators (units)."),
  ownRegion: field(Schema.String, "", "Region of the attacker's operators (one of regions.names, not the attacked one; needed when ownOperators > 0)."),
  mode: field(
    Schema.Literal("scheduled", "optimize"),
    "scheduled",
    "scheduled: the DoS runs from startEpoch with ownOperators (a replay). optimize: from startEpoch on, the attacker prices running 0 to ownOperators operators in ownRegion with and without the DoS (their share of the work and per-node rewards the region loses, their GPUs, stake bought on the market, the DoS's cost; docs/attacks.md) and launches the DoS with the best count only when its expected profit is positive and beats running the operators without it."
  ),
  capitalCostPerEpoch: field(NonNegative, 0.0003, "optimize: opportunity cost of the USD tied up in its operators' stake, per epoch.")
})

/**
 * Sybil operators: one attacker splits its stake into many small identities that join as
 * operators, to take a share of emission and routed work (per-node rewards, light-split routing).
 * With `fakeWork` they claim capacity they do not run: checks catch each identity with
 * `detectionPerEpoch`, and a caught identity loses `slashOnDetection` of its stake.
 */
const SybilAttack = Schema.Struct({
  kind: Schema.Literal("sybil"),
  name: AttackName,
  region: field(Schema.String, "", "Region the identities join (one of regions.names); empty: spread like honest operators (regions.operatorShare)."),
  startEpoch: field(Count, 0, "Epoch the identities join (the attacker buys their stake from outside holders)."),
  durationEpochs: field(PositiveInt, 60, "Epochs they stay; then they leave and the attacker keeps their stake and rewards."),
  identities: field(PositiveInt, 100, "Identities (operators) the attacker creates (optimize: the most it considers)."),
  capacityPerIdentity: field(Positive, 0.5, "GPU capacity each identity claims (units); it stakes max(capacity x operators.stakePerUnit, operators.minStake)."),
  fakeWork: field(Schema.Boolean, true, "Identities claim capacity they do not run (no GPU cost, the work routed to them is not done); false: they run real GPUs at the operators' costs."),
  costPerIdentityUsd: field(NonNegative, 5, "What one identity costs per epoch beyond GPUs (hosting, fake KYC), USD."),
  detectionPerEpoch: field(Probability, 0, "Probability per epoch that verification (spot checks of work, uptime probes) catches one identity."),
  slashOnDetection: field(Probability, 1, "Share of a caught identity's stake slashed (split like other slashes); it is removed and the rest returns to the attacker."),
  linkOnDetection: field(Probability, 0, "Probability that an epoch's catch exposes every other identity of the attacker too (shared funding addresses, hosts, timing): all are slashed and removed at once."),
  mode: field(
    Schema.Literal("scheduled", "optimize"),
    "scheduled",
    "scheduled: `identities` join at startEpoch (a replay of a given attack). optimize: from startEpoch on, the attacker prices every count from 1 to `identities` each epoch (stake bought on the market with slippage, rewards per identity diluted by the others, running costs, detection, linking and slashing risk; docs/attacks.md) and joins the best count, only when its expected profit is positive."
  ),
  capitalCostPerEpoch: field(NonNegative, 0.0003, "optimize: opportunity cost of the USD tied up in bought stake, per epoch (0.0003/day is about 11%/year)."),
  budgetUsd: field(NonNegative, 100_000_000, "optimize: the most the attacker can spend on stake, USD.")
})

/**
 * Validator cartel: validators holding `stakeShare` of validator stake withhold `cut` of every
 * operator's rewards (operators pay or are censored). Above 1/3 of the stake the cartel can veto
 * blocks, so the threat is credible and operators pay; at or below 1/3 honest validators include
 * the censored operators and the cartel gets nothing. Up to 2/3 the vetoes are visible stalls,
 * caught with `detectionPerEpoch`; above 2/3 the cartel finalizes alone and no fault is attributable.
 */
const CartelAttack = Schema.Struct({
  kind: Schema.Literal("cartel"),
  name: AttackName,
  startEpoch: field(Count, 0, "Epoch the cartel forms (its members are validators taken in slot order until they hold stakeShare)."),
  durationEpochs: field(PositiveInt, 60, "Epochs it operates."),
  stakeShare: field(Probability, 0.4, "Share of validator stake the cartel's members hold when it forms."),
  cut: field(Probability, 0.2, "Share of each operator's rewards (emission and fees) the cartel withholds for itself while its threat is credible (stake share above 1/3)."),
  costPerEpochUsd: field(NonNegative, 1_000, "What coordinating the cartel costs per epoch, USD."),
  detectionPerEpoch: field(Probability, 0.05, "Probability per epoch that the cartel's vetoes are attributed to it while its share is at most 2/3 (above 2/3 it needs no vetoes)."),
  slashOnDetection: field(Probability, 0.05, "Share of the members' stake slashed when the cartel is detected; it then disbands."),
  mode: field(
    Schema.Literal("scheduled", "optimize"),
    "scheduled",
    "scheduled: validators in slot order form the cartel at startEpoch with stakeShare (a replay of a given attack). optimize: from startEpoch on, the attacker prices every size of cartel each epoch (buying the stake on the market, with slippage, capital cost, detection and slashing risk; docs/attacks.md) and launches the one with the highest expected profit, only when it is positive; stakeShare is then ignored."
  ),
  capitalCostPerEpoch: field(NonNegative, 0.0003, "optimize: opportunity cost of the USD tied up in bought stake, per epoch (0.0003/day is about 11%/year, a DeFi lending rate)."),
  budgetUsd: field(NonNegative, 100_000_000, "optimize: the most the attacker can spend on stake, USD.")
})

export const Attack = Schema.Union(GriefingAttack, SybilAttack, CartelAttack).annotations({ description: "An attack, chosen by `kind`: griefing, sybil or cartel." })
export type Attack = typeof Attack.Type
