/**
 * Flash-loan voting power (Beanstalk, April 2022): tokens borrowed and repaid within one
 * transaction vote with live power and have none at a snapshot taken before the loan. The loan
 * is limited by what lenders can lend; a model says where the tokens come from (outside the
 * electorate, or out of the voters' own tokens outside the network) and counts the borrowed votes through tally.ts.
 */
import { powerOf, votesFor, type VotingRule } from "./voting.ts"

/** Votes `tokens` borrowed now carry under `mode` power: their votes when live, none at an earlier snapshot. */
export const borrowedPower = (rule: VotingRule, mode: "snapshot" | "live", tokens: number): number => votesFor(rule, powerOf(mode, 0, tokens))

/**
 * Tokens to borrow from lenders outside the electorate for `share` of all voting power, when the
 * other voters hold `others` votes: share / (1 - share) x others votes, which under quadratic
 * voting (one balance, square-root votes) cost their square in tokens.
 */
export const tokensForShare = (rule: VotingRule, share: number, others: number): number => {
  const votes = (share / (1 - share)) * others
  return rule === "quadratic" ? votes * votes : votes
}

/** What a pool holding `available` tokens lends against a request of `wanted`: the amount and what it could not lend. */
export const lend = (wanted: number, available: number): { readonly amount: number; readonly shortfall: number } => ({
  amount: Math.max(0, Math.min(wanted, available)),
  shortfall: Math.max(0, wanted - Math.max(0, available))
})

/**
 * The smallest loan for which `carries(tokens)` holds (the vote passes with that many borrowed),
 * to `tolerance` tokens: doubling from `guess` until a loan carries it, then bisection (`carries`
 * must be monotone: more borrowed never loses a vote). Infinity when no loan of up to 2^100
 * times `guess` carries it (borrowed tokens weigh nothing at a snapshot; a timelock outlives the
 * loan). Sizing the loan is the attacker's decision; whether the pools can lend it is `lend`'s.
 */
export const loanNeeded = (carries: (tokens: number) => boolean, guess: number, tolerance: number): number => {
  if (carries(0)) return 0
  let hi = guess > 0 ? guess : 1
  let doublings = 0
  while (!carries(hi)) {
    if (++doublings > 100) return Number.POSITIVE_INFINITY
    hi *= 2
  }
  let lo = 0
  for (let k = 0; k < 200 && hi - lo > tolerance; k++) {
    const mid = (lo + hi) / 2
    if (carries(mid)) hi = mid
    else lo = mid
  }
  return hi
}
