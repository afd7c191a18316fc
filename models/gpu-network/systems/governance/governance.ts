/**
 * Governance inside the running network: proposals that change its parameters while it runs.
 *
 * A proposal (scheduled in `governance.proposals`, or raised by operators when their median
 * margin stays negative) goes through the lifecycle of models/mechanisms/governance/lifecycle.ts
 * and is counted by its tally.ts (the library every model's governance uses):
 * voting opens after `votingDelay`, closes after `votingPeriod`; it passes with `quorum` of all
 * voting power cast and more than `approval` of the votes yes (voting.ts `passes`), and executes
 * `timelock` epochs later by handing the changed parameters to the engine (`world.nextParams`),
 * so they apply from the next epoch. Voters are the token holders: operators and validators
 * (stake + balance, each voting or not by its group's turnout, yes with the proposal's support),
 * and the outside holders (tokens outside the network, as an aggregate). Delegated power always votes. Power is taken
 * when the proposal is raised (snapshot) or when the votes are counted (live).
 *
 * Proposal threshold: the proposing group (operators, validators, holders or the attacker) must
 * hold `proposalThreshold` of all voting power when it proposes, or the proposal is rejected.
 *
 * Emergency path (voting.ts `emergencyPasses`, Beanstalk's emergencyCommit): from the
 * `minEpochs`-th epoch of voting, a proposal whose yes votes reach `supermajority` of ALL voting
 * power executes at once, skipping the rest of the vote and the timelock. Every voter who votes
 * is counted from the first epoch of voting; so that each count sees the same voters, votes are
 * then drawn from the proposal's own stream (a hash of its seed, the voter's slot and the draw),
 * not from the run's generator.
 *
 * Guardian: cancels the proposals and funding requests it vetoes (by name, or moving more than
 * `maxTreasuryShare` of the treasury) from `reactionEpochs` after they are raised until they
 * execute, during the vote or the timelock.
 *
 * Conviction voting (conviction.ts, 1Hive): funding requests gather conviction from the tokens
 * staked on them, y_t = alpha y_t-1 + staked (one epoch is one step of the on-chain recurrence),
 * and are paid out of the treasury once y exceeds rho S / (1 - alpha) / (beta - amount/treasury)^2.
 *
 * Vote bribery: an attacker pays operators and validators who would not vote yes to vote yes on
 * one proposal, in USD outside the token ledger, until its budget runs out (scheduled), or buys
 * the cheapest votes that carry it, priced from each voter's economics, when that pays
 * (optimize; bribery.ts); when the proposal executes its treasury transfer is the attacker's take.
 *
 * Sybil voting: an attacker buys `tokens` from the outside holders at epoch 0 (it holds them: the
 * `sybilTokens` holder) and splits them over `identities`; each identity not caught by the
 * identity check votes yes with sqrt(tokens / identities) under quadratic voting (so n identities
 * count sqrt(n) times one), its tokens under token-weighted voting (splitting gains nothing).
 * Identities cost `costPerIdentityUsd` per epoch until the proposal is decided.
 *
 * Flash-loan vote: the attacker borrows outside tokens within one epoch, votes yes with them on its
 * proposal and repays: at the first epoch the emergency path is open, else when the vote closes
 * (scheduled), or the first of those epochs at which the loan that carries the vote can be
 * borrowed and pays (optimize; flashLoanVote.ts). Borrowed tokens count under live power only
 * (they were not held at the snapshot).
 *
 * This file is the epoch's order of governance; each rule is a file of this folder: state.ts
 * (what a run keeps), propose.ts (raising, proposal threshold), power.ts (voting power),
 * draws.ts (where votes' draws come from), tally.ts (counting a vote, with bribery and sybil
 * voters), flashLoanVote.ts, execute.ts, guardian.ts, convictionVoting.ts, metrics.ts.
 */
import { system } from "../../../../src/kit/runtime.ts"
import { executableAt, lastVotingEpoch, votingAge, votingStarts } from "../../../mechanisms/governance/lifecycle.ts"
import { ballotEmergency, ballotPasses } from "../../../mechanisms/governance/tally.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { convictionVoting } from "./convictionVoting.ts"
import { hashDraw, sequential } from "./draws.ts"
import { execute } from "./execute.ts"
import { bribeOffers } from "./bribery.ts"
import { borrow, optimizeLoan } from "./flashLoanVote.ts"
import { guard } from "./guardian.ts"
import { governanceOn, recordGovernance } from "./metrics.ts"
import { propose } from "./propose.ts"
import { sybilVoteMoves } from "./sybilVote.ts"
import { commit, count } from "./tally.ts"

export const governance = system<GpuWorld, GpuNetworkParams>("governance", (w, p, rng) => {
  if (!governanceOn(p) && w.governance.proposals.length === 0 && w.governance.requests.length === 0) return
  const g = p.governance
  const s = w.governance
  if (g.sybil.proposal !== "" && g.sybil.mode === "scheduled") {
    // The attacker buys its tokens from the outside holders once, and pays for its identities every epoch.
    if (w.epoch === 0) {
      const bought = Math.min(w.outside, g.sybil.tokens)
      w.outside -= bought
      s.sybilTokens += bought
    }
    // Identities are kept (and paid for) until their proposal is decided.
    const target = s.proposals.find((x) => x.name === g.sybil.proposal)
    if (target === undefined || target.state === "open") s.sybilCost += g.sybil.identities * g.sybil.costPerIdentityUsd
  }
  for (const prop of g.proposals) if (prop.epoch === w.epoch) propose(w, p, prop.name, prop.changes, prop.treasuryTransfer, prop.support, prop.proposer)
  for (const req of g.conviction.requests) {
    if (req.epoch !== w.epoch) continue
    s.requests.push({ spec: req, raisedAt: w.epoch, conviction: 0, staked: 0, progress: 0, fundedAt: Number.NaN, state: "open" })
    w.events?.push(w.epoch, "governance", `funding request ${req.name} raised: ${Math.round(req.amount)} tokens from the treasury (${Math.round(w.treasury)})`)
  }
  // Operators ask for more emission when they have been losing money for a while.
  const a = g.agentProposals
  s.marginStreak = w.marginP50 < 0 ? s.marginStreak + 1 : 0
  const open = s.proposals.some((x) => x.state === "open" && x.name.startsWith("operators-"))
  const rule = p.token.emission
  if (a.enabled && !open && s.marginStreak >= a.afterEpochs && w.epoch - s.lastAgentProposal >= a.cooldown && (rule.kind === "fixed" || rule.kind === "exponential-decay")) {
    // Below the proposal threshold the operators cannot propose; they try again after the cooldown.
    s.lastAgentProposal = w.epoch
    propose(w, p, `operators-${w.epoch}`, { "token.emission.perEpoch": rule.perEpoch * (1 + a.raise) }, 0, a.support, "operators")
  }
  // The optimizing sybil voter buys when its proposal is raised, pays its identities, sells after the vote.
  if (g.sybil.proposal !== "" && g.sybil.mode === "optimize") sybilVoteMoves(w, p)
  if (g.guardian.enabled) guard(w, p)
  const em = g.emergency
  for (const prop of s.proposals) {
    const start = votingStarts(g, prop.raisedAt)
    const end = lastVotingEpoch(g, prop.raisedAt)
    if (prop.state === "open" && w.epoch >= start) {
      const age = votingAge(g, prop.raisedAt, w.epoch)
      const emergencyOpen = em.enabled && age >= em.minEpochs && w.epoch <= end
      // The flash-loan attacker votes once, in the first epoch its borrowed power can decide.
      const loanDue = g.flashLoan.proposal === prop.name && Number.isNaN(s.flashAt) && (emergencyOpen || w.epoch >= end)
      const borrowed = !loanDue ? 0 : g.flashLoan.mode === "optimize" ? optimizeLoan(w, p, prop, emergencyOpen, age) : borrow(w, p, prop)
      if (emergencyOpen) {
        const c = count(w, p, prop, hashDraw(prop), borrowed)
        if (ballotEmergency(c, age, em.supermajority, em.minEpochs)) {
          commit(w, c)
          prop.state = "passed"
          prop.closedAt = w.epoch
          s.passed++
          s.emergency++
          w.events?.push(w.epoch, "governance", `proposal ${prop.name} passed by the emergency path after ${age} epoch${age === 1 ? "" : "s"} of voting: yes ${Math.round((c.yes / c.total) * 100)}% of all voting power`)
          execute(w, p, prop)
          continue
        }
      }
      // The optimizing briber prices its bribes every epoch of the vote and pays at the close (bribery.ts).
      const briber = g.bribery.mode === "optimize" && g.bribery.proposal === prop.name
      const offers = briber ? bribeOffers(w, p, prop, w.epoch >= end) : undefined
      if (w.epoch >= end) {
        // Its forecast is the count: the close draws from the proposal's own stream.
        const c = count(w, p, prop, em.enabled || briber ? hashDraw(prop) : sequential(rng), borrowed, offers)
        const ok = ballotPasses(c, { quorum: g.quorum, approval: g.approval })
        commit(w, c)
        prop.state = ok ? "passed" : "defeated"
        prop.closedAt = w.epoch
        if (ok) s.passed++
        w.events?.push(w.epoch, "governance", `proposal ${prop.name} ${ok ? "passed" : "defeated"}: ${Math.round(s.lastYesShare * 100)}% yes, turnout ${Math.round(s.lastTurnout * 100)}%`)
      }
    }
    if (prop.state === "passed" && w.epoch >= executableAt(g, prop.closedAt)) execute(w, p, prop)
  }
  if (s.requests.length > 0) convictionVoting(w, p)
  if (!governanceOn(p)) return
  recordGovernance(w, p)
})
