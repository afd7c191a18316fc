/**
 * gpu-network's `governance`: proposals, voting rules, the emergency path, the guardian,
 * conviction voting, and the vote attackers (flash loan, bribery, sybil voting).
 */
import * as Schema from "effect/Schema"
import { Count, field, NonNegative, Positive, PositiveInt, Probability, section } from "../../../src/kit/index.ts"

const Support = section(
  {
    operators: field(Probability, 0.5, "Probability an operator who votes, votes yes."),
    validators: field(Probability, 0.5, "Probability a validator who votes, votes yes."),
    holders: field(Probability, 0.5, "Share of the outside holders' votes cast yes.")
  },
  "How each group votes on this proposal (operators tend to favour emission, holders to oppose dilution)."
)

/** A proposal scheduled in the experiment file: it is raised at `epoch` and, if it passes, changes parameters. */
const ScheduledProposal = Schema.Struct({
  name: Schema.String.pipe(Schema.pattern(/^[A-Za-z][A-Za-z0-9_-]*$/, { message: () => "Expected a name of letters, digits, _ or -" })).annotations({ description: "Proposal name (in events and bribery)." }),
  epoch: field(Count, 0, "Epoch the proposal is raised."),
  changes: field(Schema.Record({ key: Schema.String, value: Schema.Number }), {}, "Parameter paths and their new values, applied when the proposal executes, e.g. { token.emission.perEpoch: 250000 }."),
  treasuryTransfer: field(NonNegative, 0, "Tokens (a number of tokens, not a share of the treasury; 0 for none, else at least 1) the proposal moves out of the treasury to the outside holders; when an attacker targets the proposal (governance.bribery, .sybil or .flashLoan; at most one per proposal) they are its take."),
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
  amount: field(Positive, 1_000_000, "Tokens requested from the treasury (to the outside holders when funded); a request of maxRatio x treasury or more can never pass."),
  support: section(
    {
      operators: field(Probability, 0, "Share of the operators' tokens (stake + balance) staked on this request."),
      validators: field(Probability, 0, "Share of the validators' tokens staked on this request."),
      holders: field(Probability, 0.05, "Share of the outside holders' tokens staked on this request.")
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
    lendable: field(Probability, 1, "Share of the outside tokens held by lenders (lending pools) and available to borrow."),
    loanFee: field(Probability, 0.0009, "Fee as a share of the tokens borrowed, paid in USD at the price (Aave's was 0.09%)."),
    mode: field(
      Schema.Literal("scheduled", "optimize"),
      "scheduled",
      "scheduled: borrow voteShare at the first epoch the emergency path is open, else at the close (a replay). optimize: at each of those epochs, price the smallest loan that carries the vote (counted by the same tally) and borrow it only when lenders hold that much and the treasury transfer is worth more than the fee; voteShare is then ignored (docs/attacks.md)."
    )
  },
  "Flash-loan vote: the attacker borrows from the outside holders, votes and repays within the epoch it votes in: the first epoch the emergency path is open for its proposal, else the epoch the vote closes."
)

/** Vote bribery: an attacker pays voters to vote yes on one proposal (its treasury transfer goes to the attacker). */
const Bribery = section(
  {
    proposal: field(Schema.String, "", "Name of the proposal the briber wants passed (empty: no bribery)."),
    budgetUsd: field(NonNegative, 0, "Most the briber will pay, USD."),
    usdPerVote: field(NonNegative, 0.05, "Bribe per vote (token-weighted: per token of voting power), USD; optimize: the premium per vote a voter asks on top of what the proposal costs it."),
    acceptance: field(Probability, 0.5, "Probability an operator or validator offered a bribe takes it (and votes yes, turning out if it would not have); optimize: the share of them open to bribes at all (drawn per voter from the proposal's draws)."),
    mode: field(
      Schema.Literal("scheduled", "optimize"),
      "scheduled",
      "scheduled: every operator or validator not voting yes is offered usdPerVote per vote when the proposal is counted, until the budget runs out (a replay). optimize: the briber forecasts the ballot with the proposal's own draws, prices each voter's vote from its economics (what the proposal costs it, plus usdPerVote), buys the cheapest votes that carry the proposal, and only when the treasury transfer is worth more than the bribes and they fit the budget (docs/attacks.md)."
    )
  },
  "Vote bribery."
)

/** Sybil voting: one holder split into many identities (what quadratic voting is weakest to). */
const Sybil = section(
  {
    proposal: field(Schema.String, "", "Name of the proposal the attacker votes for with its identities (empty: no sybil attack)."),
    tokens: field(NonNegative, 0, "Tokens the attacker holds (bought from the outside holders at the start: it keeps them)."),
    identities: field(PositiveInt, 1, "Identities the tokens are split across; under quadratic voting each counts sqrt(its tokens) (optimize: the most it considers)."),
    costPerIdentityUsd: field(NonNegative, 10, "What one identity costs to create and keep (fees, fake KYC), USD."),
    detection: field(Probability, 0, "Probability each identity is caught by an identity check and its votes excluded."),
    mode: field(
      Schema.Literal("scheduled", "optimize"),
      "scheduled",
      "scheduled: the attacker holds `tokens` from epoch 0 split over `identities` (a replay). optimize: when its proposal is raised the attacker forecasts the ballot with the proposal's own draws and prices, for 1, 2, 4, ... up to `identities` identities, the fewest tokens that carry the vote (bought on the market, sold back after the vote) and the identities' cost until the vote; it buys the cheapest plan only when the treasury transfer is worth more; `tokens` is then ignored (docs/attacks.md)."
    ),
    budgetUsd: field(NonNegative, 100_000_000, "optimize: the most the attacker can spend on tokens, USD.")
  },
  "Sybil voting attack."
)

export const Governance = section(
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
        holders: field(Probability, 0.05, "Share of the outside holders that votes.")
      },
      "Turnout: the rest are apathetic."
    ),
    delegation: field(Probability, 0, "Share of every group's voting power delegated to delegates who always vote (as the group would)."),
    voters: field(
      Schema.Literal("stated", "economic"),
      "stated",
      "How voters choose: stated, yes with each proposal's `support` per group; economic, each operator, validator and the outside holders (as one) vote yes only when the proposal leaves each better off in tokens over voterHorizon epochs (its change in rewards less the dilution of its holdings; docs/governance.md), and a proposal's `support` is used only when it changes nothing voters can price."
    ),
    voterHorizon: field(PositiveInt, 30, "economic voters: epochs over which a voter weighs a change in its rewards per epoch against a one-off treasury transfer's dilution."),
    outsideHolders: field(PositiveInt, 10_000, "How many holders the outside tokens stand for (quadratic voting counts each)."),
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
export const RESERVED_ATTACK_NAMES: ReadonlyArray<string> = ["bribery", "sybil", "flashLoan"]
