/**
 * Proposal lifecycle, as OpenZeppelin Governor and Compound's GovernorBravo define it:
 * Pending (voting delay) -> Active (voting period) -> Defeated | Succeeded -> Queued (timelock)
 * -> Executed, with Canceled possible before execution and an optional emergency path that
 * executes an Active proposal early (see voting.ts `emergencyPasses`).
 */

export type ProposalState = "Pending" | "Active" | "Defeated" | "Succeeded" | "Queued" | "Executed" | "Canceled"

export interface LifecycleParams {
  /** Epochs between proposal and the start of voting. */
  readonly votingDelay: number
  /** Epochs voting stays open. */
  readonly votingPeriod: number
  /** Epochs between success and execution. */
  readonly timelock: number
}

export interface ProposalTimes {
  readonly proposedAt: number
  /** Set when the vote succeeded (end of voting, or emergency). */
  readonly succeededAt?: number | undefined
  readonly canceled?: boolean | undefined
  readonly executedAt?: number | undefined
  /** Result of the vote once voting ended: true passed, false defeated. */
  readonly passed?: boolean | undefined
}

/** The state of a proposal at `epoch`. */
export const stateAt = (p: LifecycleParams, t: ProposalTimes, epoch: number): ProposalState => {
  if (t.executedAt !== undefined && epoch >= t.executedAt) return "Executed"
  if (t.canceled) return "Canceled"
  const votingStarts = t.proposedAt + p.votingDelay
  const votingEnds = votingStarts + p.votingPeriod
  if (t.succeededAt !== undefined && epoch >= t.succeededAt) return epoch >= t.succeededAt + p.timelock ? "Succeeded" : "Queued"
  if (epoch < votingStarts) return "Pending"
  if (epoch < votingEnds) return "Active"
  return t.passed ? "Succeeded" : "Defeated"
}

/** First epoch a succeeded proposal can execute. */
export const executableAt = (p: LifecycleParams, succeededAt: number): number => succeededAt + p.timelock

/** First epoch of voting on a proposal raised at `proposedAt`. */
export const votingStarts = (p: LifecycleParams, proposedAt: number): number => proposedAt + p.votingDelay

/** Last epoch of voting (the vote is counted at its end; from the next epoch the proposal is no longer Active). */
export const lastVotingEpoch = (p: LifecycleParams, proposedAt: number): number => votingStarts(p, proposedAt) + p.votingPeriod - 1

/** Epochs of voting so far, counting `epoch` (1 in the first epoch of voting). */
export const votingAge = (p: LifecycleParams, proposedAt: number, epoch: number): number => epoch - votingStarts(p, proposedAt) + 1
