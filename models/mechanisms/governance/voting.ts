/**
 * Voting rules and tallies.
 *
 * - token-weighted: one vote per token (Compound / OpenZeppelin Governor);
 * - quadratic: votes = sqrt(credits) (Lalley & Weyl, "Quadratic Voting", 2018), so influence
 *   grows with the square root of what a voter commits;
 * - voting power at a snapshot (OpenZeppelin Governor's getPastVotes: balances checkpointed at
 *   the proposal's snapshot block) or live (Beanstalk's Stalk at the moment of the vote). The
 *   difference is exactly what a flash loan exploits: borrowed tokens have live power but no
 *   power at a past snapshot.
 */

export type VotingRule = "token-weighted" | "quadratic"

/** Votes a holder of `credits` tokens casts under a rule. */
export const votesFor = (rule: VotingRule, credits: number): number => (credits <= 0 ? 0 : rule === "quadratic" ? Math.sqrt(credits) : credits)

/**
 * Voting power of many small holders of `tokens` in all, as an aggregate: token-weighted, the
 * tokens; quadratic, `holders` equal holders' square roots.
 */
export const aggregatePower = (rule: VotingRule, holders: number, tokens: number): number =>
  rule === "quadratic" ? holders * Math.sqrt(Math.max(0, tokens) / holders) : Math.max(0, tokens)

/** Voting power of a balance history under snapshot or live power. */
export const powerOf = (mode: "snapshot" | "live", balanceAtSnapshot: number, balanceNow: number): number => (mode === "snapshot" ? balanceAtSnapshot : balanceNow)

export interface Tally {
  readonly yes: number
  readonly no: number
  readonly abstain: number
}

export interface PassRule {
  /** Minimum yes + no + abstain, as a share of the total voting power. */
  readonly quorum: number
  /** Share of yes among yes + no needed to pass (0.5: simple majority, strictly above). */
  readonly approval: number
}

/** True when the tally meets quorum and yes exceeds the approval share of yes + no. */
export const passes = (t: Tally, totalPower: number, rule: PassRule): boolean => {
  const cast = t.yes + t.no + t.abstain
  if (totalPower <= 0 || cast < rule.quorum * totalPower) return false
  const decisive = t.yes + t.no
  return decisive > 0 && t.yes > rule.approval * decisive
}

/**
 * The emergency path (Beanstalk's emergencyCommit): a proposal executes at once when its yes
 * votes reach `supermajority` of all voting power and at least `after` epochs have passed since
 * it was proposed.
 */
export const emergencyPasses = (yes: number, totalPower: number, age: number, supermajority: number, after: number): boolean =>
  age >= after && totalPower > 0 && yes >= supermajority * totalPower
