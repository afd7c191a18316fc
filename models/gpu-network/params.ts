/**
 * Parameters of the gpu-network model, with defaults and descriptions.
 *
 * An epoch is one day by default. Money has two units: tokens (the network's own, on the
 * ledger) and USD (what operators pay for GPUs and what users pay in fees). Defaults are set so
 * that the smallest operators are near break-even: small moves in price or demand show up as
 * churn, which is what the model is for.
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { compileExpression } from "../../src/analysis/SafeExpression.ts"
import { getPath, setPath } from "../common/paths.ts"
import { Count, field, NonNegative, Num, Positive, PositiveInt, Probability, section } from "../../src/experiment/Fields.ts"
import { DemandAgentsParams, DemandKind } from "./demand/demandAgents.ts"
import { CoordinationModel, ProtocolParams } from "./coordination/protocol.ts"

/** Same emission every epoch. */
const FixedEmission = Schema.Struct({
  kind: Schema.Literal("fixed"),
  perEpoch: field(NonNegative, 500_000, "Tokens minted per epoch.")
})

/** Emission that halves every `halfLife` epochs. */
const DecayEmission = Schema.Struct({
  kind: Schema.Literal("exponential-decay"),
  perEpoch: field(NonNegative, 500_000, "Tokens minted in epoch 0."),
  halfLife: field(Positive, 365, "Epochs for the per-epoch emission to halve.")
})

/** Bittensor: halves each time half of what remains under the cap is issued. */
const HalvingEmission = Schema.Struct({
  kind: Schema.Literal("halving-by-issuance"),
  perEpoch: field(NonNegative, 500_000, "Tokens minted per epoch before the first halving."),
  cap: field(Positive, 500_000_000, "Most tokens this rule will ever issue (on top of the initial supply).")
})

/** Cosmos x/mint: inflation steers toward a bonded-ratio goal. */
const BondedRatioEmission = Schema.Struct({
  kind: Schema.Literal("bonded-ratio-controller"),
  initialInflation: field(Probability, 0.13, "Annual inflation at epoch 0."),
  inflationRateChange: field(Probability, 0.13, "Largest change of annual inflation per year."),
  inflationMax: field(Probability, 0.2, "Highest annual inflation."),
  inflationMin: field(Probability, 0.07, "Lowest annual inflation."),
  goalBonded: field(Probability, 0.67, "Bonded (staked) share of supply the controller aims for."),
  blocksPerYear: field(PositiveInt, 6_311_520, "Blocks per year (block provisions are truncated per block).")
})

/** Polkadot NPoS: stakers' inflation by the ideal-staking curve, the rest of the maximum to the treasury. */
const IdealStakingEmission = Schema.Struct({
  kind: Schema.Literal("ideal-staking-curve"),
  maxInflation: field(Probability, 0.1, "Annual inflation paid in total (stakers + treasury)."),
  minInflation: field(Probability, 0.025, "Stakers' annual inflation when nothing is staked."),
  idealStake: field(Probability, 0.75, "Staked share at which stakers get all of maxInflation."),
  falloff: field(Positive, 0.05, "How fast stakers' inflation halves above the ideal stake.")
})

/** Ethereum: base reward per increment = 64e9 // isqrt(total stake in gwei), paid every period. */
const SqrtStakeEmission = Schema.Struct({
  kind: Schema.Literal("sqrt-stake"),
  periodsPerEpoch: field(Positive, 225, "Reward periods per epoch (Ethereum: 225 epochs of 6.4 minutes a day)."),
  incrementTokens: field(Positive, 1, "Tokens per effective-balance increment (Ethereum: 1 ETH).")
})

/** The designer's own formula. */
const ExpressionEmission = Schema.Struct({
  kind: Schema.Literal("expression"),
  expression: Schema.String.annotations({
    description: "Tokens per epoch as a formula of epoch, supply, staked, stakedRatio, price, issued, initialSupply, epochsPerYear, e.g. \"0.05 * supply / epochsPerYear * (1 - stakedRatio)\". Negative results mint nothing."
  })
})

/** Emission rule: how many tokens are minted each epoch. */
export const Emission = Schema.Union(FixedEmission, DecayEmission, HalvingEmission, BondedRatioEmission, IdealStakingEmission, SqrtStakeEmission, ExpressionEmission).annotations({
  description: "Emission rule, chosen by `kind`."
})
export type Emission = typeof Emission.Type

/** Variables an emission expression may use. */
export const EMISSION_VARIABLES: ReadonlySet<string> = new Set(["epoch", "supply", "staked", "stakedRatio", "price", "issued", "initialSupply", "epochsPerYear"])

const Range = (lo: number, hi: number, describe: string, schema: typeof NonNegative = NonNegative) =>
  section({ min: field(schema, lo, `Smallest ${describe}.`), max: field(schema, hi, `Largest ${describe}.`) }, `Range of ${describe}: drawn uniformly in [min, max].`)

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
  ownOperators: field(Count, 0, "Operators the attacker runs elsewhere for the attack's duration (real GPUs at the operators' costs), to take the work and emission the attacked region loses; 0: pure griefing."),
  ownCapacity: field(Positive, 10, "GPU capacity of each of the attacker's operators (units)."),
  ownRegion: field(Schema.String, "", "Region of the attacker's operators (one of regions.names, not the attacked one; needed when ownOperators > 0).")
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
  startEpoch: field(Count, 0, "Epoch the identities join (the attacker buys their stake from the float)."),
  durationEpochs: field(PositiveInt, 60, "Epochs they stay; then they leave and the attacker keeps their stake and rewards."),
  identities: field(PositiveInt, 100, "Identities (operators) the attacker creates."),
  capacityPerIdentity: field(Positive, 0.5, "GPU capacity each identity claims (units); it stakes max(capacity x operators.stakePerUnit, operators.minStake)."),
  fakeWork: field(Schema.Boolean, true, "Identities claim capacity they do not run (no GPU cost, the work routed to them is not done); false: they run real GPUs at the operators' costs."),
  costPerIdentityUsd: field(NonNegative, 5, "What one identity costs per epoch beyond GPUs (hosting, fake KYC), USD."),
  detectionPerEpoch: field(Probability, 0, "Probability per epoch that verification (spot checks of work, uptime probes) catches one identity."),
  slashOnDetection: field(Probability, 1, "Share of a caught identity's stake slashed (split like other slashes); it is removed and the rest returns to the attacker."),
  linkOnDetection: field(Probability, 0, "Probability that an epoch's catch exposes every other identity of the attacker too (shared funding addresses, hosts, timing): all are slashed and removed at once.")
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
  slashOnDetection: field(Probability, 0.05, "Share of the members' stake slashed when the cartel is detected; it then disbands.")
})

export const Attack = Schema.Union(GriefingAttack, SybilAttack, CartelAttack).annotations({ description: "An attack, chosen by `kind`: griefing, sybil or cartel." })
export type Attack = typeof Attack.Type

const Support = section(
  {
    operators: field(Probability, 0.5, "Probability an operator who votes, votes yes."),
    validators: field(Probability, 0.5, "Probability a validator who votes, votes yes."),
    holders: field(Probability, 0.5, "Share of the float's (outside holders') votes cast yes.")
  },
  "How each group votes on this proposal (operators tend to favour emission, holders to oppose dilution)."
)

/** A proposal scheduled in the experiment file: it is raised at `epoch` and, if it passes, changes parameters. */
const ScheduledProposal = Schema.Struct({
  name: Schema.String.pipe(Schema.pattern(/^[A-Za-z][A-Za-z0-9_-]*$/, { message: () => "Expected a name of letters, digits, _ or -" })).annotations({ description: "Proposal name (in events and bribery)." }),
  epoch: field(Count, 0, "Epoch the proposal is raised."),
  changes: field(Schema.Record({ key: Schema.String, value: Schema.Number }), {}, "Parameter paths and their new values, applied when the proposal executes, e.g. { token.emission.perEpoch: 250000 }."),
  treasuryTransfer: field(NonNegative, 0, "Tokens the proposal moves out of the treasury into the float; when an attacker targets the proposal (governance.bribery, .sybil or .flashLoan; at most one per proposal) they are its take."),
  proposer: field(
    Schema.Literal("operators", "validators", "holders", "attacker"),
    "holders",
    "Group that raises the proposal; with governance.proposalThreshold > 0 the group's voting power must reach that share of all voting power or the proposal is rejected (attacker: the tokens of governance.sybil's attacker; a flash-loan attacker holds none)."
  ),
  support: Support
})

/** A conviction-voting funding request (1Hive): it asks the treasury for `amount` tokens and is funded once its conviction exceeds the threshold. */
const FundingRequest = Schema.Struct({
  name: Schema.String.pipe(Schema.pattern(/^[A-Za-z][A-Za-z0-9_-]*$/, { message: () => "Expected a name of letters, digits, _ or - (it becomes part of metric names)" })).annotations({
    description: "Request name (metrics gov.request.<name>.conviction / progress / funded)."
  }),
  epoch: field(Count, 0, "Epoch the request is raised (holders start staking on it)."),
  amount: field(Positive, 1_000_000, "Tokens requested from the treasury (to the float when funded); a request of maxRatio x treasury or more can never pass."),
  support: section(
    {
      operators: field(Probability, 0, "Share of the operators' tokens (stake + balance) staked on this request."),
      validators: field(Probability, 0, "Share of the validators' tokens staked on this request."),
      holders: field(Probability, 0.05, "Share of the float's tokens staked on this request.")
    },
    "Support: the share of each group's tokens staked on the request while it is open (the same token cannot back two requests: each group's shares over all requests sum to at most 1)."
  )
})

/** Conviction voting for treasury funding (1Hive's Conviction Voting, models/mechanisms/governance/conviction.ts). */
const Conviction = section(
  {
    requests: field(Schema.Array(FundingRequest), [], "Funding requests decided by conviction voting (empty: none)."),
    decay: field(Probability, 0.9, "alpha: share of a request's conviction kept from one epoch to the next (conviction_t = alpha x conviction_t-1 + tokens staked); an on-chain per-block decay a_block maps to a_block^(blocks per epoch). Below 1."),
    maxRatio: field(Probability, 0.2, "beta: largest share of the treasury one request can ever get (a request of beta x treasury or more never passes)."),
    weight: field(NonNegative, 0.002, "rho: scales the threshold, rho x S / (1 - alpha) / (beta - amount / treasury)^2."),
    minStakeShare: field(Probability, 0.2, "S in the threshold is max(tokens staked on all open requests, this share of the supply) (1Hive's minThresholdStakePercentage), so a few stakers alone cannot pass requests.")
  },
  "Conviction voting on treasury funding requests (1Hive); runs beside token votes on parameter changes."
)

/** A flash-loan attacker: borrows tokens for one block to vote on its own proposal. */
const FlashLoan = section(
  {
    proposal: field(Schema.String, "", "Name of the proposal (in governance.proposals) the attacker votes through with borrowed tokens; its treasury transfer is the attacker's take (empty: no flash loan)."),
    voteShare: field(Probability, 0.7, "Tokens borrowed, as a share of all voters' tokens at that moment (capped by what lenders hold)."),
    lendable: field(Probability, 1, "Share of the float held by lenders (lending pools) and available to borrow."),
    loanFee: field(Probability, 0.0009, "Fee as a share of the tokens borrowed, paid in USD at the price (Aave's was 0.09%).")
  },
  "Flash-loan vote: the attacker borrows from the float, votes and repays within the epoch it votes in: the first epoch the emergency path is open for its proposal, else the epoch the vote closes."
)

/** Vote bribery: an attacker pays voters to vote yes on one proposal (its treasury transfer goes to the attacker). */
const Bribery = section(
  {
    proposal: field(Schema.String, "", "Name of the proposal the briber wants passed (empty: no bribery)."),
    budgetUsd: field(NonNegative, 0, "Most the briber will pay, USD."),
    usdPerVote: field(NonNegative, 0.05, "Bribe per vote (token-weighted: per token of voting power), USD."),
    acceptance: field(Probability, 0.5, "Probability an operator or validator offered a bribe takes it (and votes yes, turning out if it would not have).")
  },
  "Vote bribery."
)

/** Sybil voting: one holder split into many identities (what quadratic voting is weakest to). */
const Sybil = section(
  {
    proposal: field(Schema.String, "", "Name of the proposal the attacker votes for with its identities (empty: no sybil attack)."),
    tokens: field(NonNegative, 0, "Tokens the attacker holds (bought from the float at the start: it keeps them)."),
    identities: field(PositiveInt, 1, "Identities the tokens are split across; under quadratic voting each counts sqrt(its tokens)."),
    costPerIdentityUsd: field(NonNegative, 10, "What one identity costs to create and keep (fees, fake KYC), USD."),
    detection: field(Probability, 0, "Probability each identity is caught by an identity check and its votes excluded.")
  },
  "Sybil voting attack."
)

const Governance = section(
  {
    rule: field(Schema.Literal("token-weighted", "quadratic"), "token-weighted", "Votes per holder: its tokens (stake + balance), or their square root."),
    power: field(Schema.Literal("snapshot", "live"), "snapshot", "Voting power from holdings when the proposal is raised (checkpoints) or when the vote closes (live)."),
    votingDelay: field(Count, 1, "Epochs between a proposal and the start of voting."),
    votingPeriod: field(PositiveInt, 7, "Epochs voting stays open."),
    timelock: field(Count, 2, "Epochs between success and execution."),
    quorum: field(Probability, 0.1, "Votes cast needed, as a share of all voting power."),
    approval: field(Probability, 0.5, "Share of yes among votes cast needed (strictly above)."),
    turnout: section(
      {
        operators: field(Probability, 0.3, "Probability an operator votes on a proposal."),
        validators: field(Probability, 0.5, "Probability a validator votes."),
        holders: field(Probability, 0.05, "Share of the float (outside holders) that votes.")
      },
      "Turnout: the rest are apathetic."
    ),
    delegation: field(Probability, 0, "Share of every group's voting power delegated to delegates who always vote (as the group would)."),
    floatHolders: field(PositiveInt, 10_000, "How many holders the float stands for (quadratic voting counts each)."),
    proposals: field(Schema.Array(ScheduledProposal), [], "Proposals scheduled by the experiment."),
    agentProposals: section(
      {
        enabled: field(Schema.Boolean, false, "Operators raise an emission increase when the median operator margin has been negative for `afterEpochs` epochs."),
        afterEpochs: field(PositiveInt, 14, "Epochs of negative median margin before operators propose."),
        raise: field(NonNegative, 0.5, "Relative emission increase operators propose (0.5: +50%; fixed and exponential-decay emission)."),
        cooldown: field(Count, 60, "Epochs between two agent proposals."),
        support: Support
      },
      "Proposals agents raise themselves."
    ),
    bribery: Bribery,
    sybil: Sybil,
    proposalThreshold: field(Probability, 0, "Share of all voting power the proposing group must hold when it proposes (0: no threshold); below it a scheduled proposal is rejected and operators do not raise theirs (counted in gov.proposalsRejected; they retry after the cooldown)."),
    emergency: section(
      {
        enabled: field(Schema.Boolean, false, "Whether a proposal executes at once when its yes votes reach `supermajority` of all voting power (Beanstalk's emergencyCommit), skipping the rest of the vote and the timelock."),
        supermajority: field(Probability, 2 / 3, "Yes votes, as a share of ALL voting power (not of the votes cast), that execute a proposal early."),
        minEpochs: field(Count, 1, "Epochs of voting (counting the current one) before the emergency path opens.")
      },
      "Emergency path: early execution by a supermajority of all voting power."
    ),
    guardian: section(
      {
        enabled: field(Schema.Boolean, false, "Whether a guardian (a security council or multisig) may cancel proposals and funding requests before they execute, during the vote or the timelock."),
        vetoes: field(Schema.Array(Schema.String), [], "Names of scheduled proposals or funding requests the guardian cancels."),
        maxTreasuryShare: field(Probability, 1, "The guardian also cancels any proposal or request moving more than this share of the treasury (1: only more than the whole treasury)."),
        reactionEpochs: field(Count, 0, "Epochs after a proposal is raised before the guardian can act on it (0: at once); a proposal executed earlier, for instance by the emergency path, is out of its reach.")
      },
      "Guardian: cancels proposals before execution."
    ),
    conviction: Conviction,
    flashLoan: FlashLoan
  },
  "Governance: proposals that change parameters while the network runs."
)

/** Names governance's attackers report under (attack.bribery.*, ...): not available to params.attacks. */
const RESERVED_ATTACK_NAMES: ReadonlyArray<string> = ["bribery", "sybil", "flashLoan"]

const Base = Schema.Struct({
  token: section(
    {
      initialSupply: field(Positive, 1_000_000_000, "Tokens in existence at epoch 0."),
      initialTreasury: field(NonNegative, 100_000_000, "Tokens the treasury holds at epoch 0 (part of the initial supply)."),
      epochsPerYear: field(Positive, 365, "Epochs in a year, to annualize inflation."),
      emission: Schema.optionalWith(Emission, { default: () => ({ kind: "fixed" as const, perEpoch: 500_000 }), exact: true }),
      vesting: field(
        Schema.Array(
          Schema.Struct({
            name: Schema.String.annotations({ description: "Label of the allocation (team, investors, ...)." }),
            tokens: NonNegative.annotations({ description: "Tokens allocated (part of the initial supply, locked at epoch 0)." }),
            cliffEpochs: Count.annotations({ description: "Epochs before anything unlocks." }),
            vestingEpochs: Count.annotations({ description: "Epochs until everything is unlocked (linear from epoch 0; what vested by the cliff unlocks at the cliff)." }),
            sellFraction: Probability.annotations({ description: "Share of each unlock sold on the market at once." })
          })
        ),
        [],
        "Locked allocations released on a cliff + linear schedule into the market."
      ),
      feeBurn: field(Probability, 0, "Share of the fees users pay that is burned (EIP-1559 style); the rest goes to the operators who did the work."),
      operatorShare: field(Probability, 0.7, "Share of each epoch's emission paid to operators, pro rata to capacity served."),
      perOperatorShare: field(Probability, 0, "Share of the operators' emission paid in equal parts to every online operator (a per-node reward, as some DePIN networks pay), the rest pro rata to work; what sybil identities exploit."),
      validatorShare: field(Probability, 0.2, "Share of each epoch's emission paid to validators, pro rata to stake. The rest goes to the treasury.")
    },
    "Token supply and emission."
  ),
  market: section(
    {
      initialPrice: field(Positive, 1, "Token price in USD at epoch 0."),
      drift: field(Num, 0, "Mean log-price change per epoch."),
      volatility: field(NonNegative, 0.03, "Standard deviation of the log-price change per epoch."),
      liquidityUsd: field(Positive, 50_000_000, "Market depth in USD at the initial price: selling that value in tokens moves the log price by about -ln 2."),
      referenceHalfLife: field(Positive, 30, "Half-life in epochs of the price average prospective participants judge token income by."),
      capitalCostPerYear: field(NonNegative, 0.15, "Return a prospective participant requires on the value of the stake it must buy, per year."),
      regimes: field(
        Schema.Array(
          Schema.Struct({
            from: Count.annotations({ description: "First epoch of the regime." }),
            regime: Schema.Literal("calm", "bull", "bear", "quiet-illiquid").annotations({ description: "Volatility regime." }),
            drift: Schema.optionalWith(Num.annotations({ description: "Override the regime's drift (mean log-price change per epoch)." }), { exact: true }),
            volatility: Schema.optionalWith(NonNegative.annotations({ description: "Override the regime's volatility." }), { exact: true }),
            depth: Schema.optionalWith(Positive.annotations({ description: "Override the regime's depth multiplier on liquidityUsd." }), { exact: true })
          })
        ),
        [],
        "Regime schedule, e.g. [{from: 0, regime: calm}, {from: 90, regime: quiet-illiquid}]: each regime sets drift, volatility and depth from its epoch on (see docs). Empty: drift, volatility and liquidityUsd as given."
      )
    },
    "Token market."
  ),
  regions: section(
    {
      names: field(Schema.Array(Schema.String), ["americas", "europe", "asia", "oceania"], "Region names (metrics per region are named after them)."),
      operatorShare: field(Schema.Array(NonNegative), [0.35, 0.3, 0.25, 0.1], "Share of operators (initial and entrants) located in each region."),
      demandShare: field(Schema.Array(NonNegative), [0.35, 0.3, 0.25, 0.1], "Share of demand for AI work arising in each region."),
      latencyMs: field(
        Schema.Array(Schema.Array(NonNegative)),
        [
          [20, 90, 160, 150],
          [90, 20, 200, 250],
          [160, 200, 30, 120],
          [150, 250, 120, 25]
        ],
        "Round-trip latency in ms between regions (row: where the work comes from, column: where it runs)."
      )
    },
    "Regions where operators run GPUs and where demand arises."
  ),
  routing: section(
    {
      policy: field(
        Schema.Literal("largest-first", "light-split", "region-local"),
        "light-split",
        "How work is routed: largest-first (big tasks fill the biggest nodes anywhere; the whole network is one coordination domain), light-split (tasks split into light shards spread over many nodes in fixed-size groups, near the demand), region-local (work stays in its region; each region is a domain)."
      ),
      serviceMs: field(Positive, 50, "Service time of a task at an idle node, in ms (sets queueing delay)."),
      maxQueueMs: field(Positive, 5_000, "Queueing delay of a saturated pool, in ms (beyond it, work is dropped).")
    },
    "Task routing."
  ),
  coordination: section(
    {
      model: CoordinationModel,
      protocol: ProtocolParams,
      law: field(Schema.Literal("linear", "nlogn", "quadratic"), "linear", "(model law: an assumption) How coordination overhead grows with the participants d of a domain: linear d, nlogn d*log2(d), quadratic d^2."),
      cost: field(NonNegative, 0.01, "Capacity units of overhead per unit of the law's f(d), per epoch."),
      groupSize: field(PositiveInt, 16, "Participants per coordination group under light-split routing."),
      latencyScaleMs: field(Positive, 100, "Latency at which a domain's overhead doubles.")
    },
    "Coordination overhead: the work participants spend staying in step instead of serving."
  ),
  demand: section(
    {
      kind: DemandKind,
      agents: DemandAgentsParams,
      feesUsdPerEpoch: field(NonNegative, 250_000, "Fees in USD users would pay per epoch if all demand were served; demand in work units is this / feeUsdPerUnit. Only served work pays."),
      feeUsdPerUnit: field(Positive, 100, "Fee in USD per unit of work served (one capacity unit for one epoch)."),
      growthPerEpoch: field(Num, 0, "Relative change of demand per epoch (0.001 = +0.1% a day)."),
      cycleAmplitude: field(Probability, 0.15, "Amplitude of the demand cycle (0.15 = +-15%), phase-shifted by region like a day/week rhythm."),
      cyclePeriod: field(Positive, 7, "Period of the demand cycle in epochs."),
      shockRate: field(Probability, 0.01, "Probability per epoch and region of a demand shock."),
      shockSize: field(NonNegative, 1, "Mean size of a shock, relative to the region's demand (exponentially distributed)."),
      shockDecay: field(Probability, 0.7, "Fraction of a shock still present after one more epoch.")
    },
    "Demand for AI work."
  ),
  operators: section(
    {
      initial: field(Count, 1_000, "Operators at epoch 0."),
      arrivalsPerEpoch: field(NonNegative, 4, "Mean number of prospective operators per epoch (Poisson); each joins only if its expected profit is positive."),
      capacityMin: field(Positive, 1, "Smallest GPU capacity (units); capacity is Pareto distributed above it."),
      capacityAlpha: field(Positive, 1.6, "Pareto shape of GPU capacity: smaller is more heavy-tailed."),
      capacityMax: field(Positive, 500, "Largest GPU capacity (units)."),
      costPerUnitUsd: field(NonNegative, 150, "Median operating cost per capacity unit per epoch in USD (log-normal across operators)."),
      costSigma: field(NonNegative, 0.3, "Log-space spread of the per-unit cost."),
      fixedCostUsd: field(NonNegative, 40, "Fixed cost per operator per epoch in USD (what makes small operators fragile)."),
      uptime: Range(0.9, 0.999, "uptime (probability of being online in an epoch)", Probability),
      patience: Range(3, 30, "patience (consecutive loss-making epochs tolerated before leaving)"),
      stakePerUnit: field(NonNegative, 5_000, "Tokens an operator stakes per capacity unit to join."),
      minStake: field(NonNegative, 0, "Least stake any operator must put up, tokens (a per-identity cost against sybil operators); an operator stakes max(capacity x stakePerUnit, minStake)."),
      sellFraction: field(Probability, 0.3, "Fraction of token income (fees and emission) sold on the market each epoch."),
      smallBelow: field(Positive, 2, "Operators with capacity below this are 'small' in the size-class metrics."),
      largeFrom: field(Positive, 10, "Operators with capacity at or above this are 'large'; the rest are 'medium'.")
    },
    "GPU operators."
  ),
  validators: section(
    {
      initial: field(Count, 100, "Validators at epoch 0."),
      arrivalsPerEpoch: field(NonNegative, 0.3, "Mean number of prospective validators per epoch (Poisson)."),
      stakeMedian: field(Positive, 1_000_000, "Median validator stake in tokens (log-normal)."),
      stakeSigma: field(NonNegative, 1, "Log-space spread of validator stake."),
      costUsd: field(NonNegative, 400, "Operating cost per validator per epoch in USD."),
      patience: Range(5, 60, "validator patience (loss-making epochs tolerated)"),
      sellFraction: field(Probability, 0.5, "Fraction of token rewards sold each epoch.")
    },
    "Validators."
  ),
  slashing: section(
    {
      downtime: field(Schema.Boolean, false, "Slash and jail operators that are offline too often (Cosmos x/slashing rules, one epoch = one signing round)."),
      signedWindow: field(PositiveInt, 100, "Signing window in epochs."),
      minSignedPerWindow: field(Probability, 0.5, "Share of the window an operator must be online."),
      downtimeFraction: field(Probability, 0.01, "Stake slashed for downtime."),
      jailEpochs: field(Count, 10, "Epochs a jailed operator earns nothing (it still pays its costs)."),
      doubleSignRate: field(Probability, 0, "Probability per epoch that a validator double-signs (equivocates)."),
      doubleSignRule: field(
        Schema.Literal("fraction", "electra"),
        "fraction",
        "What a double-signing validator pays (it is tombstoned either way: removed for good). fraction: doubleSignFraction of its stake, split by toTreasury / toWhistleblower like every slash. electra: Ethereum's slash_validator, in gwei (1 token = 1e9 gwei): an initial penalty of effective balance // 4096 (effective balance: its stake in whole tokens; split like every slash, Ethereum burns it) and a whistleblower reward of effective balance // 4096, newly minted as in the spec (counted in the emission metric), of which a proposer (another validator, drawn by stake) gets 8/64 and the reporter (the float) the rest; doubleSignFraction is unused."
      ),
      doubleSignFraction: field(Probability, 0.05, "Stake slashed for double signing under doubleSignRule fraction; the validator is tombstoned (removed for good)."),
      correlated: field(Schema.Boolean, false, "Ethereum (Electra): a double-signing validator also pays the correlation penalty, min(3 x stake slashed in the window, total stake) per unit of total stake, times its stake (on top of either doubleSignRule, at once rather than 18 days later)."),
      correlationWindow: field(PositiveInt, 36, "Epochs over which slashings are summed for the correlation penalty (Ethereum: 8,192 epochs, about 36 days)."),
      inactivityLeak: field(Schema.Boolean, false, "Ethereum inactivity leak: while less than 2/3 of operator capacity is online, offline operators gain 4 score points per round (online: -1; -16 more outside a leak) and each round an offline operator loses stake x score / 2^26 (burned; online operators pay nothing, as in the spec)."),
      leakRoundsPerEpoch: field(PositiveInt, 1, "Inactivity-leak rounds (Ethereum epochs) per epoch, each with the epoch's participation and leak state; Ethereum has 225 a day, so a day-long epoch with 225 leaks at Ethereum's pace (an operator offline through a whole leak keeps about exp(-t^2 / 2^25) of its stake after t rounds: 61% after 4,096 rounds, about 18 days)."),
      toTreasury: field(Probability, 0, "Share of slashed stake sent to the treasury."),
      toWhistleblower: field(Probability, 0, "Share of slashed stake paid to the reporter (to the float: an outside party).")
    },
    "Slashing. The rest of a slash (1 - toTreasury - toWhistleblower) is burned."
  ),
  nakamotoThreshold: field(Probability, 1 / 3, "Stake share the Nakamoto coefficient counts to (1/3 halts BFT consensus)."),
  governance: Governance,
  attacks: field(Schema.Array(Attack), [], "Attacks on the network, by `kind`: griefing (DoS a region), sybil (fake operator identities), cartel (validators withholding operators' rewards); each reports cost, profit, success and the epoch detected as attack.<name>.* metrics (fields and metrics: docs/attacks.md).")
}).pipe(
  Schema.filter((p) =>
    p.token.operatorShare + p.token.validatorShare <= 1 + 1e-12
      ? undefined
      : {
          path: ["token", "validatorShare"],
          message: `Expected token.operatorShare + token.validatorShare <= 1, got ${p.token.operatorShare + p.token.validatorShare}`
        }
  ),
  Schema.filter((p) =>
    p.operators.capacityMin <= p.operators.capacityMax
      ? undefined
      : { path: ["operators", "capacityMax"], message: "Expected operators.capacityMax >= operators.capacityMin" }
  ),
  Schema.filter((p) =>
    p.slashing.toTreasury + p.slashing.toWhistleblower <= 1 + 1e-12
      ? undefined
      : { path: ["slashing", "toWhistleblower"], message: "Expected slashing.toTreasury + slashing.toWhistleblower <= 1" }
  ),
  Schema.filter((p) => {
    if (p.token.emission.kind !== "expression") return undefined
    const c = compileExpression(p.token.emission.expression, { variables: EMISSION_VARIABLES, result: "number" })
    return c.ok ? undefined : { path: ["token", "emission", "expression"], message: c.error }
  }),
  Schema.filter((p) => {
    const n = p.regions.names.length
    if (n === 0) return { path: ["regions", "names"], message: "Expected at least one region" }
    if (new Set(p.regions.names).size !== n) return { path: ["regions", "names"], message: "Expected distinct region names" }
    const bad = p.regions.names.find((x) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(x))
    if (bad !== undefined) return { path: ["regions", "names"], message: `Expected region names of letters, digits or _ (they become metric names), got ${JSON.stringify(bad)}` }
    for (const key of ["operatorShare", "demandShare"] as const) {
      const xs = p.regions[key]
      if (xs.length !== n) return { path: ["regions", key], message: `Expected ${n} values (one per region in regions.names), got ${xs.length}` }
      if (!(xs.reduce((a, b) => a + b, 0) > 0)) return { path: ["regions", key], message: "Expected shares with a positive sum" }
    }
    const lat = p.regions.latencyMs
    if (lat.length !== n || lat.some((row) => row.length !== n)) return { path: ["regions", "latencyMs"], message: `Expected a ${n} x ${n} matrix (one row and column per region)` }
    if (p.operators.smallBelow > p.operators.largeFrom) return { path: ["operators", "largeFrom"], message: "Expected operators.largeFrom >= operators.smallBelow" }
    return undefined
  }),
  Schema.filter((p) => {
    const names = new Set<string>()
    for (const [i, prop] of p.governance.proposals.entries()) {
      if (names.has(prop.name)) return { path: ["governance", "proposals", i, "name"], message: `Expected distinct proposal names, "${prop.name}" repeats` }
      names.add(prop.name)
      for (const path of Object.keys(prop.changes)) {
        if (/^(attacks|governance\.(proposals|bribery|sybil|agentProposals|flashLoan|conviction\.requests|guardian\.vetoes))\b/.test(path)) return { path: ["governance", "proposals", i, "changes", path], message: "Expected a model parameter (governance settings such as governance.quorum are allowed; proposals, attackers and attacks are not)" }
        if (typeof getPath(p, path) !== "number") return { path: ["governance", "proposals", i, "changes", path], message: `Expected the path of a numeric parameter, got "${path}"` }
      }
    }
    const b = p.governance.bribery.proposal
    if (b !== "" && !names.has(b)) return { path: ["governance", "bribery", "proposal"], message: `Expected the name of a proposal in governance.proposals, got ${JSON.stringify(b)}` }
    const sy = p.governance.sybil.proposal
    if (sy !== "" && !names.has(sy)) return { path: ["governance", "sybil", "proposal"], message: `Expected the name of a proposal in governance.proposals, got ${JSON.stringify(sy)}` }
    const fl = p.governance.flashLoan.proposal
    if (fl !== "" && !names.has(fl)) return { path: ["governance", "flashLoan", "proposal"], message: `Expected the name of a proposal in governance.proposals, got ${JSON.stringify(fl)}` }
    // One attacker per proposal: its treasury transfer is that attacker's take.
    const targets: Array<readonly [string, string]> = [["bribery", b], ["sybil", sy], ["flashLoan", fl]]
    for (const [i, [who, target]] of targets.entries()) {
      const other = targets.slice(0, i).find(([, t]) => t !== "" && t === target)
      if (other) return { path: ["governance", who, "proposal"], message: `Expected a proposal no other attacker targets (governance.${other[0]} already targets ${JSON.stringify(target)}; its treasury transfer is one attacker's take)` }
    }
    const c = p.governance.conviction
    if (!(c.decay < 1)) return { path: ["governance", "conviction", "decay"], message: `Expected a decay below 1, got ${c.decay}` }
    const staked = { operators: 0, validators: 0, holders: 0 }
    for (const [i, r] of c.requests.entries()) {
      if (names.has(r.name)) return { path: ["governance", "conviction", "requests", i, "name"], message: `Expected distinct names for proposals and funding requests, "${r.name}" repeats` }
      names.add(r.name)
      for (const g of ["operators", "validators", "holders"] as const) {
        staked[g] += r.support[g]
        if (staked[g] > 1 + 1e-12) return { path: ["governance", "conviction", "requests", i, "support", g], message: `Expected the ${g}' support over all requests to sum to at most 1 (a token backs one request), got ${staked[g]}` }
      }
    }
    for (const [i, v] of p.governance.guardian.vetoes.entries()) {
      if (!names.has(v)) return { path: ["governance", "guardian", "vetoes", i], message: `Expected the name of a proposal in governance.proposals or a request in governance.conviction.requests, got ${JSON.stringify(v)}` }
    }
    return undefined
  }),
  Schema.filter((p) => {
    const seen = new Set<string>()
    for (const [i, a] of p.attacks.entries()) {
      if (seen.has(a.name)) return { path: ["attacks", i, "name"], message: `Expected distinct attack names, "${a.name}" repeats` }
      if (RESERVED_ATTACK_NAMES.includes(a.name)) return { path: ["attacks", i, "name"], message: `Expected a name other than ${RESERVED_ATTACK_NAMES.join(", ")} (governance's attackers report as attack.<that>.*), got "${a.name}"` }
      seen.add(a.name)
      if (a.kind !== "cartel" && (a.kind === "griefing" || a.region !== "") && !p.regions.names.includes(a.region)) return { path: ["attacks", i, "region"], message: `Expected one of regions.names (${p.regions.names.join(", ")}), got ${JSON.stringify(a.region)}` }
      if (a.kind === "griefing" && a.ownOperators > 0 && (!p.regions.names.includes(a.ownRegion) || a.ownRegion === a.region)) {
        return { path: ["attacks", i, "ownRegion"], message: `Expected one of regions.names other than the attacked ${JSON.stringify(a.region)} (the attacker's operators must be elsewhere), got ${JSON.stringify(a.ownRegion)}` }
      }
    }
    return undefined
  }),
  Schema.filter((p) => {
    for (const [group, r] of [["operators", p.operators.uptime], ["operators", p.operators.patience], ["validators", p.validators.patience]] as const) {
      if (r.min > r.max) return { path: [group, r === p.operators.uptime ? "uptime" : "patience", "max"], message: `Expected max >= min, got min ${r.min} and max ${r.max}` }
    }
    return undefined
  })
)

/**
 * The parameters, with each scheduled proposal's changes checked against the parameter's own
 * rules: the experiment's parameters with that one change must decode (a proposal setting a
 * slashing fraction to 1.5 is refused when the experiment is read, not when it executes).
 */
export const GpuNetworkParams = Base.pipe(
  Schema.filter((p) => {
    if (p.governance.proposals.length === 0) return undefined
    const encoded = Schema.encodeSync(Base)(p)
    for (const [i, prop] of p.governance.proposals.entries()) {
      for (const [path, value] of Object.entries(prop.changes)) {
        const r = Schema.decodeUnknownEither(Base)(setPath(encoded, path, value))
        if (Either.isLeft(r)) {
          const issue = ParseResult.ArrayFormatter.formatErrorSync(r.left)[0]
          return { path: ["governance", "proposals", i, "changes", path], message: `Expected a value ${path} accepts: ${issue?.message ?? "invalid"}` }
        }
      }
    }
    return undefined
  })
)

export type GpuNetworkParams = typeof GpuNetworkParams.Type
