/**
 * Parameters of the governance-capture model. An epoch is one hour: Beanstalk's emergency path
 * opened one day (24 epochs) after a proposal; Compound's voting period is about 3 days.
 */
import * as Schema from "effect/Schema"
import { Count, field, NonNegative, Num, Positive, PositiveInt, Probability, section } from "../../src/kit/index.ts"

const Fields = Schema.Struct({
  holders: section(
    {
      count: field(PositiveInt, 2_000, "Honest token holders (at least one: their supply needs holders)."),
      supply: field(Positive, 100_000_000, "Tokens held by honest holders."),
      balanceAlpha: field(Positive, 1.3, "Pareto shape of holder balances (smaller: a few whales hold more)."),
      balances: field(
        Schema.Array(NonNegative),
        [],
        "The honest holders as a holder distribution, one balance in tokens each (usually from a data file: data: {holders.balances: {file, column}}); replaces count, supply and balanceAlpha: each balance is a holder's voting power (its square root under quadratic voting) and their sum the honest supply, which coalitionShare and the lenders' depth are shares of. Empty: drawn."
      )
    },
    "Token holders."
  ),
  treasury: field(NonNegative, 50_000_000, "Tokens in the treasury a proposal can transfer."),
  price: field(Positive, 1, "Token price in USD."),
  governance: section(
    {
      rule: field(Schema.Literal("token-weighted", "quadratic"), "token-weighted", "Votes per holder: its balance, or its square root."),
      power: field(Schema.Literal("snapshot", "live"), "snapshot", "Voting power from balances at the proposal's snapshot (OpenZeppelin Governor) or at the moment of voting (Beanstalk)."),
      votingDelay: field(Count, 24, "Epochs between proposal and the start of voting."),
      votingPeriod: field(Count, 72, "Epochs voting stays open."),
      timelock: field(Count, 48, "Epochs between success and execution."),
      quorum: field(Probability, 0.04, "Votes cast needed, as a share of all voting power."),
      approval: field(Probability, 0.5, "Share of yes among yes + no needed to pass (strictly above)."),
      emergencyEnabled: field(Schema.Boolean, false, "Whether a supermajority can execute a proposal early (Beanstalk's emergencyCommit)."),
      emergencySupermajority: field(Probability, 2 / 3, "Yes votes, as a share of all voting power, that execute a proposal early."),
      emergencyAfter: field(Count, 24, "Epochs after the proposal before the emergency path opens.")
    },
    "Governance process."
  ),
  voters: section(
    {
      turnout: field(Probability, 0.2, "Probability an honest holder votes on a proposal (the rest are apathetic)."),
      opposition: field(Probability, 0.9, "Probability an honest voter votes against a treasury grab.")
    },
    "Honest voters' behaviour."
  ),
  attack: section(
    {
      kind: field(Schema.Literal("none", "flash-loan", "coalition"), "none", "none; flash-loan (borrow, vote, execute through the emergency path, repay); coalition (a whale coalition holding tokens votes a treasury grab through)."),
      proposeAt: field(Count, 0, "Epoch the attacker proposes the treasury grab."),
      grabShare: field(Probability, 1, "Share of the treasury the proposal transfers to the attacker."),
      voteShare: field(
        Num.pipe(Schema.greaterThanOrEqualTo(0), Schema.lessThan(1, { message: (i) => `Expected a share >= 0 and below 1 (all of the power would need infinite tokens), got ${JSON.stringify(i.actual)}` })),
        0.79,
        "flash-loan: share of all voting power the borrowed tokens give the attacker (below 1)."
      ),
      loanFee: field(Probability, 0.0009, "flash-loan: fee as a share of the amount borrowed (Aave's was 0.09%)."),
      lendable: field(
        NonNegative,
        10_000_000_000,
        "flash-loan: tokens the lending pools hold and can lend in one transaction (Beanstalk's attacker borrowed about $1B from Aave, Uniswap and SushiSwap); the loan is at most this, so with less the attacker holds less of the vote."
      ),
      mode: field(
        Schema.Literal("scheduled", "optimize"),
        "scheduled",
        "flash-loan: scheduled borrows for voteShare of all voting power in the first epoch the emergency path is open (a replay of a given attack); optimize prices the smallest loan that carries the emergency vote each epoch the path is open, and borrows only when the pools can lend it and the take exceeds the fee (voteShare is then ignored; docs/attacks.md)."
      ),
      coalitionShare: field(Probability, 0.05, "coalition: tokens the coalition holds at the snapshot, as a share of the honest supply."),
      liquidityUsd: field(NonNegative, 0, "coalition: USD depth of the market the coalition buys its tokens on before proposing (a constant-product pool; 0: it already holds them). The premium paid over the spot price is the attack's cost."),
      swapFee: field(Probability, 0.003, "coalition: fee of that market (Uniswap v2: 0.3%).")
    },
    "The attacker."
  )
})

/** A holder distribution must hold some tokens: the honest supply is its sum. */
export const GovernanceCaptureParams = Fields.pipe(
  Schema.filter((p) =>
    p.holders.balances.length > 0 && !(p.holders.balances.reduce((a, b) => a + b, 0) > 0)
      ? { path: ["holders", "balances"], message: "Expected balances that sum to more than 0 (their sum is the honest supply)" }
      : undefined
  )
)
export type GovernanceCaptureParams = typeof GovernanceCaptureParams.Type
