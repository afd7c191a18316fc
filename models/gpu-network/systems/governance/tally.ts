/**
 * The tally of one proposal: each operator and validator votes with its power (token-weighted
 * or quadratic, `votesFor`), live or as snapshotted; delegated power always votes, the rest with
 * its group's turnout and yes with the proposal's support. The float votes as an aggregate. The
 * vote attacks enter here as voters: bribed voters (bribery), sybil identities not caught by
 * the identity check, and tokens borrowed by the flash-loan attacker (live power only).
 */
import { votesFor } from "../../../mechanisms/governance/voting.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import type { Draw } from "./draws.ts"
import { floatPower } from "./power.ts"
import type { Proposal } from "./state.ts"

export interface Count {
  readonly yes: number
  readonly no: number
  readonly total: number
  /** Bribes this count pays, USD, and sybil identities it catches: booked only when the vote is decided. */
  readonly bribes: number
  readonly caught: number
}

/** Count the votes on one proposal (power, turnout, support, delegation, bribes, sybils, a flash loan of `borrowed` tokens). */
export const count = (w: GpuWorld, p: GpuNetworkParams, prop: Proposal, draw: Draw, borrowed: number): Count => {
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
export const commit = (w: GpuWorld, c: Count) => {
  const s = w.governance
  s.bribeCost += c.bribes
  s.sybilCaught += c.caught
  if (s.sybilCaught > 0 && Number.isNaN(s.sybilDetectedAt)) s.sybilDetectedAt = w.epoch
  s.lastTurnout = c.total > 0 ? (c.yes + c.no) / c.total : 0
  s.lastYesShare = c.yes + c.no > 0 ? c.yes / (c.yes + c.no) : Number.NaN
}
