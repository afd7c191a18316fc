/**
 * Voting power: the holdings a proposal snapshots when it is raised, the outside holders' power as an
 * aggregate of many small holders, and each group's power now (for the proposal threshold, the
 * flash loan's size and conviction staking).
 */
import { aggregatePower, votesFor, type VotingRule } from "../../../mechanisms/governance/voting.ts"
import type { GpuWorld } from "../../world.ts"
import type { Gov } from "./state.ts"

/** Holdings of every live operator and validator now (by slot, with the join epoch to spot reused slots), and the outside tokens. */
export const holdingsOf = (w: GpuWorld) => {
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
  return { opHoldings, opJoined, valHoldings, valJoined, outside: w.outside }
}

/**
 * Voting power of each group now (live holdings), counted as the tally counts it: operators and
 * validators one by one, the outside holders as an aggregate, the sybil attacker's identities each with its
 * share. With rule "token-weighted" these are token counts.
 */
export const groupPowers = (w: GpuWorld, g: Gov, rule: VotingRule) => {
  let operators = 0
  const ops = w.operators
  for (let i = 0; i < ops.size; i++) if (ops.alive[i] === 1) operators += votesFor(rule, ops.cols.stake[i]! + ops.cols.balance[i]!)
  let validators = 0
  const vals = w.validators
  for (let i = 0; i < vals.size; i++) if (vals.alive[i] === 1) validators += votesFor(rule, vals.cols.stake[i]! + vals.cols.balance[i]!)
  const holders = aggregatePower(rule, g.outsideHolders, w.outside)
  const sy = g.sybil
  const n = sybilIdentities(w, g)
  const attacker = sy.proposal !== "" && w.governance.sybilTokens > 0 && n > 0 ? votesFor(rule, w.governance.sybilTokens / n) * n : 0
  return { operators, validators, holders, attacker, total: operators + validators + holders + attacker }
}

/** Identities the sybil voter runs: `identities` as scheduled, or as many as the optimizing one chose. */
export const sybilIdentities = (w: GpuWorld, g: Gov): number => (g.sybil.mode === "optimize" ? w.governance.sybilIdentities : g.sybil.identities)
