/**
 * The tally of one proposal, counted with the library's tally (models/mechanisms/governance/
 * tally.ts): each operator and validator votes with its power (token-weighted
 * or quadratic, `votesFor`), live or as snapshotted; delegated power always votes, the rest with
 * its group's turnout and yes with the proposal's support. The outside holders vote as an aggregate. The
 * vote attacks enter here as voters: bribed voters (bribery), sybil identities not caught by
 * the identity check, and tokens borrowed by the flash-loan attacker (live power only).
 */
import { borrowedPower } from "../../../mechanisms/governance/flashLoan.ts"
import { castAggregate, castVoter, castYes, emptyBallot, ownPower, turnoutOf, yesShareOf } from "../../../mechanisms/governance/tally.ts"
import { askUsd, type BribeCandidate } from "../../../mechanisms/governance/bribes.ts"
import { priced } from "../../../mechanisms/governance/economicVote.ts"
import { aggregatePower, votesFor } from "../../../mechanisms/governance/voting.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import type { Draw } from "./draws.ts"
import { economicSupport } from "./economics.ts"
import { sybilIdentities } from "./power.ts"
import type { Proposal } from "./state.ts"

export interface Count {
  readonly yes: number
  readonly no: number
  readonly total: number
  /** Bribes this count pays, USD, and sybil identities it catches: booked only when the vote is decided. */
  readonly bribes: number
  readonly caught: number
  /** Share of each group's voting power that supports the proposal (its support weighted by power). */
  readonly support: { readonly operators: number; readonly validators: number; readonly holders: number }
}

/**
 * The optimizing briber's view of a count (bribery.ts): `collect` hears every voter open to a
 * bribe (`acceptance` of them, by the proposal's draws) who would not vote yes, with its asking
 * price; `offers` are the voters (key `bribeKey`) it pays, at their asking price, to vote yes.
 */
export interface BribeHook {
  readonly collect?: (c: BribeCandidate) => void
  readonly offers?: ReadonlySet<number>
}

/** A voter's key in `BribeHook.offers`. */
export const bribeKey = (stream: number, slot: number): number => stream * 4_294_967_296 + slot

/** Count the votes on one proposal (power, turnout, support, delegation, bribes, sybils, a flash loan of `borrowed` tokens). */
export const count = (w: GpuWorld, p: GpuNetworkParams, prop: Proposal, draw: Draw, borrowed: number, hook?: BribeHook): Count => {
  const g = p.governance
  const live = g.power === "live"
  const d = g.delegation
  const b = emptyBallot()
  let bribes = 0
  let caught = 0
  const bribed = g.bribery.proposal === prop.name
  let budget = bribed && g.bribery.mode === "scheduled" ? g.bribery.budgetUsd - w.governance.bribeCost : 0
  const backing = [0, 0]
  const weight = [0, 0]
  const voter = (holding: number, turnout: number, support: number, stream: number, slot: number, net: number) => {
    const power = votesFor(g.rule, holding)
    if (!(power > 0)) return
    backing[stream]! += power * support
    weight[stream]! += power
    let votes = draw(stream, slot, 0) < turnout
    let yesVote = votes && draw(stream, slot, 1) < support
    if (!yesVote && hook !== undefined && draw(stream, slot, 2) < g.bribery.acceptance) {
      // The optimizing briber: a voter open to bribes asks what the proposal costs it plus the premium.
      const own = ownPower(power, d)
      const ask = askUsd(-net, w.price, own, g.bribery.usdPerVote)
      hook.collect?.({ stream, slot, power: own, votesNo: votes, priceUsd: ask })
      if (hook.offers?.has(bribeKey(stream, slot)) === true) {
        bribes += ask
        votes = true
        yesVote = true
      }
    }
    if (!yesVote && budget > 0) {
      // The briber pays for the voter's own power (delegated power votes as the group would).
      const bribe = ownPower(power, d) * g.bribery.usdPerVote
      if (bribe <= budget && draw(stream, slot, 2) < g.bribery.acceptance) {
        budget -= bribe
        bribes += bribe
        votes = true
        yesVote = true
      }
    }
    castVoter(b, power, d, support, votes, yesVote)
  }
  // Economic voters: each one's support from the proposal's effect on its own position.
  const econ = g.voters === "economic" && priced(prop.effect) ? economicSupport(w, p, prop.effect) : undefined
  const ops = w.operators
  for (let i = 0; i < ops.size; i++) {
    const snap = i < prop.opHoldings.length && prop.opJoined[i] === ops.cols.joinedEpoch[i] ? prop.opHoldings[i]! : 0
    const now = ops.alive[i] === 1 ? ops.cols.stake[i]! + ops.cols.balance[i]! : 0
    voter(live ? now : ops.alive[i] === 1 ? snap : 0, g.turnout.operators, econ ? econ.operators[i]! : prop.support.operators, 0, i, econ ? econ.operatorsNet[i]! : 0)
  }
  const vals = w.validators
  for (let i = 0; i < vals.size; i++) {
    const snap = i < prop.valHoldings.length && prop.valJoined[i] === vals.cols.joinedEpoch[i] ? prop.valHoldings[i]! : 0
    const now = vals.alive[i] === 1 ? vals.cols.stake[i]! + vals.cols.balance[i]! : 0
    voter(live ? now : vals.alive[i] === 1 ? snap : 0, g.turnout.validators, econ ? econ.validators[i]! : prop.support.validators, 1, i, econ ? econ.validatorsNet[i]! : 0)
  }
  // Sybil identities: all vote yes, each with the power of its share of the attacker's tokens.
  const sy = g.sybil
  const n = sybilIdentities(w, g)
  if (sy.proposal === prop.name && w.governance.sybilTokens > 0 && n > 0) {
    const each = votesFor(g.rule, w.governance.sybilTokens / n)
    let counted = 0
    for (let k = 0; k < n; k++) {
      if (sy.detection > 0 && draw(2, k, 0) < sy.detection) caught++
      else counted++
    }
    castYes(b, each * n, each * counted)
  }
  // The outside holders: many small holders off the network, as an aggregate (less what is lent out this epoch).
  const lent = live ? borrowed : 0
  const outside = live ? w.outside - lent : prop.outside
  castAggregate(b, aggregatePower(g.rule, g.outsideHolders, outside), d, g.turnout.holders, econ ? econ.holders : prop.support.holders)
  // Borrowed tokens vote yes with live power; at a snapshot taken before the loan they are nothing.
  if (lent > 0) castYes(b, borrowedPower(g.rule, g.power, lent))
  const support = { operators: weight[0]! > 0 ? backing[0]! / weight[0]! : Number.NaN, validators: weight[1]! > 0 ? backing[1]! / weight[1]! : Number.NaN, holders: econ ? econ.holders : prop.support.holders }
  return { yes: b.yes, no: b.no, total: b.total, bribes, caught, support }
}

/** Book a decided vote: bribes paid, identities caught, turnout and yes share. */
export const commit = (w: GpuWorld, c: Count) => {
  const s = w.governance
  s.bribeCost += c.bribes
  s.sybilCaught += c.caught
  if (s.sybilCaught > 0 && Number.isNaN(s.sybilDetectedAt)) s.sybilDetectedAt = w.epoch
  s.lastTurnout = turnoutOf(c)
  s.lastYesShare = yesShareOf(c)
  s.lastSupport = c.support
}
