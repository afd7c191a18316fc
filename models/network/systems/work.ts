/**
 * The work system: one round of the verification of AI work inside the network, by
 * ai-verification's own systems (drift, verify, pay, audit, metrics) on the work layer's world
 * with the network's price; then what it means for the rest of the network:
 * - served quality: the reward-weighted share of accepted work that was poisoned is the
 *   poisoned share of the work served; users find `link.foundShare` of it, which counts as
 *   failed work in their reputation (demand.kind agents, read by the users next epoch) and in
 *   the found-poison reputation the exogenous penalty reads (./penalty.ts);
 * - the market: bonds topped up after slashing are bought from `outside` (a buy the market
 *   sees next epoch).
 */
import { system } from "../../../src/kit/runtime.ts"
import { audit } from "../../ai-verification/systems/audits/audit.ts"
import { drift } from "../../ai-verification/systems/drift.ts"
import { metrics as workMetrics } from "../../ai-verification/systems/metrics.ts"
import { pay } from "../../ai-verification/systems/pay.ts"
import { verify } from "../../ai-verification/systems/verification/verify.ts"
import type { VerificationWorld } from "../../ai-verification/world.ts"
import type { NetworkParams } from "../params.ts"
import { type NetworkWorld, workParams } from "../world.ts"

const ROUND = [drift, verify, pay, audit, workMetrics]

/** Reward-weighted share of this epoch's accepted work that was poisoned (0 when nothing was accepted). */
export const poisonedShare = (vw: VerificationWorld): number => {
  const c = vw.contributors
  let poison = 0
  let all = 0
  for (let j = 0; j < c.size; j++) {
    if (vw.accepted[j] !== 1) continue
    const weight = vw.minerWeight[j]!
    all += weight
    if (c.cols.poisoned[j] === 1) poison += weight
  }
  return all > 0 ? poison / all : 0
}

export const work = system<NetworkWorld, NetworkParams>("work", (w, p) => {
  const vw = w.work
  const wp = workParams(p, w.price)
  vw.epoch = w.epoch
  vw.outside = w.outside
  for (const s of ROUND) s.run(vw, wp, w.workRng)
  // Only re-bonding takes tokens from the outside: what it took was bought on the market.
  const rebond = w.outside - vw.outside
  w.outside = vw.outside
  w.flows.boughtTokens += rebond
  const link = w.link
  link.rebondBought = rebond
  link.servedPoison = poisonedShare(vw)
  link.found = link.servedPoison * p.link.foundShare
  if (w.users !== undefined) w.users.poisonFound = link.found
  const keep = Math.pow(0.5, 1 / p.link.reputationHalfLife)
  link.reputation = keep * link.reputation + (1 - keep) * link.found
})
