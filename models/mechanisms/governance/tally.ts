/**
 * The tally: one way of counting a vote for every model. A `Ballot` holds the yes and no votes
 * cast and all voting power (cast or not); voters are added to it one by one or as an
 * aggregate, and the pass rules of voting.ts decide it.
 *
 * - Delegation: a share `delegation` of a voter's power is delegated to a delegate who always
 *   votes, as the voter would on average (yes with weight `support`); the rest is the voter's
 *   own and votes only if the voter turns out.
 * - Turnout: whether a voter turns out is the caller's draw (`votes`); an aggregate of many small
 *   holders casts its expected share, `turnout` of its undelegated power.
 * - Attackers' votes (borrowed tokens, sybil identities, a coalition) enter as yes votes through
 *   `castYes`, counted in all voting power like anyone's, so every vote attack is counted by the
 *   same tally as honest voters.
 *
 * Floating-point order is part of the contract: models' results are compared byte for byte,
 * so each function adds in one fixed order.
 */
import { emergencyPasses, passes, type PassRule } from "./voting.ts"

/** A count in progress. */
export interface Ballot {
  yes: number
  no: number
  /** All voting power, cast or not. */
  total: number
}

export const emptyBallot = (): Ballot => ({ yes: 0, no: 0, total: 0 })

/**
 * One voter with `power` votes (already under the voting rule): counted in all power; its
 * delegated share votes yes with weight `support`; its own share votes when `votes`, yes when
 * `yesVote`.
 */
export const castVoter = (b: Ballot, power: number, delegation: number, support: number, votes: boolean, yesVote: boolean): void => {
  b.total += power
  const delegated = power * delegation
  b.yes += delegated * support
  b.no += delegated * (1 - support)
  const own = power - delegated
  if (votes) {
    if (yesVote) b.yes += own
    else b.no += own
  }
}

/** The undelegated part of a voter's power (what it votes with itself, or is bribed for). */
export const ownPower = (power: number, delegation: number): number => power - power * delegation

/** Many small holders with `power` votes in all, casting their expected votes: delegated power and `turnout` of the rest. */
export const castAggregate = (b: Ballot, power: number, delegation: number, turnout: number, support: number): void => {
  b.total += power
  const cast = power * (delegation + (1 - delegation) * turnout)
  b.yes += cast * support
  b.no += cast * (1 - support)
}

/** An attacker's `power` votes, all yes; `counted` of them survive an identity check (default all). */
export const castYes = (b: Ballot, power: number, counted: number = power): void => {
  b.total += power
  b.yes += counted
}

/** A vote by power already counted in `total` (a model that sets all power at the close). */
export const castOwn = (b: Ballot, power: number, yesVote: boolean): void => {
  if (yesVote) b.yes += power
  else b.no += power
}

/** Votes cast / all voting power (0 with no power). */
export const turnoutOf = (b: Ballot): number => (b.total > 0 ? (b.yes + b.no) / b.total : 0)

/** Yes / votes cast (NaN with none cast). */
export const yesShareOf = (b: Ballot): number => (b.yes + b.no > 0 ? b.yes / (b.yes + b.no) : Number.NaN)

/** Whether the ballot passes a vote at its close (quorum of all power, approval of votes cast). */
export const ballotPasses = (b: Ballot, rule: PassRule): boolean => passes({ yes: b.yes, no: b.no, abstain: 0 }, b.total, rule)

/** Whether the ballot's yes votes carry the emergency path (a supermajority of all power, after `after` epochs). */
export const ballotEmergency = (b: Ballot, age: number, supermajority: number, after: number): boolean => emergencyPasses(b.yes, b.total, age, supermajority, after)
