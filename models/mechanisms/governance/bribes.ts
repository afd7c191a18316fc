/**
 * Vote buying priced from voters' economics: the cheapest set of bribes that carries a vote,
 * and what the briber expects to make.
 *
 * A voter who would not vote yes sells its own (undelegated) power for what the proposal costs
 * it plus a premium per vote: price = loss x tokenPrice + premium x power, where `loss` is the
 * tokens the proposal takes from the voter (its net loss over the horizon under economic voters,
 * economicVote.ts; 0 under stated preferences, which price nothing). Buying a non-voter adds its
 * power to yes and to the turnout; buying a voter who votes no moves its power from no to yes
 * (twice the margin). The briber buys in order of price per vote swung until the ballot passes
 * (a greedy cover: not always the cheapest set, never one that fails to pass).
 *
 * Assumed (docs/attacks.md): each voter values only its own loss (pivotality is ignored: a small
 * voter sells for little although the harm to all holders is large, the externality vote buying
 * feeds on; Dekel, Jackson & Wolinsky, "Vote Buying: General Elections", 2008), the briber knows
 * which voters would vote and how, and the transfer is valued at today's price.
 */
import { ballotPasses, type Ballot } from "./tally.ts"
import type { PassRule } from "./voting.ts"

/** A voter the briber can buy. */
export interface BribeCandidate {
  /** Which voter (the model's stream and slot), for paying it when the vote is counted. */
  readonly stream: number
  readonly slot: number
  /** Power it moves to yes (its own, undelegated power). */
  readonly power: number
  /** It would vote no (else it would not vote). */
  readonly votesNo: boolean
  /** What it asks, USD. */
  readonly priceUsd: number
}

/** What a voter asks: its loss in tokens at the price, plus `premiumUsdPerVote` per vote of its own power. */
export const askUsd = (lossTokens: number, tokenPrice: number, power: number, premiumUsdPerVote: number): number =>
  Math.max(0, lossTokens) * tokenPrice + power * premiumUsdPerVote

/** The bribes that carry the vote: the voters bought and what they cost (NaN: no set of them carries it). */
export interface BribePlan {
  readonly bought: ReadonlyArray<BribeCandidate>
  readonly costUsd: number
  readonly votesBought: number
}

/** The votes one bribe swings: twice its power for a no turned yes. */
const swing = (c: BribeCandidate): number => (c.votesNo ? 2 * c.power : c.power)

/** The greedy cover: buy in order of price per vote swung until `base` plus the bought votes passes `rule`. */
export const cheapestBribes = (base: Ballot, candidates: ReadonlyArray<BribeCandidate>, rule: PassRule): BribePlan => {
  const b = { ...base }
  if (ballotPasses(b, rule)) return { bought: [], costUsd: 0, votesBought: 0 }
  const order = candidates.filter((c) => c.power > 0).sort((x, y) => x.priceUsd / swing(x) - y.priceUsd / swing(y) || x.stream - y.stream || x.slot - y.slot)
  const bought: Array<BribeCandidate> = []
  let cost = 0
  let votes = 0
  for (const c of order) {
    b.yes += c.power
    if (c.votesNo) b.no -= c.power
    bought.push(c)
    cost += c.priceUsd
    votes += c.power
    if (ballotPasses(b, rule)) return { bought, costUsd: cost, votesBought: votes }
  }
  return { bought: [], costUsd: Number.NaN, votesBought: Number.NaN }
}

/** The briber's expected profit: the transfer at today's price less the bribes (NaN when no bribes carry the vote). */
export const bribeProfitUsd = (plan: BribePlan, transferTokens: number, tokenPrice: number): number => transferTokens * tokenPrice - plan.costUsd
