/**
 * Governance inside the running network: proposals that change its parameters while it runs.
 *
 * A proposal (scheduled in `governance.proposals`, or raised by operators when their median
 * margin stays negative) goes through the lifecycle of models/mechanisms/governance/lifecycle.ts:
 * voting opens after `votingDelay`, closes after `votingPeriod`; it passes with `quorum` of all
 * voting power cast and more than `approval` of the votes yes (voting.ts `passes`), and executes
 * `timelock` epochs later by handing the changed parameters to the engine (`world.nextParams`),
 * so they apply from the next epoch. Voters are the token holders: operators and validators
 * (stake + balance, each voting or not by its group's turnout, yes with the proposal's support),
 * and the float (outside holders, as an aggregate). Delegated power always votes. Power is taken
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
 * one proposal, in USD outside the token ledger, until its budget runs out; when the proposal
 * executes its treasury transfer is the attacker's take.
 *
 * Sybil voting: an attacker buys `tokens` from the float at epoch 0 (it holds them: the
 * `sybilTokens` holder) and splits them over `identities`; each identity not caught by the
 * identity check votes yes with sqrt(tokens / identities) under quadratic voting (so n identities
 * count sqrt(n) times one), its tokens under token-weighted voting (splitting gains nothing).
 * Identities cost `costPerIdentityUsd` per epoch until the proposal is decided.
 *
 * Flash-loan vote: the attacker borrows float tokens within one epoch, votes yes with them on its
 * proposal and repays: at the first epoch the emergency path is open, else when the vote closes.
 * Borrowed tokens count under live power only (they were not held at the snapshot).
 */
import type { MetricDef } from "../../../src/engine/Recorder.ts"
import { system } from "../../../src/engine/Pipeline.ts"
import { deriveSeed, type Rng } from "../../../src/engine/Rng.ts"
import { setPath } from "../../common/paths.ts"
import { conviction, threshold } from "../../mechanisms/governance/conviction.ts"
import { emergencyPasses, passes, votesFor, type VotingRule } from "../../mechanisms/governance/voting.ts"
import type { GpuNetworkParams } from "../params.ts"
import type { GpuWorld } from "../world.ts"

type Gov = GpuNetworkParams["governance"]
type Support = Gov["agentProposals"]["support"]
type Proposer = Gov["proposals"][number]["proposer"]
type RequestSpec = Gov["conviction"]["requests"][number]

interface Proposal {
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
  readonly float: number
  state: "open" | "passed" | "defeated" | "executed" | "rejected" | "canceled"
  closedAt: number
}

/** A conviction-voting funding request. */
interface FundingRequest {
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
  bribeCost: number
  bribeTake: number
  bribeSucceeded: boolean
  /** Tokens held by the sybil attacker (a token holder like the others). */
  sybilTokens: number
  sybilCost: number
  sybilTake: number
  sybilSucceeded: boolean
  sybilCaught: number
  sybilDetectedAt: number
  /** The flash-loan attacker: tokens borrowed (0 before its loan), fees paid (USD), take (USD). */
  flashBorrowed: number
  flashAt: number
  flashCost: number
  flashTake: number
  flashSucceeded: boolean
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
  bribeCost: 0,
  bribeTake: 0,
  bribeSucceeded: false,
  sybilTokens: 0,
  sybilCost: 0,
  sybilTake: 0,
  sybilSucceeded: false,
  sybilCaught: 0,
  sybilDetectedAt: Number.NaN,
  flashBorrowed: 0,
  flashAt: Number.NaN,
  flashCost: 0,
  flashTake: 0,
  flashSucceeded: false
})

/** Whether governance is on at all: a scheduled proposal, agent proposals or a funding request. */
export const governanceOn = (p: GpuNetworkParams): boolean =>
  p.governance.proposals.length > 0 || p.governance.agentProposals.enabled || p.governance.conviction.requests.length > 0

export const governanceMetrics = (p: GpuNetworkParams): ReadonlyArray<MetricDef> =>
  governanceOn(p)
    ? [
        { name: "gov.proposalsRaised", description: "Proposals raised so far (not counting rejected ones)." },
        { name: "gov.proposalsOpen", description: "Proposals raised and not decided yet." },
        { name: "gov.proposalsPassed", description: "Proposals passed so far." },
        { name: "gov.proposalsExecuted", description: "Proposals executed (parameters changed) so far." },
        { name: "gov.turnout", description: "Share of all voting power cast in the last vote." },
        { name: "gov.yesShare", description: "Yes / votes cast in the last vote." },
        ...(p.governance.proposalThreshold > 0 ? [{ name: "gov.proposalsRejected", description: "Proposals rejected so far: their proposer held less than the proposal threshold." }] : []),
        ...(p.governance.emergency.enabled ? [{ name: "gov.proposalsEmergency", description: "Proposals executed early by the emergency path so far." }] : []),
        ...(p.governance.guardian.enabled ? [{ name: "gov.proposalsCanceled", description: "Proposals and funding requests the guardian canceled so far." }] : []),
        ...(p.governance.conviction.requests.length > 0
          ? [
              { name: "gov.requestsFunded", description: "Conviction-voting funding requests paid out so far." },
              ...p.governance.conviction.requests.flatMap((r) => [
                { name: `gov.request.${r.name}.conviction`, description: `Conviction of funding request ${r.name} (tokens, decayed sum of the tokens staked).` },
                { name: `gov.request.${r.name}.progress`, description: `Conviction / threshold of ${r.name} (1: it passes; 0 while it can never pass).` },
                { name: `gov.request.${r.name}.funded`, description: `1 once ${r.name} has been paid.` },
                { name: `gov.request.${r.name}.fundedEpoch`, description: `Epoch ${r.name} was paid; NaN before.` }
              ])
            ]
          : []),
        ...(p.governance.bribery.proposal !== ""
          ? [
              { name: "attack.bribery.cost", description: "Bribes paid so far, USD." },
              { name: "attack.bribery.profit", description: "Treasury taken (USD at the price then) minus bribes." },
              { name: "attack.bribery.success", description: "1 once the bribed proposal has executed." },
              { name: "attack.bribery.detectedEpoch", description: "Bribes are paid off-chain: never detected in this model (NaN)." }
            ]
          : []),
        ...(p.governance.sybil.proposal !== ""
          ? [
              { name: "attack.sybil.cost", description: "Identities' cost so far, USD." },
              { name: "attack.sybil.profit", description: "Treasury taken (USD at the price then) minus the identities' cost." },
              { name: "attack.sybil.success", description: "1 once the sybils' proposal has executed." },
              { name: "attack.sybil.detectedEpoch", description: "Epoch the identity check first caught a sybil identity; NaN before." },
              { name: "attack.sybil.caught", description: "Sybil identities caught so far." }
            ]
          : []),
        ...(p.governance.flashLoan.proposal !== ""
          ? [
              { name: "attack.flashLoan.cost", description: "Loan fees paid so far, USD." },
              { name: "attack.flashLoan.profit", description: "Treasury taken (USD at the price then) minus the loan fee." },
              { name: "attack.flashLoan.success", description: "1 once the attacker's proposal has executed." },
              { name: "attack.flashLoan.detectedEpoch", description: "Epoch of the loan (visible on chain); NaN before." },
              { name: "attack.flashLoan.borrowed", description: "Tokens borrowed for the vote (0 before the loan)." }
            ]
          : [])
      ]
    : []

const EMPTY = new Float64Array(0)

const holdingsOf = (w: GpuWorld) => {
  const ops = w.operators
  const vals = w.validators
  const opHoldings = new Float64Array(ops.size)
  const opJoined = new Float64Array(ops.size).fill(-1)
  for (let i = 0; i < ops.size; i++) {
    if (ops.alive[i] !== 1) continue
    opHoldings[i] = ops.cols.stake[i]! + ops.cols.balance[i]!
    opJoined[i] = ops.cols.joinedEpoch[i]!
  }
  const valHoldings = new Float64Array(vals.size)
  const valJoined = new Float64Array(vals.size).fill(-1)
  for (let i = 0; i < vals.size; i++) {
    if (vals.alive[i] !== 1) continue
    valHoldings[i] = vals.cols.stake[i]! + vals.cols.balance[i]!
    valJoined[i] = vals.cols.joinedEpoch[i]!
  }
  return { opHoldings, opJoined, valHoldings, valJoined, float: w.float }
}

/** The float's voting power: many small holders (quadratic voting counts each). */
const floatPower = (rule: VotingRule, holders: number, float: number): number =>
  rule === "quadratic" ? holders * Math.sqrt(Math.max(0, float) / holders) : Math.max(0, float)

/**
 * Voting power of each group now (live holdings), counted as the tally counts it: operators and
 * validators one by one, the float as an aggregate, the sybil attacker's identities each with its
 * share. With rule "token-weighted" these are token counts.
 */
const groupPowers = (w: GpuWorld, g: Gov, rule: VotingRule) => {
  let operators = 0
  const ops = w.operators
  for (let i = 0; i < ops.size; i++) if (ops.alive[i] === 1) operators += votesFor(rule, ops.cols.stake[i]! + ops.cols.balance[i]!)
  let validators = 0
  const vals = w.validators
  for (let i = 0; i < vals.size; i++) if (vals.alive[i] === 1) validators += votesFor(rule, vals.cols.stake[i]! + vals.cols.balance[i]!)
  const holders = floatPower(rule, g.floatHolders, w.float)
  const sy = g.sybil
  const attacker = sy.proposal !== "" && w.governance.sybilTokens > 0 ? votesFor(rule, w.governance.sybilTokens / sy.identities) * sy.identities : 0
  return { operators, validators, holders, attacker, total: operators + validators + holders + attacker }
}

const priceBits = new DataView(new ArrayBuffer(8))

const raise = (w: GpuWorld, name: string, changes: Readonly<Record<string, number>>, treasuryTransfer: number, support: Support, proposer: Proposer) => {
  // The proposal's own seed, from the run's state (not drawn: the run's stream stays as it was).
  priceBits.setFloat64(0, w.price)
  const seed = deriveSeed(priceBits.getUint32(0) ^ priceBits.getUint32(4), w.epoch, w.governance.proposals.length)
  w.governance.proposals.push({ name, raisedAt: w.epoch, changes, treasuryTransfer, support, proposer, seed, ...holdingsOf(w), state: "open", closedAt: -1 })
  w.governance.raised++
  const what = Object.entries(changes).map(([k, v]) => `${k} -> ${v}`).join(", ") || `treasury transfer ${Math.round(treasuryTransfer)}`
  w.events?.push(w.epoch, "governance", `proposal ${name} raised: ${what}`)
}

/** Raise a proposal if its proposer meets the proposal threshold; else record it as rejected. Returns whether it was raised. */
const propose = (w: GpuWorld, p: GpuNetworkParams, name: string, changes: Readonly<Record<string, number>>, treasuryTransfer: number, support: Support, proposer: Proposer): boolean => {
  const min = p.governance.proposalThreshold
  if (min > 0) {
    const power = groupPowers(w, p.governance, p.governance.rule)
    const share = power.total > 0 ? power[proposer] / power.total : 0
    if (!(share >= min)) {
      w.governance.proposals.push({
        name,
        raisedAt: w.epoch,
        changes,
        treasuryTransfer,
        support,
        proposer,
        seed: 0,
        opHoldings: EMPTY,
        opJoined: EMPTY,
        valHoldings: EMPTY,
        valJoined: EMPTY,
        float: 0,
        state: "rejected",
        closedAt: w.epoch
      })
      w.governance.rejected++
      w.events?.push(w.epoch, "governance", `proposal ${name} rejected: ${proposer === "attacker" ? "the attacker holds" : `${proposer} hold`} ${(share * 100).toFixed(2)}% of the voting power, below the proposal threshold of ${(min * 100).toFixed(2)}%`)
      return false
    }
  }
  raise(w, name, changes, treasuryTransfer, support, proposer)
  return true
}

/** The k-th uniform draw for the voter in `slot` of group `stream` (0 operators, 1 validators, 2 sybil identities). */
type Draw = (stream: number, slot: number, k: number) => number

/** Draws in sequence from the run's generator (the arguments only name the draw). */
const sequential =
  (rng: Rng): Draw =>
  () =>
    rng.next()

/** Draws as a hash of the proposal's seed and the draw's coordinates: every count sees the same votes. */
const hashDraw =
  (prop: Proposal): Draw =>
  (stream, slot, k) =>
    deriveSeed(prop.seed, stream, slot, k) / 4_294_967_296

interface Count {
  readonly yes: number
  readonly no: number
  readonly total: number
  /** Bribes this count pays, USD, and sybil identities it catches: booked only when the vote is decided. */
  readonly bribes: number
  readonly caught: number
}

/** Count the votes on one proposal (power, turnout, support, delegation, bribes, sybils, a flash loan of `borrowed` tokens). */
const count = (w: GpuWorld, p: GpuNetworkParams, prop: Proposal, draw: Draw, borrowed: number): Count => {
  const g = p.governance
  const live = g.power === "live"
  const d = g.delegation
  let yes = 0
  let no = 0
  let total = 0
  let bribes = 0
  let caught = 0
  const bribed = g.bribery.proposal === prop.name
  let budget = bribed ? g.bribery.budgetUsd - w.governance.bribeCost : 0
  const voter = (holding: number, turnout: number, support: number, stream: number, slot: number) => {
    const power = votesFor(g.rule, holding)
    if (!(power > 0)) return
    total += power
    // Delegated power always votes, as the group would; the rest votes with the turnout.
    const delegated = power * d
    yes += delegated * support
    no += delegated * (1 - support)
    const own = power - delegated
    let votes = draw(stream, slot, 0) < turnout
    let yesVote = votes && draw(stream, slot, 1) < support
    if (!yesVote && budget > 0) {
      const bribe = own * g.bribery.usdPerVote
      if (bribe <= budget && draw(stream, slot, 2) < g.bribery.acceptance) {
        budget -= bribe
        bribes += bribe
        votes = true
        yesVote = true
      }
    }
    if (votes) {
      if (yesVote) yes += own
      else no += own
    }
  }
  const ops = w.operators
  for (let i = 0; i < ops.size; i++) {
    const snap = i < prop.opHoldings.length && prop.opJoined[i] === ops.cols.joinedEpoch[i] ? prop.opHoldings[i]! : 0
    const now = ops.alive[i] === 1 ? ops.cols.stake[i]! + ops.cols.balance[i]! : 0
    voter(live ? now : ops.alive[i] === 1 ? snap : 0, g.turnout.operators, prop.support.operators, 0, i)
  }
  const vals = w.validators
  for (let i = 0; i < vals.size; i++) {
    const snap = i < prop.valHoldings.length && prop.valJoined[i] === vals.cols.joinedEpoch[i] ? prop.valHoldings[i]! : 0
    const now = vals.alive[i] === 1 ? vals.cols.stake[i]! + vals.cols.balance[i]! : 0
    voter(live ? now : vals.alive[i] === 1 ? snap : 0, g.turnout.validators, prop.support.validators, 1, i)
  }
  // Sybil identities: all vote yes, each with the power of its share of the attacker's tokens.
  const sy = g.sybil
  if (sy.proposal === prop.name && w.governance.sybilTokens > 0) {
    const each = votesFor(g.rule, w.governance.sybilTokens / sy.identities)
    let counted = 0
    for (let k = 0; k < sy.identities; k++) {
      if (sy.detection > 0 && draw(2, k, 0) < sy.detection) caught++
      else counted++
    }
    total += each * sy.identities
    yes += each * counted
  }
  // The float: many small outside holders, as an aggregate (less what is lent out this epoch).
  const lent = live ? borrowed : 0
  const float = live ? w.float - lent : prop.float
  const fp = floatPower(g.rule, g.floatHolders, float)
  total += fp
  const cast = fp * (d + (1 - d) * g.turnout.holders)
  yes += cast * prop.support.holders
  no += cast * (1 - prop.support.holders)
  // Borrowed tokens vote yes with live power; at a snapshot taken before the loan they are nothing.
  if (lent > 0) {
    const power = votesFor(g.rule, lent)
    total += power
    yes += power
  }
  return { yes, no, total, bribes, caught }
}

/** Book a decided vote: bribes paid, identities caught, turnout and yes share. */
const commit = (w: GpuWorld, c: Count) => {
  const s = w.governance
  s.bribeCost += c.bribes
  s.sybilCaught += c.caught
  if (s.sybilCaught > 0 && Number.isNaN(s.sybilDetectedAt)) s.sybilDetectedAt = w.epoch
  s.lastTurnout = c.total > 0 ? (c.yes + c.no) / c.total : 0
  s.lastYesShare = c.yes + c.no > 0 ? c.yes / (c.yes + c.no) : Number.NaN
}

/** The flash loan: borrow `voteShare` of all voters' tokens (at most what lenders hold) for this epoch's vote. */
const borrow = (w: GpuWorld, p: GpuNetworkParams, prop: Proposal): number => {
  const f = p.governance.flashLoan
  const s = w.governance
  const tokens = groupPowers(w, p.governance, "token-weighted").total
  const amount = Math.max(0, Math.min(f.voteShare * tokens, f.lendable * w.float))
  s.flashBorrowed = amount
  s.flashAt = w.epoch
  s.flashCost += amount * f.loanFee * w.price
  w.events?.push(w.epoch, "governance", `flash loan: the attacker borrows ${Math.round(amount)} tokens to vote on ${prop.name}${p.governance.power === "snapshot" ? " (worthless at the snapshot)" : ""}`)
  return amount
}

const execute = (w: GpuWorld, p: GpuNetworkParams, prop: Proposal) => {
  // Changes apply on top of the parameters in force (and any change already queued this epoch).
  let next = (w.nextParams as GpuNetworkParams | undefined) ?? p
  for (const [path, value] of Object.entries(prop.changes)) next = setPath(next, path, value)
  if (Object.keys(prop.changes).length > 0) w.nextParams = next
  const transfer = Math.min(w.treasury, prop.treasuryTransfer)
  w.treasury -= transfer
  w.float += transfer
  if (p.governance.bribery.proposal === prop.name) {
    w.governance.bribeTake += transfer * w.price
    w.governance.bribeSucceeded = true
  }
  if (p.governance.sybil.proposal === prop.name) {
    w.governance.sybilTake += transfer * w.price
    w.governance.sybilSucceeded = true
  }
  if (p.governance.flashLoan.proposal === prop.name) {
    w.governance.flashTake += transfer * w.price
    w.governance.flashSucceeded = true
  }
  prop.state = "executed"
  w.governance.executed++
  w.events?.push(w.epoch, "governance", `proposal ${prop.name} executed${transfer > 0 ? `: ${Math.round(transfer)} tokens out of the treasury` : ""}; changes apply from epoch ${w.epoch + 1}`)
}

/** Why the guardian cancels a proposal or request moving `amount` tokens, or undefined. */
const vetoReason = (gd: Gov["guardian"], name: string, amount: number, treasury: number): string | undefined =>
  gd.vetoes.includes(name)
    ? "vetoed by name"
    : amount > gd.maxTreasuryShare * treasury
      ? `it moves ${Math.round(amount)} tokens, more than ${+(gd.maxTreasuryShare * 100).toFixed(2)}% of the treasury (${Math.round(treasury)})`
      : undefined

/** The guardian cancels what it vetoes, from `reactionEpochs` after it was raised until it executes. */
const guard = (w: GpuWorld, p: GpuNetworkParams) => {
  const g = p.governance
  const gd = g.guardian
  const s = w.governance
  for (const prop of s.proposals) {
    if ((prop.state !== "open" && prop.state !== "passed") || w.epoch < prop.raisedAt + gd.reactionEpochs) continue
    const why = vetoReason(gd, prop.name, prop.treasuryTransfer, w.treasury)
    if (why === undefined) continue
    const when = prop.state === "passed" ? "in its timelock" : w.epoch < prop.raisedAt + g.votingDelay ? "before its vote" : "during its vote"
    prop.state = "canceled"
    s.canceled++
    w.events?.push(w.epoch, "governance", `proposal ${prop.name} canceled by the guardian ${when}: ${why}`)
  }
  for (const req of s.requests) {
    if (req.state !== "open" || w.epoch < req.raisedAt + gd.reactionEpochs) continue
    const why = vetoReason(gd, req.spec.name, req.spec.amount, w.treasury)
    if (why === undefined) continue
    req.state = "canceled"
    s.canceled++
    w.events?.push(w.epoch, "governance", `funding request ${req.spec.name} canceled by the guardian: ${why}`)
  }
}

/**
 * Conviction voting on the open funding requests: conviction grows from the tokens staked since
 * the last epoch (conviction.ts `conviction`, one step), then a request whose conviction exceeds
 * its threshold (conviction.ts `threshold`, with S = max(tokens staked on open requests,
 * minStakeShare x supply) and the funds R = the treasury now) is paid out of the treasury.
 */
const convictionVoting = (w: GpuWorld, p: GpuNetworkParams) => {
  const c = p.governance.conviction
  const s = w.governance
  if (!s.requests.some((r) => r.state === "open")) return
  const tokens = groupPowers(w, p.governance, "token-weighted")
  let staked = 0
  for (const req of s.requests) {
    if (req.state !== "open") continue
    if (w.epoch > req.raisedAt) req.conviction = conviction(1, req.conviction, req.staked, c.decay)
    const sup = req.spec.support
    req.staked = sup.operators * tokens.operators + sup.validators * tokens.validators + sup.holders * tokens.holders
    staked += req.staked
  }
  const S = Math.max(staked, c.minStakeShare * w.ledger.supply)
  for (const req of s.requests) {
    if (req.state !== "open") continue
    const need = w.treasury > 0 ? threshold(req.spec.amount, w.treasury, S, c.weight, c.maxRatio, c.decay) : Number.POSITIVE_INFINITY
    req.progress = !Number.isFinite(need) ? 0 : need > 0 ? req.conviction / need : 1
    if (req.conviction > need) {
      const paid = Math.min(w.treasury, req.spec.amount)
      w.treasury -= paid
      w.float += paid
      req.state = "funded"
      req.fundedAt = w.epoch
      s.funded++
      w.events?.push(w.epoch, "governance", `funding request ${req.spec.name} funded after ${w.epoch - req.raisedAt} epochs: conviction ${Math.round(req.conviction)} > threshold ${Math.round(need)}; ${Math.round(paid)} tokens out of the treasury`)
    }
  }
}

/** Record a metric that may not be declared (declared from the parameters at the start; a proposal may change them). */
const recordIf = (w: GpuWorld, name: string, value: number) => {
  if (w.recorder.names.includes(name)) w.recorder.record(name, value)
}

export const governance = system<GpuWorld, GpuNetworkParams>("governance", (w, p, rng) => {
  if (!governanceOn(p) && w.governance.proposals.length === 0 && w.governance.requests.length === 0) return
  const g = p.governance
  const s = w.governance
  if (g.sybil.proposal !== "") {
    // The attacker buys its tokens from the float once, and pays for its identities every epoch.
    if (w.epoch === 0) {
      const bought = Math.min(w.float, g.sybil.tokens)
      w.float -= bought
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
  if (g.guardian.enabled) guard(w, p)
  const em = g.emergency
  for (const prop of s.proposals) {
    const start = prop.raisedAt + g.votingDelay
    const end = start + g.votingPeriod - 1
    if (prop.state === "open" && w.epoch >= start) {
      const age = w.epoch - start + 1
      const emergencyOpen = em.enabled && age >= em.minEpochs && w.epoch <= end
      // The flash-loan attacker votes once, in the first epoch its borrowed power can decide.
      const borrowed = g.flashLoan.proposal === prop.name && Number.isNaN(s.flashAt) && (emergencyOpen || w.epoch >= end) ? borrow(w, p, prop) : 0
      if (emergencyOpen) {
        const c = count(w, p, prop, hashDraw(prop), borrowed)
        if (emergencyPasses(c.yes, c.total, age, em.supermajority, em.minEpochs)) {
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
      if (w.epoch >= end) {
        const c = count(w, p, prop, em.enabled ? hashDraw(prop) : sequential(rng), borrowed)
        const ok = passes({ yes: c.yes, no: c.no, abstain: 0 }, c.total, { quorum: g.quorum, approval: g.approval })
        commit(w, c)
        prop.state = ok ? "passed" : "defeated"
        prop.closedAt = w.epoch
        if (ok) s.passed++
        w.events?.push(w.epoch, "governance", `proposal ${prop.name} ${ok ? "passed" : "defeated"}: ${Math.round(s.lastYesShare * 100)}% yes, turnout ${Math.round(s.lastTurnout * 100)}%`)
      }
    }
    if (prop.state === "passed" && w.epoch >= prop.closedAt + g.timelock) execute(w, p, prop)
  }
  if (s.requests.length > 0) convictionVoting(w, p)
  if (!governanceOn(p)) return
  const r = w.recorder
  r.record("gov.proposalsRaised", s.raised)
  r.record("gov.proposalsOpen", s.proposals.filter((x) => x.state === "open").length)
  r.record("gov.proposalsPassed", s.passed)
  r.record("gov.proposalsExecuted", s.executed)
  r.record("gov.turnout", s.lastTurnout)
  r.record("gov.yesShare", s.lastYesShare)
  recordIf(w, "gov.proposalsRejected", s.rejected)
  if (em.enabled) r.record("gov.proposalsEmergency", s.emergency)
  if (g.guardian.enabled) r.record("gov.proposalsCanceled", s.canceled)
  if (g.conviction.requests.length > 0) {
    r.record("gov.requestsFunded", s.funded)
    for (const spec of g.conviction.requests) {
      const req = s.requests.find((x) => x.spec.name === spec.name)
      r.record(`gov.request.${spec.name}.conviction`, req?.conviction ?? 0)
      r.record(`gov.request.${spec.name}.progress`, req?.progress ?? 0)
      r.record(`gov.request.${spec.name}.funded`, req?.state === "funded" ? 1 : 0)
      r.record(`gov.request.${spec.name}.fundedEpoch`, req?.fundedAt ?? Number.NaN)
    }
  }
  if (g.bribery.proposal !== "") {
    r.record("attack.bribery.cost", s.bribeCost)
    r.record("attack.bribery.profit", s.bribeTake - s.bribeCost)
    r.record("attack.bribery.success", s.bribeSucceeded ? 1 : 0)
    r.record("attack.bribery.detectedEpoch", Number.NaN)
  }
  if (g.sybil.proposal !== "") {
    r.record("attack.sybil.cost", s.sybilCost)
    r.record("attack.sybil.profit", s.sybilTake - s.sybilCost)
    r.record("attack.sybil.success", s.sybilSucceeded ? 1 : 0)
    r.record("attack.sybil.detectedEpoch", s.sybilDetectedAt)
    r.record("attack.sybil.caught", s.sybilCaught)
  }
  if (g.flashLoan.proposal !== "") {
    r.record("attack.flashLoan.cost", s.flashCost)
    r.record("attack.flashLoan.profit", s.flashTake - s.flashCost)
    r.record("attack.flashLoan.success", s.flashSucceeded ? 1 : 0)
    r.record("attack.flashLoan.detectedEpoch", s.flashAt)
    r.record("attack.flashLoan.borrowed", s.flashBorrowed)
  }
})
