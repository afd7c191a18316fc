/**
 * Sybil voting priced: how many tokens to buy and over how many identities to split them so
 * that a proposal passes, and what that costs.
 *
 * `n` identities holding `T` tokens in equal parts cast n x votes(T / n) (quadratic voting:
 * sqrt(n T), so splitting multiplies the votes by sqrt(n); token-weighted: T, splitting gains
 * nothing); an identity check excludes each with probability `d`, so the expected votes counted
 * are (1 - d) of them while all count in the total power. For each n the attacker needs the
 * smallest T that carries the ballot (bisection, ./flashLoan.ts `loanNeeded`); it buys T on a
 * constant-product pool and sells it back after the vote, and keeps each identity for the
 * epochs until the vote is decided:
 *
 *   cost(n) = buy(T) - sell(T) + n x costPerIdentity x epochs
 *   E[profit] = transfer x price - min over n of cost(n)
 *
 * Assumed (docs/attacks.md): the ballot without it is the forecast it is given; the price does
 * not move between its buy and its sale; checks catch the expected share of identities.
 */
import { buyCostUsd, sellProceedsUsd } from "../market/pool.ts"
import { loanNeeded } from "./flashLoan.ts"
import { ballotPasses, type Ballot } from "./tally.ts"
import { votesFor, type PassRule, type VotingRule } from "./voting.ts"

export interface SybilVoteTerms {
  readonly rule: VotingRule
  readonly pass: PassRule
  readonly maxIdentities: number
  readonly detection: number
  readonly costPerIdentityUsd: number
  /** Epochs each identity is kept (until the vote is decided). */
  readonly epochs: number
  readonly price: number
  readonly depthTokens: number
  /** Tokens there are to buy (the outside holders' tokens). */
  readonly available: number
  readonly transferTokens: number
  readonly budgetUsd: number
}

export interface SybilVotePlan {
  readonly identities: number
  readonly tokens: number
  readonly costUsd: number
  readonly expectedProfitUsd: number
}

/** Identity counts it considers: powers of two up to the most it can run, and that most. */
export const identityCounts = (max: number): ReadonlyArray<number> => {
  const out: Array<number> = []
  for (let n = 1; n < max; n *= 2) out.push(n)
  out.push(max)
  return out
}

/** Tokens `n` identities need to carry `base` (Infinity: none do). */
export const tokensNeeded = (base: Ballot, n: number, t: SybilVoteTerms): number => {
  const carries = (tokens: number) => {
    const power = n * votesFor(t.rule, tokens / n)
    return ballotPasses({ yes: base.yes + (1 - t.detection) * power, no: base.no, total: base.total + power }, t.pass)
  }
  return loanNeeded(carries, Math.max(1, base.total * 1e-3), 1e-6 * Math.max(1, base.total))
}

/**
 * The cheapest way to carry the vote. NaN profit: no count it considers can within the outside holders' tokens,
 * the pool and the budget; `tokens` is then the fewest any count needs (NaN: none carries it).
 */
export const sybilVotePlan = (base: Ballot, t: SybilVoteTerms): SybilVotePlan => {
  let best: SybilVotePlan = { identities: 0, tokens: Number.NaN, costUsd: Number.NaN, expectedProfitUsd: Number.NaN }
  let fewest = Number.POSITIVE_INFINITY
  for (const n of identityCounts(t.maxIdentities)) {
    const tokens = tokensNeeded(base, n, t)
    if (tokens < fewest) fewest = tokens
    if (!Number.isFinite(tokens) || tokens > t.available) continue
    const buy = buyCostUsd(tokens, t.depthTokens, t.price)
    if (!Number.isFinite(buy) || buy > t.budgetUsd) continue
    const cost = buy - sellProceedsUsd(tokens, t.depthTokens, t.price) + n * t.costPerIdentityUsd * t.epochs
    if (Number.isNaN(best.costUsd) || cost < best.costUsd) best = { identities: n, tokens, costUsd: cost, expectedProfitUsd: t.transferTokens * t.price - cost }
  }
  return Number.isNaN(best.costUsd) && Number.isFinite(fewest) ? { ...best, tokens: fewest } : best
}
