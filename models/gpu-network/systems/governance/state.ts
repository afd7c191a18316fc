/**
 * The state of governance inside a gpu-network run: proposals with their snapshot power,
 * conviction-voting funding requests, counters, and the books of the vote attacks (bribery,
 * sybil voting, flash-loan vote). A leaf module: the world holds it, the governance files
 * change it, and it imports neither.
 */
import type { ProposalEffect } from "../../../mechanisms/governance/economicVote.ts"
import type { GpuNetworkParams } from "../../params/params.ts"

export type Gov = GpuNetworkParams["governance"]
export type Support = Gov["agentProposals"]["support"]
export type Proposer = Gov["proposals"][number]["proposer"]
export type RequestSpec = Gov["conviction"]["requests"][number]

/** A proposal and the voting power it was raised with. */
export interface Proposal {
  readonly name: string
  readonly raisedAt: number
  readonly changes: Readonly<Record<string, number>>
  readonly treasuryTransfer: number
  readonly support: Support
  readonly proposer: Proposer
  /** Seeds the proposal's own vote draws when the emergency path is on (see `hashDraw`). */
  readonly seed: number
  /** Holdings when raised (snapshot power), by slot, with the owner's join epoch to spot reused slots. */
  readonly opHoldings: Float64Array
  readonly opJoined: Float64Array
  readonly valHoldings: Float64Array
  readonly valJoined: Float64Array
  /** Tokens outside the network when raised (the outside holders' snapshot power). */
  readonly outside: number
  /** What it does to the network's flows, priced when raised (economic voters read it). */
  readonly effect: ProposalEffect
  state: "open" | "passed" | "defeated" | "executed" | "rejected" | "canceled"
  closedAt: number
}

/** A conviction-voting funding request. */
export interface FundingRequest {
  readonly spec: RequestSpec
  readonly raisedAt: number
  /** Conviction so far (tokens x epochs, decayed). */
  conviction: number
  /** Tokens staked on it since the last epoch. */
  staked: number
  /** Conviction / threshold at the last check (0 when the request can never pass). */
  progress: number
  /** Epoch it was paid (NaN before). */
  fundedAt: number
  state: "open" | "funded" | "canceled"
}

export interface GovernanceState {
  readonly proposals: Array<Proposal>
  readonly requests: Array<FundingRequest>
  marginStreak: number
  lastAgentProposal: number
  raised: number
  passed: number
  executed: number
  rejected: number
  canceled: number
  /** Proposals executed by the emergency path. */
  emergency: number
  funded: number
  lastTurnout: number
  lastYesShare: number
  /** Economic voters: share of each group's voting power that supported the last counted proposal. */
  lastSupport: { operators: number; validators: number; holders: number }
  bribeCost: number
  bribeTake: number
  bribeSucceeded: boolean
  /** The optimizing briber's last pricing: expected profit (USD), bribes needed (USD) and votes bought (NaN before its first, or when no bribes carry the vote). */
  bribePlan: { readonly expectedProfit: number; readonly needed: number; readonly votes: number }
  /** Tokens held by the sybil attacker (a token holder like the others). */
  sybilTokens: number
  sybilCost: number
  sybilTake: number
  sybilSucceeded: boolean
  sybilCaught: number
  sybilDetectedAt: number
  /** The optimizing sybil voter: identities it runs, and its pricing when its proposal was raised (NaN before, or when no plan carries the vote). */
  sybilIdentities: number
  sybilPlan: { readonly expectedProfit: number; readonly tokens: number; readonly identities: number }
  /** The flash-loan attacker: tokens borrowed (0 before its loan), fees paid (USD), take (USD). */
  flashBorrowed: number
  flashAt: number
  flashCost: number
  flashTake: number
  flashSucceeded: boolean
  /** The optimizing flash-loan attacker's last pricing (NaN before its first). */
  flashPlan: { readonly expectedProfit: number; readonly needed: number; readonly shortfall: number }
}

export const initGovernance = (): GovernanceState => ({
  proposals: [],
  requests: [],
  marginStreak: 0,
  lastAgentProposal: Number.NEGATIVE_INFINITY,
  raised: 0,
  passed: 0,
  executed: 0,
  rejected: 0,
  canceled: 0,
  emergency: 0,
  funded: 0,
  lastTurnout: Number.NaN,
  lastYesShare: Number.NaN,
  lastSupport: { operators: Number.NaN, validators: Number.NaN, holders: Number.NaN },
  bribeCost: 0,
  bribeTake: 0,
  bribeSucceeded: false,
  bribePlan: { expectedProfit: Number.NaN, needed: Number.NaN, votes: Number.NaN },
  sybilTokens: 0,
  sybilCost: 0,
  sybilTake: 0,
  sybilSucceeded: false,
  sybilCaught: 0,
  sybilDetectedAt: Number.NaN,
  sybilIdentities: 0,
  sybilPlan: { expectedProfit: Number.NaN, tokens: Number.NaN, identities: Number.NaN },
  flashBorrowed: 0,
  flashAt: Number.NaN,
  flashCost: 0,
  flashTake: 0,
  flashSucceeded: false,
  flashPlan: { expectedProfit: Number.NaN, needed: Number.NaN, shortfall: Number.NaN }
})
