/**
 * The attacker's proposal and the honest vote: the attacker proposes at `attack.proposeAt`;
 * every honest holder draws whether it votes (turnout), when (an epoch of the voting period) and
 * how (`opposition`); each votes when its time comes, through the library's tally. A whale
 * coalition votes its tokens as soon as voting opens.
 */
import { system } from "../../../src/kit/runtime.ts"
import { votingStarts } from "../../mechanisms/governance/lifecycle.ts"
import { castOwn } from "../../mechanisms/governance/tally.ts"
import { powerOf, votesFor } from "../../mechanisms/governance/voting.ts"
import type { GovernanceCaptureParams as P } from "../params.ts"
import type { GovWorld } from "../world.ts"

/** The attacker proposes; every honest holder draws whether, when and how it will vote. */
export const propose = system<GovWorld, P>("propose", (w, p, rng) => {
  if (p.attack.kind === "none" || w.epoch !== p.attack.proposeAt) return
  w.proposedAt = w.epoch
  const g = p.governance
  const h = w.holders
  for (let i = 0; i < h.size; i++) {
    if (h.alive[i] !== 1) continue
    const votes = rng.next() < p.voters.turnout
    h.cols.voteEpoch[i] = votes ? votingStarts(g, w.epoch) + rng.int(Math.max(1, g.votingPeriod)) : -1
    h.cols.support[i] = rng.next() < p.voters.opposition ? 0 : 1
  }
})

/** Honest holders vote when their time comes; the coalition votes as soon as voting opens. */
export const vote = system<GovWorld, P>("vote", (w, p) => {
  if (w.proposedAt < 0 || w.decided) return
  const g = p.governance
  const h = w.holders
  for (let i = 0; i < h.size; i++) {
    if (h.alive[i] !== 1 || h.cols.voteEpoch[i] !== w.epoch) continue
    const v = votesFor(g.rule, h.cols.balance[i]!)
    castOwn(w.ballot, v, h.cols.support[i] === 1)
    w.honestPowerCast += v
  }
  if (p.attack.kind === "coalition" && w.epoch === votingStarts(g, w.proposedAt)) {
    // Tokens held before the proposal count under snapshot and live power alike.
    castOwn(w.ballot, votesFor(g.rule, powerOf(g.power, w.attacker, w.attacker)), true)
  }
})
