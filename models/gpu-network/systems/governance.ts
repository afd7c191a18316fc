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
 * when the proposal is raised (snapshot) or when the vote closes (live).
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
 */
import type { MetricDef } from "../../../src/engine/Recorder.ts"
import { system } from "../../../src/engine/Pipeline.ts"
import { setPath } from "../../common/paths.ts"
import { passes, votesFor } from "../../mechanisms/governance/voting.ts"
import type { GpuNetworkParams } from "../params.ts"
import type { GpuWorld } from "../world.ts"

type Support = GpuNetworkParams["governance"]["agentProposals"]["support"]

interface Proposal {
  readonly name: string
  readonly raisedAt: number
  readonly changes: Readonly<Record<string, number>>
  readonly treasuryTransfer: number
  readonly support: Support
  /** Holdings when raised (snapshot power), by slot, with the owner's join epoch to spot reused slots. */
  readonly opHoldings: Float64Array
  readonly opJoined: Float64Array
  readonly valHoldings: Float64Array
  readonly valJoined: Float64Array
  readonly float: number
  state: "open" | "passed" | "defeated" | "executed"
  closedAt: number
}

export interface GovernanceState {
  readonly proposals: Array<Proposal>
  marginStreak: number
  lastAgentProposal: number
  raised: number
  passed: number
  executed: number
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
}

export const initGovernance = (): GovernanceState => ({
  proposals: [],
  marginStreak: 0,
  lastAgentProposal: Number.NEGATIVE_INFINITY,
  raised: 0,
  passed: 0,
  executed: 0,
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
  sybilDetectedAt: Number.NaN
})

/** Whether governance is on at all: a scheduled proposal or agent proposals. */
export const governanceOn = (p: GpuNetworkParams): boolean => p.governance.proposals.length > 0 || p.governance.agentProposals.enabled

export const governanceMetrics = (p: GpuNetworkParams): ReadonlyArray<MetricDef> =>
  governanceOn(p)
    ? [
        { name: "gov.proposalsRaised", description: "Proposals raised so far." },
        { name: "gov.proposalsOpen", description: "Proposals raised and not decided yet." },
        { name: "gov.proposalsPassed", description: "Proposals passed so far." },
        { name: "gov.proposalsExecuted", description: "Proposals executed (parameters changed) so far." },
        { name: "gov.turnout", description: "Share of all voting power cast in the last vote." },
        { name: "gov.yesShare", description: "Yes / votes cast in the last vote." },
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
          : [])
      ]
    : []

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

const raise = (w: GpuWorld, name: string, changes: Readonly<Record<string, number>>, treasuryTransfer: number, support: Support) => {
  w.governance.proposals.push({ name, raisedAt: w.epoch, changes, treasuryTransfer, support, ...holdingsOf(w), state: "open", closedAt: -1 })
  w.governance.raised++
  const what = Object.entries(changes).map(([k, v]) => `${k} -> ${v}`).join(", ") || `treasury transfer ${Math.round(treasuryTransfer)}`
  w.events?.push(w.epoch, "governance", `proposal ${name} raised: ${what}`)
}

/** Tally one proposal at the close of its vote (power, turnout, support, delegation, bribes). */
const tally = (w: GpuWorld, p: GpuNetworkParams, prop: Proposal, rng: import("../../../src/engine/Rng.ts").Rng) => {
  const g = p.governance
  const live = g.power === "live"
  const d = g.delegation
  let yes = 0
  let no = 0
  let total = 0
  const bribed = g.bribery.proposal === prop.name
  let budget = bribed ? g.bribery.budgetUsd - w.governance.bribeCost : 0
  const voter = (holding: number, turnout: number, support: number) => {
    const power = votesFor(g.rule, holding)
    if (!(power > 0)) return
    total += power
    // Delegated power always votes, as the group would; the rest votes with the turnout.
    const delegated = power * d
    yes += delegated * support
    no += delegated * (1 - support)
    const own = power - delegated
    let votes = rng.next() < turnout
    let yesVote = votes && rng.next() < support
    if (!yesVote && budget > 0) {
      const bribe = own * g.bribery.usdPerVote
      if (bribe <= budget && rng.next() < g.bribery.acceptance) {
        budget -= bribe
        w.governance.bribeCost += bribe
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
    voter(live ? now : ops.alive[i] === 1 ? snap : 0, g.turnout.operators, prop.support.operators)
  }
  const vals = w.validators
  for (let i = 0; i < vals.size; i++) {
    const snap = i < prop.valHoldings.length && prop.valJoined[i] === vals.cols.joinedEpoch[i] ? prop.valHoldings[i]! : 0
    const now = vals.alive[i] === 1 ? vals.cols.stake[i]! + vals.cols.balance[i]! : 0
    voter(live ? now : vals.alive[i] === 1 ? snap : 0, g.turnout.validators, prop.support.validators)
  }
  // Sybil identities: all vote yes, each with the power of its share of the attacker's tokens.
  const sy = g.sybil
  if (sy.proposal === prop.name && w.governance.sybilTokens > 0) {
    const each = votesFor(g.rule, w.governance.sybilTokens / sy.identities)
    let counted = 0
    for (let k = 0; k < sy.identities; k++) {
      if (sy.detection > 0 && rng.next() < sy.detection) w.governance.sybilCaught++
      else counted++
    }
    if (w.governance.sybilCaught > 0 && Number.isNaN(w.governance.sybilDetectedAt)) w.governance.sybilDetectedAt = w.epoch
    total += each * sy.identities
    yes += each * counted
  }
  // The float: many small outside holders, as an aggregate.
  const float = live ? w.float : prop.float
  const floatPower = g.rule === "quadratic" ? g.floatHolders * Math.sqrt(Math.max(0, float) / g.floatHolders) : Math.max(0, float)
  total += floatPower
  const cast = floatPower * (d + (1 - d) * g.turnout.holders)
  yes += cast * prop.support.holders
  no += cast * (1 - prop.support.holders)
  const ok = passes({ yes, no, abstain: 0 }, total, { quorum: g.quorum, approval: g.approval })
  w.governance.lastTurnout = total > 0 ? (yes + no) / total : 0
  w.governance.lastYesShare = yes + no > 0 ? yes / (yes + no) : Number.NaN
  return ok
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
  prop.state = "executed"
  w.governance.executed++
  w.events?.push(w.epoch, "governance", `proposal ${prop.name} executed${transfer > 0 ? `: ${Math.round(transfer)} tokens out of the treasury` : ""}; changes apply from epoch ${w.epoch + 1}`)
}

export const governance = system<GpuWorld, GpuNetworkParams>("governance", (w, p, rng) => {
  if (!governanceOn(p) && w.governance.proposals.length === 0) return
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
  for (const prop of g.proposals) if (prop.epoch === w.epoch) raise(w, prop.name, prop.changes, prop.treasuryTransfer, prop.support)
  // Operators ask for more emission when they have been losing money for a while.
  const a = g.agentProposals
  s.marginStreak = w.marginP50 < 0 ? s.marginStreak + 1 : 0
  const open = s.proposals.some((x) => x.state === "open" && x.name.startsWith("operators-"))
  const rule = p.token.emission
  if (a.enabled && !open && s.marginStreak >= a.afterEpochs && w.epoch - s.lastAgentProposal >= a.cooldown && (rule.kind === "fixed" || rule.kind === "exponential-decay")) {
    s.lastAgentProposal = w.epoch
    raise(w, `operators-${w.epoch}`, { "token.emission.perEpoch": rule.perEpoch * (1 + a.raise) }, 0, a.support)
  }
  for (const prop of s.proposals) {
    if (prop.state === "open" && w.epoch === prop.raisedAt + g.votingDelay + g.votingPeriod - 1) {
      const ok = tally(w, p, prop, rng)
      prop.state = ok ? "passed" : "defeated"
      prop.closedAt = w.epoch
      if (ok) s.passed++
      w.events?.push(w.epoch, "governance", `proposal ${prop.name} ${ok ? "passed" : "defeated"}: ${Math.round(s.lastYesShare * 100)}% yes, turnout ${Math.round(s.lastTurnout * 100)}%`)
    }
    if (prop.state === "passed" && w.epoch >= prop.closedAt + g.timelock) execute(w, p, prop)
  }
  if (!governanceOn(p)) return
  const r = w.recorder
  r.record("gov.proposalsRaised", s.raised)
  r.record("gov.proposalsOpen", s.proposals.filter((x) => x.state === "open").length)
  r.record("gov.proposalsPassed", s.passed)
  r.record("gov.proposalsExecuted", s.executed)
  r.record("gov.turnout", s.lastTurnout)
  r.record("gov.yesShare", s.lastYesShare)
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
})
