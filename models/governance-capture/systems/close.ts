/**
 * The vote closes in the first epoch after its voting period (lifecycle.ts `lastVotingEpoch`):
 * all voting power is counted (honest holders and a coalition), the ballot passes by the
 * library's rule (quorum, approval), and a passed proposal executes after the timelock.
 */
import { system } from "../../../src/kit/runtime.ts"
import { executableAt, lastVotingEpoch } from "../../mechanisms/governance/lifecycle.ts"
import { ballotPasses } from "../../mechanisms/governance/tally.ts"
import { votesFor } from "../../mechanisms/governance/voting.ts"
import type { GovernanceCaptureParams as P } from "../params.ts"
import { execute, type GovWorld, totalHonest } from "../world.ts"

export const close = system<GovWorld, P>("close", (w, p) => {
  const g = p.governance
  if (w.proposedAt < 0) return
  if (!w.decided && w.epoch === lastVotingEpoch(g, w.proposedAt) + 1) {
    w.ballot.total = totalHonest(w, p) + (p.attack.kind === "coalition" ? votesFor(g.rule, w.attacker) : 0)
    w.passed = ballotPasses(w.ballot, { quorum: g.quorum, approval: g.approval })
    w.decided = true
    if (w.passed) w.succeededAt = w.epoch
  }
  if (w.passed && w.executedAt < 0 && w.epoch === executableAt(g, w.succeededAt)) execute(w, p)
  if (w.decided && !w.passed && w.attackProfit === 0) w.attackProfit = -w.attackCost
})
